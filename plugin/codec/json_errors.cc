#include "codec/json_errors.h"

#include <simdjson.h>

#include "core/ascii.h"

namespace leakhound {
namespace {

// Where the record's brackets and strings stand, read without parsing: the offset after
// the bracket that closes its first value (npos if none does), and whether it ends inside a
// string, object or array. simdjson reports content after the value and a record cut short
// alike (INCOMPLETE_ARRAY_OR_OBJECT, or TAPE_ERROR from the DOM parser): this tells which.
struct Brackets {
  size_t first_value_end = std::string_view::npos;
  bool ends_inside = false;
};

Brackets ScanBrackets(std::string_view record) {
  Brackets brackets;
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < record.size(); ++i) {
    const char c = record[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && --depth <= 0 &&
               brackets.first_value_end == std::string_view::npos) {
      brackets.first_value_end = i + 1;
    }
  }
  brackets.ends_inside = in_string || depth > 0;
  return brackets;
}

bool ContentAfterFirstValue(std::string_view record) {
  const size_t end = ScanBrackets(record).first_value_end;
  return end != std::string_view::npos && !TrimAsciiWhitespace(record.substr(end)).empty();
}

}  // namespace

DecodeFailure FromSimdjson(int code, std::string_view record) {
  const auto error = static_cast<simdjson::error_code>(code);
  switch (error) {
    case simdjson::UTF8_ERROR:
      return {RejectReason::kInvalidUtf8, "the record is not valid UTF-8"};
    case simdjson::UNCLOSED_STRING:
      return {RejectReason::kTruncated, "a string is not closed: the record ends early"};
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT: {
      if (ContentAfterFirstValue(record)) {
        return {RejectReason::kNotJson, "content after the JSON value"};
      }
      const std::string_view trimmed = TrimAsciiWhitespace(record);
      if (!trimmed.empty() && (trimmed.back() == '}' || trimmed.back() == ']')) {
        return {RejectReason::kNotJson, "unbalanced braces or content after the JSON value"};
      }
      return {RejectReason::kTruncated, "the JSON object or array ends early"};
    }
    case simdjson::TAPE_ERROR:  // the DOM parser's word for a record cut short, among others
      if (ScanBrackets(record).ends_inside) {
        return {RejectReason::kTruncated, "the JSON object or array ends early"};
      }
      return {RejectReason::kNotJson, simdjson::error_message(error)};
    case simdjson::DEPTH_ERROR:
      return {RejectReason::kNotJson, "nested too deeply"};
    default:
      return {RejectReason::kNotJson, simdjson::error_message(error)};
  }
}

}  // namespace leakhound
