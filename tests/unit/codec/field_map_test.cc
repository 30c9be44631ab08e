#include "codec/field_map.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace leakhound {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(InputFieldTest, NamesRoundTrip) {
  for (size_t i = 0; i < kInputFieldCount; ++i) {
    const auto field = static_cast<InputField>(i);
    const std::optional<InputField> found = FindInputField(InputFieldName(field));
    ASSERT_TRUE(found.has_value()) << InputFieldName(field);
    EXPECT_EQ(*found, field);
  }
  EXPECT_EQ(InputFieldName(InputField::kTime), "time");
  EXPECT_EQ(InputFieldName(InputField::kSessionId), "session_id");
  EXPECT_EQ(InputFieldName(InputField::kDuration), "duration");
}

TEST(InputFieldTest, AliasesAndUnknownNames) {
  EXPECT_EQ(FindInputField("user"), InputField::kPrincipal);
  EXPECT_EQ(FindInputField("duration_ms"), InputField::kDuration);
  EXPECT_EQ(FindInputField("Principal"), std::nullopt);
  EXPECT_EQ(FindInputField("query"), std::nullopt);
  EXPECT_EQ(FindInputField(""), std::nullopt);
}

TEST(FieldMapTest, NativeMapPointers) {
  const FieldMap map = FieldMap::Native();
  EXPECT_THAT(map.PointersFor(InputField::kTime), ElementsAre("/time"));
  EXPECT_THAT(map.PointersFor(InputField::kPrincipal), ElementsAre("/principal", "/user"));
  EXPECT_THAT(map.PointersFor(InputField::kClient), ElementsAre("/client"));
  EXPECT_THAT(map.PointersFor(InputField::kApplication), ElementsAre("/application"));
  EXPECT_THAT(map.PointersFor(InputField::kDatabase), ElementsAre("/database"));
  EXPECT_THAT(map.PointersFor(InputField::kStatement), ElementsAre("/statement"));
  EXPECT_THAT(map.PointersFor(InputField::kSessionId), ElementsAre("/session_id"));
  EXPECT_THAT(map.PointersFor(InputField::kStatus), ElementsAre("/status"));
  EXPECT_THAT(map.PointersFor(InputField::kRows), ElementsAre("/rows"));
  EXPECT_THAT(map.PointersFor(InputField::kDuration), ElementsAre("/duration_ms"));
  EXPECT_EQ(map.duration_unit, EpochUnit::kMilliseconds);
  EXPECT_FALSE(map.time_unit.has_value());
  EXPECT_TRUE(map.statement_required);
}

TEST(FieldMapTest, DefaultMapIsEmpty) {
  const FieldMap map;
  for (size_t i = 0; i < kInputFieldCount; ++i) {
    EXPECT_TRUE(map.PointersFor(static_cast<InputField>(i)).empty());
  }
}

TEST(ParseJsonPointerTest, SplitsTokens) {
  Result<std::vector<std::string>> tokens = ParseJsonPointer("/a/b/0");
  ASSERT_TRUE(tokens.ok());
  EXPECT_THAT(*tokens, ElementsAre("a", "b", "0"));
}

TEST(ParseJsonPointerTest, Escapes) {
  Result<std::vector<std::string>> tokens = ParseJsonPointer("/a~1b/m~0n/~01");
  ASSERT_TRUE(tokens.ok());
  // "~01" is '~' then '1', not '/': escapes are decoded left to right once.
  EXPECT_THAT(*tokens, ElementsAre("a/b", "m~n", "~1"));
}

TEST(ParseJsonPointerTest, EmptyTokens) {
  Result<std::vector<std::string>> root_key = ParseJsonPointer("/");
  ASSERT_TRUE(root_key.ok());
  EXPECT_THAT(*root_key, ElementsAre(""));
  Result<std::vector<std::string>> inner = ParseJsonPointer("/a//b/");
  ASSERT_TRUE(inner.ok());
  EXPECT_THAT(*inner, ElementsAre("a", "", "b", ""));
}

TEST(ParseJsonPointerTest, RefusesPointersWithoutLeadingSlash) {
  for (std::string_view bad : {"", "user", "a/b"}) {
    Result<std::vector<std::string>> tokens = ParseJsonPointer(bad);
    ASSERT_FALSE(tokens.ok()) << bad;
    EXPECT_EQ(tokens.status().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(tokens.status().message(), HasSubstr("must start with '/'"));
  }
}

TEST(ParseJsonPointerTest, RefusesBadTildeEscapes) {
  for (std::string_view bad : {"/a~2", "/a~", "/~x/b"}) {
    Result<std::vector<std::string>> tokens = ParseJsonPointer(bad);
    ASSERT_FALSE(tokens.ok()) << bad;
    EXPECT_EQ(tokens.status().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(tokens.status().message(), HasSubstr("'~' that is not ~0 or ~1"));
    EXPECT_THAT(tokens.status().message(), HasSubstr(std::string(bad)));
  }
}

}  // namespace
}  // namespace leakhound
