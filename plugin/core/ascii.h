// ASCII case folding and comparison. SQL keywords, identifiers and the names in lists are
// compared without regard to ASCII case; bytes >= 0x80 are compared as they are.
//
// Thread-safety: pure functions.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace leakhound {

constexpr char AsciiToLower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

inline std::string AsciiLowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = AsciiToLower(c);
  return out;
}

inline void AppendAsciiLowercase(std::string_view text, std::string& out) {
  const size_t start = out.size();
  out.append(text);
  for (size_t i = start; i < out.size(); ++i) out[i] = AsciiToLower(out[i]);
}

inline bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiToLower(a[i]) != AsciiToLower(b[i])) return false;
  }
  return true;
}

inline bool HasAsciiUpper(std::string_view text) {
  for (char c : text) {
    if (c >= 'A' && c <= 'Z') return true;
  }
  return false;
}

// Transparent hashing so that maps keyed by std::string are searched with string_views.
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

inline std::string_view TrimAsciiWhitespace(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace leakhound
