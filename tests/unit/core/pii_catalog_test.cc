#include "core/pii_catalog.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/sql_analyzer.h"

namespace leakhound {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

PiiCatalog MakeCatalog() {
  PiiCatalog catalog;
  catalog.AddTable({"",
                    "passengers",
                    {{"passport", "passport", 3.0},
                     {"email", "email", 2.0},
                     {"first_name", "name", 1.0},
                     {"last_name", "name", 1.0}}});
  catalog.AddTable({"crm", "customers", {{"email", "email", 2.0}, {"*_phone", "phone", 1.5}}});
  catalog.AddTable({"billing", "customers", {{"iban", "bank_account", 4.0}}});
  catalog.AddTable({"", "cust_*", {{"card_number", "card", 5.0}}});
  return catalog;
}

// An analysis built by hand, so that each test controls exactly what the catalog sees.
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

// REQUIRES: `catalog` outlives the facts, which point into it.
PiiFacts Classify(const PiiCatalog& catalog, const Statement& statement) {
  PiiFacts facts;
  catalog.Classify(statement.Analysis(), facts);
  return facts;
}

TEST(PiiCatalogTest, Counts) {
  const PiiCatalog catalog = MakeCatalog();
  EXPECT_EQ(catalog.table_count(), 4u);
  EXPECT_EQ(catalog.column_count(), 8u);
  EXPECT_EQ(PiiCatalog().table_count(), 0u);
  EXPECT_EQ(PiiCatalog().column_count(), 0u);
}

TEST(PiiCatalogTest, FindsExactTablesInAnySchemaWhenTheEntryHasNone) {
  const PiiCatalog catalog = MakeCatalog();
  const PiiTable* unqualified = catalog.Find({"", "passengers"});
  ASSERT_NE(unqualified, nullptr);
  EXPECT_EQ(unqualified->name, "passengers");
  EXPECT_EQ(catalog.Find({"public", "passengers"}), unqualified);
  EXPECT_EQ(catalog.Find({"", "Passengers"}), unqualified);  // quoted names keep their case
  EXPECT_EQ(catalog.Find({"", "passenger"}), nullptr);
  EXPECT_EQ(catalog.Find({"", "orders"}), nullptr);
}

TEST(PiiCatalogTest, SchemaQualifiedEntriesMatchThatSchemaOrNone) {
  const PiiCatalog catalog = MakeCatalog();
  const PiiTable* crm = catalog.Find({"crm", "customers"});
  ASSERT_NE(crm, nullptr);
  EXPECT_EQ(crm->schema, "crm");
  const PiiTable* billing = catalog.Find({"billing", "customers"});
  ASSERT_NE(billing, nullptr);
  EXPECT_EQ(billing->schema, "billing");
  EXPECT_EQ(catalog.Find({"CRM", "customers"}), crm);
  EXPECT_EQ(catalog.Find({"public", "customers"}), nullptr);
  // Unqualified: it may be either schema's (search_path), so it matches.
  EXPECT_NE(catalog.Find({"", "customers"}), nullptr);
}

TEST(PiiCatalogTest, WildcardTableNames) {
  const PiiCatalog catalog = MakeCatalog();
  const PiiTable* wildcard = catalog.Find({"", "cust_orders"});
  ASSERT_NE(wildcard, nullptr);
  EXPECT_EQ(wildcard->name, "cust_*");
  EXPECT_EQ(catalog.Find({"sales", "CUST_archive"}), wildcard);
  EXPECT_EQ(catalog.Find({"", "cust_"}), wildcard);
  EXPECT_EQ(catalog.Find({"", "cus_orders"}), nullptr);
}

TEST(PiiCatalogTest, WildcardSchemas) {
  PiiCatalog catalog;
  catalog.AddTable({"tenant_*", "users", {{"email", "email", 1.0}}});
  EXPECT_NE(catalog.Find({"tenant_42", "users"}), nullptr);
  EXPECT_EQ(catalog.Find({"public", "users"}), nullptr);
  EXPECT_NE(catalog.Find({"", "users"}), nullptr);
}

TEST(PiiCatalogTest, ExactEntryWinsOverWildcard) {
  PiiCatalog catalog;
  catalog.AddTable({"", "*", {{"a", "x", 1.0}}});
  catalog.AddTable({"", "passengers", {{"b", "y", 1.0}}});
  const PiiTable* found = catalog.Find({"", "passengers"});
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->name, "passengers");
  const PiiTable* other = catalog.Find({"", "orders"});
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(other->name, "*");
}

TEST(PiiCatalogTest, EmptyCatalogFindsNothing) {
  const PiiCatalog catalog;
  EXPECT_EQ(catalog.Find({"", "passengers"}), nullptr);
  PiiFacts facts;
  facts.tables.push_back("stale");
  facts.weight = 9;
  catalog.Classify(Statement{{{"", "passengers"}}, {"email"}, true}.Analysis(), facts);
  EXPECT_THAT(facts.tables, IsEmpty());
  EXPECT_EQ(facts.weight, 0);
}

TEST(PiiCatalogTest, NamedColumnsOfACatalogTable) {
  const PiiCatalog catalog = MakeCatalog();
  const PiiFacts facts =
      Classify(catalog, {{{"", "passengers"}}, {"id", "passport", "email", "seat"}});
  EXPECT_THAT(facts.tables, ElementsAre("passengers"));
  EXPECT_THAT(facts.columns, ElementsAre("passport", "email"));
  EXPECT_THAT(facts.categories, ElementsAre("passport", "email"));
  EXPECT_DOUBLE_EQ(facts.weight, 5.0);
}

TEST(PiiCatalogTest, CatalogTableWithoutPiiColumnsNamed) {
  const PiiCatalog catalog = MakeCatalog();
  const PiiFacts facts = Classify(catalog, {{{"", "passengers"}}, {"id", "seat"}});
  EXPECT_THAT(facts.tables, ElementsAre("passengers"));
  EXPECT_THAT(facts.columns, IsEmpty());
  EXPECT_THAT(facts.categories, IsEmpty());
  EXPECT_EQ(facts.weight, 0);
}

TEST(PiiCatalogTest, SelectStarTakesAllColumns) {
  const PiiCatalog catalog = MakeCatalog();
  const PiiFacts facts = Classify(catalog, {{{"", "passengers"}}, {}, true});
  EXPECT_THAT(facts.tables, ElementsAre("passengers"));
  EXPECT_THAT(facts.columns, ElementsAre("passport", "email", "first_name", "last_name"));
  EXPECT_THAT(facts.categories, ElementsAre("passport", "email", "name"));  // "name" once
  EXPECT_DOUBLE_EQ(facts.weight, 7.0);
}

TEST(PiiCatalogTest, EachNamedColumnMatchingAWildcardCounts) {
  const PiiCatalog catalog = MakeCatalog();
  const PiiFacts facts =
      Classify(catalog, {{{"crm", "customers"}}, {"home_phone", "work_phone", "id"}});
  EXPECT_THAT(facts.tables, ElementsAre("customers"));
  EXPECT_THAT(facts.columns, ElementsAre("home_phone", "work_phone"));
  EXPECT_THAT(facts.categories, ElementsAre("phone"));
  EXPECT_DOUBLE_EQ(facts.weight, 3.0);
}

TEST(PiiCatalogTest, ColumnNamesMatchIgnoringCase) {
  const PiiCatalog catalog = MakeCatalog();
  const PiiFacts facts = Classify(catalog, {{{"", "passengers"}}, {"Passport"}});
  EXPECT_THAT(facts.columns, ElementsAre("Passport"));  // as the statement names it
}

TEST(PiiCatalogTest, WeightIsSummedOncePerColumnAcrossTables) {
  const PiiCatalog catalog = MakeCatalog();
  // passengers.email and crm.customers.email are one column name: counted once.
  const PiiFacts facts =
      Classify(catalog, {{{"", "passengers"}, {"crm", "customers"}}, {"email", "last_name"}});
  EXPECT_THAT(facts.tables, ElementsAre("passengers", "customers"));
  EXPECT_THAT(facts.columns, ElementsAre("email", "last_name"));
  EXPECT_THAT(facts.categories, ElementsAre("email", "name"));
  EXPECT_DOUBLE_EQ(facts.weight, 3.0);
}

TEST(PiiCatalogTest, SelectStarOverSeveralTables) {
  const PiiCatalog catalog = MakeCatalog();
  const PiiFacts facts = Classify(
      catalog, {{{"", "passengers"}, {"billing", "customers"}, {"", "cust_cards"}, {"", "orders"}},
                {},
                true});
  EXPECT_THAT(facts.tables, ElementsAre("passengers", "customers", "cust_cards"));
  EXPECT_THAT(facts.columns,
              ElementsAre("passport", "email", "first_name", "last_name", "iban", "card_number"));
  EXPECT_THAT(facts.categories,
              UnorderedElementsAre("passport", "email", "name", "bank_account", "card"));
  EXPECT_DOUBLE_EQ(facts.weight, 16.0);
}

TEST(PiiCatalogTest, TheSameTableTwiceIsListedOnce) {
  const PiiCatalog catalog = MakeCatalog();
  const PiiFacts facts =
      Classify(catalog, {{{"", "passengers"}, {"public", "passengers"}}, {"passport"}});
  EXPECT_THAT(facts.tables, ElementsAre("passengers"));
  EXPECT_DOUBLE_EQ(facts.weight, 3.0);
}

TEST(PiiCatalogTest, TablesOutsideTheCatalogGiveNothing) {
  const PiiCatalog catalog = MakeCatalog();
  const PiiFacts facts = Classify(catalog, {{{"", "orders"}}, {"passport", "email"}, true});
  EXPECT_THAT(facts.tables, IsEmpty());
  EXPECT_THAT(facts.columns, IsEmpty());
  EXPECT_THAT(facts.categories, IsEmpty());
  EXPECT_EQ(facts.weight, 0);
}

TEST(PiiCatalogTest, ClassifyClearsPreviousFacts) {
  const PiiCatalog catalog = MakeCatalog();
  PiiFacts facts;
  catalog.Classify(Statement{{{"", "passengers"}}, {}, true}.Analysis(), facts);
  ASSERT_EQ(facts.columns.size(), 4u);
  catalog.Classify(Statement{{{"", "passengers"}}, {"email"}}.Analysis(), facts);
  EXPECT_THAT(facts.tables, ElementsAre("passengers"));
  EXPECT_THAT(facts.columns, ElementsAre("email"));
  EXPECT_THAT(facts.categories, ElementsAre("email"));
  EXPECT_DOUBLE_EQ(facts.weight, 2.0);
}

// End to end with the analyzer: what a rule sees for real statements.
TEST(PiiCatalogTest, ClassifiesAnalyzedStatements) {
  const PiiCatalog catalog = MakeCatalog();
  SqlAnalyzer analyzer;
  PiiFacts facts;

  catalog.Classify(analyzer.Analyze("SELECT * FROM public.passengers"), facts);
  EXPECT_THAT(facts.columns, ElementsAre("passport", "email", "first_name", "last_name"));

  catalog.Classify(
      analyzer.Analyze("select c.email, c.mobile_phone from crm.customers c where c.id = 7"),
      facts);
  EXPECT_THAT(facts.tables, ElementsAre("customers"));
  EXPECT_THAT(facts.columns, ElementsAre("email", "mobile_phone"));
  EXPECT_DOUBLE_EQ(facts.weight, 3.5);

  catalog.Classify(analyzer.Analyze("select count(*) from passengers"), facts);
  EXPECT_THAT(facts.tables, ElementsAre("passengers"));
  EXPECT_THAT(facts.columns, IsEmpty());

  catalog.Classify(analyzer.Analyze("COPY passengers TO STDOUT"), facts);
  EXPECT_DOUBLE_EQ(facts.weight, 7.0);

  catalog.Classify(analyzer.Analyze("copy passengers (email) to stdout"), facts);
  EXPECT_THAT(facts.columns, ElementsAre("email"));

  catalog.Classify(analyzer.Analyze("select passport from public.customers"), facts);
  EXPECT_THAT(facts.tables, IsEmpty());  // another schema's customers
}

}  // namespace
}  // namespace leakhound
