// Reading members of simdjson DOM objects the way audit logs write them: a value that is
// a string in one source and a number in another, a member several levels down. Shared by
// the decoders of sources with a schema of their own (AWS DAS, MySQL, MongoDB).
//
// Only for .cc files of codec/ (it includes simdjson.h).
//
// Thread-safety: pure functions; the NumberTexts is the caller's.
#pragma once

#include <simdjson.h>

#include <charconv>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

namespace leakhound::json_members {

namespace dom = simdjson::dom;

// The member at `path` ("a/b/c", one key per level), or nullopt.
inline std::optional<dom::element> At(dom::element element, std::string_view path) {
  while (!path.empty()) {
    const size_t slash = path.find('/');
    const std::string_view key = path.substr(0, slash);
    dom::object object;
    if (element.get_object().get(object) != simdjson::SUCCESS) return std::nullopt;
    if (object[key].get(element) != simdjson::SUCCESS) return std::nullopt;
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
  }
  return element;
}

// The texts of numbers read as strings from one record, each in a string of its own that
// stays where it is until Clear(): an event's views into them stay valid however many
// members of the record are numbers (one shared buffer let a later number overwrite an
// earlier one's text; the aws_das_decoder fuzzer found that as a use after free).
class NumberTexts {
 public:
  std::string_view Keep(int64_t number) {
    if (used_ == texts_.size()) texts_.emplace_back();  // a deque: the others do not move
    std::string& text = texts_[used_++];
    text = std::to_string(number);
    return text;
  }
  // At the start of each record: the texts of the previous one are no longer viewed.
  void Clear() { used_ = 0; }

 private:
  std::deque<std::string> texts_;
  size_t used_ = 0;
};

// A string member, or a number one as its text (kept in `numbers`); empty when absent or
// another type.
inline std::string_view Text(dom::element element, std::string_view path, NumberTexts& numbers) {
  const std::optional<dom::element> value = At(element, path);
  if (!value) return {};
  std::string_view text;
  if (value->get_string().get(text) == simdjson::SUCCESS) return text;
  int64_t number = 0;
  if (value->get_int64().get(number) == simdjson::SUCCESS) return numbers.Keep(number);
  return {};
}

// An integer member, given as a number, a numeric string or {"$numberLong": "12"}.
inline std::optional<int64_t> Integer(dom::element element, std::string_view path) {
  std::optional<dom::element> value = At(element, path);
  if (!value) return std::nullopt;
  if (std::optional<dom::element> wrapped = At(*value, "$numberLong")) value = wrapped;
  if (std::optional<dom::element> wrapped = At(*value, "$numberInt")) value = wrapped;
  int64_t number = 0;
  if (value->get_int64().get(number) == simdjson::SUCCESS) return number;
  double real = 0;
  if (value->get_double().get(real) == simdjson::SUCCESS) {
    // 2^63 and beyond (and NaN) have no int64 value.
    if (!(real > -9.2e18 && real < 9.2e18)) return std::nullopt;
    return static_cast<int64_t>(real);
  }
  std::string_view text;
  if (value->get_string().get(text) == simdjson::SUCCESS && !text.empty()) {
    int64_t parsed = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), parsed);
    if (error == std::errc() && end == text.data() + text.size()) return parsed;
  }
  return std::nullopt;
}

inline std::optional<double> Number(dom::element element, std::string_view path) {
  const std::optional<dom::element> value = At(element, path);
  if (!value) return std::nullopt;
  double number = 0;
  if (value->get_double().get(number) == simdjson::SUCCESS) return number;
  return std::nullopt;
}

}  // namespace leakhound::json_members
