// EmbeddedCluster: librdkafka's Kafka-protocol mock cluster (rdkafka_mock.h) running in this
// process: what `leakhound run` starts when no bootstrap.servers is configured, what
// `leakhound demo` and the integration tests use. Its brokers listen on loopback ports, so
// kcat and any other client can produce to it and consume from it.
//
// Known limits (librdkafka 2.0.2, DESIGN.md): at most 5 MB or 100,000 messages per
// partition (older ones are deleted), no CreateTopics API (hence CreateTopic() here), no
// isolation.level, the first group join takes about 3 s, no TLS or SASL.
//
// Thread-safety: CreateTopic() and the fault injection calls may come from any thread; the
// cluster's own threads serve the brokers.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/result.h"

struct rd_kafka_s;               // rd_kafka_t
struct rd_kafka_mock_cluster_s;  // rd_kafka_mock_cluster_t

namespace leakhound {

class EmbeddedCluster {
 public:
  ~EmbeddedCluster();
  EmbeddedCluster(const EmbeddedCluster&) = delete;
  EmbeddedCluster& operator=(const EmbeddedCluster&) = delete;

  static Result<std::unique_ptr<EmbeddedCluster>> Start(int brokers);

  // "127.0.0.1:port,..." for bootstrap.servers.
  const std::string& bootstrap_servers() const { return bootstrap_; }
  int brokers() const { return brokers_; }

  // Creates a topic, or leaves an existing one as it is.
  Status CreateTopic(const std::string& name, int partitions);

  // Fault injection for tests: take a broker down (connections refused) and up again, and
  // make the next `count` requests of a Kafka API (e.g. 0 for Produce, 8 for OffsetCommit)
  // fail with a given error code.
  Status SetBrokerDown(int32_t broker_id, bool down);
  void PushRequestErrors(int16_t api_key, int count, int error_code);

 private:
  EmbeddedCluster() = default;

  rd_kafka_s* handle_ = nullptr;  // the client that owns the cluster
  rd_kafka_mock_cluster_s* cluster_ = nullptr;
  std::string bootstrap_;
  int brokers_ = 0;
};

}  // namespace leakhound
