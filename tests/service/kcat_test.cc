// A real client: `leakhound run` with no bootstrap.servers starts its embedded cluster and
// prints its address; Debian's kcat produces the scenario to it and consumes the
// detections back.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <regex>

#include "child_process.h"
#include "codec/detection_json_decoder.h"
#include "service_test_util.h"
#include "support/test_support.h"

namespace leakhound::service_test {
namespace {

constexpr const char* kKcat = "/usr/bin/kcat";

TEST(KcatTest, ProducesToTheEmbeddedClusterOfRunAndConsumesItsDetections) {
  ASSERT_EQ(access(kKcat, X_OK), 0) << "kcat is installed by deploy/install-deps.sh";
  leakhound::testing::TempDir directory;
  const std::string config = directory.Write(
      "leakhound.yaml",
      "inputs:\n  - topic: db.queries\nworkers: 2\ncommit_interval: 100ms\n"
      "metrics: {listen: ''}\nreload: {watch: false}\nembedded: {brokers: 3, partitions: 4}\n");
  const std::string log = directory.path() + "/service.log";
  ChildProcess service(leakhound::testing::LeakhoundBinary(), {"run", "--config", config}, log);

  // The address it prints for clients.
  std::string bootstrap;
  ASSERT_TRUE(WaitFor([&] {
    std::smatch match;
    const std::string text = service.log();
    if (!std::regex_search(text, match, std::regex("embedded Kafka cluster at (\\S+)")))
      return false;
    bootstrap = match[1];
    return true;
  })) << service.log();

  // kcat produces the scenario, key TAB value per line, as a shipper keyed by principal.
  std::string lines;
  const auto records = ScenarioRecords();
  for (const auto& [key, value] : records) lines += key + "\t" + value + "\n";
  const std::string input = directory.Write("input.txt", lines);
  const auto [produce_code, produce_out] =
      RunProgram(kKcat, {"-b", bootstrap, "-P", "-t", "db.queries", "-K", "\t", "-l", input}, 60s);
  ASSERT_EQ(produce_code, 0) << produce_out;

  KafkaProperties kafka;
  kafka.Set("bootstrap.servers", bootstrap);
  ASSERT_TRUE(WaitFor([&] { return CommittedToEnd(kafka, "leakhound", "db.queries"); }, 90s))
      << service.log();

  // kcat reads the detections from the beginning to the end of the output topic.
  const auto [consume_code, consumed] =
      RunProgram(kKcat,
                 {"-b", bootstrap, "-C", "-t", "leakhound.detections", "-o", "beginning", "-e",
                  "-q", "-f", "%s\\n"},
                 60s);
  ASSERT_EQ(consume_code, 0);
  std::multiset<std::string> from_kcat;
  for (const std::string& line : leakhound::testing::SplitLines(consumed)) {
    if (line.empty()) continue;
    Result<Detection> detection = DecodeDetectionJson(line);
    ASSERT_TRUE(detection.ok()) << line;
    from_kcat.insert(detection->rule->id + " " + detection->principal + " " +
                     FormatTimestamp(detection->event_time) + " " + detection->id);
  }
  EXPECT_EQ(from_kcat.size(), 32u);
  EXPECT_EQ(from_kcat, ExpectedDetections(kafka, "db.queries", ShippedRules()));

  service.Kill(SIGTERM);
  EXPECT_EQ(service.Wait(60s), 0) << service.log();
}

}  // namespace
}  // namespace leakhound::service_test
