// Plain reads and writes of whole topics, for `leakhound demo` and the integration tests:
// produce records and wait for them, read a topic from its start to its end, and look up a
// group's committed offsets and a topic's end offsets. Real librdkafka clients talking the
// Kafka protocol, like kcat would.
//
// Thread-safety: each call makes and destroys its own client.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "kafka/kafka_properties.h"

namespace leakhound {

struct TopicRecord {
  int32_t partition = -1;
  int64_t offset = -1;
  int64_t timestamp_ms = -1;  // the record's timestamp (CreateTime: when it was produced)
  std::string key;
  std::string value;
  std::vector<std::pair<std::string, std::string>> headers;

  // The value of header `name`, or empty.
  std::string Header(std::string_view name) const;
};

// Produces every (key, value) to `topic` (partitioned by key) and waits until all are
// acknowledged.
Status ProduceRecords(const KafkaProperties& properties, const std::string& topic,
                      const std::vector<std::pair<std::string, std::string>>& records,
                      std::chrono::milliseconds timeout);

// Every record of every partition of `topic`, from the earliest offset to the end as it is
// when the read starts, ordered by partition and offset.
Result<std::vector<TopicRecord>> ReadTopic(const KafkaProperties& properties,
                                           const std::string& topic,
                                           std::chrono::milliseconds timeout);

// Partition -> the offset after its last record.
Result<std::map<int32_t, int64_t>> EndOffsets(const KafkaProperties& properties,
                                              const std::string& topic,
                                              std::chrono::milliseconds timeout);

// Partition -> the offset `group` committed (absent when it committed none) and its metadata.
Result<std::map<int32_t, std::pair<int64_t, std::string>>> CommittedOffsets(
    const KafkaProperties& properties, const std::string& group, const std::string& topic,
    std::chrono::milliseconds timeout);

}  // namespace leakhound
