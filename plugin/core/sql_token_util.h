// Small predicates over SQL tokens shared by the analyzer's passes. Internal to core/.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#include "core/sql_lexer.h"

namespace leakhound::sql_internal {

// Copies `size` bytes. Tokens are short: overlapping fixed-size moves inline, where a call
// to memcpy cost more than the copy (measured in the analyzer's first pass).
inline void CopyToken(char* dst, const char* src, size_t size) {
  if (size >= 16) {
    std::memcpy(dst, src, size);
  } else if (size >= 8) {
    std::memcpy(dst, src, 8);
    std::memcpy(dst + size - 8, src + size - 8, 8);
  } else if (size >= 4) {
    std::memcpy(dst, src, 4);
    std::memcpy(dst + size - 4, src + size - 4, 4);
  } else {
    for (size_t i = 0; i < size; ++i) dst[i] = src[i];
  }
}

// Nesting deeper than this is not tracked (the analysis goes on, flat).
inline constexpr size_t kMaxDepth = 256;

// Single-byte punctuation; compared as a byte, not a string, on the hot path.
inline bool IsPunct(const SqlToken& token, char c) {
  return token.kind == SqlTokenKind::kPunctuation && token.text.size() == 1 && token.text[0] == c;
}

inline bool IsCast(const SqlToken& token) {
  return token.kind == SqlTokenKind::kPunctuation && token.text.size() == 2 &&
         token.text[0] == ':' && token.text[1] == ':';
}

inline bool IsLiteral(SqlTokenKind kind) {
  return kind == SqlTokenKind::kString || kind == SqlTokenKind::kNumber ||
         kind == SqlTokenKind::kParameter;
}

inline bool IsComparison(const SqlToken& token) {
  if (token.kind != SqlTokenKind::kPunctuation) return false;
  const std::string_view t = token.text;
  const char c = t[0];
  if (t.size() == 1) return c == '=' || c == '<' || c == '>';
  return t.size() == 2 && (t == "<>" || t == "!=" || t == "<=" || t == ">=");
}

inline bool IsSimpleIdentifier(std::string_view text) {
  if (text.empty() || !IsSqlWordStart(static_cast<unsigned char>(text[0]))) return false;
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return IsSqlWordPart(static_cast<unsigned char>(c)); });
}

// The identifier inside quotes, or empty when the quotes are not closed.
inline std::string_view QuotedInner(std::string_view quoted) {
  if (quoted.size() < 2) return {};
  const char open = quoted.front();
  const char close = open == '[' ? ']' : open;
  if (quoted.back() != close) return {};
  return quoted.substr(1, quoted.size() - 2);
}

inline std::optional<int64_t> ParseInteger(const SqlToken& token) {
  if (token.kind != SqlTokenKind::kNumber || token.text.size() > 18) return std::nullopt;
  int64_t value = 0;
  for (char c : token.text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace leakhound::sql_internal
