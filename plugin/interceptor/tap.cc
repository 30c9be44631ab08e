#include "interceptor/tap.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>

#include "codec/make_decoder.h"

namespace leakhound {
namespace {

constexpr auto kDropReportInterval = std::chrono::seconds(10);
// The worker takes records in batches of kWakeBatch, or what came within kBatchWait of the
// first: a millisecond more latency for a quiet host, a wake-up a batch for a busy one.
constexpr size_t kWakeBatch = 256;
constexpr auto kBatchWait = std::chrono::milliseconds(1);

// The delivery report of a detection needs nothing done: the tap commits no offsets (the
// host owns them), so only a failure matters, and the producer reports that itself.
class NoTicket final : public DeliveryTicket {
 public:
  void Delivered(int32_t, int64_t) override {}
};

// The producer logs through spdlog; a host that never set spdlog up would get those lines
// on stdout, which is kcat's data. Only the untouched default logger is replaced.
void LogToStderr() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (spdlog::default_logger()->name().empty()) {
      spdlog::set_default_logger(spdlog::stderr_logger_mt("leakhound-interceptor"));
    }
  });
}

}  // namespace

Tap::Tap(const InterceptorSettings& settings, Host host)
    : settings_(settings), host_(std::move(host)), encoder_(settings.output_format, [] {
        EncoderOptions options;
        options.product_version = "interceptor";
        return options;
      }()) {}

Result<std::unique_ptr<Tap>> Tap::Create(const InterceptorSettings& settings, Host host) {
  LogToStderr();
  std::unique_ptr<Tap> tap(new Tap(settings, std::move(host)));

  Result<std::unique_ptr<Decoder>> decoder = MakeDecoder(settings.field_map);
  if (!decoder.ok()) return InvalidArgument("leakhound.profile: " + decoder.status().message());
  tap->decoder_ = std::move(*decoder);
  Result<std::shared_ptr<const CompiledRules>> rules = tap->settings_.Rules();
  if (!rules.ok()) return rules.status();
  Result<std::unique_ptr<Engine>> engine = Engine::Create(*rules, tap->clock_);
  if (!engine.ok()) return engine.status();
  tap->engine_ = std::move(*engine);

  KafkaProperties properties = settings.producer;
  const std::string& bootstrap =
      settings.output_bootstrap.empty() ? tap->host_.bootstrap : settings.output_bootstrap;
  if (bootstrap.empty()) {
    return InvalidArgument(
        "no cluster to produce detections to: set bootstrap.servers or "
        "leakhound.output.bootstrap.servers");
  }
  properties.Set("bootstrap.servers", bootstrap);
  properties.SetDefault("client.id", "leakhound-interceptor");
  Result<std::unique_ptr<OutputProducer>> producer = OutputProducer::Create(properties, "");
  if (!producer.ok()) return InvalidArgument("leakhound.producer: " + producer.status().message());
  tap->producer_ = std::move(*producer);
  tap->producer_->Start();
  tap->worker_ = std::thread([raw = tap.get()] { raw->Run(); });
  return tap;
}

Tap::~Tap() { Close(); }

void Tap::Offer(std::string_view topic, int32_t partition, int64_t offset,
                std::string_view payload) {
  offered_.fetch_add(1, std::memory_order_relaxed);
  bool report = false;
  bool wake = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (queue_.entries.size() >= settings_.queue_size || stopping_) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      const auto now = std::chrono::steady_clock::now();
      if (now - last_drop_report_ >= kDropReportInterval) {
        last_drop_report_ = now;
        report = true;
      }
    } else {
      queue_.Add(topic, partition, offset, payload);
      // The worker waits for a first record, then for a batch (Run): two wakes a batch.
      const size_t queued = queue_.entries.size();
      wake = queued == 1 || queued == WakeAt();
    }
  }
  if (report) {
    std::fprintf(stderr,
                 "leakhound interceptor: queue full (leakhound.queue.size=%zu): %llu records "
                 "dropped so far, not scanned\n",
                 settings_.queue_size, static_cast<unsigned long long>(dropped_.load()));
  }
  if (wake) wake_.notify_one();
}

size_t Tap::WakeAt() const { return std::min(kWakeBatch, settings_.queue_size); }

void Tap::Run() {
  Batch batch;
  while (true) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.entries.empty(); });
      // Then a batch, or kBatchWait: woken for each record, the worker would take the lock
      // from the host's thread a record at a time (measured: with a queue of one record,
      // kcat read at 0.16x of its speed alone).
      wake_.wait_for(lock, kBatchWait,
                     [&] { return stopping_ || queue_.entries.size() >= WakeAt(); });
      if (queue_.entries.empty()) return;  // stopping, and all drained
      if (stopping_ && std::chrono::steady_clock::now() >= drain_deadline_) {
        dropped_.fetch_add(queue_.entries.size(), std::memory_order_relaxed);
        queue_.Clear();
        return;
      }
      std::swap(batch, queue_);  // queue_ gets the batch emptied last round
    }
    for (const Batch::Entry& entry : batch.entries) Process(batch.Get(entry));
    batch.Clear();
  }
}

void Tap::Batch::Add(std::string_view topic, int32_t partition, int64_t offset,
                     std::string_view payload) {
  Entry entry;
  // Records come in runs of one topic: its name is kept once a run.
  if (!entries.empty() &&
      std::string_view(bytes).substr(entries.back().topic_at, entries.back().topic_size) == topic) {
    entry.topic_at = entries.back().topic_at;
  } else {
    entry.topic_at = bytes.size();
    bytes.append(topic);
  }
  entry.topic_size = static_cast<uint32_t>(topic.size());
  entry.partition = partition;
  entry.offset = offset;
  entry.payload_at = bytes.size();
  entry.payload_size = payload.size();
  bytes.append(payload);
  entries.push_back(entry);
}

Tap::Record Tap::Batch::Get(const Entry& entry) const {
  const std::string_view view(bytes);
  return {view.substr(entry.topic_at, entry.topic_size), entry.partition, entry.offset,
          view.substr(entry.payload_at, entry.payload_size)};
}

void Tap::Batch::Clear() {
  // A batch that once held a huge record gives the memory back rather than keep it.
  constexpr size_t kKeptBytes = size_t{64} << 20;
  if (bytes.capacity() > kKeptBytes) {
    std::string().swap(bytes);
  } else {
    bytes.clear();
  }
  entries.clear();
}

void Tap::Process(const Record& record) {
  processed_.fetch_add(1, std::memory_order_relaxed);
  const SourceRef source{record.topic, record.partition, record.offset, 0};
  CollectingSink sink;
  const DecodeResult result =
      decoder_->Decode({record.payload, 0}, source, [&](const QueryEvent& event) {
        (void)engine_->Process(event, sink);  // fails only if Hyperscan does
      });
  if (!result.ok()) rejected_.fetch_add(1, std::memory_order_relaxed);
  for (const Detection& detection : sink.detections) Produce(record, detection);
}

void Tap::Produce(const Record& record, const Detection& detection) {
  buffer_.clear();
  encoder_.Encode(detection, buffer_);
  OutgoingMessage message;
  message.topic = settings_.output_topic;
  message.key = detection.principal;
  message.value = buffer_;
  message.headers = {{"leakhound-rule", detection.rule->id},
                     {"leakhound-severity", std::string(SeverityName(detection.rule->severity))},
                     {"leakhound-detection-id", detection.id},
                     {"leakhound-event-time", FormatTimestamp(detection.event_time)},
                     {"leakhound-consumer-group", host_.group_id},
                     {"leakhound-source-topic", std::string(record.topic)},
                     {"leakhound-source-partition", std::to_string(record.partition)},
                     {"leakhound-source-offset", std::to_string(record.offset)}};
  const Status status = producer_->Produce(message, std::make_unique<NoTicket>(), cancel_);
  if (status.ok()) {
    detections_.fetch_add(1, std::memory_order_relaxed);
  } else {
    produce_failures_.fetch_add(1, std::memory_order_relaxed);
    std::fprintf(stderr, "leakhound interceptor: detection %s not produced: %s\n",
                 detection.id.c_str(), status.ToString().c_str());
  }
}

void Tap::Close() {
  if (closed_) return;
  closed_ = true;
  if (!worker_.joinable()) return;  // Create failed before anything ran
  const auto deadline = std::chrono::steady_clock::now() + settings_.drain_timeout;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    drain_deadline_ = deadline;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
  if (producer_) {
    const auto left = std::max(std::chrono::milliseconds(100),
                               std::chrono::duration_cast<std::chrono::milliseconds>(
                                   deadline - std::chrono::steady_clock::now()));
    if (!producer_->Flush(left)) {
      std::fprintf(stderr, "leakhound interceptor: detections still undelivered after %lld ms\n",
                   static_cast<long long>(left.count()));
    }
    cancel_ = true;
    producer_->StopPolling();
  }
  const TapCounters totals = counters();
  std::fprintf(stderr,
               "leakhound interceptor: %llu records consumed, %llu scanned, %llu detections "
               "produced to %s, %llu dropped, %llu rejected, %llu not produced\n",
               static_cast<unsigned long long>(totals.offered),
               static_cast<unsigned long long>(totals.processed),
               static_cast<unsigned long long>(totals.detections), settings_.output_topic.c_str(),
               static_cast<unsigned long long>(totals.dropped),
               static_cast<unsigned long long>(totals.rejected),
               static_cast<unsigned long long>(totals.produce_failures));
}

TapCounters Tap::counters() const {
  return {offered_.load(),  dropped_.load(),    processed_.load(),
          rejected_.load(), detections_.load(), produce_failures_.load()};
}

}  // namespace leakhound
