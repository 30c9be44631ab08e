#include "core/attack.h"

#include <gtest/gtest.h>

namespace leakhound {
namespace {

TEST(AttackTest, MapsSubTechniqueToParentNamesAndTactic) {
  const std::vector<AttackMapping> mappings =
      MapAttackTags({"attack.collection", "attack.t1213.006"});
  ASSERT_EQ(mappings.size(), 1u);
  ASSERT_NE(mappings[0].tactic, nullptr);
  EXPECT_EQ(mappings[0].tactic->uid, "TA0009");
  EXPECT_EQ(mappings[0].tactic->name, "Collection");
  EXPECT_EQ(mappings[0].technique.uid, "T1213");
  EXPECT_EQ(mappings[0].technique.name, "Data from Information Repositories");
  ASSERT_TRUE(mappings[0].sub_technique.has_value());
  EXPECT_EQ(mappings[0].sub_technique->uid, "T1213.006");
  EXPECT_EQ(mappings[0].sub_technique->name, "Databases");
}

TEST(AttackTest, PairsEachTechniqueWithTheRuleTacticItServes) {
  const std::vector<AttackMapping> mappings = MapAttackTags(
      {"attack.collection", "attack.exfiltration", "attack.t1213.006", "attack.t1030"});
  ASSERT_EQ(mappings.size(), 2u);
  EXPECT_EQ(mappings[0].tactic->tag, "collection");
  EXPECT_EQ(mappings[1].technique.uid, "T1030");
  EXPECT_EQ(mappings[1].tactic->tag, "exfiltration");
}

TEST(AttackTest, ParentTaggedBesideItsSubTechniqueIsFolded) {
  const std::vector<AttackMapping> mappings =
      MapAttackTags({"attack.t1213", "attack.T1213.006", "attack.t1213.006"});
  ASSERT_EQ(mappings.size(), 1u);
  EXPECT_EQ(mappings[0].sub_technique->uid, "T1213.006");
  EXPECT_EQ(mappings[0].tactic, nullptr);  // the rule names no tactic
}

TEST(AttackTest, UnknownTechniqueKeepsItsIdWithoutAName) {
  const std::vector<AttackMapping> mappings = MapAttackTags({"attack.discovery", "attack.t1999"});
  ASSERT_EQ(mappings.size(), 1u);
  EXPECT_EQ(mappings[0].technique.uid, "T1999");
  EXPECT_EQ(mappings[0].technique.name, "");
  EXPECT_EQ(mappings[0].tactic->uid, "TA0007");  // the rule's first tactic
}

TEST(AttackTest, TacticsWithoutTechniquesGiveOneMappingEach) {
  const std::vector<AttackMapping> mappings =
      MapAttackTags({"pii", "attack.exfiltration", "attack.collection", "attack.t12"});
  ASSERT_EQ(mappings.size(), 2u);
  EXPECT_EQ(mappings[0].tactic->uid, "TA0010");
  EXPECT_TRUE(mappings[0].technique.uid.empty());
  EXPECT_EQ(mappings[1].tactic->uid, "TA0009");
  EXPECT_TRUE(MapAttackTags({"pii", "bulk-read"}).empty());
}

TEST(AttackTest, EveryTacticHasAnIdAndUrls) {
  EXPECT_EQ(AttackTactics().size(), 14u);
  EXPECT_EQ(FindAttackTactic("command_and_control")->uid, "TA0011");
  EXPECT_EQ(FindAttackTactic("nope"), nullptr);
  EXPECT_EQ(AttackTacticUrl("TA0009"), "https://attack.mitre.org/tactics/TA0009/");
  EXPECT_EQ(AttackTechniqueUrl("T1213.006"), "https://attack.mitre.org/techniques/T1213/006/");
}

}  // namespace
}  // namespace leakhound
