// Faults injected into the embedded cluster while the service works: a broker down, produce
// requests and offset commits refused. No detection is lost: once the cluster is whole
// again the output topic holds every detection an untroubled run gives.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "service_test_util.h"

namespace leakhound::service_test {
namespace {

constexpr int16_t kProduceApi = 0;
constexpr int16_t kFetchApi = 1;
constexpr int16_t kOffsetCommitApi = 8;
constexpr int kNotLeader = 6;
constexpr int kRequestTimedOut = 7;
constexpr int kOffsetMetadataTooLarge = 12;

struct LostAndRead {
  uint64_t lost = 0;
  uint64_t read = 0;
};

// Waits until the service committed db.queries to its end, stops it, and gives the records
// it counted as lost to retention and as read (zeros, with a test failure, on a timeout).
LostAndRead StopWhenCommitted(const TestCluster& cluster, RunningService& running) {
  const bool committed =
      WaitFor([&] { return CommittedToEnd(cluster.kafka, "leakhound", "db.queries"); }, 120s);
  EXPECT_TRUE(committed);
  EXPECT_TRUE(running.Stop().ok());
  if (!committed) return {};
  return {running.service().metrics().counter(ServiceMetrics::kRecordsLost),
          running.service().metrics().records("db.queries")};
}

// `count` small records with one key: more than the embedded cluster keeps in a partition
// (100,000) pushes the oldest out.
std::vector<std::pair<std::string, std::string>> Flood(int count) {
  return std::vector<std::pair<std::string, std::string>>(
      static_cast<size_t>(count), {"k", R"({"statement":"select 1","principal":"app"})"});
}

TEST(FaultTest, ABrokerDownAndRefusedProducesAndCommitsLoseNoDetection) {
  TestCluster cluster;
  const auto rules = ShippedRules();
  RunningService running(TestOptions(cluster), rules);
  ASSERT_TRUE(WaitFor([&] { return running.service().ready(); }));

  // The brokers refuse produce requests for a while (retriable errors: the clients try
  // again) and three offset commits (an error librdkafka does not retry: the service
  // commits again at its next round), and broker 2, leader of some partitions, goes away.
  cluster.cluster->PushRequestErrors(kProduceApi, 8, kNotLeader);
  cluster.cluster->PushRequestErrors(kProduceApi, 8, kRequestTimedOut);
  cluster.cluster->PushRequestErrors(kOffsetCommitApi, 3, kOffsetMetadataTooLarge);
  ASSERT_TRUE(ProduceRecords(cluster.kafka, "db.queries", ScenarioRecords(), kTimeout).ok());
  ASSERT_TRUE(cluster.cluster->SetBrokerDown(2, true).ok());
  // Down while records and detections are in flight (pacing the fault, not waiting for it).
  std::this_thread::sleep_for(3s);
  ASSERT_TRUE(cluster.cluster->SetBrokerDown(2, false).ok());

  ASSERT_TRUE(
      WaitFor([&] { return CommittedToEnd(cluster.kafka, "leakhound", "db.queries"); }, 120s));
  ASSERT_TRUE(running.Stop().ok());
  const std::multiset<std::string> expected =
      ExpectedDetections(cluster.kafka, "db.queries", rules);
  const std::multiset<std::string> published =
      PublishedDetections(cluster.kafka, "leakhound.detections");
  EXPECT_EQ(std::set<std::string>(published.begin(), published.end()),
            std::set<std::string>(expected.begin(), expected.end()));
  EXPECT_EQ(expected.size(), 32u);
  // The refused commits were seen, and committed again later.
  EXPECT_THAT(
      running.service().metrics().RenderPrometheus(),
      ::testing::Not(::testing::HasSubstr("leakhound_commits_total{result=\"failed\"} 0\n")));
}

TEST(FaultTest, AFullWorkerQueuePausesThePartitionsAndDropsNothing) {
  TestCluster cluster(/*input_partitions=*/2);
  const auto rules = ShippedRules();
  ServiceOptions options = TestOptions(cluster);
  options.workers = 1;
  options.max_queued_records = 200;  // below what the consumer fetches at once
  ASSERT_TRUE(ProduceRecords(cluster.kafka, "db.queries", ScenarioRecords(), kTimeout).ok());
  RunningService running(options, rules);
  ASSERT_TRUE(WaitFor([&] { return CommittedToEnd(cluster.kafka, "leakhound", "db.queries"); }));
  ASSERT_TRUE(running.Stop().ok());
  EXPECT_GE(running.service().metrics().counter(ServiceMetrics::kPauses), 1u);
  EXPECT_EQ(running.service().metrics().records("db.queries"), 1852u);
  EXPECT_EQ(PublishedDetections(cluster.kafka, "leakhound.detections"),
            ExpectedDetections(cluster.kafka, "db.queries", rules));
}

TEST(FaultTest, RecordsDeletedBeforeTheyWereReadAreReportedAsLost) {
  TestCluster cluster(/*input_partitions=*/1);
  const auto rules = ShippedRules();
  // The group has read the first 5 records of the partition...
  std::vector<std::pair<std::string, std::string>> first;
  const auto scenario = ScenarioRecords();
  for (int i = 0; i < 5; ++i) first.push_back(scenario[static_cast<size_t>(i)]);
  ASSERT_TRUE(ProduceRecords(cluster.kafka, "db.queries", first, kTimeout).ok());
  {
    RunningService running(TestOptions(cluster), rules);
    ASSERT_TRUE(WaitFor([&] { return CommittedToEnd(cluster.kafka, "leakhound", "db.queries"); }));
    ASSERT_TRUE(running.Stop().ok());
  }
  // ...then, while it is away, retention deletes records it never read: the embedded
  // cluster keeps at most 100,000 a partition.
  ASSERT_TRUE(ProduceRecords(cluster.kafka, "db.queries", Flood(110'000), kTimeout).ok());
  Result<std::map<int32_t, int64_t>> ends = EndOffsets(cluster.kafka, "db.queries", kTimeout);
  ASSERT_TRUE(ends.ok());
  const int64_t end = ends->at(0);
  RunningService running(TestOptions(cluster), rules);
  // Counted and logged (offsets 5 to low - 1), then read on from the oldest record left.
  const LostAndRead counts = StopWhenCommitted(cluster, running);
  EXPECT_GT(counts.lost, 0u);
  EXPECT_EQ(static_cast<int64_t>(counts.lost + counts.read), end - 5);  // nothing unaccounted for
}

TEST(FaultTest, RecordsDeletedWhileTheServiceRunsAreReportedAsLostOnlyWhereLost) {
  // Eight partitions, empty when the service joins. Its fetches fail for a few seconds
  // (each failure backs off 500 ms), and meanwhile one partition gets more records than
  // the embedded cluster keeps: the next fetch there is out of range. That partition is
  // reported with exactly what was lost and read on from the oldest record left; the seven
  // others, never read, are not "lost" and not reset (assigning them again with no
  // position once tripped librdkafka into an assertion).
  TestCluster cluster(/*input_partitions=*/8);
  const auto rules = ShippedRules();
  RunningService running(TestOptions(cluster), rules);
  ASSERT_TRUE(WaitFor([&] { return running.service().ready(); }));
  std::this_thread::sleep_for(1s);  // the first fetches found the partitions empty
  cluster.cluster->PushRequestErrors(kFetchApi, 40, kRequestTimedOut);
  ASSERT_TRUE(ProduceRecords(cluster.kafka, "db.queries", Flood(110'000), kTimeout).ok());
  const LostAndRead counts = StopWhenCommitted(cluster, running);
  EXPECT_GT(counts.lost, 0u);
  EXPECT_EQ(counts.lost + counts.read, 110'000u);  // nothing unaccounted for, nor twice
}

}  // namespace
}  // namespace leakhound::service_test
