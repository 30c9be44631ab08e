#include "kafka/partition_worker.h"

#include <librdkafka/rdkafka.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "codec/make_decoder.h"
#include "core/hash.h"
#include "kafka/snapshot_ref.h"

namespace leakhound {
namespace {

constexpr size_t kBatch = 256;

// A detection or dead letter of one input record: its delivery lets the record's offset go.
class OutputTicket final : public DeliveryTicket {
 public:
  OutputTicket(std::shared_ptr<PartitionState> partition, int64_t offset)
      : partition_(std::move(partition)), offset_(offset) {}
  void Delivered(int32_t, int64_t) override { partition_->progress.Delivered(offset_); }

 private:
  std::shared_ptr<PartitionState> partition_;
  int64_t offset_;
};

// One part of a state snapshot. The first part's delivery says where the snapshot starts,
// which completes the checkpoint's commit metadata.
class SnapshotPartTicket final : public DeliveryTicket {
 public:
  SnapshotPartTicket(std::shared_ptr<PartitionState> partition, uint64_t checkpoint, uint32_t part,
                     SnapshotRef ref)
      : partition_(std::move(partition)),
        checkpoint_(checkpoint),
        part_(part),
        ref_(std::move(ref)) {}
  void Delivered(int32_t partition, int64_t offset) override {
    if (part_ != 0) {
      partition_->progress.CheckpointStored(checkpoint_);
      return;
    }
    ref_.partition = partition;
    ref_.first_offset = offset;
    partition_->progress.CheckpointStored(checkpoint_, FormatCommitMetadata(ref_));
  }

 private:
  std::shared_ptr<PartitionState> partition_;
  uint64_t checkpoint_;
  uint32_t part_;
  SnapshotRef ref_;
};

std::string_view Payload(const rd_kafka_message_t& record) {
  return {static_cast<const char*>(record.payload), record.len};
}

std::string_view Key(const rd_kafka_message_t& record) {
  return {static_cast<const char*>(record.key), record.key_len};
}

}  // namespace

PartitionWorker::PartitionWorker(size_t index, Context context,
                                 std::shared_ptr<const CompiledRules> rules)
    : index_(index),
      context_(context),
      rules_(std::move(rules)),
      output_encoder_(context_.options.output_format, context_.options.output_encoder) {}

PartitionWorker::~PartitionWorker() {
  Stop();
  for (Item& item : queue_) {
    if (item.record != nullptr) rd_kafka_message_destroy(item.record);
  }
}

Status PartitionWorker::Start() {
  for (const InputTopic& input : context_.options.inputs) {
    Result<std::unique_ptr<Decoder>> decoder =
        MakeDecoder(input.fields, {.max_record_bytes = context_.options.max_record_bytes});
    if (!decoder.ok()) {
      return InvalidArgument("input " + input.topic + ": " + decoder.status().message());
    }
    decoders_.push_back(std::move(*decoder));
  }
  thread_ = std::thread([this] { Loop(); });
  return Status::Ok();
}

void PartitionWorker::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

size_t PartitionWorker::Push(Item item) {
  size_t length = 0;
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(item));
    length = queue_.size();
  }
  // The thread sleeps only on an empty queue: waking it for every record would cost a
  // futex call a record.
  if (length == 1) wake_.notify_one();
  return length;
}

size_t PartitionWorker::PushRecords(const std::shared_ptr<PartitionState>& partition,
                                    std::span<rd_kafka_message_t* const> records) {
  if (records.empty()) return queued();
  partition->queued += records.size();
  size_t length = 0;
  {
    std::lock_guard lock(mutex_);
    for (rd_kafka_message_t* record : records) {
      Item& item = queue_.emplace_back();
      item.kind = Item::Kind::kRecord;
      item.partition = partition;
      item.record = record;
    }
    length = queue_.size();
  }
  if (length == records.size()) wake_.notify_one();  // it was empty: the thread may sleep
  return length;
}

void PartitionWorker::PushAssign(std::shared_ptr<PartitionState> partition, std::string snapshot) {
  Item item;
  item.kind = Item::Kind::kAssign;
  item.partition = std::move(partition);
  item.snapshot = std::move(snapshot);
  Push(std::move(item));
}

void PartitionWorker::PushRevoke(std::shared_ptr<PartitionState> partition,
                                 std::shared_ptr<Countdown> done, bool checkpoint) {
  Item item;
  item.kind = Item::Kind::kRevoke;
  item.partition = std::move(partition);
  item.done = std::move(done);
  item.checkpoint = checkpoint;
  Push(std::move(item));
}

void PartitionWorker::PushBarrier(std::shared_ptr<Barrier> barrier) {
  Item item;
  item.kind = Item::Kind::kBarrier;
  item.barrier = std::move(barrier);
  Push(std::move(item));
}

void PartitionWorker::PushRules(std::shared_ptr<const CompiledRules> rules) {
  Item item;
  item.kind = Item::Kind::kRules;
  item.rules = std::move(rules);
  Push(std::move(item));
}

size_t PartitionWorker::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

void PartitionWorker::Loop() {
  std::vector<Item> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      // Wake at the checkpoint interval even when idle, so that a partition that went
      // quiet still gets its last records committed.
      wake_.wait_for(lock, context_.options.commit_interval,
                     [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) break;
      while (!queue_.empty() && batch.size() < kBatch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    const auto start = std::chrono::steady_clock::now();
    size_t records = 0;
    for (Item& item : batch) {
      if (item.kind == Item::Kind::kRecord) {
        ++records;
      } else {
        ReportFinished();  // a revoke or a barrier checkpoints: the progress must be current
      }
      Handle(item);
    }
    ReportFinished();
    if (records > 0) {
      context_.metrics.AddEvaluation(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), records);
    }
    batch.clear();
    for (auto& [topic, counts] : batch_records_) {
      if (counts.first > 0) context_.metrics.AddRecords(topic, counts.first, counts.second);
      counts = {};
    }
    CheckpointDue();
    PublishGauges();
  }
  // Stopping: every partition still held is checkpointed (the service revokes them first
  // on a clean stop, so this is for an abandoned one).
  for (auto& [key, assigned] : assigned_) {
    if (assigned.dirty) Checkpoint(assigned);
  }
}

void PartitionWorker::Handle(Item& item) {
  switch (item.kind) {
    case Item::Kind::kRecord:
      ProcessRecord(item);
      break;
    case Item::Kind::kAssign:
      Assign(item);
      break;
    case Item::Kind::kRevoke: {
      const auto it = assigned_.find(item.partition.get());
      if (it != assigned_.end()) {
        if (item.checkpoint && it->second.dirty) Checkpoint(it->second);
        if (last_assigned_ == &it->second) last_assigned_ = nullptr;
        assigned_.erase(it);
      }
      item.done->CountDown();
      break;
    }
    case Item::Kind::kBarrier:
      for (auto& [key, assigned] : assigned_) {
        if (assigned.dirty) Checkpoint(assigned);
      }
      item.barrier->reached.CountDown();
      item.barrier->release.wait();
      break;
    case Item::Kind::kRules:
      rules_ = item.rules;
      for (auto& [key, assigned] : assigned_) {
        const Status status = assigned.engine->SwapRules(rules_);
        if (!status.ok()) {
          spdlog::error("worker {}: {} [{}]: reload refused, the old rules keep running: {}",
                        index_, assigned.state->topic, assigned.state->partition,
                        status.ToString());
        }
      }
      break;
  }
}

void PartitionWorker::Assign(Item& item) {
  Result<std::unique_ptr<Engine>> engine =
      Engine::Create(rules_, context_.clock, context_.options.engine);
  if (!engine.ok()) {
    // Create only fails if Hyperscan cannot allocate scratch: nothing can run.
    spdlog::critical("worker {}: cannot create an engine: {}", index_, engine.status().ToString());
    std::abort();
  }
  Assigned assigned;
  assigned.state = item.partition;
  assigned.engine = std::move(*engine);
  assigned.last_checkpoint = std::chrono::steady_clock::now();
  if (!item.snapshot.empty()) {
    const Status restored = assigned.engine->RestoreState(item.snapshot);
    if (restored.ok()) {
      context_.metrics.Add(ServiceMetrics::kStateRestored);
      spdlog::info("{} [{}]: window state restored ({} groups, {} events)", item.partition->topic,
                   item.partition->partition, assigned.engine->state_groups(),
                   assigned.engine->state_entries());
    } else {
      context_.metrics.Add(ServiceMetrics::kStateLost);
      spdlog::error("{} [{}]: window state lost, windows start empty: {}", item.partition->topic,
                    item.partition->partition, restored.ToString());
    }
  }
  last_assigned_ = nullptr;
  assigned_.insert_or_assign(item.partition.get(), std::move(assigned));
}

void PartitionWorker::ReportFinished() {
  if (finished_.empty()) return;
  finished_partition_->progress.Processed(finished_);
  finished_.clear();
  finished_partition_ = nullptr;
}

PartitionWorker::Assigned& PartitionWorker::Find(const std::shared_ptr<PartitionState>& partition) {
  if (last_assigned_ != nullptr && last_assigned_->state == partition) return *last_assigned_;
  auto it = assigned_.find(partition.get());
  if (it == assigned_.end()) {
    // A record before its assignment cannot happen (the consumer queues the assignment
    // first); if it ever does, the partition starts with empty windows rather than stall.
    Item assign;
    assign.partition = partition;
    Assign(assign);
    it = assigned_.find(partition.get());
  }
  last_assigned_ = &it->second;
  return it->second;
}

void PartitionWorker::ProcessRecord(Item& item) {
  rd_kafka_message_t& record = *item.record;
  --item.partition->queued;
  if (item.partition->discarded.load()) {  // rewound: it will be read again
    rd_kafka_message_destroy(item.record);
    item.record = nullptr;
    return;
  }
  Assigned& assigned = Find(item.partition);
  PartitionState& state = *assigned.state;
  const SourceRef source{state.topic, state.partition, record.offset, 0};
  collector_.detections.clear();
  Engine& engine = *assigned.engine;
  // The payload is not padded as simdjson wants: the decoder copies it.
  const DecodeResult result =
      decoders_[state.input]->Decode({Payload(record), 0}, source, [&](const QueryEvent& event) {
        (void)engine.Process(event, collector_);  // fails only if Hyperscan does
      });
  if (result.skipped > 0) context_.metrics.Add(ServiceMetrics::kSkipped, result.skipped);
  auto counted = batch_records_.find(state.topic);
  if (counted == batch_records_.end())
    counted = batch_records_.emplace(state.topic, std::pair<uint64_t, uint64_t>{}).first;
  ++counted->second.first;
  counted->second.second += record.len;
  int outputs = 0;
  for (const Detection& detection : collector_.detections) {
    buffer_.clear();
    output_encoder_.Encode(detection, buffer_);
    OutgoingMessage message;
    message.topic = context_.options.output_topic;
    message.key = detection.principal;  // a SIEM's consumers see one principal in order
    message.value = buffer_;
    message.headers = {{"leakhound-rule", detection.rule->id},
                       {"leakhound-severity", std::string(SeverityName(detection.rule->severity))},
                       {"leakhound-detection-id", detection.id},
                       {"leakhound-event-time", FormatTimestamp(detection.event_time)}};
    const Status status = context_.producer.Produce(
        message, std::make_unique<OutputTicket>(item.partition, record.offset), context_.cancel);
    if (!status.ok()) {
      spdlog::error("{} [{}] offset {}: detection {} not produced: {}", state.topic,
                    state.partition, record.offset, detection.id, status.ToString());
      break;  // the record stays unfinished: its offset is never committed
    }
    ++outputs;
    context_.metrics.AddDetections(detection.rule->id, 1);
  }
  if (!result.ok()) DeadLetter(assigned, record, result, outputs);
  if (finished_partition_ != &state) {
    ReportFinished();
    finished_partition_ = &state;
  }
  finished_.push_back({record.offset, outputs});
  assigned.next_offset = record.offset + 1;
  assigned.dirty = true;
  rd_kafka_message_destroy(item.record);
  item.record = nullptr;
}

void PartitionWorker::DeadLetter(Assigned& assigned, const rd_kafka_message_t& record,
                                 const DecodeResult& result, int& outputs) {
  PartitionState& state = *assigned.state;
  context_.metrics.AddRejected(result.reason, 1);
  std::string_view payload = Payload(record);
  const bool truncated = payload.size() > context_.options.max_dead_letter_bytes;
  if (truncated) payload = payload.substr(0, context_.options.max_dead_letter_bytes);
  OutgoingMessage message;
  message.topic = context_.options.dead_letter_topic;
  message.key = Key(record);
  message.value = payload;
  message.headers = {{"leakhound-reason", std::string(RejectReasonName(result.reason))},
                     {"leakhound-detail", result.detail},
                     {"leakhound-source-topic", state.topic},
                     {"leakhound-source-partition", std::to_string(state.partition)},
                     {"leakhound-source-offset", std::to_string(record.offset)}};
  if (truncated) {
    message.headers.emplace_back("leakhound-truncated-from", std::to_string(record.len));
  }
  const Status status = context_.producer.Produce(
      message, std::make_unique<OutputTicket>(assigned.state, record.offset), context_.cancel);
  if (!status.ok()) {
    spdlog::error("{} [{}] offset {}: dead letter not produced: {}", state.topic, state.partition,
                  record.offset, status.ToString());
    return;
  }
  ++outputs;
  context_.metrics.Add(ServiceMetrics::kDeadLetters);
}

void PartitionWorker::Checkpoint(Assigned& assigned) {
  PartitionState& state = *assigned.state;
  assigned.dirty = false;
  assigned.last_checkpoint = std::chrono::steady_clock::now();
  if (assigned.next_offset < 0) return;
  if (!assigned.engine->has_state()) {
    state.progress.AddCheckpoint(assigned.next_offset, 0, FormatCommitMetadata(std::nullopt));
    return;
  }
  assigned.engine->SaveState(buffer_);
  const size_t part_bytes = context_.options.snapshot_part_bytes;
  const uint32_t parts = static_cast<uint32_t>((buffer_.size() + part_bytes - 1) / part_bytes);
  SnapshotRef ref;
  ref.parts = parts;
  ref.bytes = buffer_.size();
  ref.checksum = Fnv1a64(buffer_);
  ref.id = state.topic + "/" + std::to_string(state.partition) + "@" +
           std::to_string(assigned.next_offset) + "#" + std::to_string(context_.instance);
  const uint64_t checkpoint = state.progress.AddCheckpoint(
      assigned.next_offset, static_cast<int>(parts), FormatCommitMetadata(ref));
  for (uint32_t part = 0; part < parts; ++part) {
    OutgoingMessage message;
    message.topic = context_.options.state_topic;
    message.key = state.snapshot_key;
    message.value = std::string_view(buffer_).substr(part * part_bytes, part_bytes);
    message.headers = {{"leakhound-snapshot", ref.id},
                       {"leakhound-part", std::to_string(part) + "/" + std::to_string(parts)}};
    const Status status = context_.producer.Produce(
        message, std::make_unique<SnapshotPartTicket>(assigned.state, checkpoint, part, ref),
        context_.cancel);
    if (!status.ok()) {
      state.progress.CheckpointFailed(checkpoint);
      spdlog::error("{} [{}]: state snapshot not produced: {}", state.topic, state.partition,
                    status.ToString());
      return;
    }
  }
  context_.metrics.Add(ServiceMetrics::kStateSnapshots);
}

void PartitionWorker::CheckpointDue() {
  const auto now = std::chrono::steady_clock::now();
  for (auto& [key, assigned] : assigned_) {
    if (assigned.dirty && now - assigned.last_checkpoint >= context_.options.commit_interval) {
      Checkpoint(assigned);
    }
  }
}

void PartitionWorker::PublishGauges() {
  // Walking every partition's windows after each batch showed in the service's profile;
  // a gauge read every few seconds is as good at ten updates a second.
  const auto now = std::chrono::steady_clock::now();
  if (now - last_gauges_ < std::chrono::milliseconds(100)) return;
  last_gauges_ = now;
  size_t groups = 0, entries = 0;
  for (const auto& [key, assigned] : assigned_) {
    groups += assigned.engine->state_groups();
    entries += assigned.engine->state_entries();
  }
  state_groups_.store(groups);
  state_entries_.store(entries);
}

}  // namespace leakhound
