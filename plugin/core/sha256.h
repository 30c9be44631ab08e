// SHA-256 (FIPS 180-4) and HMAC-SHA-256 (RFC 2104), std-only, for deterministic detection
// ids and, later, keyed tokens of chosen values.
//
// Thread-safety: a Sha256 object is used by one thread at a time; the free functions are pure.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace leakhound {

class Sha256 {
 public:
  using Digest = std::array<uint8_t, 32>;

  Sha256();
  void Update(std::string_view data);
  // Ends the computation; the object must not be updated afterwards.
  Digest Finish();

 private:
  void Compress(const uint8_t* block);

  std::array<uint32_t, 8> state_;
  std::array<uint8_t, 64> buffer_{};
  size_t buffered_ = 0;
  uint64_t total_bytes_ = 0;
};

Sha256::Digest Sha256Of(std::string_view data);
Sha256::Digest HmacSha256(std::string_view key, std::string_view message);

// Lowercase hex of the first `bytes` bytes of a digest.
std::string ToHex(const Sha256::Digest& digest, size_t bytes = 32);

}  // namespace leakhound
