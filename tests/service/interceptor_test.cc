// libleakhound_interceptor.so inside real librdkafka consumers: Debian's kcat and a
// python3-confluent-kafka consumer load it with plugin.library.paths, consume a fixture
// stream from the embedded cluster, and the expected detections appear on the output topic,
// each naming the host's group and the record it came from. A bad leakhound.* property
// fails the host's configuration with the reason. The library exports conf_init only.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <unistd.h>

#include <regex>

#include "child_process.h"
#include "codec/detection_json_decoder.h"
#include "service_test_util.h"
#include "support/test_support.h"

namespace leakhound::service_test {
namespace {

using ::testing::HasSubstr;

constexpr const char* kKcat = "/usr/bin/kcat";
constexpr const char* kPython = "/usr/bin/python3";

class InterceptorTest : public ::testing::Test {
 protected:
  // One input partition: the interceptor runs one engine for all the host's partitions,
  // and the expected detections are an engine's over each partition in order.
  InterceptorTest() : cluster_(/*input_partitions=*/1, /*brokers=*/1) {}

  void SetUp() override {
    ASSERT_EQ(access(kKcat, X_OK), 0) << "kcat is installed by deploy/install-deps.sh";
#ifdef LEAKHOUND_HOST_PRELOAD
    // The asan preset: the hosts (children) load the sanitizer runtime before the plugin.
    setenv("LD_PRELOAD", LEAKHOUND_HOST_PRELOAD, 1);
    setenv("LSAN_OPTIONS", "suppressions=" LEAKHOUND_HOST_LSAN_SUPPRESSIONS, 1);
#endif
    ASSERT_TRUE(ProduceRecords(cluster_.kafka, "db.queries", ScenarioRecords(), kTimeout).ok());
    bootstrap_ = *cluster_.kafka.Find("bootstrap.servers");
  }

  // The detections on `topic`, summarised as ExpectedDetections does, after checking each
  // record's headers name the host's group and a record of db.queries.
  std::multiset<std::string> Published(const std::string& topic, const std::string& group) {
    Result<std::vector<TopicRecord>> output = ReadTopic(cluster_.kafka, topic, kTimeout);
    EXPECT_TRUE(output.ok()) << output.status().ToString();
    std::multiset<std::string> published;
    if (!output.ok()) return published;
    for (const TopicRecord& record : *output) {
      Result<Detection> detection = DecodeDetectionJson(record.value);
      EXPECT_TRUE(detection.ok()) << record.value;
      if (!detection.ok()) continue;
      EXPECT_EQ(record.key, detection->principal);
      EXPECT_EQ(record.Header("leakhound-consumer-group"), group);
      EXPECT_EQ(record.Header("leakhound-source-topic"), "db.queries");
      EXPECT_EQ(record.Header("leakhound-source-offset"),
                std::to_string(detection->sources.back().offset));
      published.insert(detection->rule->id + " " + detection->principal + " " +
                       FormatTimestamp(detection->event_time) + " " + detection->id);
    }
    return published;
  }

  TestCluster cluster_;
  std::string bootstrap_;
};

TEST_F(InterceptorTest, KcatConsumerPublishesTheExpectedDetections) {
  const auto [code, out] =
      RunProgram(kKcat,
                 {"-b", bootstrap_, "-G", "kcat-host", "db.queries", "-o", "beginning", "-e", "-q",
                  "-f", "", "-X", "plugin.library.paths=" + std::string(LEAKHOUND_INTERCEPTOR),
                  "-X", "leakhound.rules=" + leakhound::testing::SourcePath("rules"), "-X",
                  "leakhound.output.topic=leakhound.detections"},
                 90s, /*with_stderr=*/true);
  ASSERT_EQ(code, 0) << out;
  // The closing line the interceptor prints when kcat destroys its consumer.
  EXPECT_THAT(out, HasSubstr("leakhound interceptor: 1852 records consumed, 1852 scanned, 32 "
                             "detections produced to leakhound.detections, 0 dropped, 2 "
                             "rejected, 0 not produced"));
  const std::multiset<std::string> published = Published("leakhound.detections", "kcat-host");
  EXPECT_EQ(published.size(), 32u);
  EXPECT_EQ(published, ExpectedDetections(cluster_.kafka, "db.queries", ShippedRules()));
}

TEST_F(InterceptorTest, PythonConfluentKafkaConsumerPublishesTheExpectedDetections) {
  const auto [code, out] =
      RunProgram(kPython,
                 {leakhound::testing::SourcePath("tests/service/interceptor_consumer.py"),
                  bootstrap_, LEAKHOUND_INTERCEPTOR, "db.queries", "python-host",
                  "leakhound.output.format=native", "leakhound.queue.size=100000"},
                 120s, /*with_stderr=*/true);
  ASSERT_EQ(code, 0) << out;
  EXPECT_THAT(out, HasSubstr("1852\n"));
  EXPECT_THAT(out, HasSubstr("32 detections produced"));
  const std::multiset<std::string> published = Published("leakhound.detections", "python-host");
  EXPECT_EQ(published, ExpectedDetections(cluster_.kafka, "db.queries", ShippedRules()));
}

TEST_F(InterceptorTest, BadPropertiesFailTheHostConfigurationWithTheReason) {
  leakhound::testing::TempDir directory;
  const std::string bad_rule = directory.Write(
      "bad.yaml", "id: X-1\ntitle: t\nseverity: urgent\nmatch: {where: {rows: {gt: 1}}}\n");
  const std::string plugin = "plugin.library.paths=" + std::string(LEAKHOUND_INTERCEPTOR);
  const auto kcat = [&](const std::string& property) {
    return RunProgram(
        kKcat,
        {"-b", bootstrap_, "-C", "-t", "db.queries", "-e", "-q", "-X", plugin, "-X", property}, 60s,
        /*with_stderr=*/true);
  };
  const auto [rules_code, rules_out] = kcat("leakhound.rules=" + bad_rule);
  EXPECT_NE(rules_code, 0);
  EXPECT_THAT(rules_out, HasSubstr("bad.yaml:3:11: error: [X-1] severity 'urgent' is not one of"));
  const auto [missing_code, missing_out] = kcat("leakhound.rules=/nonexistent/pack");
  EXPECT_NE(missing_code, 0);
  EXPECT_THAT(missing_out, HasSubstr("'leakhound.rules': rule path /nonexistent/pack"));
  const auto [typo_code, typo_out] = kcat("leakhound.ouput.topic=x");
  EXPECT_NE(typo_code, 0);
  EXPECT_THAT(typo_out, HasSubstr("did you mean 'leakhound.output.topic'?"));
  const auto [size_code, size_out] = kcat("leakhound.queue.size=0");
  EXPECT_NE(size_code, 0);
  EXPECT_THAT(size_out, HasSubstr("'leakhound.queue.size' must be a whole number from 1"));
  // Nothing was consumed to stdout: the host never started.
  EXPECT_THAT(rules_out, ::testing::Not(HasSubstr("\"statement\"")));
}

TEST_F(InterceptorTest, AFullQueueDropsWithACounterAndNeverBlocksTheHost) {
  const auto [code, out] =
      RunProgram(kKcat,
                 {"-b", bootstrap_, "-C", "-t", "db.queries", "-o", "beginning", "-e", "-q", "-f",
                  "", "-X", "plugin.library.paths=" + std::string(LEAKHOUND_INTERCEPTOR), "-X",
                  "leakhound.queue.size=1", "-X", "leakhound.output.topic=leakhound.dead-letter"},
                 90s, /*with_stderr=*/true);
  ASSERT_EQ(code, 0) << out;
  EXPECT_THAT(out, HasSubstr("queue full (leakhound.queue.size=1)"));
  EXPECT_THAT(out, HasSubstr("leakhound interceptor: 1852 records consumed"));
  // Every record is either scanned or counted as dropped.
  std::smatch match;
  ASSERT_TRUE(
      std::regex_search(out, match,
                        std::regex("leakhound interceptor: (\\d+) records consumed, (\\d+) "
                                   "scanned, \\d+ detections produced to \\S+ (\\d+) dropped")))
      << out;
  const uint64_t consumed = std::stoull(match[1]);
  const uint64_t scanned = std::stoull(match[2]);
  const uint64_t dropped = std::stoull(match[3]);
  EXPECT_EQ(consumed, 1852u);
  EXPECT_EQ(scanned + dropped, consumed);
  EXPECT_GT(dropped, 0u);
}

// The kcat case under valgrind's memcheck: no invalid access, and nothing the plugin
// allocated is lost once kcat destroyed its consumer and unloaded the library.
TEST_F(InterceptorTest, KcatWithThePluginIsCleanUnderMemcheck) {
#ifdef LEAKHOUND_HOST_PRELOAD
  GTEST_SKIP() << "memcheck and AddressSanitizer do not run in one process";
#endif
  constexpr const char* kValgrind = "/usr/bin/valgrind";
  ASSERT_EQ(access(kValgrind, X_OK), 0) << "valgrind is installed by deploy/install-deps.sh";
  const auto [code, out] = RunProgram(kValgrind,
                                      {"--error-exitcode=9",
                                       "--leak-check=full",
                                       "--show-leak-kinds=definite,indirect",
                                       "--errors-for-leak-kinds=definite,indirect",
                                       "--keep-debuginfo=yes",
                                       kKcat,
                                       "-b",
                                       bootstrap_,
                                       "-C",
                                       "-t",
                                       "db.queries",
                                       "-o",
                                       "beginning",
                                       "-e",
                                       "-q",
                                       "-f",
                                       "",
                                       "-X",
                                       "plugin.library.paths=" + std::string(LEAKHOUND_INTERCEPTOR),
                                       "-X",
                                       "leakhound.output.topic=leakhound.detections"},
                                      300s, /*with_stderr=*/true);
  EXPECT_EQ(code, 0) << out;
  EXPECT_THAT(out, HasSubstr("32 detections produced to leakhound.detections, 0 dropped"));
  EXPECT_THAT(out, HasSubstr("ERROR SUMMARY: 0 errors from 0 contexts"));
}

// rd_kafka_conf_dup copies no interceptors: the plugin registers itself again on the copy,
// so the copy still claims and checks leakhound.* properties, and both free their settings.
TEST(InterceptorLibraryTest, ADuplicatedConfigurationKeepsThePlugin) {
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  ASSERT_EQ(
      rd_kafka_conf_set(conf, "plugin.library.paths", LEAKHOUND_INTERCEPTOR, error, sizeof error),
      RD_KAFKA_CONF_OK)
      << error;
  ASSERT_EQ(rd_kafka_conf_set(conf, "leakhound.output.topic", "a", error, sizeof error),
            RD_KAFKA_CONF_OK)
      << error;
  rd_kafka_conf_t* copy = rd_kafka_conf_dup(conf);
  ASSERT_NE(copy, nullptr);
  EXPECT_EQ(rd_kafka_conf_set(copy, "leakhound.output.topic", "b", error, sizeof error),
            RD_KAFKA_CONF_OK)
      << error;
  EXPECT_EQ(rd_kafka_conf_set(copy, "leakhound.queue.size", "none", error, sizeof error),
            RD_KAFKA_CONF_INVALID);
  EXPECT_THAT(std::string(error), HasSubstr("'leakhound.queue.size' must be a whole number"));
  // Not ours: librdkafka's own check answers.
  EXPECT_EQ(rd_kafka_conf_set(copy, "no.such.property", "1", error, sizeof error),
            RD_KAFKA_CONF_UNKNOWN);
  rd_kafka_conf_destroy(copy);
  rd_kafka_conf_destroy(conf);
}

TEST(InterceptorLibraryTest, ExportsConfInitOnly) {
  const auto [code, out] =
      RunProgram("/usr/bin/nm", {"-D", "--defined-only", LEAKHOUND_INTERCEPTOR}, 30s);
  ASSERT_EQ(code, 0) << out;
  std::vector<std::string> symbols;
  for (const std::string& line : leakhound::testing::SplitLines(out)) {
    if (!line.empty()) symbols.push_back(line.substr(line.rfind(' ') + 1));
  }
  EXPECT_THAT(symbols, ::testing::ElementsAre("conf_init"));
}

}  // namespace
}  // namespace leakhound::service_test
