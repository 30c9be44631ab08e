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

// Up to eight bytes of `p` as the low bytes of a word, the rest zero. Overlapping fixed-size
// loads, no loop: this runs for every list lookup.
inline uint64_t LoadPartialWord(const char* p, size_t size) {
  uint64_t word = 0;
  if (size >= 8) {
    std::memcpy(&word, p, 8);
  } else if (size >= 4) {
    uint32_t low = 0, high = 0;
    std::memcpy(&low, p, 4);
    std::memcpy(&high, p + size - 4, 4);  // overlaps `low` by 8 - size bytes, which agree
    word = low | (static_cast<uint64_t>(high) << (8 * (size - 4)));
  } else if (size > 0) {
    const auto byte = [&](size_t i) {
      return static_cast<uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
    };
    word = byte(0) | byte(size / 2) | byte(size - 1);  // every byte, for sizes 1 to 3
  }
  return word;
}

// The last `size` (1 to 7) bytes of the `total` bytes at `p`, as LoadPartialWord would give
// them. REQUIRES: total >= 8, so that one 8-byte load ending at the end stays inside.
inline uint64_t LoadTailWord(const char* p, size_t total, size_t size) {
  uint64_t word = 0;
  std::memcpy(&word, p + total - 8, 8);
  return word >> (8 * (8 - size));
}

inline bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  const size_t size = a.size();
  if (size < 8) {
    return AsciiToLower8(LoadPartialWord(a.data(), size)) ==
           AsciiToLower8(LoadPartialWord(b.data(), size));
  }
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    if (AsciiToLower8(LoadPartialWord(a.data() + i, 8)) !=
        AsciiToLower8(LoadPartialWord(b.data() + i, 8))) {
      return false;
    }
  }
  if (i == size) return true;
  return AsciiToLower8(LoadTailWord(a.data(), size, size - i)) ==
         AsciiToLower8(LoadTailWord(b.data(), size, size - i));
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
