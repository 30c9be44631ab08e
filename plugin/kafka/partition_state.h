// PartitionState: one assigned input partition as the consumer thread, its worker and the
// producer's delivery reports share it: where it goes, how far it may be committed
// (PartitionProgress), and whether it is paused for backpressure.
//
// Thread-safety: the identity fields are immutable; `progress` locks itself; the atomics
// are what cross threads; the commit bookkeeping belongs to the consumer thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

#include "kafka/partition_progress.h"

namespace leakhound {

struct PartitionState {
  PartitionState(std::string topic_in, int32_t partition_in, size_t input_in, size_t worker_in,
                 std::string snapshot_key_in)
      : topic(std::move(topic_in)),
        partition(partition_in),
        input(input_in),
        worker(worker_in),
        snapshot_key(std::move(snapshot_key_in)) {}

  const std::string topic;
  const int32_t partition;
  const size_t input;              // index into ServiceOptions::inputs: which decoder reads it
  const size_t worker;             // the worker thread that owns its engine
  const std::string snapshot_key;  // key of its state snapshot parts: group/topic/partition

  PartitionProgress progress;
  std::atomic<size_t> queued{0};  // records waiting in its worker's queue
  // Set when the partition's state is thrown away (an aborted transaction rewinds to the
  // committed offsets): its worker drops the records still queued for it.
  std::atomic<bool> discarded{false};

  // Consumer thread only.
  bool paused = false;
  std::optional<PartitionProgress::Commit> last_taken;  // the newest commit point taken
  std::optional<int64_t> confirmed;                     // the last offset the broker confirmed
};

}  // namespace leakhound
