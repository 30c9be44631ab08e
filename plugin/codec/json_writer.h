// JsonWriter: appends compact JSON to a string, with RFC 8259 escaping. Invalid UTF-8 in
// strings is replaced with U+FFFD so that every document written is valid JSON whatever
// bytes the logs held.
//
// Thread-safety: one writer per thread; it appends to a caller-owned string.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace leakhound {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Uint(uint64_t value);
  JsonWriter& Double(double value);  // integral values print without a fraction
  JsonWriter& Bool(bool value);
  JsonWriter& Null();

  // Key(key).String(value), etc.
  JsonWriter& Field(std::string_view key, std::string_view value) { return Key(key).String(value); }
  JsonWriter& Field(std::string_view key, const char* value) { return Key(key).String(value); }
  JsonWriter& Field(std::string_view key, int64_t value) { return Key(key).Int(value); }
  JsonWriter& Field(std::string_view key, int value) { return Key(key).Int(value); }
  JsonWriter& Field(std::string_view key, uint64_t value) { return Key(key).Uint(value); }
  JsonWriter& Field(std::string_view key, double value) { return Key(key).Double(value); }
  JsonWriter& Field(std::string_view key, bool value) { return Key(key).Bool(value); }
  JsonWriter& StringArray(std::string_view key, const std::vector<std::string>& values);

 private:
  void BeforeValue();

  std::string& out_;
  std::vector<bool> first_in_scope_;  // one entry per open object/array
  bool after_key_ = false;
};

// Appends `value` as a quoted, escaped JSON string.
void AppendJsonString(std::string_view value, std::string& out);

}  // namespace leakhound
