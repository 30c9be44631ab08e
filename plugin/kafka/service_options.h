// ServiceOptions: what `leakhound run` needs to know, as the config loader (cli/) builds it
// from leakhound.yaml and the environment. Plain values; see schemas/config.schema.json for
// what each one means to an operator.
//
// Thread-safety: a value.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "codec/detection_format.h"
#include "codec/field_map.h"
#include "engine/engine.h"
#include "kafka/kafka_properties.h"

struct rd_kafka_conf_s;

namespace leakhound {

enum class DeliveryMode { kAtLeastOnce, kExactlyOnce };
enum class StartFrom { kEarliest, kLatest };

struct InputTopic {
  std::string topic;
  FieldMap fields = FieldMap::Native();
  std::string profile;  // the decoder profile it came from, for messages ("native" if none)
};

struct ServiceOptions {
  KafkaProperties kafka;     // common to every client: bootstrap, security
  KafkaProperties consumer;  // the input consumer's own (session.timeout.ms, fetch.*)
  KafkaProperties producer;  // the output producer's own (linger.ms, compression.type)
  std::string group_id = "leakhound";
  std::vector<InputTopic> inputs;
  std::string output_topic = "leakhound.detections";
  // How detections are written on output_topic (codec/detection_format.h).
  DetectionFormat output_format = DetectionFormat::kNative;
  EncoderOptions output_encoder;
  std::string dead_letter_topic = "leakhound.dead-letter";
  std::string state_topic = "leakhound.state";
  size_t workers = 0;  // 0: one per core
  DeliveryMode delivery = DeliveryMode::kAtLeastOnce;
  std::string transactional_id;  // exactly-once; default leakhound-<group>-<host>
  std::chrono::milliseconds commit_interval{1000};
  StartFrom start_from = StartFrom::kEarliest;  // for partitions the group never committed
  size_t max_record_bytes = 1 << 20;
  size_t max_dead_letter_bytes = 1 << 20;  // a longer record is dead-lettered truncated
  // Per worker, before its partitions are paused. Pausing makes librdkafka drop what it
  // has fetched for the partition and fetch it again on resume, so a bound below one fetch
  // round (1 MiB a partition, thousands of records) pauses all the time: 10,000 cost the
  // service bench half its throughput. 100,000 records of 300 bytes are 30 MB a worker.
  size_t max_queued_records = 100000;
  std::chrono::milliseconds shutdown_timeout{30000};
  std::chrono::milliseconds broker_timeout{10000};  // committed offsets, watermarks, state reads
  size_t snapshot_part_bytes = 512 * 1024;
  EngineOptions engine;
  // For tests and embedders: called with the producer's configuration just before the
  // producer is made (to add librdkafka interceptors that watch its requests, say).
  std::function<void(rd_kafka_conf_s*)> producer_conf_hook;
};

}  // namespace leakhound
