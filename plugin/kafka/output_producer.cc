#include "kafka/output_producer.h"

#include <librdkafka/rdkafka.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <deque>

namespace leakhound {
namespace {

// Errors a new attempt can get past: the broker was away longer than message.timeout.ms,
// or a leader moved. Anything else (no such topic, not authorized, too large) will fail
// again however often it is tried.
bool Retriable(rd_kafka_resp_err_t error) {
  switch (error) {
    case RD_KAFKA_RESP_ERR__MSG_TIMED_OUT:
    case RD_KAFKA_RESP_ERR__TIMED_OUT:
    case RD_KAFKA_RESP_ERR__TRANSPORT:
    case RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN:
    case RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT:
    case RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS:
    case RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND:
    case RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE:
    case RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION:
      return true;
    default:
      return false;
  }
}

}  // namespace

OutputProducer::~OutputProducer() {
  StopPolling();
  if (producer_ != nullptr) {
    // Whatever is still queued (a stop that timed out) is purged; its reports only free
    // their tickets.
    closing_.store(true);
    rd_kafka_purge(producer_, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    rd_kafka_flush(producer_, 1000);
    rd_kafka_destroy(producer_);
  }
  for (Retry& retry : retries_) delete retry.ticket;
}

Result<std::unique_ptr<OutputProducer>> OutputProducer::Create(
    const KafkaProperties& properties, const std::string& transactional_id,
    const std::function<void(rd_kafka_conf_t*)>& conf_hook) {
  KafkaProperties settings = properties;
  // Durable and in order: acknowledged by every in-sync replica, no duplicates from retries.
  settings.SetDefault("acks", "all");
  settings.Set("enable.idempotence", "true");
  settings.SetDefault("linger.ms", "5");
  settings.SetDefault("compression.type", "lz4");
  if (!transactional_id.empty()) settings.Set("transactional.id", transactional_id);
  Result<rd_kafka_conf_t*> conf = settings.MakeConf();
  if (!conf.ok()) return conf.status();
  std::unique_ptr<OutputProducer> producer(new OutputProducer());
  rd_kafka_conf_set_opaque(*conf, producer.get());
  rd_kafka_conf_set_dr_msg_cb(*conf, &OutputProducer::OnDelivery);
  rd_kafka_conf_set_error_cb(
      *conf, [](rd_kafka_t* rk, int error, const char* reason, void* opaque) {
        auto* self = static_cast<OutputProducer*>(opaque);
        if (error == RD_KAFKA_RESP_ERR__FATAL) {
          char fatal[512];
          rd_kafka_fatal_error(rk, fatal, sizeof fatal);
          self->Fail(std::string("producer: fatal error: ") + fatal);
          return;
        }
        spdlog::warn("producer: {} ({})", reason,
                     rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(error)));
      });
  if (conf_hook) conf_hook(*conf);
  producer->transactional_ = !transactional_id.empty();
  char error[512];
  producer->producer_ = rd_kafka_new(RD_KAFKA_PRODUCER, *conf, error, sizeof error);
  if (producer->producer_ == nullptr) {
    rd_kafka_conf_destroy(*conf);
    return InvalidArgument(std::string("producer: ") + error);
  }
  return producer;
}

void OutputProducer::Start() {
  if (polling_.exchange(true)) return;
  poller_ = std::thread([this] {
    while (polling_.load()) {
      rd_kafka_poll(producer_, 50);
      ProduceRetries();
    }
  });
}

bool OutputProducer::Flush(std::chrono::milliseconds timeout) {
  // rd_kafka_flush() polls too, which is harmless beside the poll thread.
  return rd_kafka_flush(producer_, static_cast<int>(timeout.count())) == RD_KAFKA_RESP_ERR_NO_ERROR;
}

void OutputProducer::StopPolling() {
  if (!polling_.exchange(false)) return;
  if (poller_.joinable()) poller_.join();
  rd_kafka_poll(producer_, 0);  // reports that arrived meanwhile
}

std::string OutputProducer::failure() const {
  std::lock_guard lock(failure_mutex_);
  return failure_;
}

void OutputProducer::Fail(std::string why) {
  {
    std::lock_guard lock(failure_mutex_);
    if (!failure_.empty()) return;
    failure_ = why;
  }
  failed_.store(true);
  spdlog::error("{}", why);
}

Status OutputProducer::Produce(const OutgoingMessage& message,
                               std::unique_ptr<DeliveryTicket> ticket,
                               const std::atomic<bool>& cancel) {
  rd_kafka_headers_t* headers = nullptr;
  if (!message.headers.empty()) {
    headers = rd_kafka_headers_new(message.headers.size());
    for (const auto& [name, value] : message.headers) {
      rd_kafka_header_add(headers, name.data(), static_cast<ssize_t>(name.size()), value.data(),
                          static_cast<ssize_t>(value.size()));
    }
  }
  for (;;) {
    if (failed()) {
      if (headers != nullptr) rd_kafka_headers_destroy(headers);
      return Unavailable(failure());
    }
    const std::string topic(message.topic);
    const rd_kafka_resp_err_t error = rd_kafka_producev(
        producer_, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(message.partition),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_KEY(message.key.data(), message.key.size()),
        RD_KAFKA_V_VALUE(const_cast<char*>(message.value.data()), message.value.size()),
        RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_OPAQUE(ticket.get()), RD_KAFKA_V_END);
    if (error == RD_KAFKA_RESP_ERR_NO_ERROR) {
      ticket.release();  // the delivery report owns it now
      ++counters_.produced;
      return Status::Ok();
    }
    if (error != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      if (headers != nullptr) rd_kafka_headers_destroy(headers);
      return Unavailable("produce to " + std::string(message.topic) + ": " +
                         rd_kafka_err2str(error));
    }
    // Full: wait for deliveries to make room. The worker stalls here and its input queue
    // fills up, which pauses the consumer: backpressure, not a drop.
    ++counters_.queue_full;
    if (cancel.load()) {
      if (headers != nullptr) rd_kafka_headers_destroy(headers);
      return Unavailable("produce to " + std::string(message.topic) +
                         ": stopped while the queue was full");
    }
    rd_kafka_poll(producer_, 10);
  }
}

void OutputProducer::OnDelivery(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
  static_cast<OutputProducer*>(opaque)->HandleDelivery(*message);
}

void OutputProducer::HandleDelivery(const rd_kafka_message_t& message) {
  auto* ticket = static_cast<DeliveryTicket*>(message._private);
  if (closing_.load()) {
    delete ticket;
    return;
  }
  if (message.err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    ++counters_.delivered;
    if (ticket != nullptr) ticket->Delivered(message.partition, message.offset);
    delete ticket;
    return;
  }
  const char* topic = message.rkt != nullptr ? rd_kafka_topic_name(message.rkt) : "?";
  if (transactional_) {
    // Inside a transaction a lost message fails the commit, which aborts and rewinds: the
    // record is read and its outputs produced again in the next transaction.
    delete ticket;
    if (message.err != RD_KAFKA_RESP_ERR__PURGE_QUEUE &&
        message.err != RD_KAFKA_RESP_ERR__PURGE_INFLIGHT) {
      transaction_failed_.store(true);
      spdlog::warn("transaction: delivery to {} failed: {}", topic, rd_kafka_err2str(message.err));
    }
    return;
  }
  if (!Retriable(message.err)) {
    // The ticket stays open: its input offset is never committed, and the service stops.
    delete ticket;
    Fail(std::string("cannot deliver to ") + topic + ": " + rd_kafka_err2str(message.err));
    return;
  }
  // Produce it again with the same ticket, from the poll loop (not from this callback: a
  // full queue would wait for this very thread).
  ++counters_.retried;
  spdlog::warn("delivery to {} failed ({}); producing it again", topic,
               rd_kafka_err2str(message.err));
  Retry retry;
  retry.topic = topic;
  retry.partition = message.partition;
  retry.key.assign(static_cast<const char*>(message.key), message.key_len);
  retry.value.assign(static_cast<const char*>(message.payload), message.len);
  rd_kafka_headers_t* original = nullptr;
  if (rd_kafka_message_headers(&message, &original) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    for (size_t i = 0;; ++i) {
      const char* name = nullptr;
      const void* value = nullptr;
      size_t size = 0;
      if (rd_kafka_header_get_all(original, i, &name, &value, &size) !=
          RD_KAFKA_RESP_ERR_NO_ERROR) {
        break;
      }
      retry.headers.emplace_back(name, std::string(static_cast<const char*>(value), size));
    }
  }
  retry.ticket = ticket;
  std::lock_guard lock(retry_mutex_);
  retries_.push_back(std::move(retry));
}

void OutputProducer::ProduceRetries() {
  std::deque<Retry> retries;
  {
    std::lock_guard lock(retry_mutex_);
    retries.swap(retries_);
  }
  static const std::atomic<bool> kNeverCancel{false};
  for (Retry& retry : retries) {
    OutgoingMessage message{retry.topic, retry.partition, retry.key, retry.value, retry.headers};
    const Status status =
        Produce(message, std::unique_ptr<DeliveryTicket>(retry.ticket), kNeverCancel);
    if (!status.ok()) Fail("cannot produce to " + retry.topic + " again: " + status.message());
  }
}

namespace {

std::string TakeError(rd_kafka_error_t* error) {
  std::string text = rd_kafka_error_string(error);
  rd_kafka_error_destroy(error);
  return text;
}

}  // namespace

Status OutputProducer::InitTransactions(std::chrono::milliseconds timeout) {
  if (rd_kafka_error_t* error =
          rd_kafka_init_transactions(producer_, static_cast<int>(timeout.count()))) {
    return Unavailable("init transactions: " + TakeError(error));
  }
  return Status::Ok();
}

Status OutputProducer::BeginTransaction() {
  transaction_failed_.store(false);
  if (rd_kafka_error_t* error = rd_kafka_begin_transaction(producer_)) {
    return Unavailable("begin transaction: " + TakeError(error));
  }
  return Status::Ok();
}

OutputProducer::TransactionResult OutputProducer::AbortTransaction(
    std::string why, std::chrono::milliseconds timeout) {
  TransactionResult result{TransactionOutcome::kAborted, std::move(why)};
  if (rd_kafka_error_t* error =
          rd_kafka_abort_transaction(producer_, static_cast<int>(timeout.count()))) {
    const bool fatal = rd_kafka_error_is_fatal(error);
    result.error += "; abort: " + TakeError(error);
    if (fatal) result.outcome = TransactionOutcome::kFatal;
  }
  return result;
}

OutputProducer::TransactionResult OutputProducer::CommitTransaction(
    rd_kafka_topic_partition_list_t* offsets, rd_kafka_t* consumer,
    std::chrono::milliseconds timeout) {
  const int ms = static_cast<int>(timeout.count());
  const auto abort = [&](std::string why) { return AbortTransaction(std::move(why), timeout); };
  const auto classify = [&](rd_kafka_error_t* error, const char* step) {
    const bool fatal = rd_kafka_error_is_fatal(error);
    std::string why = std::string(step) + ": " + TakeError(error);
    // Abortable or retriable (a timeout): abort either way; the records are read again.
    return fatal ? TransactionResult{TransactionOutcome::kFatal, why} : abort(why);
  };
  if (transaction_failed_.load()) return abort("a message of the transaction was not delivered");
  if (offsets != nullptr && offsets->cnt > 0) {
    rd_kafka_consumer_group_metadata_t* group = rd_kafka_consumer_group_metadata(consumer);
    rd_kafka_error_t* error = rd_kafka_send_offsets_to_transaction(producer_, offsets, group, ms);
    rd_kafka_consumer_group_metadata_destroy(group);
    if (error != nullptr) return classify(error, "send offsets to the transaction");
  }
  if (rd_kafka_error_t* error = rd_kafka_commit_transaction(producer_, ms)) {
    return classify(error, "commit transaction");
  }
  if (transaction_failed_.load()) {
    // Cannot happen (commit flushes and fails on a lost message); kept as a guard.
    return TransactionResult{TransactionOutcome::kFatal, "a message was lost after the commit"};
  }
  return TransactionResult{};
}

}  // namespace leakhound
