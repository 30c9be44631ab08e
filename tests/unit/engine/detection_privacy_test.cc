#include "engine/detection_privacy.h"

#include <gtest/gtest.h>

namespace leakhound {
namespace {

KeyedTokens Tokens(std::vector<std::string> what) {
  return std::move(*KeyedTokens::Create(what, "unit-test-key-0123456789"));
}

TEST(NamesShownByFingerprintTest, NamesTheFingerprintMasksAreMaskedToo) {
  EXPECT_EQ(NamesShownByFingerprint("4111111111111111,full_name,a@b.c",
                                    "select ?, full_name, ? from passengers"),
            "?,full_name,?");
  // A name must appear as a whole word: "name" is not shown by "full_name".
  EXPECT_EQ(NamesShownByFingerprint("name", "select full_name from t"), "?");
  EXPECT_EQ(NamesShownByFingerprint("", "select 1"), "");
}

TEST(ApplyKeyedTokensTest, FieldsPredicatesOperandsAndGroupsGetTheSameTokens) {
  const KeyedTokens tokens = Tokens({"principal", "client"});
  Detection detection;
  detection.principal = "mallory";
  detection.client = "10.1.2.3:51234";
  detection.application = "psql";
  detection.predicates = {{"principal", "in", "[mallory, eve]", "mallory"},
                          {"principal", "not_in", "service_accounts", "mallory"},
                          {"client", "cidr", "10.0.0.0/8", "10.1.2.3:51234"},
                          {"application", "equals", "psql", "psql"}};
  ThresholdEvidence threshold;
  threshold.group = {{"principal", "mallory"}, {"client", "10.1.2.3"}};
  detection.threshold = threshold;
  ApplyKeyedTokens(tokens, "select 1", detection);

  const std::string mallory = tokens.Token("mallory");
  const std::string address = tokens.Token("10.1.2.3");  // the port is not part of it
  EXPECT_EQ(detection.principal, mallory);
  EXPECT_EQ(detection.client, address);
  EXPECT_EQ(detection.application, "psql");  // not asked for
  EXPECT_EQ(detection.predicates[0].actual, mallory);
  EXPECT_EQ(detection.predicates[0].expected, "[" + mallory + ", " + tokens.Token("eve") + "]");
  EXPECT_EQ(detection.predicates[1].expected, "service_accounts");  // a list's name stays
  EXPECT_EQ(detection.predicates[2].actual, address);
  EXPECT_EQ(detection.predicates[3].expected, "psql");
  EXPECT_EQ(detection.threshold->group[0].second, mallory);
  EXPECT_EQ(detection.threshold->group[1].second, address);
  EXPECT_TRUE(detection.literal_tokens.empty());
}

TEST(ApplyKeyedTokensTest, LiteralsBecomeTokensInOrder) {
  const KeyedTokens tokens = Tokens({"literals"});
  Detection detection;
  detection.principal = "mallory";
  ApplyKeyedTokens(tokens, "select * from t where email = 'a@b.c' and id = 42", detection);
  EXPECT_EQ(detection.principal, "mallory");
  ASSERT_EQ(detection.literal_tokens.size(), 2u);
  EXPECT_EQ(detection.literal_tokens[0], tokens.Token("a@b.c"));
  EXPECT_EQ(detection.literal_tokens[1], tokens.Token("42"));
}

}  // namespace
}  // namespace leakhound
