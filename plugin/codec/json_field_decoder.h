// JsonFieldDecoder: the generic decoder: any JSON record (or a JSON array of records)
// whose fields a FieldMap locates. One pass of simdjson On-Demand over the record: the
// pointers are compiled into a trie of keys, and only the fields on it are parsed; the rest
// are skipped without being materialised.
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
