#include "core/field.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>

namespace leakhound {
namespace {

TEST(FieldTest, EveryFieldIsDescribedAtItsOwnIndex) {
  const auto fields = AllFields();
  ASSERT_EQ(fields.size(), static_cast<size_t>(Field::kWeekday) + 1);
  std::set<std::string_view> names;
  for (size_t i = 0; i < fields.size(); ++i) {
    EXPECT_EQ(static_cast<size_t>(fields[i].field), i) << fields[i].name;
    EXPECT_EQ(&GetFieldInfo(fields[i].field), &fields[i]);
    EXPECT_FALSE(fields[i].name.empty());
    EXPECT_FALSE(fields[i].description.empty()) << fields[i].name;
    EXPECT_TRUE(names.insert(fields[i].name).second) << "duplicate " << fields[i].name;
  }
}

TEST(FieldTest, FindFieldByName) {
  EXPECT_EQ(FindField("principal"), Field::kPrincipal);
  EXPECT_EQ(FindField("client"), Field::kClient);
  EXPECT_EQ(FindField("rows"), Field::kRows);
  EXPECT_EQ(FindField("duration_ms"), Field::kDurationMs);
  EXPECT_EQ(FindField("fingerprint"), Field::kFingerprint);
  EXPECT_EQ(FindField("select_star"), Field::kSelectStar);
  EXPECT_EQ(FindField("pii_categories"), Field::kPiiCategories);
  EXPECT_EQ(FindField("weekday"), Field::kWeekday);
  for (const FieldInfo& info : AllFields()) EXPECT_EQ(FindField(info.name), info.field);
}

TEST(FieldTest, UserIsAnAliasOfPrincipal) { EXPECT_EQ(FindField("user"), Field::kPrincipal); }

TEST(FieldTest, UnknownNames) {
  EXPECT_EQ(FindField(""), std::nullopt);
  EXPECT_EQ(FindField("princpal"), std::nullopt);
  EXPECT_EQ(FindField("Principal"), std::nullopt);  // field names are exact
  EXPECT_EQ(FindField("users"), std::nullopt);
}

TEST(FieldTest, TypesAndOrigins) {
  EXPECT_EQ(GetFieldInfo(Field::kTime).type, FieldType::kTime);
  EXPECT_EQ(GetFieldInfo(Field::kClient).type, FieldType::kAddress);
  EXPECT_EQ(GetFieldInfo(Field::kRows).type, FieldType::kNumber);
  EXPECT_EQ(GetFieldInfo(Field::kTables).type, FieldType::kStringList);
  EXPECT_EQ(GetFieldInfo(Field::kHasWhere).type, FieldType::kBool);
  EXPECT_EQ(GetFieldInfo(Field::kPrincipal).origin, FieldOrigin::kRecord);
  EXPECT_EQ(GetFieldInfo(Field::kVerb).origin, FieldOrigin::kSql);
  EXPECT_EQ(GetFieldInfo(Field::kPiiWeight).origin, FieldOrigin::kCatalog);
  EXPECT_EQ(GetFieldInfo(Field::kHour).origin, FieldOrigin::kTime);
  EXPECT_EQ(GetFieldInfo(Field::kWeekday).name, "weekday");
}

TEST(FieldTest, TypeNames) {
  EXPECT_EQ(FieldTypeName(FieldType::kString), "string");
  EXPECT_EQ(FieldTypeName(FieldType::kNumber), "number");
  EXPECT_EQ(FieldTypeName(FieldType::kBool), "boolean");
  EXPECT_EQ(FieldTypeName(FieldType::kStringList), "list of strings");
  EXPECT_EQ(FieldTypeName(FieldType::kAddress), "address");
  EXPECT_EQ(FieldTypeName(FieldType::kTime), "time");
}

TEST(FieldTest, SuggestsTheNearestField) {
  EXPECT_EQ(SuggestField("princpal"), "principal");
  EXPECT_EQ(SuggestField("has_wher"), "has_where");
  EXPECT_EQ(SuggestField("pii_categorys"), "pii_categories");
  EXPECT_EQ(SuggestField("fingerprnt"), "fingerprint");
  EXPECT_EQ(SuggestField("Tables"), "tables");
}

TEST(FieldTest, NoSuggestionForUnrelatedNames) {
  EXPECT_EQ(SuggestField("xyzzy_plugh"), "");
  EXPECT_EQ(SuggestField("completely_unrelated"), "");
}

}  // namespace
}  // namespace leakhound
