#include "codec/field_trie.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace leakhound {
namespace {

using ::testing::HasSubstr;

// Keys are looked up in place in a record: give them the record's padding.
std::string Padded(std::string_view key) { return std::string(key) + std::string(32, '"'); }

FieldTrie Build(const FieldMap& map) {
  Result<FieldTrie> trie = FieldTrie::Build(map);
  EXPECT_TRUE(trie.ok()) << trie.status().ToString();
  return std::move(*trie);
}

TEST(FieldTrieTest, FindsEveryNativeKeyAndNothingElse) {
  const FieldTrie trie = Build(FieldMap::Native());
  for (const char* key : {"time", "principal", "user", "client", "application", "database",
                          "statement", "session_id", "status", "rows", "duration_ms"}) {
    const std::string text = Padded(key);
    const int child = trie.Child(FieldTrie::kRoot, std::string_view(text.data(), strlen(key)));
    ASSERT_GE(child, 0) << key;
    EXPECT_TRUE(trie.node(static_cast<uint32_t>(child)).leaf());
    EXPECT_EQ(trie.node(static_cast<uint32_t>(child)).key, key);
    EXPECT_EQ(trie.ChildOfQuotedKey(FieldTrie::kRoot, text.data()), child) << key;
  }
  for (const char* key : {"tim", "times", "Time", "principals", "statemenT", "x", "rows_"}) {
    const std::string text = Padded(key);
    EXPECT_EQ(trie.Child(FieldTrie::kRoot, std::string_view(text.data(), strlen(key))), -1) << key;
    EXPECT_EQ(trie.ChildOfQuotedKey(FieldTrie::kRoot, text.data()), -1) << key;
  }
}

TEST(FieldTrieTest, ComparesKeysLongerThanSixteenBytesWhole) {
  FieldMap map;
  map.PointersFor(InputField::kStatement) = {"/statement_text_of_the_query/value"};
  const FieldTrie trie = Build(map);
  const std::string exact = Padded("statement_text_of_the_query");
  const int child = trie.Child(FieldTrie::kRoot, std::string_view(exact.data(), 27));
  ASSERT_GE(child, 0);
  EXPECT_FALSE(trie.node(static_cast<uint32_t>(child)).leaf());
  const std::string value = Padded("value");
  EXPECT_GE(trie.Child(static_cast<uint32_t>(child), std::string_view(value.data(), 5)), 0);
  // Same first 16 bytes, a different tail; a shorter key; a longer one.
  const std::string tail = Padded("statement_text_of_the_querY");
  EXPECT_EQ(trie.Child(FieldTrie::kRoot, std::string_view(tail.data(), 27)), -1);
  EXPECT_EQ(trie.ChildOfQuotedKey(FieldTrie::kRoot, tail.data()), -1);
  const std::string shorter = Padded("statement_text_of");
  EXPECT_EQ(trie.ChildOfQuotedKey(FieldTrie::kRoot, shorter.data()), -1);
  const std::string longer = Padded("statement_text_of_the_query_x");
  EXPECT_EQ(trie.ChildOfQuotedKey(FieldTrie::kRoot, longer.data()), -1);
}

TEST(FieldTrieTest, TheEmptyKeyAndArrayIndexesAreFoundBySlowLookup) {
  FieldMap map;
  map.PointersFor(InputField::kStatement) = {"/a//b", "/users/0/name"};
  const FieldTrie trie = Build(map);
  const int a = trie.ChildSlow(FieldTrie::kRoot, "a");
  ASSERT_GE(a, 0);
  const std::string empty = Padded("");
  EXPECT_GE(trie.Child(static_cast<uint32_t>(a), std::string_view(empty.data(), 0)), 0);
  EXPECT_GE(trie.ChildOfQuotedKey(static_cast<uint32_t>(a), empty.data()), 0);
  const int users = trie.ChildSlow(FieldTrie::kRoot, "users");
  ASSERT_GE(users, 0);
  EXPECT_GE(trie.ChildSlow(static_cast<uint32_t>(users), "0"), 0);
}

TEST(FieldTrieTest, RefusesPointersItCannotCompile) {
  const auto error = [](std::vector<std::string> pointers) {
    FieldMap map;
    map.PointersFor(InputField::kStatement) = std::move(pointers);
    Result<FieldTrie> trie = FieldTrie::Build(map);
    return trie.ok() ? std::string() : trie.status().ToString();
  };
  EXPECT_THAT(error({"/a\"b"}), HasSubstr("a quote or a backslash"));
  EXPECT_THAT(error({"/a", "/a/b"}), HasSubstr("already a field"));
  EXPECT_THAT(error({"/a/b", "/a"}), HasSubstr("overlaps another pointer"));
  EXPECT_THAT(error({"a"}), HasSubstr("must start with '/'"));
  EXPECT_THAT(error({"/"}), HasSubstr(""));
}

}  // namespace
}  // namespace leakhound
