#include "kafka/state_reader.h"

#include <librdkafka/rdkafka.h>

#include <cstdlib>
#include <vector>

#include "core/hash.h"

namespace leakhound {
namespace {

// The value of header `name`, or empty.
std::string Header(const rd_kafka_message_t& message, const char* name) {
  rd_kafka_headers_t* headers = nullptr;
  if (rd_kafka_message_headers(&message, &headers) != RD_KAFKA_RESP_ERR_NO_ERROR) return "";
  const void* value = nullptr;
  size_t size = 0;
  if (rd_kafka_header_get_last(headers, name, &value, &size) != RD_KAFKA_RESP_ERR_NO_ERROR ||
      value == nullptr) {
    return "";
  }
  return std::string(static_cast<const char*>(value), size);
}

}  // namespace

StateReader::~StateReader() {
  if (consumer_ != nullptr) {
    rd_kafka_consumer_close(consumer_);
    rd_kafka_destroy(consumer_);
  }
}

Result<std::unique_ptr<StateReader>> StateReader::Create(const KafkaProperties& properties) {
  KafkaProperties settings = properties;
  // Reads by explicit assignment: librdkafka wants a group id even so, but this consumer
  // never joins it (no subscribe) and never commits.
  settings.Set("group.id", "leakhound-state-reader");
  settings.Set("enable.auto.commit", "false");
  settings.Set("enable.partition.eof", "true");
  settings.Set("client.id", "leakhound-state-reader");
  Result<rd_kafka_conf_t*> conf = settings.MakeConf();
  if (!conf.ok()) return conf.status();
  std::unique_ptr<StateReader> reader(new StateReader());
  char error[512];
  reader->consumer_ = rd_kafka_new(RD_KAFKA_CONSUMER, *conf, error, sizeof error);
  if (reader->consumer_ == nullptr) {
    rd_kafka_conf_destroy(*conf);
    return InvalidArgument(std::string("state reader: ") + error);
  }
  return reader;
}

Result<std::string> StateReader::Read(const std::string& topic, const SnapshotRef& ref,
                                      std::chrono::milliseconds timeout) {
  rd_kafka_topic_partition_list_t* assignment = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(assignment, topic.c_str(), ref.partition)->offset =
      ref.first_offset;
  const rd_kafka_resp_err_t assigned = rd_kafka_assign(consumer_, assignment);
  rd_kafka_topic_partition_list_destroy(assignment);
  if (assigned != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Unavailable("state topic " + topic + ": " + rd_kafka_err2str(assigned));
  }
  std::vector<std::string> parts(ref.parts);
  uint32_t found = 0;
  Status failure;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (found < ref.parts) {
    if (std::chrono::steady_clock::now() >= deadline) {
      failure = Unavailable("timed out reading the snapshot from " + topic);
      break;
    }
    rd_kafka_message_t* message = rd_kafka_consumer_poll(consumer_, 100);
    if (message == nullptr) continue;
    if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      rd_kafka_message_destroy(message);
      failure = NotFound("snapshot " + ref.id + ": only " + std::to_string(found) + " of " +
                         std::to_string(ref.parts) + " parts in " + topic + " (deleted?)");
      break;
    }
    if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      failure = Unavailable("state topic " + topic + ": " + rd_kafka_message_errstr(message));
      rd_kafka_message_destroy(message);
      break;
    }
    // Parts of other snapshots share the partition: match by id, then place by number.
    if (Header(*message, "leakhound-snapshot") == ref.id) {
      const std::string part = Header(*message, "leakhound-part");
      const size_t slash = part.find('/');
      const uint32_t index = static_cast<uint32_t>(std::strtoul(part.c_str(), nullptr, 10));
      if (slash != std::string::npos && index < ref.parts && parts[index].empty() &&
          message->len > 0) {
        parts[index].assign(static_cast<const char*>(message->payload), message->len);
        ++found;
      }
    }
    rd_kafka_message_destroy(message);
  }
  rd_kafka_assign(consumer_, nullptr);
  if (!failure.ok()) return failure;
  std::string snapshot;
  snapshot.reserve(ref.bytes);
  for (const std::string& part : parts) snapshot += part;
  if (snapshot.size() != ref.bytes || Fnv1a64(snapshot) != ref.checksum) {
    return InvalidArgument("snapshot " + ref.id + " does not match its checksum");
  }
  return snapshot;
}

}  // namespace leakhound
