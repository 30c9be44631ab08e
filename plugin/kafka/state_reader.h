// StateReader: reads a window-state snapshot back from the state topic, part by part from
// where its commit metadata says it starts, and checks it whole (parts, size, checksum)
// before the engine sees it.
//
// Thread-safety: one caller at a time (the consumer thread, on assignment).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "core/result.h"
#include "kafka/kafka_properties.h"
#include "kafka/snapshot_ref.h"

struct rd_kafka_s;

namespace leakhound {

class StateReader {
 public:
  ~StateReader();
  StateReader(const StateReader&) = delete;
  StateReader& operator=(const StateReader&) = delete;

  static Result<std::unique_ptr<StateReader>> Create(const KafkaProperties& properties);

  // The snapshot `ref` names in `topic`, joined and verified.
  Result<std::string> Read(const std::string& topic, const SnapshotRef& ref,
                           std::chrono::milliseconds timeout);

 private:
  StateReader() = default;
  rd_kafka_s* consumer_ = nullptr;
};

}  // namespace leakhound
