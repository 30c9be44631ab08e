// ByteWriter and ByteReader: a small binary encoding (fixed-width little-endian integers,
// doubles, length-prefixed strings) for the engine's state snapshots, which the service
// keeps in a Kafka topic between runs.
//
// A snapshot read back is untrusted input (another version wrote it, a disk flipped a bit,
// someone produced to the topic): every read is bounds-checked, a failed read makes every
// later one fail too, and lengths are checked against what is left before anything is
// allocated, so a bad snapshot is refused, never a crash.
//
// Thread-safety: values; one writer or reader per thread.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

namespace leakhound {

// Snapshots are written and read as the host lays numbers out; a snapshot moves between
// hosts of one architecture (a consumer group), and a foreign one fails its checks.
static_assert(std::endian::native == std::endian::little, "snapshots assume little-endian");

class ByteWriter {
 public:
  explicit ByteWriter(std::string& out) : out_(out) {}

  template <typename T>
  void Put(T value) {
    static_assert(std::is_arithmetic_v<T>, "integers and doubles only");
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    out_.append(bytes, sizeof(T));
  }
  void PutString(std::string_view text) {
    Put<uint32_t>(static_cast<uint32_t>(text.size()));
    out_.append(text);
  }

 private:
  std::string& out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}

  template <typename T>
  bool Get(T& value) {
    static_assert(std::is_arithmetic_v<T>, "integers and doubles only");
    if (!ok_ || in_.size() < sizeof(T)) return ok_ = false;
    std::memcpy(&value, in_.data(), sizeof(T));
    in_.remove_prefix(sizeof(T));
    return true;
  }
  bool GetString(std::string& text) {
    uint32_t size = 0;
    if (!Get(size) || in_.size() < size) return ok_ = false;
    text.assign(in_.data(), size);
    in_.remove_prefix(size);
    return true;
  }
  // A count of items of at least `min_item_bytes` each: refused when the bytes left could
  // not hold that many, so a corrupt count never drives a huge allocation.
  bool GetCount(uint32_t& count, size_t min_item_bytes) {
    if (!Get(count)) return false;
    if (min_item_bytes > 0 && count > in_.size() / min_item_bytes) return ok_ = false;
    return true;
  }

  bool ok() const { return ok_; }
  bool at_end() const { return in_.empty(); }

 private:
  std::string_view in_;
  bool ok_ = true;
};

}  // namespace leakhound
