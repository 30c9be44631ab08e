#include "core/case_folded_map.h"

#include <gtest/gtest.h>

#include <string>

namespace leakhound {
namespace {

TEST(CaseFoldedMapTest, FindsKeysIgnoringAsciiCase) {
  CaseFoldedMap<int> map;
  map.Insert("booking_api") = 1;
  map.Insert("Svc_Backup") = 2;
  ASSERT_NE(map.Find("BOOKING_API"), nullptr);
  EXPECT_EQ(*map.Find("BOOKING_API"), 1);
  EXPECT_EQ(*map.Find("svc_backup"), 2);
  EXPECT_EQ(map.Find("booking_ap"), nullptr);
  EXPECT_EQ(map.Find("booking_api "), nullptr);
  EXPECT_EQ(map.Find(""), nullptr);
  EXPECT_EQ(map.entries()[1].first, "svc_backup");  // stored lowercase
}

TEST(CaseFoldedMapTest, InsertReturnsTheExistingValue) {
  CaseFoldedMap<std::vector<int>> map;
  map.Insert("t").push_back(1);
  map.Insert("T").push_back(2);
  EXPECT_EQ(map.size(), 1u);
  EXPECT_EQ(*map.Find("t"), (std::vector<int>{1, 2}));
}

TEST(CaseFoldedMapTest, FoldsOnlyAsciiLetters) {
  CaseFoldedMap<int> map;
  map.Insert("a@[`{z") = 1;  // '@' + 32 is '`', '[' + 32 is '{': not letters
  EXPECT_NE(map.Find("A@[`{Z"), nullptr);
  EXPECT_EQ(map.Find("a`{@[z"), nullptr);
  map.Insert("caf\xc3\xa9") = 2;  // bytes >= 0x80 compare as they are
  EXPECT_NE(map.Find("CAF\xc3\xa9"), nullptr);
  EXPECT_EQ(map.Find("CAF\xc3\x89"), nullptr);
}

TEST(CaseFoldedMapTest, GrowsAndKeepsEveryKey) {
  CaseFoldedMap<size_t> map;
  for (size_t i = 0; i < 10000; ++i) map.Insert("column_" + std::to_string(i)) = i;
  EXPECT_EQ(map.size(), 10000u);
  for (size_t i = 0; i < 10000; i += 7) {
    const size_t* value = map.Find("COLUMN_" + std::to_string(i));
    ASSERT_NE(value, nullptr) << i;
    EXPECT_EQ(*value, i);
  }
  EXPECT_EQ(map.Find("column_10000"), nullptr);
}

TEST(CaseFoldedMapTest, HashAgreesAcrossCaseForEveryLength) {
  std::string lower, upper;
  for (int length = 0; length < 40; ++length) {
    EXPECT_EQ(CaseFoldedHash(lower), CaseFoldedHash(upper)) << length;
    EXPECT_TRUE(EqualsIgnoreCase(lower, upper));
    lower += static_cast<char>('a' + length % 26);
    upper += static_cast<char>('A' + length % 26);
  }
  EXPECT_FALSE(EqualsIgnoreCase("abcdefghij", "abcdefghik"));
  EXPECT_FALSE(EqualsIgnoreCase("abc", "abcd"));
}

}  // namespace
}  // namespace leakhound
