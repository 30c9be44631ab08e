// Tap: what the interceptor runs beside one host consumer. The host's poll thread hands it
// each consumed record (Offer: a copy into a bounded queue, never a wait); one worker
// thread decodes the records, runs the engine and produces the detections with the tap's
// own producer. A full queue drops the record, counts it and says so on stderr at most
// every ten seconds: the host's poll loop is never held up by detection.
//
// Close() (the host's rd_kafka_destroy) drains what is queued within the configured bound,
// flushes the producer and stops the worker; what it could not process is counted as
// dropped and reported in the closing line.
//
// Thread-safety: Offer from any thread (librdkafka may call on_consume from several);
// Close from one thread, once the host stopped consuming.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "codec/decoder.h"
#include "codec/detection_format.h"
#include "core/clock.h"
#include "engine/engine.h"
#include "interceptor/interceptor_settings.h"
#include "kafka/output_producer.h"

namespace leakhound {

struct TapCounters {
  uint64_t offered = 0;     // records the host consumed
  uint64_t dropped = 0;     // not processed: queue full, or left at the drain bound
  uint64_t processed = 0;   // records the engine saw
  uint64_t rejected = 0;    // records the decoder could not read
  uint64_t detections = 0;  // produced
  uint64_t produce_failures = 0;
};

class Tap {
 public:
  struct Host {
    std::string group_id;   // the host consumer's group.id ("" for a simple consumer)
    std::string bootstrap;  // its bootstrap.servers
  };

  // Loads the rules and the profile, makes the producer and starts the worker. Errors say
  // which setting is wrong (a rule file's own errors with file:line:col).
  static Result<std::unique_ptr<Tap>> Create(const InterceptorSettings& settings, Host host);
  ~Tap();
  Tap(const Tap&) = delete;
  Tap& operator=(const Tap&) = delete;

  // Copies the record for the worker, or drops it when the queue is full.
  void Offer(std::string_view topic, int32_t partition, int64_t offset, std::string_view payload);

  // Drains, flushes and stops (idempotent), then prints the closing line on stderr.
  void Close();

  TapCounters counters() const;

 private:
  struct Record {
    std::string_view topic;
    int32_t partition = 0;
    int64_t offset = 0;
    std::string_view payload;
  };
  // Records queued for the worker, their bytes one after another in one buffer. The host's
  // thread appends, the worker takes the whole batch and hands back an emptied one, so
  // after the first batches no record costs an allocation: one allocation a record,
  // freed by the other thread, is what glibc's malloc contends on (measured in the
  // interceptor benchmark).
  struct Batch {
    struct Entry {
      size_t topic_at = 0;
      uint32_t topic_size = 0;
      int32_t partition = 0;
      int64_t offset = 0;
      size_t payload_at = 0;
      size_t payload_size = 0;
    };
    std::string bytes;
    std::vector<Entry> entries;

    void Add(std::string_view topic, int32_t partition, int64_t offset, std::string_view payload);
    Record Get(const Entry& entry) const;
    void Clear();
  };

  Tap(const InterceptorSettings& settings, Host host);
  void Run();
  // The queue length at which the host's thread wakes a worker gathering a batch.
  size_t WakeAt() const;
  void Process(const Record& record);
  void Produce(const Record& record, const Detection& detection);

  InterceptorSettings settings_;  // Rules() compiles the built-in pack on first use
  const Host host_;
  SystemClock clock_;
  DetectionEncoder encoder_;
  std::unique_ptr<Decoder> decoder_;
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<OutputProducer> producer_;
  std::string buffer_;  // the encoded detection (worker only)

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  Batch queue_;  // filled by Offer(); swapped for the batch the worker emptied
  bool stopping_ = false;
  std::chrono::steady_clock::time_point drain_deadline_;
  std::chrono::steady_clock::time_point last_drop_report_{};
  std::thread worker_;
  std::atomic<bool> cancel_{false};
  bool closed_ = false;

  std::atomic<uint64_t> offered_{0};
  std::atomic<uint64_t> dropped_{0};
  std::atomic<uint64_t> processed_{0};
  std::atomic<uint64_t> rejected_{0};
  std::atomic<uint64_t> detections_{0};
  std::atomic<uint64_t> produce_failures_{0};
};

}  // namespace leakhound
