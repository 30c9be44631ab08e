#include "cli/service_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "support/test_support.h"

namespace leakhound {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

// An environment of exactly these variables.
EnvironmentLookup Environment(std::map<std::string, std::string> variables = {}) {
  return [variables](const std::string& name) -> std::optional<std::string> {
    const auto it = variables.find(name);
    if (it == variables.end()) return std::nullopt;
    return it->second;
  };
}

struct Loaded {
  ServiceConfig config;
  Diagnostics diagnostics;
};

Loaded Load(const std::string& yaml, std::map<std::string, std::string> variables = {}) {
  static testing::TempDir directory;
  const std::string path = directory.Write("leakhound.yaml", yaml);
  Loaded loaded;
  loaded.config = LoadServiceConfig(path, Environment(std::move(variables)), loaded.diagnostics);
  return loaded;
}

std::vector<std::string> Errors(const Diagnostics& diagnostics) {
  std::vector<std::string> errors;
  for (const Diagnostic& diagnostic : diagnostics.all()) errors.push_back(diagnostic.ToString());
  return errors;
}

TEST(ServiceConfigTest, DefaultsRunOnTheEmbeddedClusterWithNativeRecords) {
  Diagnostics diagnostics;
  const ServiceConfig config = LoadServiceConfig("", Environment(), diagnostics);
  EXPECT_FALSE(diagnostics.has_errors()) << diagnostics.ToString();
  EXPECT_TRUE(config.embedded());
  ASSERT_EQ(config.service.inputs.size(), 1u);
  EXPECT_EQ(config.service.inputs[0].topic, "db.queries");
  EXPECT_EQ(config.service.group_id, "leakhound");
  EXPECT_EQ(config.service.output_topic, "leakhound.detections");
  EXPECT_EQ(config.service.dead_letter_topic, "leakhound.dead-letter");
  EXPECT_EQ(config.service.state_topic, "leakhound.state");
  EXPECT_EQ(config.service.delivery, DeliveryMode::kAtLeastOnce);
  EXPECT_EQ(config.metrics_listen, "127.0.0.1:9464");
  EXPECT_EQ(config.service.engine.sql_cache.entries, 128u);
}

TEST(ServiceConfigTest, ReadsEveryKey) {
  const Loaded loaded = Load(
      "kafka:\n  bootstrap.servers: k1:9092,k2:9092\n  security.protocol: SASL_SSL\n"
      "kafka_consumer: {session.timeout.ms: 30000}\nkafka_producer: {linger.ms: 10}\n"
      "group: lh-prod\ninputs:\n  - topic: db.audit.pg\n  - topic: db.audit.mysql\n"
      "output: {topic: out}\ndead_letter: {topic: dlq}\nstate: {topic: st}\nrules: packs/pii\n"
      "workers: 3\ndelivery: exactly-once\ntransactional_id: lh-1\ncommit_interval: 500ms\n"
      "shutdown_timeout: 1m\nstart_from: latest\n"
      "limits: {max_record_bytes: 4096, max_dead_letter_bytes: 2048, max_queued_records: 50,\n"
      "         sql_cache_entries: 0}\n"
      "embedded: {brokers: 1, partitions: 2}\nmetrics: {listen: '0.0.0.0:9000'}\n"
      "log: {format: json, level: debug}\nreload: {watch: false, interval: 5s}\n");
  ASSERT_FALSE(loaded.diagnostics.has_errors()) << loaded.diagnostics.ToString();
  const ServiceConfig& config = loaded.config;
  EXPECT_FALSE(config.embedded());
  EXPECT_EQ(*config.service.kafka.Find("bootstrap.servers"), "k1:9092,k2:9092");
  EXPECT_EQ(*config.service.consumer.Find("session.timeout.ms"), "30000");
  EXPECT_EQ(*config.service.producer.Find("linger.ms"), "10");
  EXPECT_EQ(config.service.group_id, "lh-prod");
  ASSERT_EQ(config.service.inputs.size(), 2u);
  EXPECT_EQ(config.service.inputs[1].topic, "db.audit.mysql");
  EXPECT_EQ(config.service.output_topic, "out");
  EXPECT_EQ(config.service.dead_letter_topic, "dlq");
  EXPECT_EQ(config.service.state_topic, "st");
  EXPECT_THAT(config.rules, HasSubstr("/packs/pii"));  // relative to the config file
  EXPECT_EQ(config.rules.front(), '/');
  EXPECT_EQ(config.service.workers, 3u);
  EXPECT_EQ(config.service.delivery, DeliveryMode::kExactlyOnce);
  EXPECT_EQ(config.service.transactional_id, "lh-1");
  EXPECT_EQ(config.service.commit_interval, std::chrono::milliseconds(500));
  EXPECT_EQ(config.service.shutdown_timeout, std::chrono::minutes(1));
  EXPECT_EQ(config.service.start_from, StartFrom::kLatest);
  EXPECT_EQ(config.service.max_record_bytes, 4096u);
  EXPECT_EQ(config.service.max_dead_letter_bytes, 2048u);
  EXPECT_EQ(config.service.max_queued_records, 50u);
  EXPECT_EQ(config.service.engine.sql_cache.entries, 0u);
  EXPECT_EQ(config.embedded_brokers, 1);
  EXPECT_EQ(config.embedded_partitions, 2);
  EXPECT_EQ(config.metrics_listen, "0.0.0.0:9000");
  EXPECT_EQ(config.log_format, LogFormat::kJson);
  EXPECT_EQ(config.log_level, "debug");
  EXPECT_FALSE(config.watch_rules);
  EXPECT_EQ(config.watch_interval, std::chrono::seconds(5));
}

TEST(ServiceConfigTest, SubstitutesEnvironmentVariables) {
  const Loaded loaded = Load(
      "kafka:\n  bootstrap.servers: ${BROKERS}\n  sasl.password: ${PASSWORD}\n"
      "group: ${GROUP:-leakhound-default}\nworkers: ${WORKERS}\n",
      {{"BROKERS", "k:9092"}, {"PASSWORD", "s3cret"}, {"WORKERS", "4"}});
  ASSERT_FALSE(loaded.diagnostics.has_errors()) << loaded.diagnostics.ToString();
  EXPECT_EQ(*loaded.config.service.kafka.Find("bootstrap.servers"), "k:9092");
  EXPECT_EQ(*loaded.config.service.kafka.Find("sasl.password"), "s3cret");
  EXPECT_EQ(loaded.config.service.group_id, "leakhound-default");
  EXPECT_EQ(loaded.config.service.workers, 4u);
}

TEST(ServiceConfigTest, AnUnsetVariableIsAnErrorAtItsPlace) {
  const Loaded loaded = Load("group: a\nkafka:\n  sasl.password: ${MISSING}\n");
  ASSERT_EQ(loaded.diagnostics.error_count(), 1u);
  EXPECT_THAT(Errors(loaded.diagnostics)[0],
              HasSubstr("leakhound.yaml:3:18: error: environment variable MISSING is not set"));
}

TEST(ServiceConfigTest, LeakhoundVariablesOverrideTheFile) {
  const Loaded loaded = Load("group: from-file\ninputs: [{topic: a}]\nworkers: 2\n",
                             {{"LEAKHOUND_GROUP", "from-env"},
                              {"LEAKHOUND_INPUT_TOPICS", "x, y"},
                              {"LEAKHOUND_WORKERS", "5"},
                              {"LEAKHOUND_DELIVERY", "exactly-once"},
                              {"LEAKHOUND_LOG_FORMAT", "json"}});
  ASSERT_FALSE(loaded.diagnostics.has_errors()) << loaded.diagnostics.ToString();
  EXPECT_EQ(loaded.config.service.group_id, "from-env");
  ASSERT_EQ(loaded.config.service.inputs.size(), 2u);
  EXPECT_EQ(loaded.config.service.inputs[0].topic, "x");
  EXPECT_EQ(loaded.config.service.inputs[1].topic, "y");
  EXPECT_EQ(loaded.config.service.workers, 5u);
  EXPECT_EQ(loaded.config.service.delivery, DeliveryMode::kExactlyOnce);
  EXPECT_EQ(loaded.config.log_format, LogFormat::kJson);
  // exactly-once without a transactional_id gets one from the group and the host.
  EXPECT_THAT(loaded.config.service.transactional_id, HasSubstr("leakhound-from-env-"));
}

TEST(ServiceConfigTest, ReportsEveryErrorWithItsPosition) {
  const Loaded loaded = Load(
      "grup: x\n"                      // 1: unknown key
      "delivery: at-most-once\n"       // 2: bad value
      "commit_interval: 10 seconds\n"  // 3: bad duration
      "workers: 1000\n"                // 4: out of range
      "kafka: {group.id: mine}\n"      // 5: a property leakhound owns
      "log: {format: xml}\n");         // 6: bad value
  const std::vector<std::string> errors = Errors(loaded.diagnostics);
  ASSERT_EQ(errors.size(), 6u) << loaded.diagnostics.ToString();
  const auto reported = [&](const std::string& text) {
    return std::any_of(errors.begin(), errors.end(), [&](const std::string& error) {
      return error.find(text) != std::string::npos;
    });
  };
  EXPECT_TRUE(reported("leakhound.yaml:1:1: error: unknown key 'grup'"))
      << loaded.diagnostics.ToString();
  EXPECT_TRUE(reported("did you mean 'group'?"));
  EXPECT_TRUE(reported(":2:11: error: delivery must be at-least-once or exactly-once"));
  EXPECT_TRUE(reported(":3:18: error: commit_interval: "));
  EXPECT_TRUE(reported(":4:10: error: workers must be a whole number from 0 to 256"));
  EXPECT_TRUE(reported(":6:15: error: log.format must be text or json"));
  EXPECT_TRUE(reported("kafka.group.id is set by leakhound itself"));
}

TEST(ServiceConfigTest, RefusesToReadWhatItWrites) {
  const Loaded loaded = Load("inputs: [{topic: leakhound.detections}]\n");
  ASSERT_EQ(loaded.diagnostics.error_count(), 1u);
  EXPECT_THAT(Errors(loaded.diagnostics)[0], HasSubstr("leakhound would read what it writes"));
}

TEST(ServiceConfigTest, SyntaxErrorsHaveAPosition) {
  const Loaded loaded = Load("inputs:\n  - topic: [unclosed\n");
  ASSERT_EQ(loaded.diagnostics.error_count(), 1u);
  EXPECT_THAT(Errors(loaded.diagnostics)[0], HasSubstr("leakhound.yaml:"));
  EXPECT_THAT(Errors(loaded.diagnostics)[0], HasSubstr("error: YAML syntax"));
}

TEST(ServiceConfigTest, AMissingFileIsAnError) {
  Diagnostics diagnostics;
  LoadServiceConfig("/nonexistent/leakhound.yaml", Environment(), diagnostics);
  ASSERT_EQ(diagnostics.error_count(), 1u);
  EXPECT_THAT(diagnostics.all()[0].ToString(), HasSubstr("cannot read the config file"));
}

TEST(KafkaPropertiesTest, LogStringsNeverShowSecrets) {
  KafkaProperties properties;
  properties.Set("bootstrap.servers", "k:9092");
  properties.Set("sasl.password", "hunter2");
  properties.Set("ssl.key.password", "hunter3");
  properties.Set("ssl.keystore.password", "hunter4");
  properties.Set("ssl.key.pem", "-----BEGIN PRIVATE KEY-----");
  properties.Set("sasl.oauthbearer.client.secret", "hunter5");
  properties.Set("sasl.oauthbearer.config", "principal=x token=hunter6");
  const std::string text = properties.ToLogString();
  for (const char* secret :
       {"hunter2", "hunter3", "hunter4", "BEGIN PRIVATE", "hunter5", "hunter6"}) {
    EXPECT_THAT(text, ::testing::Not(HasSubstr(secret))) << secret;
  }
  EXPECT_THAT(text, HasSubstr("bootstrap.servers=k:9092"));
  EXPECT_THAT(text, HasSubstr("sasl.password=[redacted]"));
}

TEST(KafkaPropertiesTest, ARefusedPropertyIsNamedWithLibrdkafkasReason) {
  KafkaProperties properties;
  properties.Set("sasl.mechanisms", "PLAIN");
  properties.Set("bootstrap.servrs", "k:9092");
  Result<rd_kafka_conf_s*> conf = properties.MakeConf();
  ASSERT_FALSE(conf.ok());
  EXPECT_THAT(conf.status().message(), HasSubstr("kafka property bootstrap.servrs: "));
  EXPECT_THAT(conf.status().message(), HasSubstr("No such configuration property"));
}

}  // namespace
}  // namespace leakhound
