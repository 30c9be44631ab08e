// delivery: exactly-once against the embedded cluster. The cluster ignores isolation.level
// (librdkafka 2.0.2's mock: a read_committed consumer also sees aborted transactions), so
// and drops transactional offset commits (TxnOffsetCommit is answered, not stored), what it
// can show is shown in parts, watching the producer's requests through an interceptor: the
// offsets are sent inside the transaction of their outputs, a refused offset commit aborts
// the transaction and the service reads again from the committed offsets, a fenced
// producer stops the service. deploy/crash-test-kafka.sh counts each detection exactly once
// against a real Kafka.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include <mutex>

#include "kafka/snapshot_ref.h"
#include "service_test_util.h"

namespace leakhound::service_test {
namespace {

using ::testing::HasSubstr;

// Kafka API keys of the transactional protocol.
constexpr int16_t kAddOffsetsToTxn = 25;
constexpr int16_t kEndTxn = 26;
constexpr int16_t kTxnOffsetCommit = 28;
constexpr int kGroupAuthorizationFailed = 30;
constexpr int kProducerFenced = 90;

// The requests the service's producer sends and the errors of their answers, seen through a
// librdkafka interceptor: how the tests observe the transactional protocol itself.
class RequestLog {
 public:
  void Install(ServiceOptions& options) {
    options.producer_conf_hook = [this](rd_kafka_conf_t* conf) {
      rd_kafka_conf_interceptor_add_on_new(conf, "leakhound-test", &RequestLog::OnNew, this);
    };
  }
  // API keys in the order they were answered, with their error codes.
  std::vector<std::pair<int16_t, int>> answers() {
    std::lock_guard lock(mutex_);
    return answers_;
  }
  // Whether some TxnOffsetCommit was answered without error and followed by an EndTxn:
  // offsets committed inside a transaction.
  bool OffsetsCommittedInsideATransaction() {
    bool offsets = false;
    for (const auto& [api, error] : answers()) {
      if (api == kTxnOffsetCommit) offsets = error == 0;
      if (api == kEndTxn && offsets && error == 0) return true;
    }
    return false;
  }
  size_t count(int16_t api, int error) {
    size_t n = 0;
    for (const auto& answer : answers()) n += answer == std::make_pair(api, error) ? 1 : 0;
    return n;
  }

 private:
  static rd_kafka_resp_err_t OnNew(rd_kafka_t* client, const rd_kafka_conf_t*, void* opaque, char*,
                                   size_t) {
    return rd_kafka_interceptor_add_on_response_received(client, "leakhound-test",
                                                         &RequestLog::OnResponse, opaque);
  }
  static rd_kafka_resp_err_t OnResponse(rd_kafka_t*, int, const char*, int32_t, int16_t api,
                                        int16_t, int32_t, size_t, int64_t,
                                        rd_kafka_resp_err_t error, void* opaque) {
    auto* log = static_cast<RequestLog*>(opaque);
    std::lock_guard lock(log->mutex_);
    log->answers_.emplace_back(api, static_cast<int>(error));
    return RD_KAFKA_RESP_ERR_NO_ERROR;
  }

  std::mutex mutex_;
  std::vector<std::pair<int16_t, int>> answers_;
};

ServiceOptions ExactlyOnce(const TestCluster& cluster, const std::string& id = "lh-test-1") {
  ServiceOptions options = TestOptions(cluster);
  options.delivery = DeliveryMode::kExactlyOnce;
  options.transactional_id = id;
  options.commit_interval = 200ms;
  return options;
}

TEST(ExactlyOnceTest, CommitsTheOffsetsInsideTheTransactionOfTheirOutputs) {
  TestCluster cluster;
  const auto rules = ShippedRules();
  RequestLog log;
  ServiceOptions options = ExactlyOnce(cluster);
  log.Install(options);
  RunningService running(options, rules);
  ASSERT_TRUE(ProduceRecords(cluster.kafka, "db.queries", ScenarioRecords(), kTimeout).ok());
  ASSERT_TRUE(WaitFor([&] { return running.service().metrics().records("db.queries") == 1852; }));
  // Stopping revokes the partitions, which commits what is left in one last transaction.
  // (No wait for "one more transaction" here: it raced, as that one could have committed
  // already; nor for the group's offsets: the embedded cluster does not store transactional
  // offset commits.)
  ASSERT_TRUE(running.Stop().ok());
  EXPECT_GE(running.service().metrics().counter(ServiceMetrics::kTransactionsCommitted), 1u);
  EXPECT_TRUE(log.OffsetsCommittedInsideATransaction());
  EXPECT_GE(log.count(kAddOffsetsToTxn, 0), 1u);
  // No crash, no abort: each detection exactly once.
  EXPECT_EQ(PublishedDetections(cluster.kafka, "leakhound.detections"),
            ExpectedDetections(cluster.kafka, "db.queries", rules));
  EXPECT_EQ(running.service().metrics().counter(ServiceMetrics::kTransactionsAborted), 0u);
}

TEST(ExactlyOnceTest, AFailedOffsetCommitAbortsTheTransactionAndRewinds) {
  TestCluster cluster(/*input_partitions=*/2);
  const auto rules = ShippedRules();
  RequestLog log;
  ServiceOptions options = ExactlyOnce(cluster);
  log.Install(options);
  RunningService running(options, rules);
  ASSERT_TRUE(WaitFor([&] { return running.service().ready(); }));
  // The group coordinator refuses the next transactional offset commit.
  cluster.cluster->PushRequestErrors(kTxnOffsetCommit, 1, kGroupAuthorizationFailed);
  ASSERT_TRUE(ProduceRecords(cluster.kafka, "db.queries", ScenarioRecords(), kTimeout).ok());
  ASSERT_TRUE(WaitFor([&] {
    const ServiceMetrics& metrics = running.service().metrics();
    return metrics.counter(ServiceMetrics::kTransactionsAborted) >= 1 &&
           metrics.records("db.queries") >= 2 * 1852;  // read once, and again after the rewind
  }));
  // Stopping commits what was read again after the rewind in one last transaction.
  ASSERT_TRUE(running.Stop().ok());
  EXPECT_GE(running.service().metrics().counter(ServiceMetrics::kTransactionsCommitted), 1u);
  // The refused offset commit and the ones of the transactions after the rewind. (Its
  // refusal is per partition, inside an answer that is itself a success.)
  EXPECT_GE(log.count(kTxnOffsetCommit, 0), 2u);
  EXPECT_TRUE(log.OffsetsCommittedInsideATransaction());
  // The embedded cluster shows the aborted transaction's messages too (it ignores
  // isolation.level): every expected detection is there, at least once.
  const std::multiset<std::string> published =
      PublishedDetections(cluster.kafka, "leakhound.detections");
  for (const std::string& expected : ExpectedDetections(cluster.kafka, "db.queries", rules)) {
    EXPECT_GE(published.count(expected), 1u) << expected;
  }
}

// A producer fenced by a newer instance with the same transactional.id must stop, not go
// on writing. (librdkafka 2.0.2's embedded cluster gives a second instance a producer id of
// its own instead of bumping the epoch of the first's, so the fencing is injected here: the
// coordinator answers PRODUCER_FENCED, as a real one does; deploy/crash-test-kafka.sh runs
// two instances against Kafka.)
TEST(ExactlyOnceTest, AFencedProducerStopsTheServiceWithAnError) {
  TestCluster cluster(/*input_partitions=*/2);
  const auto rules = ShippedRules();
  RunningService running(ExactlyOnce(cluster, "lh-fenced"), rules);
  ASSERT_TRUE(WaitFor([&] { return running.service().ready(); }));
  cluster.cluster->PushRequestErrors(kEndTxn, 1, kProducerFenced);
  ASSERT_TRUE(ProduceRecords(cluster.kafka, "db.queries", ScenarioRecords(), kTimeout).ok());
  ASSERT_TRUE(WaitFor([&] { return !running.service().ready(); }));
  const Status status = running.Stop();
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("exactly-once"));
  EXPECT_THAT(status.message(), ::testing::AnyOf(HasSubstr("fenced"), HasSubstr("Fenced")));
  // The fenced transaction was the first with records in it: nothing was committed.
  EXPECT_EQ(running.service().metrics().counter(ServiceMetrics::kTransactionsCommitted), 0u);
}

}  // namespace
}  // namespace leakhound::service_test
