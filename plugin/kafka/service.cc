#include "kafka/service.h"

#include <librdkafka/rdkafka.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <cstring>
#include <functional>
#include <future>
#include <random>
#include <set>
#include <thread>

#include "core/countdown.h"
#include "kafka/snapshot_ref.h"

namespace leakhound {
namespace {

int64_t SteadyNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void SetMetadata(rd_kafka_topic_partition_t& partition, const std::string& metadata) {
  // librdkafka frees it with the list.
  partition.metadata = std::malloc(metadata.size());
  std::memcpy(partition.metadata, metadata.data(), metadata.size());
  partition.metadata_size = metadata.size();
}

std::string Metadata(const rd_kafka_topic_partition_t& partition) {
  if (partition.metadata == nullptr) return "";
  return std::string(static_cast<const char*>(partition.metadata), partition.metadata_size);
}

}  // namespace

Service::Service(ServiceOptions options, std::shared_ptr<const CompiledRules> rules,
                 const Clock& clock)
    : options_(std::move(options)), rules_(std::move(rules)), clock_(clock) {}

Service::~Service() {
  for (auto& worker : workers_) worker->Stop();
  workers_.clear();
  if (consumer_ != nullptr) rd_kafka_destroy(consumer_);
}

Result<std::unique_ptr<Service>> Service::Create(ServiceOptions options,
                                                 std::shared_ptr<const CompiledRules> rules,
                                                 const Clock& clock) {
  if (options.inputs.empty()) return InvalidArgument("no input topics");
  if (options.workers == 0) options.workers = std::max(1u, std::thread::hardware_concurrency());
  std::unique_ptr<Service> service(new Service(std::move(options), std::move(rules), clock));
  LEAKHOUND_RETURN_IF_ERROR(service->Start());
  return service;
}

Status Service::Start() {
  for (size_t i = 0; i < options_.inputs.size(); ++i) {
    input_by_topic_[options_.inputs[i].topic] = i;
  }
  KafkaProperties producer_settings = options_.kafka;
  for (const auto& [name, value] : options_.producer.values()) producer_settings.Set(name, value);
  const bool exactly_once = options_.delivery == DeliveryMode::kExactlyOnce;
  Result<std::unique_ptr<OutputProducer>> producer = OutputProducer::Create(
      producer_settings, exactly_once ? options_.transactional_id : std::string(),
      options_.producer_conf_hook);
  if (!producer.ok()) return producer.status();
  producer_ = std::move(*producer);
  if (exactly_once) {
    // Fences any older instance with the same transactional.id (a zombie after a restart).
    LEAKHOUND_RETURN_IF_ERROR(producer_->InitTransactions(options_.broker_timeout * 3));
  }
  Result<std::unique_ptr<StateReader>> reader = StateReader::Create(options_.kafka);
  if (!reader.ok()) return reader.status();
  state_reader_ = std::move(*reader);

  KafkaProperties settings = options_.kafka;
  for (const auto& [name, value] : options_.consumer.values()) settings.Set(name, value);
  settings.Set("group.id", options_.group_id);
  // Offsets are committed by the service, and only once what a record produced is safe.
  settings.Set("enable.auto.commit", "false");
  settings.Set("enable.auto.offset.store", "false");
  // Where a committed offset fell out of retention the service says how much was lost
  // (HandleConsumerError); where there is none, OnAssign applies start_from itself.
  settings.Set("auto.offset.reset", "error");
  settings.SetDefault("partition.assignment.strategy", "range,roundrobin");
  if (options_.delivery == DeliveryMode::kExactlyOnce) {
    settings.Set("isolation.level", "read_committed");
  }
  Result<rd_kafka_conf_t*> conf = settings.MakeConf();
  if (!conf.ok()) return conf.status();
  rd_kafka_conf_set_opaque(*conf, this);
  rd_kafka_conf_set_rebalance_cb(
      *conf, [](rd_kafka_t*, rd_kafka_resp_err_t error, rd_kafka_topic_partition_list_t* partitions,
                void* opaque) { static_cast<Service*>(opaque)->OnRebalance(error, partitions); });
  rd_kafka_conf_set_offset_commit_cb(
      *conf, [](rd_kafka_t*, rd_kafka_resp_err_t error, rd_kafka_topic_partition_list_t* offsets,
                void* opaque) { static_cast<Service*>(opaque)->OnCommitted(error, offsets); });
  char error[512];
  consumer_ = rd_kafka_new(RD_KAFKA_CONSUMER, *conf, error, sizeof error);
  if (consumer_ == nullptr) {
    rd_kafka_conf_destroy(*conf);
    return InvalidArgument(std::string("consumer: ") + error);
  }
  rd_kafka_poll_set_consumer(consumer_);

  std::random_device random;
  const uint64_t instance = (static_cast<uint64_t>(random()) << 32) | random();
  const PartitionWorker::Context context{options_, *producer_, metrics_, clock_, stop_, instance};
  for (size_t i = 0; i < options_.workers; ++i) {
    workers_.push_back(std::make_unique<PartitionWorker>(i, context, rules_));
  }
  return Status::Ok();
}

bool Service::healthy() const {
  const int64_t last = heartbeat_.load();
  return last != 0 &&
         SteadyNanos() - last < std::chrono::nanoseconds(std::chrono::seconds(30)).count();
}

void Service::Stop() { stop_.store(true); }

void Service::ReloadRules(std::shared_ptr<const CompiledRules> rules) {
  std::lock_guard lock(rules_mutex_);
  pending_rules_ = std::move(rules);
}

Status Service::Run() {
  producer_->Start();
  if (producer_->transactional()) LEAKHOUND_RETURN_IF_ERROR(producer_->BeginTransaction());
  for (auto& worker : workers_) LEAKHOUND_RETURN_IF_ERROR(worker->Start());
  rd_kafka_topic_partition_list_t* topics =
      rd_kafka_topic_partition_list_new(static_cast<int>(options_.inputs.size()));
  for (const InputTopic& input : options_.inputs) {
    rd_kafka_topic_partition_list_add(topics, input.topic.c_str(), RD_KAFKA_PARTITION_UA);
  }
  const rd_kafka_resp_err_t subscribed = rd_kafka_subscribe(consumer_, topics);
  rd_kafka_topic_partition_list_destroy(topics);
  if (subscribed != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Unavailable(std::string("subscribe: ") + rd_kafka_err2str(subscribed));
  }
  spdlog::info("consuming {} input topic(s) as group {} with {} worker(s); detections to {}",
               options_.inputs.size(), options_.group_id, workers_.size(), options_.output_topic);
  Status status;
  auto next_commit = std::chrono::steady_clock::now() + options_.commit_interval;
  while (!stop_.load()) {
    heartbeat_.store(SteadyNanos());
    Poll();
    if (!pending_resets_.empty()) ApplyResets();
    if (producer_->failed()) {
      status = Unavailable(producer_->failure());
      break;
    }
    {
      std::lock_guard lock(rules_mutex_);
      if (pending_rules_ != nullptr) {
        rules_ = std::move(pending_rules_);
        pending_rules_ = nullptr;
        for (auto& worker : workers_) worker->PushRules(rules_);
        metrics_.Add(ServiceMetrics::kReloads);
        spdlog::info("rules reloaded: {} rules", rules_->rules->rules.size());
      }
    }
    ResumeDrained();
    if (std::chrono::steady_clock::now() >= next_commit) {
      if (producer_->transactional()) {
        CommitTransaction();
      } else {
        Commit(AllPartitions(), /*wait=*/false);
      }
      UpdateGauges();
      next_commit = std::chrono::steady_clock::now() + options_.commit_interval;
    }
    if (!fatal_.ok()) {
      status = fatal_;
      break;
    }
  }
  ready_.store(false);
  // Leaving the group revokes every partition: OnRevoke drains and commits them.
  spdlog::info("stopping: draining {} partition(s)", partitions_.size());
  const rd_kafka_resp_err_t closed = rd_kafka_consumer_close(consumer_);
  if (status.ok() && !fatal_.ok()) status = fatal_;
  if (closed != RD_KAFKA_RESP_ERR_NO_ERROR && status.ok()) {
    status = Unavailable(std::string("consumer close: ") + rd_kafka_err2str(closed));
  }
  for (auto& worker : workers_) worker->Stop();
  if (!producer_->Flush(options_.shutdown_timeout)) {
    spdlog::error("stopping: the producer did not deliver everything in time");
  }
  producer_->StopPolling();
  spdlog::info("stopped");
  return status;
}

void Service::Poll() {
  // Up to kPollBatch records a round: what is already fetched is taken without waiting, so
  // the loop's other duties (commits, resumes, resets) run once per batch, not per record.
  constexpr int kPollBatch = 1000;
  int timeout_ms = 100;
  for (int i = 0; i < kPollBatch && !stop_.load(); ++i) {
    rd_kafka_message_t* record = rd_kafka_consumer_poll(consumer_, timeout_ms);
    if (record == nullptr) break;
    timeout_ms = 0;
    if (record->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      HandOver();  // an offset reset reads the partition's position: it must be current
      HandleConsumerError(*record);
      rd_kafka_message_destroy(record);
    } else {
      HandleRecord(record);
    }
  }
  HandOver();
}

void Service::HandleRecord(rd_kafka_message_t* record) {
  // Records come in runs of one partition: the last one looked up is remembered.
  if (record->rkt != last_topic_ || record->partition != last_partition_ ||
      last_state_ == nullptr) {
    const auto it = partitions_.find({rd_kafka_topic_name(record->rkt), record->partition});
    if (it == partitions_.end()) {  // not ours any more
      rd_kafka_message_destroy(record);
      return;
    }
    last_topic_ = record->rkt;
    last_partition_ = record->partition;
    last_state_ = it->second;
  }
  if (run_state_ != last_state_) {
    HandOver();
    run_state_ = last_state_;
  }
  run_.push_back(record);
}

void Service::HandOver() {
  if (run_.empty()) return;
  const std::shared_ptr<PartitionState> state = std::move(run_state_);
  run_state_ = nullptr;
  // One lock of the partition's progress and one of its worker's queue for the whole run,
  // not one of each a record: the worker takes both locks too, and a lock per record was
  // most of what the service cost beyond the engine (perf, issue 3's benchmark).
  run_offsets_.clear();
  for (const rd_kafka_message_t* record : run_) run_offsets_.push_back(record->offset);
  state->progress.Consumed(run_offsets_);
  PartitionWorker& worker = *workers_[state->worker];
  const size_t queued = worker.PushRecords(state, run_);
  run_.clear();
  if (!state->paused && queued > options_.max_queued_records) {
    // Backpressure: stop fetching this partition until its worker has caught up.
    rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(list, state->topic.c_str(), state->partition);
    rd_kafka_pause_partitions(consumer_, list);
    rd_kafka_topic_partition_list_destroy(list);
    state->paused = true;
    metrics_.Add(ServiceMetrics::kPauses);
  }
}

void Service::ResumeDrained() {
  for (auto& [key, state] : partitions_) {
    if (!state->paused || workers_[state->worker]->queued() > options_.max_queued_records / 2) {
      continue;
    }
    rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(list, state->topic.c_str(), state->partition);
    rd_kafka_resume_partitions(consumer_, list);
    rd_kafka_topic_partition_list_destroy(list);
    state->paused = false;
  }
}

void Service::HandleConsumerError(const rd_kafka_message_t& record) {
  if (record.err == RD_KAFKA_RESP_ERR__PARTITION_EOF) return;
  metrics_.Add(ServiceMetrics::kConsumerErrors);
  if (record.err == RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET && record.rkt != nullptr) {
    // The next offset to read was deleted by retention before it was read: say how much
    // was lost, loudly, and go on from the oldest record still there.
    const std::string topic = rd_kafka_topic_name(record.rkt);
    int64_t low = 0, high = 0;
    const rd_kafka_resp_err_t error =
        rd_kafka_query_watermark_offsets(consumer_, topic.c_str(), record.partition, &low, &high,
                                         static_cast<int>(options_.broker_timeout.count()));
    const auto it = partitions_.find({topic, record.partition});
    int64_t from = record.offset;
    if (it != partitions_.end() && it->second->progress.position() >= 0) {
      from = it->second->progress.position();
    }
    if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
      spdlog::error("{} [{}]: offset {} is out of range and the watermarks are unknown ({})", topic,
                    record.partition, from, rd_kafka_err2str(error));
      return;
    }
    if (from < 0) {
      // Nothing read and nothing committed yet: there is no position to have lost from.
      spdlog::warn("{} [{}]: no position to read from; starting from the oldest offset {}", topic,
                   record.partition, low);
    } else {
      const int64_t lost = from < low ? low - from : 0;
      metrics_.Add(ServiceMetrics::kRecordsLost, static_cast<uint64_t>(lost));
      spdlog::error(
          "{} [{}]: {} record(s) LOST: offsets {} to {} were deleted by retention before "
          "leakhound read them; going on from offset {}",
          topic, record.partition, lost, from, low - 1, low);
    }
    pending_resets_.emplace(PartitionKey{topic, record.partition}, low);
    return;
  }
  spdlog::warn("consumer: {}", rd_kafka_message_errstr(&record));
}

void Service::ApplyResets() {
  // After an offset reset error the partition cannot be sought; assign the whole set again,
  // once for every reset that one poll round brought (librdkafka 2.0.2 can trip over
  // assignments changed in quick succession), each other partition where it had got to.
  rd_kafka_topic_partition_list_t* list =
      rd_kafka_topic_partition_list_new(static_cast<int>(partitions_.size()));
  const int64_t start =
      options_.start_from == StartFrom::kEarliest ? RD_KAFKA_OFFSET_BEGINNING : RD_KAFKA_OFFSET_END;
  for (const auto& [key, state] : partitions_) {
    const auto reset = pending_resets_.find(key);
    const int64_t position = state->progress.position();
    int64_t at = position >= 0 ? position : state->confirmed.value_or(start);
    if (reset != pending_resets_.end()) at = reset->second;
    rd_kafka_topic_partition_list_add(list, key.first.c_str(), key.second)->offset = at;
  }
  pending_resets_.clear();
  const rd_kafka_resp_err_t error = rd_kafka_assign(consumer_, list);
  rd_kafka_topic_partition_list_destroy(list);
  if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
    spdlog::error("reassign after an offset reset: {}", rd_kafka_err2str(error));
  }
}

void Service::OnRebalance(int error, rd_kafka_topic_partition_list_t* partitions) {
  // Records polled before the rebalance go to their workers ahead of the revoke or assign,
  // as they would have one by one.
  HandOver();
  if (error == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    OnAssign(partitions);
  } else if (error == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
    OnRevoke(partitions, rd_kafka_assignment_lost(consumer_) != 0);
  } else {
    spdlog::error("rebalance: {}", rd_kafka_err2str(static_cast<rd_kafka_resp_err_t>(error)));
    rd_kafka_assign(consumer_, nullptr);
  }
}

void Service::OnAssign(rd_kafka_topic_partition_list_t* partitions) {
  AssignPartitions(partitions);
}

void Service::RefreshLeaders(const rd_kafka_topic_partition_list_t* partitions) {
  // A partition whose leader the client does not know yet when it is assigned waits for
  // librdkafka's offset query retry, 500 ms, before its first fetch (measured: half the
  // benchmark's runs stalled so at the start). Asking for the topics' metadata first
  // settles the leaders.
  std::set<std::string> topics;
  for (int i = 0; i < partitions->cnt; ++i) topics.insert(partitions->elems[i].topic);
  for (const std::string& topic : topics) {
    rd_kafka_topic_t* handle = rd_kafka_topic_new(consumer_, topic.c_str(), nullptr);
    if (handle == nullptr) continue;
    const rd_kafka_metadata_t* metadata = nullptr;
    const rd_kafka_resp_err_t error = rd_kafka_metadata(
        consumer_, 0, handle, &metadata, static_cast<int>(options_.broker_timeout.count()));
    if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
      spdlog::warn("assign: metadata of {} unknown ({}); fetching starts when it is known", topic,
                   rd_kafka_err2str(error));
    }
    if (metadata != nullptr) rd_kafka_metadata_destroy(metadata);
    rd_kafka_topic_destroy(handle);
  }
}

void Service::AssignPartitions(rd_kafka_topic_partition_list_t* partitions) {
  const rd_kafka_resp_err_t fetched =
      rd_kafka_committed(consumer_, partitions, static_cast<int>(options_.broker_timeout.count()));
  if (fetched != RD_KAFKA_RESP_ERR_NO_ERROR) {
    spdlog::error("assign: committed offsets unknown ({}); starting from the stored offsets",
                  rd_kafka_err2str(fetched));
  }
  for (int i = 0; i < partitions->cnt; ++i) {
    rd_kafka_topic_partition_t& partition = partitions->elems[i];
    const std::string topic = partition.topic;
    const auto input = input_by_topic_.find(topic);
    const size_t worker =
        std::hash<std::string>{}(topic + "/" + std::to_string(partition.partition)) %
        workers_.size();
    auto state = std::make_shared<PartitionState>(
        topic, partition.partition, input == input_by_topic_.end() ? 0 : input->second, worker,
        options_.group_id + "/" + topic + "/" + std::to_string(partition.partition));
    std::string snapshot;
    if (partition.offset >= 0) {
      state->confirmed = partition.offset;
      snapshot = RestoreSnapshot(*state, Metadata(partition));
      int64_t low = 0, high = 0;
      if (rd_kafka_query_watermark_offsets(
              consumer_, topic.c_str(), partition.partition, &low, &high,
              static_cast<int>(options_.broker_timeout.count())) == RD_KAFKA_RESP_ERR_NO_ERROR &&
          partition.offset < low) {
        const int64_t lost = low - partition.offset;
        metrics_.Add(ServiceMetrics::kRecordsLost, static_cast<uint64_t>(lost));
        spdlog::error(
            "{} [{}]: {} record(s) LOST: offsets {} to {} were deleted by retention before "
            "leakhound read them; starting from offset {}",
            topic, partition.partition, lost, partition.offset, low - 1, low);
        partition.offset = low;
      }
    } else {
      partition.offset = options_.start_from == StartFrom::kEarliest ? RD_KAFKA_OFFSET_BEGINNING
                                                                     : RD_KAFKA_OFFSET_END;
    }
    workers_[worker]->PushAssign(state, std::move(snapshot));
    partitions_[{topic, partition.partition}] = std::move(state);
    last_state_ = nullptr;
  }
  RefreshLeaders(partitions);
  const rd_kafka_resp_err_t assigned = rd_kafka_assign(consumer_, partitions);
  if (assigned != RD_KAFKA_RESP_ERR_NO_ERROR) {
    spdlog::error("assign: {}", rd_kafka_err2str(assigned));
  }
  ready_.store(true);
  metrics_.SetGauge(ServiceMetrics::kGaugeAssigned, static_cast<double>(partitions_.size()));
  spdlog::info("assigned {} partition(s)", partitions->cnt);
}

std::string Service::RestoreSnapshot(const PartitionState& partition, const std::string& metadata) {
  const std::optional<std::optional<SnapshotRef>> parsed = ParseCommitMetadata(metadata);
  if (!parsed) {
    if (!metadata.empty()) {
      spdlog::warn("{} [{}]: the committed offset has no leakhound state; windows start empty",
                   partition.topic, partition.partition);
    }
    return "";
  }
  if (!parsed->has_value()) return "";  // committed with empty windows
  Result<std::string> snapshot =
      state_reader_->Read(options_.state_topic, **parsed, options_.broker_timeout);
  if (!snapshot.ok()) {
    metrics_.Add(ServiceMetrics::kStateLost);
    spdlog::error("{} [{}]: window state lost, windows start empty: {}", partition.topic,
                  partition.partition, snapshot.status().ToString());
    return "";
  }
  return std::move(*snapshot);
}

void Service::OnRevoke(rd_kafka_topic_partition_list_t* partitions, bool lost) {
  std::vector<std::shared_ptr<PartitionState>> revoked;
  for (int i = 0; i < partitions->cnt; ++i) {
    const auto it = partitions_.find({partitions->elems[i].topic, partitions->elems[i].partition});
    if (it != partitions_.end()) revoked.push_back(it->second);
  }
  const auto deadline = std::chrono::steady_clock::now() + options_.shutdown_timeout;
  if (producer_->transactional()) {
    // What was read of these partitions is committed in one last transaction (with every
    // other partition's: a transaction spans them all); then their engines go.
    if (!lost) CommitTransaction();
    auto done = std::make_shared<Countdown>(revoked.size());
    for (const auto& state : revoked) workers_[state->worker]->PushRevoke(state, done, false);
    if (!done->WaitFor(deadline - std::chrono::steady_clock::now())) {
      spdlog::error("revoke: workers did not finish in time");
    }
    ReleasePartitions(revoked, lost ? " (lost)" : "");
    return;
  }
  // Each worker works through what it holds of these partitions, checkpoints them and lets
  // them go; then their outputs and snapshots must be delivered before the final commit.
  auto done = std::make_shared<Countdown>(revoked.size());
  for (const auto& state : revoked) workers_[state->worker]->PushRevoke(state, done);
  if (!done->WaitFor(deadline - std::chrono::steady_clock::now())) {
    spdlog::error("revoke: workers did not finish in time; committing what is safe");
  }
  for (const auto& state : revoked) {
    while (!state->progress.Idle() && std::chrono::steady_clock::now() < deadline &&
           !producer_->failed()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));  // deliveries come on their own
    }
    if (!state->progress.Idle()) {
      spdlog::error("{} [{}]: outputs not delivered in time; committing up to offset {} only",
                    state->topic, state->partition, state->confirmed.value_or(-1));
    }
  }
  if (!lost) Commit(revoked, /*wait=*/true);
  ReleasePartitions(revoked, lost ? " (lost: not committed)" : "");
}

void Service::ReleasePartitions(const std::vector<std::shared_ptr<PartitionState>>& revoked,
                                std::string_view note) {
  for (const auto& state : revoked) {
    metrics_.ForgetPartition(state->topic, state->partition);
    partitions_.erase({state->topic, state->partition});
  }
  last_state_ = nullptr;
  rd_kafka_assign(consumer_, nullptr);
  metrics_.SetGauge(ServiceMetrics::kGaugeAssigned, static_cast<double>(partitions_.size()));
  spdlog::info("revoked {} partition(s){}", revoked.size(), note);
}

rd_kafka_topic_partition_list_t* Service::DueCommits(
    const std::vector<std::shared_ptr<PartitionState>>& partitions, std::vector<DueCommit>* due) {
  rd_kafka_topic_partition_list_t* list =
      rd_kafka_topic_partition_list_new(static_cast<int>(partitions.size()));
  for (const auto& state : partitions) {
    if (std::optional<PartitionProgress::Commit> commit = state->progress.TakeCommittable()) {
      state->last_taken = std::move(commit);
    }
    if (!state->last_taken || state->last_taken->offset == state->confirmed) continue;
    rd_kafka_topic_partition_t* entry =
        rd_kafka_topic_partition_list_add(list, state->topic.c_str(), state->partition);
    entry->offset = state->last_taken->offset;
    SetMetadata(*entry, state->last_taken->metadata);
    if (due != nullptr) due->push_back({state, entry->offset});
  }
  return list;
}

void Service::Commit(const std::vector<std::shared_ptr<PartitionState>>& partitions, bool wait) {
  rd_kafka_topic_partition_list_t* list = DueCommits(partitions, nullptr);
  if (list->cnt > 0) {
    commit_sent_ = std::chrono::steady_clock::now();
    const rd_kafka_resp_err_t error = rd_kafka_commit(consumer_, list, wait ? 0 : 1);
    if (wait) {
      OnCommitted(error, list);
    } else if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
      metrics_.AddCommit(false, 0);
      spdlog::warn("commit: {}", rd_kafka_err2str(error));
    }
  }
  rd_kafka_topic_partition_list_destroy(list);
}

void Service::CommitTransaction() {
  const auto started = std::chrono::steady_clock::now();
  // Stop the workers at a point where everything they produced belongs to records whose
  // checkpoints are taken: the transaction then holds exactly the outputs and the state of
  // the offsets it commits.
  auto barrier = std::make_shared<PartitionWorker::Barrier>(workers_.size());
  std::promise<void> release;
  barrier->release = release.get_future().share();
  bool released = false;
  const auto release_workers = [&] {
    if (!released) release.set_value();
    released = true;
  };
  for (auto& worker : workers_) worker->PushBarrier(barrier);
  std::string failure;
  if (!barrier->reached.WaitFor(options_.shutdown_timeout)) {
    failure = "workers did not reach the commit point in time";
  } else if (!producer_->Flush(options_.broker_timeout)) {
    failure = "the transaction's messages were not delivered in time";
  }
  std::vector<DueCommit> committing;
  rd_kafka_topic_partition_list_t* list =
      DueCommits(failure.empty() ? AllPartitions() : std::vector<std::shared_ptr<PartitionState>>(),
                 &committing);
  OutputProducer::TransactionResult result;
  if (failure.empty()) {
    result = producer_->CommitTransaction(list, consumer_, options_.broker_timeout);
  } else {
    result = producer_->AbortTransaction(failure, options_.broker_timeout);
  }
  rd_kafka_topic_partition_list_destroy(list);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  switch (result.outcome) {
    case OutputProducer::TransactionOutcome::kCommitted:
      for (const DueCommit& commit : committing) commit.state->confirmed = commit.offset;
      if (!committing.empty()) {  // a round with nothing read commits an empty transaction
        metrics_.AddCommit(true, seconds);
        metrics_.Add(ServiceMetrics::kTransactionsCommitted);
      }
      break;
    case OutputProducer::TransactionOutcome::kAborted:
      metrics_.AddCommit(false, seconds);
      metrics_.Add(ServiceMetrics::kTransactionsAborted);
      spdlog::warn("transaction aborted ({}): reading again from the committed offsets",
                   result.error);
      // Marked before the workers go on, so that they drop what they hold of the old state.
      for (const auto& [key, state] : partitions_) state->discarded.store(true);
      break;
    case OutputProducer::TransactionOutcome::kFatal:
      fatal_ = Unavailable("exactly-once: " + result.error);
      stop_.store(true);
      release_workers();
      return;
  }
  if (const Status begun = producer_->BeginTransaction(); !begun.ok()) {
    fatal_ = begun;
    stop_.store(true);
    release_workers();
    return;
  }
  release_workers();
  if (result.outcome == OutputProducer::TransactionOutcome::kAborted) Rewind();
}

void Service::Rewind() {
  // Every partition back to its committed offset and the window state stored with it: the
  // workers drop the discarded states, then the partitions are assigned afresh.
  std::vector<std::shared_ptr<PartitionState>> all = AllPartitions();
  auto done = std::make_shared<Countdown>(all.size());
  for (const auto& state : all) workers_[state->worker]->PushRevoke(state, done, false);
  if (!done->WaitFor(options_.shutdown_timeout))
    spdlog::error("rewind: workers did not finish in time");
  rd_kafka_topic_partition_list_t* list =
      rd_kafka_topic_partition_list_new(static_cast<int>(all.size()));
  for (const auto& state : all) {
    rd_kafka_topic_partition_list_add(list, state->topic.c_str(), state->partition);
  }
  partitions_.clear();
  last_state_ = nullptr;
  AssignPartitions(list);
  rd_kafka_topic_partition_list_destroy(list);
}

void Service::OnCommitted(int error, rd_kafka_topic_partition_list_t* offsets) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - commit_sent_).count();
  if (error == RD_KAFKA_RESP_ERR__NO_OFFSET) return;  // nothing was due
  metrics_.AddCommit(error == RD_KAFKA_RESP_ERR_NO_ERROR, seconds);
  if (offsets == nullptr) return;
  for (int i = 0; i < offsets->cnt; ++i) {
    const rd_kafka_topic_partition_t& entry = offsets->elems[i];
    if (entry.err != RD_KAFKA_RESP_ERR_NO_ERROR || error != RD_KAFKA_RESP_ERR_NO_ERROR) {
      // Committed again at the next round: last_taken stays ahead of confirmed.
      spdlog::warn("commit {} [{}] at {}: {}", entry.topic, entry.partition, entry.offset,
                   rd_kafka_err2str(entry.err != RD_KAFKA_RESP_ERR_NO_ERROR
                                        ? entry.err
                                        : static_cast<rd_kafka_resp_err_t>(error)));
      continue;
    }
    const auto it = partitions_.find({entry.topic, entry.partition});
    if (it != partitions_.end()) it->second->confirmed = entry.offset;
  }
}

void Service::UpdateGauges() {
  size_t paused = 0;
  for (const auto& [key, state] : partitions_) {
    paused += state->paused ? 1 : 0;
    int64_t low = 0, high = 0;
    const int64_t position = state->progress.position();
    if (rd_kafka_get_watermark_offsets(consumer_, key.first.c_str(), key.second, &low, &high) ==
            RD_KAFKA_RESP_ERR_NO_ERROR &&
        high >= 0) {
      metrics_.SetLag(key.first, key.second,
                      position >= 0 ? std::max<int64_t>(0, high - position) : high - low);
    }
  }
  size_t groups = 0, entries = 0, queued = 0;
  for (const auto& worker : workers_) {
    groups += worker->state_groups();
    entries += worker->state_entries();
    queued += worker->queued();
  }
  metrics_.SetGauge(ServiceMetrics::kGaugePaused, static_cast<double>(paused));
  metrics_.SetGauge(ServiceMetrics::kGaugeWindowGroups, static_cast<double>(groups));
  metrics_.SetGauge(ServiceMetrics::kGaugeWindowEntries, static_cast<double>(entries));
  metrics_.SetGauge(ServiceMetrics::kGaugeQueued, static_cast<double>(queued));
  const ProducerCounters& counters = producer_->counters();
  metrics_.SetGauge(ServiceMetrics::kGaugeProducerQueueFull,
                    static_cast<double>(counters.queue_full.load()));
  metrics_.SetGauge(ServiceMetrics::kGaugeProduced, static_cast<double>(counters.produced.load()));
  metrics_.SetGauge(ServiceMetrics::kGaugeProduceRetries,
                    static_cast<double>(counters.retried.load()));
}

std::vector<std::shared_ptr<PartitionState>> Service::AllPartitions() const {
  std::vector<std::shared_ptr<PartitionState>> all;
  for (const auto& [key, state] : partitions_) all.push_back(state);
  return all;
}

}  // namespace leakhound
