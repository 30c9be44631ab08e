#include "kafka/service_metrics.h"

#include <cstdio>

namespace leakhound {
namespace {

// A label value with Prometheus's escapes (backslash, quote, newline).
std::string Label(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

void Header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out += "# HELP leakhound_";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE leakhound_";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

void Sample(std::string& out, std::string_view name, std::string_view labels, double value) {
  char number[32];
  std::snprintf(number, sizeof number, "%.17g", value);
  out += "leakhound_";
  out += name;
  if (!labels.empty()) {
    out += '{';
    out += labels;
    out += '}';
  }
  out += ' ';
  out += number;
  out += '\n';
}

struct Described {
  std::string_view name;
  std::string_view help;
};

constexpr Described kCounters[] = {
    {ServiceMetrics::kDeadLetters, "Records sent to the dead-letter topic."},
    {ServiceMetrics::kRecordsLost,
     "Records deleted by retention before leakhound read them (offset out of range)."},
    {ServiceMetrics::kSkipped,
     "Records (or elements of one) that hold no query: connects, heartbeats, log lines that "
     "are no audit entry. Counted, not dead-lettered."},
    {ServiceMetrics::kStateSnapshots, "Window-state snapshots written to the state topic."},
    {ServiceMetrics::kStateRestored, "Partitions whose window state was restored on assignment."},
    {ServiceMetrics::kStateLost,
     "Partitions whose window state could not be restored (they start with empty windows)."},
    {ServiceMetrics::kReloads, "Rule packs reloaded."},
    {ServiceMetrics::kReloadsRefused, "Rule pack reloads refused (the old rules kept running)."},
    {ServiceMetrics::kPauses, "Times a partition was paused because its worker fell behind."},
    {ServiceMetrics::kConsumerErrors, "Errors the consumer reported."},
    {ServiceMetrics::kReplayedEvents, "Records read again after a restart or a failed commit."},
    {ServiceMetrics::kTransactionsCommitted, "exactly-once: transactions committed."},
    {ServiceMetrics::kTransactionsAborted,
     "exactly-once: transactions aborted (the records were read again)."},
};

constexpr Described kGauges[] = {
    {ServiceMetrics::kGaugeAssigned, "Input partitions assigned to this member."},
    {ServiceMetrics::kGaugePaused, "Input partitions paused for backpressure."},
    {ServiceMetrics::kGaugeWindowGroups, "Groups (e.g. principals) held in threshold windows."},
    {ServiceMetrics::kGaugeWindowEntries, "Events held in threshold windows."},
    {ServiceMetrics::kGaugeQueued, "Records waiting for a worker."},
    {ServiceMetrics::kGaugeProducerQueueFull,
     "Times a worker waited for room in the producer queue (counter)."},
    {ServiceMetrics::kGaugeProduced,
     "Messages produced: detections, dead letters, snapshots (counter)."},
    {ServiceMetrics::kGaugeProduceRetries,
     "Messages produced again after a delivery timed out (counter)."},
};

}  // namespace

void ServiceMetrics::AddRecords(std::string_view topic, uint64_t records, uint64_t bytes) {
  std::lock_guard lock(mutex_);
  auto it = records_.find(topic);
  if (it == records_.end())
    it = records_.emplace(std::string(topic), std::pair<uint64_t, uint64_t>{}).first;
  it->second.first += records;
  it->second.second += bytes;
}

void ServiceMetrics::AddRejected(RejectReason reason, uint64_t count) {
  std::lock_guard lock(mutex_);
  rejected_[reason] += count;
}

void ServiceMetrics::AddDetections(std::string_view rule_id, uint64_t count) {
  std::lock_guard lock(mutex_);
  auto it = detections_.find(rule_id);
  if (it == detections_.end()) it = detections_.emplace(std::string(rule_id), 0).first;
  it->second += count;
}

void ServiceMetrics::AddEvaluation(double seconds, uint64_t events) {
  std::lock_guard lock(mutex_);
  evaluation_seconds_ += seconds;
  evaluated_events_ += events;
}

void ServiceMetrics::AddCommit(bool ok, double seconds) {
  std::lock_guard lock(mutex_);
  ++(ok ? commits_ok_ : commits_failed_);
  commit_seconds_ += seconds;
}

void ServiceMetrics::Add(std::string_view counter, uint64_t count) {
  std::lock_guard lock(mutex_);
  auto it = counters_.find(counter);
  if (it == counters_.end()) it = counters_.emplace(std::string(counter), 0).first;
  it->second += count;
}

uint64_t ServiceMetrics::counter(std::string_view counter) const {
  std::lock_guard lock(mutex_);
  const auto it = counters_.find(counter);
  return it == counters_.end() ? 0 : it->second;
}

uint64_t ServiceMetrics::records(std::string_view topic) const {
  std::lock_guard lock(mutex_);
  const auto it = records_.find(topic);
  return it == records_.end() ? 0 : it->second.first;
}

void ServiceMetrics::SetLag(std::string_view topic, int32_t partition, int64_t lag) {
  std::lock_guard lock(mutex_);
  lag_[{std::string(topic), partition}] = lag;
}

void ServiceMetrics::ForgetPartition(std::string_view topic, int32_t partition) {
  std::lock_guard lock(mutex_);
  lag_.erase({std::string(topic), partition});
}

void ServiceMetrics::SetGauge(std::string_view gauge, double value) {
  std::lock_guard lock(mutex_);
  auto it = gauges_.find(gauge);
  if (it == gauges_.end()) it = gauges_.emplace(std::string(gauge), 0).first;
  it->second = value;
}

std::string ServiceMetrics::RenderPrometheus() const {
  std::lock_guard lock(mutex_);
  std::string out;
  Header(out, "records_total", "counter", "Input records read, by topic.");
  for (const auto& [topic, counts] : records_) {
    Sample(out, "records_total", "topic=\"" + Label(topic) + "\"",
           static_cast<double>(counts.first));
  }
  Header(out, "record_bytes_total", "counter", "Bytes of input records read, by topic.");
  for (const auto& [topic, counts] : records_) {
    Sample(out, "record_bytes_total", "topic=\"" + Label(topic) + "\"",
           static_cast<double>(counts.second));
  }
  Header(out, "rejected_total", "counter", "Input records that could not be decoded, by reason.");
  for (int i = 1; i < kRejectReasonCount; ++i) {
    const auto reason = static_cast<RejectReason>(i);
    const auto it = rejected_.find(reason);
    Sample(out, "rejected_total", "reason=\"" + std::string(RejectReasonName(reason)) + "\"",
           it == rejected_.end() ? 0.0 : static_cast<double>(it->second));
  }
  Header(out, "detections_total", "counter", "Detections published, by rule.");
  for (const auto& [rule, count] : detections_) {
    Sample(out, "detections_total", "rule=\"" + Label(rule) + "\"", static_cast<double>(count));
  }
  Header(out, "evaluation_seconds", "summary", "Time workers spent decoding and evaluating.");
  Sample(out, "evaluation_seconds_sum", "", evaluation_seconds_);
  Sample(out, "evaluation_seconds_count", "", static_cast<double>(evaluated_events_));
  Header(out, "commits_total", "counter", "Offset commits, by result.");
  Sample(out, "commits_total", "result=\"ok\"", static_cast<double>(commits_ok_));
  Sample(out, "commits_total", "result=\"failed\"", static_cast<double>(commits_failed_));
  Header(out, "commit_latency_seconds", "summary", "Time from an offset commit to its answer.");
  Sample(out, "commit_latency_seconds_sum", "", commit_seconds_);
  Sample(out, "commit_latency_seconds_count", "",
         static_cast<double>(commits_ok_ + commits_failed_));
  Header(out, "consumer_lag", "gauge", "Records between the high watermark and the next to read.");
  for (const auto& [key, lag] : lag_) {
    Sample(out, "consumer_lag",
           "topic=\"" + Label(key.first) + "\",partition=\"" + std::to_string(key.second) + "\"",
           static_cast<double>(lag));
  }
  for (const Described& counter : kCounters) {
    Header(out, counter.name, "counter", counter.help);
    const auto it = counters_.find(counter.name);
    Sample(out, counter.name, "", it == counters_.end() ? 0.0 : static_cast<double>(it->second));
  }
  for (const Described& gauge : kGauges) {
    const bool is_counter = gauge.name.ends_with("_total");
    Header(out, gauge.name, is_counter ? "counter" : "gauge", gauge.help);
    const auto it = gauges_.find(gauge.name);
    Sample(out, gauge.name, "", it == gauges_.end() ? 0.0 : it->second);
  }
  return out;
}

}  // namespace leakhound
