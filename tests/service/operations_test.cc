// `leakhound run` as operators meet it: the HTTP endpoint (curl as the client), rule
// reloads by SIGHUP and by a change on disk (a bad pack refused, the old rules kept), JSON
// logs, and secrets that reach no log line.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <simdjson.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "child_process.h"
#include "service_test_util.h"
#include "support/test_support.h"

namespace leakhound::service_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kCurl = "/usr/bin/curl";

std::string Config(const TestCluster& cluster, const std::string& extra) {
  return "kafka:\n  bootstrap.servers: " + cluster.cluster->bootstrap_servers() +
         "\nkafka_consumer:\n  session.timeout.ms: 6000\n  heartbeat.interval.ms: 500\n"
         "inputs:\n  - topic: db.queries\nworkers: 2\ncommit_interval: 100ms\n" +
         extra;
}

// (status code, body) of GET url.
std::pair<int, std::string> Get(const std::string& url) {
  const auto [code, out] = RunProgram(kCurl, {"-s", "-w", "\n%{http_code}", url}, 10s);
  if (code != 0) return {-1, out};
  const size_t newline = out.rfind('\n');
  return {std::atoi(out.c_str() + newline + 1), out.substr(0, newline)};
}

size_t Count(const std::string& text, const std::string& what) {
  size_t count = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
  return count;
}

TEST(OperationsTest, ServesMetricsHealthAndReadiness) {
  ASSERT_EQ(access(kCurl, X_OK), 0) << "curl is installed by deploy/install-deps.sh";
  TestCluster cluster;
  leakhound::testing::TempDir directory;
  const std::string config =
      directory.Write("leakhound.yaml", Config(cluster, "metrics: {listen: '127.0.0.1:0'}\n"));
  ChildProcess service(leakhound::testing::LeakhoundBinary(), {"run", "--config", config},
                       directory.path() + "/service.log");
  std::string base;
  ASSERT_TRUE(WaitFor([&] {
    std::smatch match;
    const std::string log = service.log();
    if (!std::regex_search(log, match, std::regex("metrics: (http://[0-9.:]+)/metrics")))
      return false;
    base = match[1];
    return true;
  })) << service.log();
  EXPECT_EQ(Get(base + "/healthz").first, 200);
  ASSERT_TRUE(WaitFor([&] { return Get(base + "/readyz").first == 200; })) << service.log();
  ASSERT_TRUE(ProduceRecords(cluster.kafka, "db.queries", ScenarioRecords(), kTimeout).ok());
  ASSERT_TRUE(WaitFor([&] { return CommittedToEnd(cluster.kafka, "leakhound", "db.queries"); }));
  std::string metrics;
  ASSERT_TRUE(WaitFor([&] {  // gauges are refreshed every commit interval
    metrics = Get(base + "/metrics").second;
    return metrics.find("leakhound_records_total{topic=\"db.queries\"} 1852\n") !=
           std::string::npos;
  })) << metrics;
  for (const char* line :
       {"# TYPE leakhound_records_total counter\n",
        "leakhound_rejected_total{reason=\"truncated\"} 1\n",
        "leakhound_detections_total{rule=\"LH-0005\"} 2\n", "leakhound_dead_letters_total 2\n",
        "leakhound_assigned_partitions 4\n", "# TYPE leakhound_consumer_lag gauge\n",
        "leakhound_consumer_lag{topic=\"db.queries\",partition=\"0\"} 0\n",
        "# TYPE leakhound_commit_latency_seconds summary\n",
        "# TYPE leakhound_evaluation_seconds summary\n", "leakhound_records_lost_total 0\n",
        "leakhound_window_state_groups "}) {
    EXPECT_THAT(metrics, HasSubstr(line));
  }
  service.Kill(SIGTERM);
  EXPECT_EQ(service.Wait(60s), 0) << service.log();
}

TEST(OperationsTest, ReloadsRulesOnSighupAndOnChangeAndKeepsTheOldOnesWhenTheNewAreBad) {
  TestCluster cluster(/*input_partitions=*/1);
  leakhound::testing::TempDir directory;
  const std::string rules = directory.path() + "/rules";
  std::filesystem::copy(leakhound::testing::SourcePath("rules"), rules,
                        std::filesystem::copy_options::recursive);
  const std::string config =
      directory.Write("leakhound.yaml", Config(cluster,
                                               "rules: rules\nmetrics: {listen: ''}\n"
                                               "reload: {watch: true, interval: 200ms}\n"));
  ChildProcess service(leakhound::testing::LeakhoundBinary(), {"run", "--config", config},
                       directory.path() + "/service.log");
  ASSERT_TRUE(WaitFor([&] { return service.log().find("assigned ") != std::string::npos; }));
  const std::string copy =
      R"({"time":"2026-03-10T22:40:00Z","principal":"mallory","statement":"COPY passengers TO STDOUT","rows":10})";
  const auto fired = [&](const std::string& rule) {
    size_t count = 0;
    for (const std::string& line : PublishedDetections(cluster.kafka, "leakhound.detections")) {
      count += line.rfind(rule + " ", 0) == 0 ? 1 : 0;
    }
    return count;
  };
  const auto send_and_settle = [&] {
    ASSERT_TRUE(ProduceRecords(cluster.kafka, "db.queries", {{"mallory", copy}}, kTimeout).ok());
    ASSERT_TRUE(WaitFor([&] { return CommittedToEnd(cluster.kafka, "leakhound", "db.queries"); }));
  };
  send_and_settle();
  EXPECT_EQ(fired("LH-0005"), 1u);

  // SIGHUP with LH-0005 gone from the pack: the same record no longer fires it. (The watch
  // would have seen the removal too; whichever comes first reloads.)
  std::filesystem::remove(rules + "/pii/LH-0005-copy-to.yaml");
  service.Kill(SIGHUP);
  ASSERT_TRUE(WaitFor([&] { return Count(service.log(), "rules reloaded") >= 1; }))
      << service.log();
  send_and_settle();
  EXPECT_EQ(fired("LH-0005"), 1u);

  // A broken rule file: the watch notices, the reload is refused with the file's errors,
  // and the running rules go on (LH-0005 stays gone, the others still fire).
  const size_t reloads = Count(service.log(), "rules reloaded");
  std::ofstream(rules + "/pii/broken.yaml") << "id: LH-9999\ntitle: broken\nseverity: urgent\n"
                                               "match: {statement: {any: ['(unclosed']}}\n";
  ASSERT_TRUE(WaitFor([&] { return service.log().find("reload refused") != std::string::npos; }))
      << service.log();
  EXPECT_THAT(service.log(), HasSubstr("broken.yaml:3:11: error: [LH-9999] severity 'urgent'"));
  EXPECT_EQ(Count(service.log(), "rules reloaded"), reloads);
  send_and_settle();
  EXPECT_EQ(fired("LH-0005"), 1u);

  service.Kill(SIGTERM);
  EXPECT_EQ(service.Wait(60s), 0) << service.log();
}

TEST(OperationsTest, JsonLogsCarryNoSecret) {
  TestCluster cluster(/*input_partitions=*/1);
  leakhound::testing::TempDir directory;
  // The secrets go where operators put them: the file (through ${VAR}) and the environment.
  const std::string config = directory.Write(
      "leakhound.yaml",
      Config(cluster, "metrics: {listen: ''}\nlog: {format: json, level: debug}\n") +
          "kafka_producer:\n  sasl.password: ${LH_TEST_PASSWORD}\n"
          "  sasl.oauthbearer.config: principal=leakhound extension_token=oauth-s3cret-value\n");
  setenv("LH_TEST_PASSWORD", "hunter2-s3cret-value", 1);
  setenv("LEAKHOUND_KAFKA_SSL_KEY_PASSWORD", "keypass-s3cret-value", 1);
  ChildProcess service(leakhound::testing::LeakhoundBinary(), {"run", "--config", config},
                       directory.path() + "/service.log");
  unsetenv("LH_TEST_PASSWORD");
  unsetenv("LEAKHOUND_KAFKA_SSL_KEY_PASSWORD");
  ASSERT_TRUE(WaitFor([&] { return service.log().find("assigned ") != std::string::npos; }))
      << service.log();
  ASSERT_TRUE(ProduceRecords(cluster.kafka, "db.queries", ScenarioRecords(), kTimeout).ok());
  ASSERT_TRUE(WaitFor([&] { return CommittedToEnd(cluster.kafka, "leakhound", "db.queries"); }));
  service.Kill(SIGTERM);
  ASSERT_EQ(service.Wait(60s), 0) << service.log();
  const std::string log = service.log();
  for (const char* secret :
       {"hunter2-s3cret-value", "oauth-s3cret-value", "keypass-s3cret-value"}) {
    EXPECT_THAT(log, Not(HasSubstr(secret)));
  }
  EXPECT_THAT(log, HasSubstr("sasl.password=[redacted]"));
  EXPECT_THAT(log, HasSubstr("ssl.key.password=[redacted]"));
  // Every line is one JSON object with time, level and message.
  simdjson::dom::parser parser;
  size_t lines = 0;
  for (const std::string& line : leakhound::testing::SplitLines(log)) {
    if (line.empty()) continue;
    simdjson::dom::element element;
    ASSERT_EQ(parser.parse(line).get(element), simdjson::SUCCESS) << line;
    std::string_view level, message;
    EXPECT_EQ(element["level"].get_string().get(level), simdjson::SUCCESS) << line;
    EXPECT_EQ(element["message"].get_string().get(message), simdjson::SUCCESS) << line;
    ++lines;
  }
  EXPECT_GT(lines, 5u);
}

}  // namespace
}  // namespace leakhound::service_test
