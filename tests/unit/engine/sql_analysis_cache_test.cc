#include "engine/sql_analysis_cache.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/sql_analyzer.h"

namespace leakhound {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// An analysis as plain values, to compare two analyses whatever their views point into.
struct Flat {
  std::string normalized, alternate, fingerprint, verb;
  std::vector<std::string> tables, columns, aggregates;
  bool select_star, has_where, has_limit, copy_to, truncated;
  std::optional<int64_t> limit, offset;
  bool operator==(const Flat&) const = default;
};

Flat Flatten(const SqlAnalysis& a) {
  Flat flat{std::string(a.normalized),
            std::string(a.alternate_normalized),
            std::string(a.fingerprint),
            std::string(a.verb),
            {},
            {},
            {},
            a.select_star,
            a.has_where,
            a.has_limit,
            a.copy_to,
            a.truncated,
            a.limit,
            a.offset};
  for (const TableRef& t : a.tables)
    flat.tables.push_back(std::string(t.schema) + "." + std::string(t.name));
  for (std::string_view c : a.columns) flat.columns.emplace_back(c);
  for (std::string_view g : a.aggregates) flat.aggregates.emplace_back(g);
  return flat;
}

// Statements of every shape the analysis has: schemas, joins, aggregates, a MySQL/PostgreSQL
// ambiguity (alternate reading), COPY, LIMIT/OFFSET, comments and quotes.
const std::vector<std::string> kStatements = {
    "SELECT full_name, passport_no FROM public.passengers p JOIN bookings b ON b.pid = p.id",
    "select json_agg(p) from passengers p",
    "SELECT * FROM customers WHERE email = 'a\\\\' OR 1=1 -- '",
    "COPY (SELECT * FROM passengers) TO STDOUT WITH CSV",
    "SELECT id FROM bookings ORDER BY id LIMIT 20 OFFSET 40",
    "SeLeCt/**/*/**/FrOm \"Passengers\" # trailing",
    "with p as (select * from passengers) select string_agg(email, ',') from p",
};

TEST(SqlAnalysisCacheTest, AKeptAnalysisOutlivesTheAnalyzersNextStatement) {
  SqlAnalyzer analyzer;
  SqlAnalysisCache cache({});
  std::vector<Flat> expected;
  for (const std::string& statement : kStatements) {
    const SqlAnalysis& fresh = analyzer.Analyze(statement);
    expected.push_back(Flatten(fresh));
    const uint64_t hash = SqlAnalysisCache::Hash(statement);
    ASSERT_EQ(cache.Find(statement, hash), nullptr) << statement;
    EXPECT_EQ(Flatten(cache.Insert(statement, hash, fresh)), expected.back()) << statement;
  }
  analyzer.Analyze("select 1");  // the analyzer's buffers now hold something else
  size_t found = 0;
  for (size_t i = 0; i < kStatements.size(); ++i) {
    // Distinct slots are likely, not certain, with 128 of them: a replaced one is absent.
    const SqlAnalysis* kept = cache.Find(kStatements[i], SqlAnalysisCache::Hash(kStatements[i]));
    if (kept == nullptr) continue;
    ++found;
    EXPECT_EQ(Flatten(*kept), expected[i]) << kStatements[i];
  }
  EXPECT_GE(found, kStatements.size() - 1);
}

// Every byte of a statement goes into its hash, whatever its size (whole steps of 16
// bytes, a word left over, fewer than 8 bytes): a change in any one byte changes it.
TEST(SqlAnalysisCacheTest, EveryByteChangesTheHash) {
  const std::string base =
      "select full_name, passport_no, birth_date from passengers where id between 1 and 500";
  for (size_t size = 0; size <= base.size(); ++size) {
    const std::string statement = base.substr(0, size);
    const uint64_t hash = SqlAnalysisCache::Hash(statement);
    for (size_t position = 0; position < size; ++position) {
      std::string changed = statement;
      changed[position] ^= 0x01;
      EXPECT_NE(SqlAnalysisCache::Hash(changed), hash) << size << " " << position;
    }
    if (size > 0) {
      EXPECT_NE(SqlAnalysisCache::Hash(base.substr(0, size - 1)), hash) << size;
    }
  }
}

TEST(SqlAnalysisCacheTest, FindsOnlyTheExactText) {
  SqlAnalyzer analyzer;
  SqlAnalysisCache cache({});
  const std::string statement = "select * from passengers";
  cache.Insert(statement, SqlAnalysisCache::Hash(statement), analyzer.Analyze(statement));
  EXPECT_NE(cache.Find(statement, SqlAnalysisCache::Hash(statement)), nullptr);
  for (const std::string other :
       {"select * from passengers ", "SELECT * FROM passengers", "select * from passenger"}) {
    EXPECT_EQ(cache.Find(other, SqlAnalysisCache::Hash(other)), nullptr) << other;
  }
  // The same hash with another text (a collision) is no match either.
  EXPECT_EQ(cache.Find("select 1", SqlAnalysisCache::Hash(statement)), nullptr);
  cache.Clear();
  EXPECT_EQ(cache.Find(statement, SqlAnalysisCache::Hash(statement)), nullptr);
}

TEST(SqlAnalysisCacheTest, ANewStatementTakesItsSlot) {
  SqlAnalyzer analyzer;
  SqlAnalysisCache cache({.entries = 1});  // one slot: every statement shares it
  const std::string a = "select * from passengers", b = "select * from customers";
  cache.Insert(a, SqlAnalysisCache::Hash(a), analyzer.Analyze(a));
  cache.Insert(b, SqlAnalysisCache::Hash(b), analyzer.Analyze(b));
  EXPECT_EQ(cache.Find(a, SqlAnalysisCache::Hash(a)), nullptr);
  const SqlAnalysis* kept = cache.Find(b, SqlAnalysisCache::Hash(b));
  ASSERT_NE(kept, nullptr);
  ASSERT_EQ(kept->tables.size(), 1u);
  EXPECT_EQ(kept->tables[0].name, "customers");
}

// Two ways a set: with two entries, every statement shares the one set. Two statements
// are both kept; a third takes the slot of the one used less recently, and the catalog
// facts kept beside each follow their own statement.
TEST(SqlAnalysisCacheTest, ASetKeepsTwoAndANewStatementTakesTheLeastRecent) {
  SqlAnalyzer analyzer;
  SqlAnalysisCache cache({.entries = 2});
  const std::string a = "select * from passengers", b = "select * from customers",
                    c = "select * from bookings";
  const auto hash = [](const std::string& statement) { return SqlAnalysisCache::Hash(statement); };
  cache.Insert(a, hash(a), analyzer.Analyze(a));
  cache.PiiFactsOfLast().emplace().tables = {"passengers"};
  cache.Insert(b, hash(b), analyzer.Analyze(b));
  EXPECT_FALSE(cache.PiiFactsOfLast().has_value());
  ASSERT_NE(cache.Find(a, hash(a)), nullptr);
  ASSERT_TRUE(cache.PiiFactsOfLast().has_value());
  EXPECT_THAT(cache.PiiFactsOfLast()->tables, ElementsAre("passengers"));
  ASSERT_NE(cache.Find(b, hash(b)), nullptr);
  ASSERT_NE(cache.Find(a, hash(a)), nullptr);  // b is now the less recent
  cache.Insert(c, hash(c), analyzer.Analyze(c));
  EXPECT_EQ(cache.Find(b, hash(b)), nullptr);
  const SqlAnalysis* kept_a = cache.Find(a, hash(a));
  ASSERT_NE(kept_a, nullptr);
  EXPECT_EQ(kept_a->tables[0].name, "passengers");
  const SqlAnalysis* kept_c = cache.Find(c, hash(c));
  ASSERT_NE(kept_c, nullptr);
  EXPECT_EQ(kept_c->tables[0].name, "bookings");
  EXPECT_FALSE(cache.PiiFactsOfLast().has_value());
  // c is now the more recent, in the other way than before: a fourth replaces a.
  const std::string d = "select * from flights";
  cache.Insert(d, hash(d), analyzer.Analyze(d));
  EXPECT_EQ(cache.Find(a, hash(a)), nullptr);
  EXPECT_NE(cache.Find(c, hash(c)), nullptr);
  EXPECT_NE(cache.Find(d, hash(d)), nullptr);
}

TEST(SqlAnalysisCacheTest, OffOrTooLongIsNotKept) {
  SqlAnalysisCache off({.entries = 0});
  EXPECT_FALSE(off.Accepts("select 1"));
  EXPECT_EQ(off.Find("select 1", SqlAnalysisCache::Hash("select 1")), nullptr);
  SqlAnalysisCache cache({.entries = 4, .max_statement_bytes = 10});
  EXPECT_TRUE(cache.Accepts("select 1"));
  EXPECT_FALSE(cache.Accepts("select * from t"));
}

TEST(SqlAnalysisCacheTest, EmptyViewsStayEmpty) {
  SqlAnalyzer analyzer;
  SqlAnalysisCache cache({});
  const std::string statement = "vacuum";
  const SqlAnalysis& kept =
      cache.Insert(statement, SqlAnalysisCache::Hash(statement), analyzer.Analyze(statement));
  EXPECT_THAT(kept.alternate_normalized, IsEmpty());
  EXPECT_THAT(kept.tables, IsEmpty());
  EXPECT_EQ(kept.normalized, "vacuum");
}

}  // namespace
}  // namespace leakhound
