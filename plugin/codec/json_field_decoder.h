// JsonFieldDecoder: the generic decoder: any JSON record (or a JSON array of records)
// whose fields a FieldMap locates. The pointers are compiled into a trie of keys
// (FieldTrie), and one walk over the record parses only the fields on it. A plain object
// record is walked by FlatJsonWalker; anything it declines (arrays of records, escaped
// keys, every malformed record) by simdjson On-Demand, which also words every rejection.
//
// Thread-safety: one decoder per thread (it owns a simdjson parser).
#pragma once

#include <memory>

#include "codec/decoder.h"
#include "codec/field_map.h"
#include "core/result.h"

namespace leakhound {

class JsonFieldDecoder final : public Decoder {
 public:
  struct Options {
    size_t max_record_bytes = 1 << 20;
    // Read plain object records with FlatJsonWalker first, simdjson On-Demand only for the
    // rest. Off only to compare the two (tests, the json_decoder fuzzer).
    bool fast_path = true;
  };

  // Fails if a pointer is malformed or one pointer is a prefix of another.
  static Result<std::unique_ptr<JsonFieldDecoder>> Create(const FieldMap& map, Options options);
  static Result<std::unique_ptr<JsonFieldDecoder>> Create(const FieldMap& map) {
    return Create(map, Options{});
  }
  ~JsonFieldDecoder() override;

  DecodeResult Decode(RecordView record, const SourceRef& source,
                      const EventCallback& on_event) override;

 private:
  struct Impl;
  explicit JsonFieldDecoder(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace leakhound
