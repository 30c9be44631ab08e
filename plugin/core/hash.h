// Fast non-cryptographic hashing (FNV-1a, 64 bits) for fingerprints and distinct counts.
// Not for anything an adversary could exploit to collide on purpose beyond a miscount;
// detection ids use SHA-256 (core/sha256.h).
#pragma once

#include <cstdint>
#include <string_view>

namespace leakhound {

constexpr uint64_t Fnv1a64(std::string_view text) {
  uint64_t hash = 14695981039346656037ull;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  return hash;
}

}  // namespace leakhound
