// OutputProducer: the service's one producer, for detections, dead letters and window-state
// snapshot parts. Every message carries a DeliveryTicket that its delivery report
// completes, which is how input offsets learn that what they produced is safe.
//
// Nothing is dropped: a full queue makes Produce() wait (the worker stalls, its queue fills
// and the consumer pauses its partitions); a delivery that times out is produced again; an
// error that retrying cannot fix (no such topic, not authorized, a fatal idempotence error)
// is reported through fatal() so that the service stops without committing past it.
//
// Thread-safety: Produce() from any thread; delivery reports run on the producer's own poll
// thread, started by Start().
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "core/result.h"
#include "kafka/kafka_properties.h"

struct rd_kafka_s;
struct rd_kafka_message_s;
struct rd_kafka_conf_s;
struct rd_kafka_topic_partition_list_s;

namespace leakhound {

class DeliveryTicket {
 public:
  virtual ~DeliveryTicket() = default;
  // The message is stored at (partition, offset). Called once, on the poll thread.
  virtual void Delivered(int32_t partition, int64_t offset) = 0;
};

struct OutgoingMessage {
  std::string_view topic;
  int32_t partition = -1;  // -1: by the key's hash
  std::string_view key;
  std::string_view value;
  std::vector<std::pair<std::string, std::string>> headers;
};

struct ProducerCounters {
  std::atomic<uint64_t> produced{0};
  std::atomic<uint64_t> delivered{0};
  std::atomic<uint64_t> retried{0};     // produced again after a timeout or transient error
  std::atomic<uint64_t> queue_full{0};  // waits for room in the producer queue
};

class OutputProducer {
 public:
  ~OutputProducer();
  OutputProducer(const OutputProducer&) = delete;
  OutputProducer& operator=(const OutputProducer&) = delete;

  // `properties`: the common client properties; acks, idempotence and delivery callbacks
  // are set here. A non-empty `transactional_id` makes it transactional.
  // `conf_hook`, when set, sees the configuration last (ServiceOptions::producer_conf_hook).
  static Result<std::unique_ptr<OutputProducer>> Create(
      const KafkaProperties& properties, const std::string& transactional_id,
      const std::function<void(rd_kafka_conf_s*)>& conf_hook = nullptr);

  // Starts the poll thread that serves delivery reports.
  void Start();
  // Waits until every message is delivered or `timeout` passes; false on timeout.
  bool Flush(std::chrono::milliseconds timeout);
  // Stops the poll thread (after a Flush).
  void StopPolling();

  // Queues a message; `ticket` (owned from here on) is completed on delivery. Waits while
  // the queue is full. Fails only when the producer is fatally broken or `cancel` is set.
  Status Produce(const OutgoingMessage& message, std::unique_ptr<DeliveryTicket> ticket,
                 const std::atomic<bool>& cancel);

  // Exactly-once (a producer made with a transactional_id). Init once; then each
  // transaction is begun, filled by Produce(), and committed together with the input
  // offsets of `consumer`'s group. An abortable error aborts it: what it held is discarded
  // and the service reads again from the committed offsets. A fatal one (this producer was
  // fenced by a newer instance with the same transactional.id) ends the service.
  enum class TransactionOutcome { kCommitted, kAborted, kFatal };
  struct TransactionResult {
    TransactionOutcome outcome = TransactionOutcome::kCommitted;
    std::string error;
  };
  Status InitTransactions(std::chrono::milliseconds timeout);
  Status BeginTransaction();
  TransactionResult CommitTransaction(rd_kafka_topic_partition_list_s* offsets,
                                      rd_kafka_s* consumer, std::chrono::milliseconds timeout);
  // Aborts the current transaction (`why` goes into the result).
  TransactionResult AbortTransaction(std::string why, std::chrono::milliseconds timeout);
  bool transactional() const { return transactional_; }

  // Set once an error that retrying cannot fix happened; the service stops on it.
  bool failed() const { return failed_.load(); }
  std::string failure() const;

  rd_kafka_s* handle() { return producer_; }
  const ProducerCounters& counters() const { return counters_; }

 private:
  OutputProducer() = default;
  // A message whose delivery failed in a way a new attempt can get past.
  struct Retry {
    std::string topic;
    int32_t partition = -1;
    std::string key;
    std::string value;
    std::vector<std::pair<std::string, std::string>> headers;
    DeliveryTicket* ticket = nullptr;  // owned until produced again
  };

  static void OnDelivery(rd_kafka_s* producer, const rd_kafka_message_s* message, void* opaque);
  void HandleDelivery(const rd_kafka_message_s& message);
  void ProduceRetries();  // on the poll thread
  void Fail(std::string why);

  rd_kafka_s* producer_ = nullptr;
  std::thread poller_;
  std::atomic<bool> polling_{false};
  std::atomic<bool> failed_{false};
  std::atomic<bool> closing_{false};  // being destroyed: reports only free their tickets
  bool transactional_ = false;
  // A message of the current transaction was not delivered: committing it will fail.
  std::atomic<bool> transaction_failed_{false};
  mutable std::mutex failure_mutex_;
  std::string failure_;
  std::mutex retry_mutex_;
  std::deque<Retry> retries_;
  ProducerCounters counters_;
};

}  // namespace leakhound
