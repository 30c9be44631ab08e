#include "kafka/embedded_cluster.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <vector>

namespace leakhound {

EmbeddedCluster::~EmbeddedCluster() {
  if (cluster_ != nullptr) rd_kafka_mock_cluster_destroy(cluster_);
  if (handle_ != nullptr) rd_kafka_destroy(handle_);
}

Result<std::unique_ptr<EmbeddedCluster>> EmbeddedCluster::Start(int brokers) {
  if (brokers < 1) return InvalidArgument("the embedded cluster needs at least one broker");
  std::unique_ptr<EmbeddedCluster> cluster(new EmbeddedCluster());
  // The mock cluster lives inside a client instance; a producer that never produces.
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char error[512];
  // It never connects anywhere: its warnings (no bootstrap.servers) would only confuse.
  if (rd_kafka_conf_set(conf, "client.id", "leakhound-embedded-cluster", error, sizeof error) !=
          RD_KAFKA_CONF_OK ||
      rd_kafka_conf_set(conf, "log_level", "3", error, sizeof error) != RD_KAFKA_CONF_OK) {
    rd_kafka_conf_destroy(conf);
    return Internal(error);
  }
  cluster->handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
  if (cluster->handle_ == nullptr) return Internal(std::string("embedded cluster: ") + error);
  cluster->cluster_ = rd_kafka_mock_cluster_new(cluster->handle_, brokers);
  if (cluster->cluster_ == nullptr)
    return Internal("embedded cluster: the mock cluster did not start");
  cluster->bootstrap_ = rd_kafka_mock_cluster_bootstraps(cluster->cluster_);
  cluster->brokers_ = brokers;
  return cluster;
}

Status EmbeddedCluster::CreateTopic(const std::string& name, int partitions) {
  const rd_kafka_resp_err_t error =
      rd_kafka_mock_topic_create(cluster_, name.c_str(), partitions, brokers_ < 3 ? brokers_ : 3);
  if (error != RD_KAFKA_RESP_ERR_NO_ERROR && error != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
    return Internal("embedded cluster: cannot create topic " + name + ": " +
                    rd_kafka_err2str(error));
  }
  return Status::Ok();
}

Status EmbeddedCluster::SetBrokerDown(int32_t broker_id, bool down) {
  const rd_kafka_resp_err_t error = down ? rd_kafka_mock_broker_set_down(cluster_, broker_id)
                                         : rd_kafka_mock_broker_set_up(cluster_, broker_id);
  if (error != RD_KAFKA_RESP_ERR_NO_ERROR) return Internal(rd_kafka_err2str(error));
  return Status::Ok();
}

void EmbeddedCluster::PushRequestErrors(int16_t api_key, int count, int error_code) {
  std::vector<rd_kafka_resp_err_t> errors(static_cast<size_t>(count),
                                          static_cast<rd_kafka_resp_err_t>(error_code));
  rd_kafka_mock_push_request_errors_array(cluster_, api_key, errors.size(), errors.data());
}

}  // namespace leakhound
