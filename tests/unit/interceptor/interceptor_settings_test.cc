#include "interceptor/interceptor_settings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/test_support.h"

namespace leakhound {
namespace {

using ::testing::HasSubstr;

TEST(InterceptorSettingsTest, ClaimsOnlyItsOwnPrefix) {
  EXPECT_TRUE(InterceptorSettings::Claims("leakhound.rules"));
  EXPECT_TRUE(InterceptorSettings::Claims("leakhound.producer.sasl.password"));
  EXPECT_FALSE(InterceptorSettings::Claims("bootstrap.servers"));
  EXPECT_FALSE(InterceptorSettings::Claims("leakhoundrules"));
}

TEST(InterceptorSettingsTest, DefaultsAndValues) {
  InterceptorSettings settings;
  EXPECT_EQ(settings.output_topic, "leakhound.detections");
  EXPECT_EQ(settings.queue_size, 10000u);
  EXPECT_EQ(settings.output_format, DetectionFormat::kNative);
  ASSERT_TRUE(settings.Set("leakhound.output.topic", "siem.in").ok());
  ASSERT_TRUE(settings.Set("leakhound.output.format", "ecs").ok());
  ASSERT_TRUE(settings.Set("leakhound.queue.size", "500").ok());
  ASSERT_TRUE(settings.Set("leakhound.drain.timeout.ms", "0").ok());
  ASSERT_TRUE(settings.Set("leakhound.output.bootstrap.servers", "siem:9092").ok());
  ASSERT_TRUE(settings.Set("leakhound.producer.linger.ms", "5").ok());
  EXPECT_EQ(settings.output_topic, "siem.in");
  EXPECT_EQ(settings.output_format, DetectionFormat::kEcs);
  EXPECT_EQ(settings.queue_size, 500u);
  EXPECT_EQ(settings.drain_timeout.count(), 0);
  EXPECT_EQ(settings.output_bootstrap, "siem:9092");
  ASSERT_NE(settings.producer.Find("linger.ms"), nullptr);
  EXPECT_EQ(*settings.producer.Find("linger.ms"), "5");
}

TEST(InterceptorSettingsTest, BadValuesSayWhatIsAccepted) {
  InterceptorSettings settings;
  EXPECT_THAT(settings.Set("leakhound.queue.size", "0").message(),
              HasSubstr("must be a whole number from 1 to 10000000, not '0'"));
  EXPECT_THAT(settings.Set("leakhound.queue.size", "12k").message(), HasSubstr("not '12k'"));
  EXPECT_THAT(settings.Set("leakhound.output.format", "leef").message(),
              HasSubstr("must be one of native, text, ocsf, ocsf-data-security, ecs"));
  EXPECT_THAT(settings.Set("leakhound.output.topic", "").message(), HasSubstr("is empty"));
  EXPECT_THAT(settings.Set("leakhound.rulez", "x").message(),
              HasSubstr("did you mean 'leakhound.rules'?"));
  EXPECT_THAT(settings.Set("leakhound.producer.", "x").message(),
              HasSubstr("names no producer property"));
  EXPECT_EQ(settings.queue_size, 10000u);  // a refused value changes nothing
}

TEST(InterceptorSettingsTest, ProducerSecretsAreNeverRepeated) {
  InterceptorSettings settings;
  ASSERT_TRUE(settings.Set("leakhound.producer.sasl.password", "hunter2-secret").ok());
  const Status bad = settings.Set("leakhound.producer.", "hunter2-secret");
  EXPECT_EQ(bad.message().find("hunter2-secret"), std::string::npos);
}

TEST(InterceptorSettingsTest, RulesAndProfileAreLoadedWhenSet) {
  InterceptorSettings settings;
  ASSERT_TRUE(settings.Set("leakhound.rules", testing::SourcePath("rules")).ok());
  ASSERT_NE(settings.compiled_rules, nullptr);
  EXPECT_THAT(settings.Set("leakhound.rules", "/nonexistent/pack").message(),
              HasSubstr("/nonexistent/pack"));
  ASSERT_TRUE(settings.Set("leakhound.profile", "pg-jsonlog").ok());
  EXPECT_EQ(settings.profile, "pg-jsonlog");
  EXPECT_THAT(settings.Set("leakhound.profile", "no-such-decoder").message(),
              HasSubstr("not a decoder name"));
  EXPECT_EQ(settings.profile, "pg-jsonlog");
  // The built-in pack when leakhound.rules was never set.
  InterceptorSettings defaults;
  Result<std::shared_ptr<const CompiledRules>> rules = defaults.Rules();
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  EXPECT_NE(*rules, nullptr);
}

}  // namespace
}  // namespace leakhound
