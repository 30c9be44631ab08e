// ServiceMetrics: the counters and gauges of `leakhound run`, rendered in the Prometheus
// text exposition format for /metrics. Every degraded path of the service has a counter
// here (rejected records, dead letters, records lost to retention, undeliverable outputs,
// refused reloads, lost state), so that nothing goes wrong silently.
//
// Thread-safety: every method may be called from any thread. Workers add their counts once
// per batch, so the mutex is taken rarely.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "codec/decoder.h"

namespace leakhound {

class ServiceMetrics {
 public:
  // Counters.
  void AddRecords(std::string_view topic, uint64_t records, uint64_t bytes);
  void AddRejected(RejectReason reason, uint64_t count);
  void AddDetections(std::string_view rule_id, uint64_t count);
  void AddEvaluation(double seconds, uint64_t events);
  void AddCommit(bool ok, double seconds);
  void Add(std::string_view counter, uint64_t count = 1);  // the named counters below

  // Gauges, set by the consumer thread.
  void SetLag(std::string_view topic, int32_t partition, int64_t lag);
  void ForgetPartition(std::string_view topic, int32_t partition);
  void SetGauge(std::string_view gauge, double value);

  uint64_t counter(std::string_view counter) const;
  uint64_t records(std::string_view topic) const;
  std::string RenderPrometheus() const;

  // Named counters (Add) and gauges (SetGauge).
  static constexpr std::string_view kDeadLetters = "dead_letters_total";
  static constexpr std::string_view kRecordsLost = "records_lost_total";
  static constexpr std::string_view kSkipped = "records_skipped_total";
  static constexpr std::string_view kStateSnapshots = "state_snapshots_total";
  static constexpr std::string_view kStateRestored = "state_restored_total";
  static constexpr std::string_view kStateLost = "state_lost_total";
  static constexpr std::string_view kReloads = "rule_reloads_total";
  static constexpr std::string_view kReloadsRefused = "rule_reloads_refused_total";
  static constexpr std::string_view kPauses = "partition_pauses_total";
  static constexpr std::string_view kConsumerErrors = "consumer_errors_total";
  static constexpr std::string_view kReplayedEvents = "replayed_records_total";
  static constexpr std::string_view kTransactionsCommitted = "transactions_committed_total";
  static constexpr std::string_view kTransactionsAborted = "transactions_aborted_total";
  static constexpr std::string_view kGaugeAssigned = "assigned_partitions";
  static constexpr std::string_view kGaugePaused = "paused_partitions";
  static constexpr std::string_view kGaugeWindowGroups = "window_state_groups";
  static constexpr std::string_view kGaugeWindowEntries = "window_state_entries";
  static constexpr std::string_view kGaugeQueued = "queued_records";
  static constexpr std::string_view kGaugeProducerQueueFull = "producer_queue_full_total";
  static constexpr std::string_view kGaugeProduced = "produced_total";
  static constexpr std::string_view kGaugeProduceRetries = "produce_retries_total";

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::pair<uint64_t, uint64_t>, std::less<>> records_;  // topic
  std::map<RejectReason, uint64_t> rejected_;
  std::map<std::string, uint64_t, std::less<>> detections_;  // rule id
  double evaluation_seconds_ = 0;
  uint64_t evaluated_events_ = 0;
  uint64_t commits_ok_ = 0;
  uint64_t commits_failed_ = 0;
  double commit_seconds_ = 0;
  std::map<std::string, uint64_t, std::less<>> counters_;
  std::map<std::string, double, std::less<>> gauges_;
  std::map<std::pair<std::string, int32_t>, int64_t> lag_;
};

}  // namespace leakhound
