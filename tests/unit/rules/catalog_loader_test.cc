#include "rules/catalog_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace leakhound {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

struct Loaded {
  PiiCatalog catalog;
  Diagnostics diagnostics;
};

Loaded Load(const std::string& content) {
  Loaded loaded;
  LoadPiiCatalog({"catalog.yaml", content}, loaded.catalog, loaded.diagnostics);
  return loaded;
}

std::vector<std::string> All(const Diagnostics& diagnostics) {
  std::vector<std::string> out;
  for (const Diagnostic& d : diagnostics.all()) out.push_back(d.ToString());
  return out;
}

// What a statement reads, as the SQL analyzer would report it.
struct Statement {
  std::vector<TableRef> tables;
  std::vector<std::string_view> columns;
  bool select_star = false;

  SqlAnalysis Analysis() const {
    SqlAnalysis sql;
    sql.tables = tables;
    sql.columns = columns;
    sql.select_star = select_star;
    return sql;
  }
};

std::vector<std::string> Strings(const std::vector<std::string_view>& views) {
  return {views.begin(), views.end()};
}

constexpr std::string_view kCatalog = R"(categories:
  passport: {weight: 10, description: travel document}
  email: 3
  name: {weight: 2}
  misc: {}
tables:
  - table: Passengers
    description: one row per traveller
    columns:
      Full_Name: name
      passport_no: passport
      email: {category: email, weight: 7}
      "*_note": misc
  - table: crm.customers
    columns:
      email: email
  - table: "customer_*"
    columns:
      "*phone*": MISC
)";

TEST(CatalogLoaderTest, LoadsTablesColumnsAndWeights) {
  const Loaded loaded = Load(std::string(kCatalog));
  EXPECT_THAT(loaded.diagnostics.all(), IsEmpty()) << loaded.diagnostics.ToString();
  EXPECT_EQ(loaded.catalog.table_count(), 3u);
  EXPECT_EQ(loaded.catalog.column_count(), 6u);

  const PiiTable* passengers = loaded.catalog.Find({"", "passengers"});
  ASSERT_NE(passengers, nullptr);
  EXPECT_EQ(passengers->name, "passengers");  // lowercased
  EXPECT_EQ(passengers->schema, "");
  ASSERT_EQ(passengers->columns.size(), 4u);
  EXPECT_EQ(passengers->columns[0].name, "full_name");
  EXPECT_EQ(passengers->columns[0].category, "name");
  EXPECT_EQ(passengers->columns[0].weight, 2);
  EXPECT_EQ(passengers->columns[1].category, "passport");
  EXPECT_EQ(passengers->columns[1].weight, 10);
  EXPECT_EQ(passengers->columns[2].weight, 7);  // the column's own weight wins
  EXPECT_EQ(passengers->columns[3].name, "*_note");
  EXPECT_EQ(passengers->columns[3].weight, 1);  // a category without weight weighs 1

  const PiiTable* wildcard = loaded.catalog.Find({"", "customer_addresses"});
  ASSERT_NE(wildcard, nullptr);
  EXPECT_EQ(wildcard->columns[0].category, "misc");  // categories ignore case
}

TEST(CatalogLoaderTest, UnqualifiedTablesMatchAnySchema) {
  const Loaded loaded = Load(std::string(kCatalog));
  EXPECT_NE(loaded.catalog.Find({"public", "passengers"}), nullptr);
  EXPECT_NE(loaded.catalog.Find({"", "PASSENGERS"}), nullptr);
  EXPECT_EQ(loaded.catalog.Find({"", "flights"}), nullptr);
}

TEST(CatalogLoaderTest, SchemaQualifiedTablesMatchThatSchemaOrAnUnqualifiedName) {
  const Loaded loaded = Load(std::string(kCatalog));
  const PiiTable* customers = loaded.catalog.Find({"crm", "customers"});
  ASSERT_NE(customers, nullptr);
  EXPECT_EQ(customers->schema, "crm");
  EXPECT_EQ(customers->name, "customers");
  EXPECT_EQ(loaded.catalog.Find({"public", "customers"}), nullptr);
  EXPECT_EQ(loaded.catalog.Find({"", "customers"}), customers);  // search_path may reach it
}

TEST(CatalogLoaderTest, ClassifyNamedColumns) {
  const Loaded loaded = Load(std::string(kCatalog));
  const Statement statement{{{"", "passengers"}}, {"full_name", "passport_no", "id"}};
  PiiFacts facts;
  loaded.catalog.Classify(statement.Analysis(), facts);
  EXPECT_THAT(Strings(facts.tables), ElementsAre("passengers"));
  EXPECT_THAT(Strings(facts.columns), ElementsAre("full_name", "passport_no"));
  EXPECT_THAT(Strings(facts.categories), ElementsAre("name", "passport"));
  EXPECT_EQ(facts.weight, 12);
}

TEST(CatalogLoaderTest, ClassifySelectStarSumsEveryColumn) {
  const Loaded loaded = Load(std::string(kCatalog));
  const Statement statement{{{"", "passengers"}}, {}, true};
  PiiFacts facts;
  loaded.catalog.Classify(statement.Analysis(), facts);
  EXPECT_THAT(Strings(facts.columns), ElementsAre("full_name", "passport_no", "email", "*_note"));
  EXPECT_THAT(Strings(facts.categories), ElementsAre("name", "passport", "email", "misc"));
  EXPECT_EQ(facts.weight, 2 + 10 + 7 + 1);
}

TEST(CatalogLoaderTest, WildcardColumns) {
  const Loaded loaded = Load(std::string(kCatalog));
  const Statement statement{{{"", "customer_contacts"}}, {"mobile_phone_2", "name"}};
  PiiFacts facts;
  loaded.catalog.Classify(statement.Analysis(), facts);
  EXPECT_THAT(Strings(facts.tables), ElementsAre("customer_contacts"));
  EXPECT_THAT(Strings(facts.columns), ElementsAre("mobile_phone_2"));
  EXPECT_EQ(facts.weight, 1);
}

TEST(CatalogLoaderTest, CategoriesWithoutDeclarationsWeighOne) {
  const Loaded loaded =
      Load("tables:\n  - table: t\n    columns: {a: anything, b: {category: x, weight: 4}}\n");
  EXPECT_THAT(loaded.diagnostics.all(), IsEmpty()) << loaded.diagnostics.ToString();
  const PiiTable* table = loaded.catalog.Find({"", "t"});
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(table->columns[0].category, "anything");
  EXPECT_EQ(table->columns[0].weight, 1);
  EXPECT_EQ(table->columns[1].weight, 4);
}

TEST(CatalogLoaderTest, UndeclaredCategoryWithSuggestion) {
  const Loaded loaded = Load(
      "categories: {passport: 10, email: 3}\n"
      "tables:\n"
      "  - table: t\n"
      "    columns:\n"
      "      a: pasport\n"
      "      b: email\n"
      "      c: zzz\n");
  EXPECT_THAT(All(loaded.diagnostics),
              ElementsAre("catalog.yaml:5:10: error: category 'pasport' is not declared under "
                          "categories; did you mean 'passport'?",
                          "catalog.yaml:7:10: error: category 'zzz' is not declared under "
                          "categories"));
  // The valid column is kept.
  const PiiTable* table = loaded.catalog.Find({"", "t"});
  ASSERT_NE(table, nullptr);
  ASSERT_EQ(table->columns.size(), 1u);
  EXPECT_EQ(table->columns[0].name, "b");
}

TEST(CatalogLoaderTest, StructuralErrors) {
  const Loaded loaded = Load(
      "categories:\n"              // 1
      "  email: {weigth: 3}\n"     // 2
      "  card: {weight: -1}\n"     // 3
      "tabels: []\n"               // 4
      "tables:\n"                  // 5
      "  - columns: {a: email}\n"  // 6
      "  - table: nocolumns\n"     // 7
      "  - table: t\n"             // 8
      "    columns:\n"             // 9
      "      a: {weight: 3}\n"     // 10
      "  - just a string\n");      // 11
  EXPECT_THAT(
      All(loaded.diagnostics),
      ElementsAre(
          "catalog.yaml:4:1: error: unknown key 'tabels' in the catalog; did you mean 'tables'?",
          "catalog.yaml:2:11: error: unknown key 'weigth' in category 'email'; did you mean "
          "'weight'?",
          "catalog.yaml:3:18: error: a category weight must not be negative",
          "catalog.yaml:6:5: error: a catalog table needs 'table: NAME'",
          "catalog.yaml:7:5: error: catalog table 'nocolumns' lists no columns",
          "catalog.yaml:10:10: error: column 'a' needs a category",
          "catalog.yaml:11:5: error: a catalog table must be a mapping (key: value lines)"));
  EXPECT_EQ(loaded.catalog.Find({"", "nocolumns"}), nullptr);
}

TEST(CatalogLoaderTest, TablesMustBeAList) {
  const Loaded loaded = Load("tables: {t: x}\n");
  EXPECT_THAT(All(loaded.diagnostics),
              ElementsAre("catalog.yaml:1:9: error: tables must be a list of {table: NAME, "
                          "columns: {COLUMN: CATEGORY}}"));
}

TEST(CatalogLoaderTest, YamlSyntaxError) {
  const Loaded loaded = Load("tables: [\n");
  ASSERT_EQ(loaded.diagnostics.error_count(), 1u);
  EXPECT_EQ(loaded.diagnostics.all()[0].location.file, "catalog.yaml");
  EXPECT_GT(loaded.diagnostics.all()[0].location.line, 0);
  EXPECT_EQ(loaded.diagnostics.all()[0].message.rfind("YAML syntax: ", 0), 0u);
}

TEST(CatalogLoaderTest, NestingTooDeepIsExplained) {
  const Loaded loaded = Load("tables: " + std::string(1000, '['));
  ASSERT_EQ(loaded.diagnostics.error_count(), 1u);
  EXPECT_EQ(loaded.diagnostics.all()[0].message,
            "YAML syntax: nested 500 levels deep, more than the YAML reader follows; a bracket "
            "is probably left open, or a list was indented one level per line");
}

TEST(CatalogLoaderTest, EmptyFileIsAnEmptyCatalog) {
  const Loaded loaded = Load("# nothing yet\n");
  EXPECT_THAT(loaded.diagnostics.all(), IsEmpty());
  EXPECT_EQ(loaded.catalog.table_count(), 0u);
}

}  // namespace
}  // namespace leakhound
