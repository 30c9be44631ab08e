// ASCII case folding and comparison. SQL keywords, identifiers and the names in lists are
// compared without regard to ASCII case; bytes >= 0x80 are compared as they are.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <cstring>
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

// Eight bytes at once with every byte in 'A'..'Z' lowered (SWAR: each 7-bit byte plus the
// offsets stays below 0x100, so no carry crosses into the next byte).
constexpr uint64_t AsciiToLower8(uint64_t chunk) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  const uint64_t low7 = chunk & ~kHigh;
  const uint64_t at_least_a = low7 + kOnes * (0x80 - 'A');
  const uint64_t above_z = low7 + kOnes * (0x80 - 'Z' - 1);
  const uint64_t upper = at_least_a & ~above_z & ~chunk & kHigh;
  return chunk | (upper >> 2);
}

// Up to eight bytes of `p` as the low bytes of a word, the rest zero.
inline uint64_t LoadPartialWord(const char* p, size_t size) {
  uint64_t word = 0;
  if (size >= 8) {
    std::memcpy(&word, p, 8);
    return word;
  }
  for (size_t i = 0; i < size; ++i) {
    word |= static_cast<uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  }
  return word;
}

inline bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); i += 8) {
    const size_t size = a.size() - i < 8 ? a.size() - i : 8;
    if (AsciiToLower8(LoadPartialWord(a.data() + i, size)) !=
        AsciiToLower8(LoadPartialWord(b.data() + i, size))) {
      return false;
    }
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
