#include "kafka/topic_io.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <set>

namespace leakhound {
namespace {

struct ClientDeleter {
  void operator()(rd_kafka_t* client) const {
    if (rd_kafka_type(client) == RD_KAFKA_CONSUMER) rd_kafka_consumer_close(client);
    rd_kafka_destroy(client);
  }
};
using Client = std::unique_ptr<rd_kafka_t, ClientDeleter>;

struct ListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* list) const {
    rd_kafka_topic_partition_list_destroy(list);
  }
};
using PartitionList = std::unique_ptr<rd_kafka_topic_partition_list_t, ListDeleter>;

Result<Client> NewClient(KafkaProperties settings, rd_kafka_type_t type) {
  Result<rd_kafka_conf_t*> conf = settings.MakeConf();
  if (!conf.ok()) return conf.status();
  char error[512];
  rd_kafka_t* client = rd_kafka_new(type, *conf, error, sizeof error);
  if (client == nullptr) {
    rd_kafka_conf_destroy(*conf);
    return InvalidArgument(error);
  }
  return Client(client);
}

// The partitions of `topic`, from the cluster's metadata.
Result<std::vector<int32_t>> Partitions(rd_kafka_t* client, const std::string& topic,
                                        std::chrono::milliseconds timeout) {
  rd_kafka_topic_t* handle = rd_kafka_topic_new(client, topic.c_str(), nullptr);
  const rd_kafka_metadata_t* metadata = nullptr;
  const rd_kafka_resp_err_t error =
      rd_kafka_metadata(client, 0, handle, &metadata, static_cast<int>(timeout.count()));
  rd_kafka_topic_destroy(handle);
  if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Unavailable("metadata of " + topic + ": " + rd_kafka_err2str(error));
  }
  std::vector<int32_t> partitions;
  for (int t = 0; t < metadata->topic_cnt; ++t) {
    if (metadata->topics[t].err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      const std::string why = rd_kafka_err2str(metadata->topics[t].err);
      rd_kafka_metadata_destroy(metadata);
      return NotFound("topic " + topic + ": " + why);
    }
    for (int p = 0; p < metadata->topics[t].partition_cnt; ++p) {
      partitions.push_back(metadata->topics[t].partitions[p].id);
    }
  }
  rd_kafka_metadata_destroy(metadata);
  std::sort(partitions.begin(), partitions.end());
  return partitions;
}

}  // namespace

std::string TopicRecord::Header(std::string_view name) const {
  for (const auto& [header, text] : headers) {
    if (header == name) return text;
  }
  return "";
}

Status ProduceRecords(const KafkaProperties& properties, const std::string& topic,
                      const std::vector<std::pair<std::string, std::string>>& records,
                      std::chrono::milliseconds timeout) {
  KafkaProperties settings = properties;
  settings.Set("enable.idempotence", "true");
  settings.SetDefault("linger.ms", "20");
  settings.SetDefault("queue.buffering.max.messages", "1000000");
  Result<rd_kafka_conf_t*> conf = settings.MakeConf();
  if (!conf.ok()) return conf.status();
  // Every delivery report is checked: a flush that returns leaves nothing queued, but some
  // records may have failed.
  struct Failures {
    std::mutex mutex;
    size_t count = 0;
    std::string first;
  } failures;
  rd_kafka_conf_set_opaque(*conf, &failures);
  rd_kafka_conf_set_dr_msg_cb(*conf,
                              [](rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
                                if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) return;
                                auto* failed = static_cast<Failures*>(opaque);
                                std::lock_guard lock(failed->mutex);
                                if (failed->count++ == 0)
                                  failed->first = rd_kafka_err2str(message->err);
                              });
  char error[512];
  rd_kafka_t* handle = rd_kafka_new(RD_KAFKA_PRODUCER, *conf, error, sizeof error);
  if (handle == nullptr) {
    rd_kafka_conf_destroy(*conf);
    return InvalidArgument(error);
  }
  const Client producer(handle);
  for (const auto& [key, value] : records) {
    for (;;) {
      const rd_kafka_resp_err_t produced = rd_kafka_producev(
          producer.get(), RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
          RD_KAFKA_V_KEY(key.data(), key.size()),
          RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()), RD_KAFKA_V_END);
      if (produced == RD_KAFKA_RESP_ERR_NO_ERROR) break;
      if (produced != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        return Unavailable("produce to " + topic + ": " + rd_kafka_err2str(produced));
      }
      rd_kafka_poll(producer.get(), 10);
    }
  }
  if (rd_kafka_flush(producer.get(), static_cast<int>(timeout.count())) !=
      RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Unavailable("produce to " + topic + ": not acknowledged in time");
  }
  std::lock_guard lock(failures.mutex);
  if (failures.count > 0) {
    return Unavailable("produce to " + topic + ": " + std::to_string(failures.count) +
                       " record(s) not delivered (" + failures.first + ")");
  }
  return Status::Ok();
}

Result<std::map<int32_t, int64_t>> EndOffsets(const KafkaProperties& properties,
                                              const std::string& topic,
                                              std::chrono::milliseconds timeout) {
  Result<Client> client = NewClient(properties, RD_KAFKA_PRODUCER);
  if (!client.ok()) return client.status();
  Result<std::vector<int32_t>> partitions = Partitions(client->get(), topic, timeout);
  if (!partitions.ok()) return partitions.status();
  std::map<int32_t, int64_t> ends;
  for (int32_t partition : *partitions) {
    int64_t low = 0, high = 0;
    const rd_kafka_resp_err_t error = rd_kafka_query_watermark_offsets(
        client->get(), topic.c_str(), partition, &low, &high, static_cast<int>(timeout.count()));
    if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return Unavailable("watermarks of " + topic + ": " + rd_kafka_err2str(error));
    }
    ends[partition] = high;
  }
  return ends;
}

Result<std::vector<TopicRecord>> ReadTopic(const KafkaProperties& properties,
                                           const std::string& topic,
                                           std::chrono::milliseconds timeout) {
  Result<std::map<int32_t, int64_t>> ends = EndOffsets(properties, topic, timeout);
  if (!ends.ok()) return ends.status();
  KafkaProperties settings = properties;
  // librdkafka's consumer wants a group even to be assigned partitions; this one never
  // joins (no subscribe) and never commits.
  settings.Set("group.id", "leakhound-reader");
  settings.Set("enable.auto.commit", "false");
  Result<Client> consumer = NewClient(settings, RD_KAFKA_CONSUMER);
  if (!consumer.ok()) return consumer.status();
  PartitionList assignment(rd_kafka_topic_partition_list_new(static_cast<int>(ends->size())));
  std::set<int32_t> open;
  for (const auto& [partition, end] : *ends) {
    if (end <= 0) continue;
    rd_kafka_topic_partition_list_add(assignment.get(), topic.c_str(), partition)->offset =
        RD_KAFKA_OFFSET_BEGINNING;
    open.insert(partition);
  }
  std::vector<TopicRecord> records;
  if (open.empty()) return records;
  if (const rd_kafka_resp_err_t error = rd_kafka_assign(consumer->get(), assignment.get())) {
    return Unavailable("assign " + topic + ": " + rd_kafka_err2str(error));
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!open.empty()) {
    if (std::chrono::steady_clock::now() > deadline) {
      return Unavailable("reading " + topic + ": timed out with " + std::to_string(open.size()) +
                         " partition(s) not read to their end");
    }
    rd_kafka_message_t* message = rd_kafka_consumer_poll(consumer->get(), 100);
    if (message == nullptr) continue;
    if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      rd_kafka_message_destroy(message);
      continue;
    }
    TopicRecord record;
    record.partition = message->partition;
    record.offset = message->offset;
    rd_kafka_timestamp_type_t type;
    record.timestamp_ms = rd_kafka_message_timestamp(message, &type);
    if (message->key != nullptr)
      record.key.assign(static_cast<const char*>(message->key), message->key_len);
    if (message->payload != nullptr) {
      record.value.assign(static_cast<const char*>(message->payload), message->len);
    }
    rd_kafka_headers_t* headers = nullptr;
    if (rd_kafka_message_headers(message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      const char* name = nullptr;
      const void* value = nullptr;
      size_t size = 0;
      for (size_t i = 0;
           rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
           ++i) {
        record.headers.emplace_back(
            name, value != nullptr ? std::string(static_cast<const char*>(value), size) : "");
      }
    }
    const int64_t end = (*ends)[message->partition];
    rd_kafka_message_destroy(message);
    if (record.offset >= end) continue;  // written after the read began
    if (record.offset + 1 >= end) open.erase(record.partition);
    records.push_back(std::move(record));
  }
  std::sort(records.begin(), records.end(), [](const TopicRecord& a, const TopicRecord& b) {
    return a.partition != b.partition ? a.partition < b.partition : a.offset < b.offset;
  });
  return records;
}

Result<std::map<int32_t, std::pair<int64_t, std::string>>> CommittedOffsets(
    const KafkaProperties& properties, const std::string& group, const std::string& topic,
    std::chrono::milliseconds timeout) {
  Result<std::map<int32_t, int64_t>> ends = EndOffsets(properties, topic, timeout);
  if (!ends.ok()) return ends.status();
  KafkaProperties settings = properties;
  settings.Set("group.id", group);
  settings.Set("enable.auto.commit", "false");
  Result<Client> consumer = NewClient(settings, RD_KAFKA_CONSUMER);
  if (!consumer.ok()) return consumer.status();
  PartitionList list(rd_kafka_topic_partition_list_new(static_cast<int>(ends->size())));
  for (const auto& [partition, end] : *ends) {
    rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), partition);
  }
  if (const rd_kafka_resp_err_t error =
          rd_kafka_committed(consumer->get(), list.get(), static_cast<int>(timeout.count()))) {
    return Unavailable("committed offsets of " + group + ": " + rd_kafka_err2str(error));
  }
  std::map<int32_t, std::pair<int64_t, std::string>> committed;
  for (int i = 0; i < list->cnt; ++i) {
    const rd_kafka_topic_partition_t& entry = list->elems[i];
    if (entry.offset < 0) continue;
    committed[entry.partition] = {
        entry.offset,
        entry.metadata != nullptr
            ? std::string(static_cast<const char*>(entry.metadata), entry.metadata_size)
            : ""};
  }
  return committed;
}

}  // namespace leakhound
