// Where a record came from: a file and line, or a Kafka topic, partition and offset.
// Detections carry one per contributing record so that an analyst can pull the originals.
//
// Thread-safety: values; SourceRef's origin is a view owned by the reader.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace leakhound {

struct SourceRef {
  std::string_view origin;  // file path ("-" for stdin) or topic name; owned by the reader
  int32_t partition = -1;   // -1 for files
  int64_t offset = 0;       // 1-based line number for files, Kafka offset for topics
  uint32_t index = 0;       // position of the event in a record that holds several
};

// The owning form, for detections and window state that outlive the record.
struct StoredSourceRef {
  std::string origin;
  int32_t partition = -1;
  int64_t offset = 0;
  uint32_t index = 0;

  friend bool operator==(const StoredSourceRef&, const StoredSourceRef&) = default;
};

inline StoredSourceRef Store(const SourceRef& ref) {
  return {std::string(ref.origin), ref.partition, ref.offset, ref.index};
}

}  // namespace leakhound
