#include "match/pattern_scanner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace leakhound {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

std::shared_ptr<const PatternDatabase> Database(const std::vector<PatternInput>& inputs) {
  std::vector<PatternError> errors;
  Result<std::shared_ptr<const PatternDatabase>> database =
      PatternDatabase::Compile(inputs, errors);
  EXPECT_TRUE(database.ok());
  EXPECT_THAT(errors, IsEmpty());
  return database.ok() ? *database : nullptr;
}

std::unique_ptr<PatternScanner> Scanner(std::shared_ptr<const PatternDatabase> database) {
  Result<std::unique_ptr<PatternScanner>> scanner = PatternScanner::Create(std::move(database));
  EXPECT_TRUE(scanner.ok()) << scanner.status().ToString();
  return scanner.ok() ? std::move(*scanner) : nullptr;
}

std::vector<uint32_t> Ids(const MatchSet& matches) {
  return {matches.ids().begin(), matches.ids().end()};
}

// --- MatchSet ----------------------------------------------------------------------------

TEST(MatchSetTest, StartsEmpty) {
  MatchSet matches(10);
  EXPECT_TRUE(matches.empty());
  EXPECT_THAT(Ids(matches), IsEmpty());
  for (uint32_t id = 0; id < 10; ++id) EXPECT_FALSE(matches.Contains(id));
}

TEST(MatchSetTest, InsertContainsAndIdsInInsertionOrder) {
  MatchSet matches(200);
  matches.Insert(130);
  matches.Insert(0);
  matches.Insert(63);
  matches.Insert(64);
  EXPECT_FALSE(matches.empty());
  EXPECT_THAT(Ids(matches), ElementsAre(130u, 0u, 63u, 64u));
  for (uint32_t id : {0u, 63u, 64u, 130u}) EXPECT_TRUE(matches.Contains(id)) << id;
  for (uint32_t id : {1u, 62u, 65u, 129u, 131u, 199u}) EXPECT_FALSE(matches.Contains(id)) << id;
}

TEST(MatchSetTest, InsertingTwiceKeepsOneId) {
  MatchSet matches(8);
  matches.Insert(3);
  matches.Insert(3);
  EXPECT_THAT(Ids(matches), ElementsAre(3u));
}

TEST(MatchSetTest, ContainsBeyondTheSizeIsFalse) {
  MatchSet matches(64);
  matches.Insert(63);
  EXPECT_FALSE(matches.Contains(64));
  EXPECT_FALSE(matches.Contains(100000));
  MatchSet none;
  EXPECT_FALSE(none.Contains(0));
}

TEST(MatchSetTest, ClearForgetsEverything) {
  MatchSet matches(300);
  for (uint32_t id : {1u, 2u, 65u, 299u}) matches.Insert(id);
  matches.Clear();
  EXPECT_TRUE(matches.empty());
  EXPECT_THAT(Ids(matches), IsEmpty());
  for (uint32_t id : {1u, 2u, 65u, 299u}) EXPECT_FALSE(matches.Contains(id)) << id;
  // Clearing zeroes whole words, so a neighbour in the same word is gone too, and the set
  // is usable again.
  matches.Insert(3);
  EXPECT_TRUE(matches.Contains(3));
  EXPECT_FALSE(matches.Contains(2));
  EXPECT_THAT(Ids(matches), ElementsAre(3u));
}

TEST(MatchSetTest, ResizeGrows) {
  MatchSet matches;
  EXPECT_EQ(matches.capacity(), 0u);
  matches.Resize(129);
  EXPECT_EQ(matches.capacity(), 192u);
  matches.Insert(128);
  EXPECT_TRUE(matches.Contains(128));
}

// --- PatternScanner ----------------------------------------------------------------------

TEST(PatternScannerTest, ScanFillsAndClearsTheSet) {
  auto scanner = Scanner(Database({{"copy"}, {"stdout"}, {"select"}}));
  MatchSet matches(3);
  ASSERT_TRUE(scanner->Scan("copy passengers to stdout", matches).ok());
  EXPECT_THAT(Ids(matches), UnorderedElementsAre(0u, 1u));
  ASSERT_TRUE(scanner->Scan("select 1", matches).ok());
  EXPECT_THAT(Ids(matches), ElementsAre(2u));
  EXPECT_FALSE(matches.Contains(0));
  EXPECT_FALSE(matches.Contains(1));
  ASSERT_TRUE(scanner->Scan("nothing here", matches).ok());
  EXPECT_TRUE(matches.empty());
}

TEST(PatternScannerTest, EmptyText) {
  auto scanner = Scanner(Database({{"a"}}));
  MatchSet matches(1);
  matches.Insert(0);
  EXPECT_TRUE(scanner->Scan("", matches).ok());
  EXPECT_TRUE(matches.empty());
  EXPECT_TRUE(scanner->Scan(std::string_view(), matches).ok());
  EXPECT_TRUE(matches.empty());
}

TEST(PatternScannerTest, UndersizedMatchSetIsGrown) {
  std::vector<PatternInput> inputs;
  for (int i = 0; i < 100; ++i) inputs.push_back({"w" + std::to_string(i) + "x"});
  auto scanner = Scanner(Database(inputs));
  MatchSet matches;  // sized for no pattern at all
  ASSERT_TRUE(scanner->Scan("w0x w99x w64x", matches).ok());
  EXPECT_THAT(Ids(matches), UnorderedElementsAre(0u, 99u, 64u));
  EXPECT_TRUE(matches.Contains(99));
}

TEST(PatternScannerTest, ScannerWithZeroPatterns) {
  auto scanner = Scanner(Database({}));
  MatchSet matches;
  EXPECT_TRUE(scanner->Scan("select * from passengers", matches).ok());
  EXPECT_TRUE(matches.empty());
}

TEST(PatternScannerTest, ScannerKeepsTheDatabaseAlive) {
  std::shared_ptr<const PatternDatabase> database = Database({{"passengers"}});
  std::weak_ptr<const PatternDatabase> weak = database;
  auto scanner = Scanner(std::move(database));
  EXPECT_FALSE(weak.expired());
  MatchSet matches(1);
  ASSERT_TRUE(scanner->Scan("from passengers", matches).ok());
  EXPECT_THAT(Ids(matches), ElementsAre(0u));
  scanner.reset();
  EXPECT_TRUE(weak.expired());
}

TEST(PatternScannerTest, TwoScannersShareOneDatabase) {
  std::shared_ptr<const PatternDatabase> database = Database({{"alpha"}, {"beta"}});
  auto first = Scanner(database);
  auto second = Scanner(database);
  MatchSet a(2), b(2);
  ASSERT_TRUE(first->Scan("alpha", a).ok());
  ASSERT_TRUE(second->Scan("beta", b).ok());
  EXPECT_THAT(Ids(a), ElementsAre(0u));
  EXPECT_THAT(Ids(b), ElementsAre(1u));
}

TEST(PatternScannerTest, BinaryBytesAreScanned) {
  auto scanner = Scanner(Database({{R"(\x00\xff)"}}));
  MatchSet matches(1);
  const std::string text(
      "a\0\xff"
      "b",
      4);
  ASSERT_TRUE(scanner->Scan(text, matches).ok());
  EXPECT_THAT(Ids(matches), ElementsAre(0u));
}

TEST(PatternScannerTest, StagesScanTheirOwnPatterns) {
  // 0 and 2 in the first stage, 1 in the second; ids stay the inputs' indexes.
  auto scanner = Scanner(Database({{"alpha"}, {"beta", false, true}, {"gamma"}}));
  MatchSet matches(3);
  const std::string text = "alpha beta gamma";
  ASSERT_TRUE(scanner->Scan(text, matches, PatternStage::kFirst).ok());
  EXPECT_THAT(Ids(matches), UnorderedElementsAre(0u, 2u));
  ASSERT_TRUE(scanner->ScanMore(text, matches, PatternStage::kGated).ok());
  EXPECT_THAT(Ids(matches), UnorderedElementsAre(0u, 1u, 2u));
  ASSERT_TRUE(scanner->Scan(text, matches, PatternStage::kGated).ok());
  EXPECT_THAT(Ids(matches), ElementsAre(1u));
  ASSERT_TRUE(scanner->Scan(text, matches).ok());  // kAll
  EXPECT_THAT(Ids(matches), UnorderedElementsAre(0u, 1u, 2u));
}

TEST(PatternScannerTest, OnlyGatedPatterns) {
  auto scanner = Scanner(Database({{"alpha", false, true}}));
  MatchSet matches(1);
  ASSERT_TRUE(scanner->Scan("alpha", matches, PatternStage::kFirst).ok());
  EXPECT_THAT(Ids(matches), IsEmpty());
  ASSERT_TRUE(scanner->Scan("alpha", matches).ok());
  EXPECT_THAT(Ids(matches), ElementsAre(0u));
}

}  // namespace
}  // namespace leakhound
