// Service: `leakhound run`, a consumer-group member that reads database query logs from
// the input topics, runs the engine on worker threads and publishes detections, dead
// letters and window-state snapshots, committing an input offset only once everything
// before it is safe (docs: README "Running the service").
//
//   consumer thread (Run)      polls, routes each partition to one worker, pauses
//                              partitions whose worker falls behind, commits
//   workers (PartitionWorker)  decode, evaluate, produce, checkpoint
//   producer poll thread       delivery reports complete the tickets
//
// Window state belongs to the partition that fed it. A checkpoint stores a partition's
// windows in the state topic and names them in the offset commit's metadata; whoever gets
// the partition next (this process after a restart, another member after a rebalance)
// restores them before reading on. A crash loses nothing: records after the last commit
// are read again, from state as it was at that commit.
//
// Thread-safety: Run() on one thread; Stop(), ReloadRules() and the getters from any.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "engine/compiled_rules.h"
#include "kafka/output_producer.h"
#include "kafka/partition_state.h"
#include "kafka/partition_worker.h"
#include "kafka/service_metrics.h"
#include "kafka/service_options.h"
#include "kafka/state_reader.h"

struct rd_kafka_s;
struct rd_kafka_topic_partition_list_s;
struct rd_kafka_topic_s;

namespace leakhound {

class Service {
 public:
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  // REQUIRES: options.kafka names bootstrap.servers and options.inputs is not empty.
  static Result<std::unique_ptr<Service>> Create(ServiceOptions options,
                                                 std::shared_ptr<const CompiledRules> rules,
                                                 const Clock& clock);

  // Consumes until Stop(), then drains: every record read is processed, its outputs and
  // checkpoints delivered and committed, within options.shutdown_timeout. Returns OK after
  // a clean stop, or why the service could not go on.
  Status Run();
  void Stop();
  // Takes effect between two records on every worker.
  void ReloadRules(std::shared_ptr<const CompiledRules> rules);

  ServiceMetrics& metrics() { return metrics_; }
  // Ready: joined its group and running. Healthy: its loop went round recently.
  bool ready() const { return ready_.load() && !stop_.load(); }
  bool healthy() const;

 private:
  using PartitionKey = std::pair<std::string, int32_t>;

  Service(ServiceOptions options, std::shared_ptr<const CompiledRules> rules, const Clock& clock);
  Status Start();
  void Poll();
  // Adds the record to the run being gathered (a new partition hands the run over first).
  void HandleRecord(struct rd_kafka_message_s* record);
  // Hands the gathered run to its partition's worker, pausing the partition if the worker's
  // queue is full. Called after each poll round and before a rebalance is handled.
  void HandOver();
  void HandleConsumerError(const struct rd_kafka_message_s& record);
  void OnRebalance(int error, rd_kafka_topic_partition_list_s* partitions);
  void OnAssign(rd_kafka_topic_partition_list_s* partitions);
  // Asks for the metadata of the partitions' topics, so that their leaders are known when
  // they are assigned.
  void RefreshLeaders(const rd_kafka_topic_partition_list_s* partitions);
  // Reads the committed offsets and window state of `partitions` and assigns them.
  void AssignPartitions(rd_kafka_topic_partition_list_s* partitions);
  // Exactly-once: commits the current transaction with the offsets it covers and begins
  // the next; on an abortable error, aborts and rewinds.
  void CommitTransaction();
  void Rewind();
  void OnRevoke(rd_kafka_topic_partition_list_s* partitions, bool lost);
  // The end of a revoke: forgets `revoked` (state, metrics) and unassigns; `note` ends the
  // log line.
  void ReleasePartitions(const std::vector<std::shared_ptr<PartitionState>>& revoked,
                         std::string_view note);
  void OnCommitted(int error, rd_kafka_topic_partition_list_s* offsets);
  struct DueCommit {
    std::shared_ptr<PartitionState> state;
    int64_t offset = 0;
  };
  // The newest commit point of each of `partitions` the broker has not confirmed, as a list
  // to commit (the caller destroys it); `due` receives them too when given.
  rd_kafka_topic_partition_list_s* DueCommits(
      const std::vector<std::shared_ptr<PartitionState>>& partitions, std::vector<DueCommit>* due);
  // Commits what `partitions` may commit: asynchronously while running, synchronously (and
  // waiting) on revoke and stop.
  void Commit(const std::vector<std::shared_ptr<PartitionState>>& partitions, bool wait);
  // Assigns again the partitions whose next offset was deleted (pending_resets_).
  void ApplyResets();
  void ResumeDrained();
  void UpdateGauges();
  std::string RestoreSnapshot(const PartitionState& partition, const std::string& metadata);
  std::vector<std::shared_ptr<PartitionState>> AllPartitions() const;

  ServiceOptions options_;
  std::shared_ptr<const CompiledRules> rules_;
  const Clock& clock_;
  ServiceMetrics metrics_;
  std::unique_ptr<OutputProducer> producer_;
  std::unique_ptr<StateReader> state_reader_;
  std::vector<std::unique_ptr<PartitionWorker>> workers_;
  rd_kafka_s* consumer_ = nullptr;
  std::map<std::string, size_t> input_by_topic_;
  std::map<PartitionKey, int64_t> pending_resets_;  // partition -> the offset to go on from
  // HandleRecord's last lookup in partitions_; reset whenever partitions_ changes.
  const rd_kafka_topic_s* last_topic_ = nullptr;
  int32_t last_partition_ = -1;
  std::shared_ptr<PartitionState> last_state_;
  // The run of records of one partition polled and not yet handed to its worker.
  std::shared_ptr<PartitionState> run_state_;
  std::vector<rd_kafka_message_s*> run_;
  std::vector<int64_t> run_offsets_;

  std::map<PartitionKey, std::shared_ptr<PartitionState>> partitions_;  // consumer thread
  std::chrono::steady_clock::time_point commit_sent_{};                 // of the last async commit
  std::atomic<bool> stop_{false};
  std::atomic<bool> ready_{false};
  std::atomic<int64_t> heartbeat_{0};  // steady-clock nanoseconds of the last loop round
  Status fatal_;                       // consumer thread: why the service cannot go on
  std::mutex rules_mutex_;
  std::shared_ptr<const CompiledRules> pending_rules_;
};

}  // namespace leakhound
