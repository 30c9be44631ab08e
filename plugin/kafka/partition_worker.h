// PartitionWorker: one worker thread of the service. It owns the engines of the input
// partitions routed to it (one engine per partition: window state belongs to the partition
// that fed it) and a decoder per input topic, and turns each record into detections or a
// dead letter, produced with tickets that tell the partition's progress when they are safe.
// Every so often, and on revoke, it checkpoints a partition: its window state goes to the
// state topic and the offset it stands for becomes committable.
//
// Items reach it through one queue, in order: assignments, records, revocations and rule
// reloads, so that a reload or a revoke takes effect exactly between two records.
//
// Thread-safety: the Push methods and the getters may be called from any thread; the rest
// runs on the worker's own thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "codec/decoder.h"
#include "core/clock.h"
#include "core/countdown.h"
#include "engine/compiled_rules.h"
#include "engine/detection_sink.h"
#include "engine/engine.h"
#include "kafka/output_producer.h"
#include "kafka/partition_state.h"
#include "kafka/service_metrics.h"
#include "kafka/service_options.h"

struct rd_kafka_message_s;

namespace leakhound {

class PartitionWorker {
 public:
  // What all workers share; owned by the service, which outlives them.
  struct Context {
    const ServiceOptions& options;
    OutputProducer& producer;
    ServiceMetrics& metrics;
    const Clock& clock;
    const std::atomic<bool>& cancel;  // stop waiting on a full producer queue
    uint64_t instance;                // this process's snapshot id nonce
  };

  PartitionWorker(size_t index, Context context, std::shared_ptr<const CompiledRules> rules);
  ~PartitionWorker();
  PartitionWorker(const PartitionWorker&) = delete;
  PartitionWorker& operator=(const PartitionWorker&) = delete;

  // Builds the decoders and starts the thread.
  Status Start();
  // Works through what is queued, then ends the thread.
  void Stop();

  // A run of the partition's records, in offset order; they are owned by the worker from
  // here on. Returns the records now queued.
  size_t PushRecords(const std::shared_ptr<PartitionState>& partition,
                     std::span<rd_kafka_message_s* const> records);
  // The partition starts with `snapshot` (ignored when empty) as its window state.
  void PushAssign(std::shared_ptr<PartitionState> partition, std::string snapshot);
  // The worker checkpoints the partition if it processed anything since the last
  // checkpoint (unless `checkpoint` is false: the state is being thrown away), drops its
  // engine and counts `done` down.
  void PushRevoke(std::shared_ptr<PartitionState> partition, std::shared_ptr<Countdown> done,
                  bool checkpoint = true);

  // A point where the producer's transaction can be committed: the worker checkpoints
  // every partition it holds, counts `reached` down and waits for `release` before it
  // processes anything else (exactly-once, Service::CommitTransaction).
  struct Barrier {
    explicit Barrier(size_t workers) : reached(workers) {}
    Countdown reached;
    std::shared_future<void> release;
  };
  void PushBarrier(std::shared_ptr<Barrier> barrier);
  void PushRules(std::shared_ptr<const CompiledRules> rules);

  size_t queued() const;
  size_t state_groups() const { return state_groups_.load(); }
  size_t state_entries() const { return state_entries_.load(); }

 private:
  struct Item {
    enum class Kind { kRecord, kAssign, kRevoke, kRules, kBarrier };
    Kind kind = Kind::kRecord;
    std::shared_ptr<PartitionState> partition;
    rd_kafka_message_s* record = nullptr;
    std::string snapshot;
    std::shared_ptr<Countdown> done;
    std::shared_ptr<const CompiledRules> rules;
    std::shared_ptr<Barrier> barrier;
    bool checkpoint = true;  // kRevoke
  };
  // An assigned partition as the worker holds it.
  struct Assigned {
    std::shared_ptr<PartitionState> state;
    std::unique_ptr<Engine> engine;
    int64_t next_offset = -1;  // one past the last record processed
    bool dirty = false;        // processed records since the last checkpoint
    std::chrono::steady_clock::time_point last_checkpoint;
  };
  // Queues `item`; returns the queue's length after it.
  size_t Push(Item item);
  void Loop();
  void Handle(Item& item);
  void Assign(Item& item);
  void ProcessRecord(Item& item);
  void DeadLetter(Assigned& assigned, const rd_kafka_message_s& record, const DecodeResult& result,
                  int& outputs);
  void Checkpoint(Assigned& assigned);
  void CheckpointDue();
  void PublishGauges();
  Assigned& Find(const std::shared_ptr<PartitionState>& partition);
  // Tells the partition's progress about the records finished since the last call.
  void ReportFinished();

  const size_t index_;
  Context context_;
  std::shared_ptr<const CompiledRules> rules_;
  std::vector<std::unique_ptr<Decoder>> decoders_;  // by input
  std::map<const PartitionState*, Assigned> assigned_;
  CollectingSink collector_;  // the detections of the record being processed
  // Records finished and not yet reported to their partition's progress: a run of one
  // partition, reported with one lock when the partition changes or the batch ends.
  PartitionState* finished_partition_ = nullptr;
  std::vector<PartitionProgress::Finished> finished_;
  Assigned* last_assigned_ = nullptr;  // Find()'s last answer; reset when assigned_ changes
  // Records and bytes read per topic in the current batch, added to the metrics once a
  // batch rather than once a record (the metrics lock is shared by every worker).
  std::map<std::string, std::pair<uint64_t, uint64_t>, std::less<>> batch_records_;
  DetectionEncoder output_encoder_;  // options.output_format
  std::string buffer_;               // encoded detection, snapshot

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Item> queue_;
  bool stopping_ = false;
  std::thread thread_;
  std::atomic<size_t> state_groups_{0};
  std::chrono::steady_clock::time_point last_gauges_;  // PublishGauges' last walk
  std::atomic<size_t> state_entries_{0};
};

}  // namespace leakhound
