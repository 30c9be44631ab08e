#include "rules/predicate_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace leakhound {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

struct Parsed {
  Diagnostics diagnostics;
  std::vector<Predicate> predicates;
};

NamedLists Lists() {
  NamedLists lists;
  auto service = std::make_shared<NamedList>("service_accounts", "lists/service_accounts.txt");
  service->Add("svc_*");
  service->Add("etl");
  lists.emplace("service_accounts", service);
  auto bastions = std::make_shared<NamedList>("bastions", "lists/bastions.txt");
  bastions->Add("10.20.0.0/16");
  lists.emplace("bastions", bastions);
  return lists;
}

// Parses every `key: spec` of a YAML mapping, as `where:` does.
Parsed Parse(const std::string& yaml, const NamedLists& lists = Lists()) {
  Parsed parsed;
  YamlReader reader("w.yaml", parsed.diagnostics);
  PredicateParser parser(reader, lists);
  const YAML::Node root = YAML::Load(yaml);
  for (const auto& entry : root) parser.Parse(entry.first, entry.second, parsed.predicates);
  return parsed;
}

// Parses one predicate that must parse without diagnostics.
Predicate One(const std::string& yaml) {
  Parsed parsed = Parse(yaml);
  EXPECT_THAT(parsed.diagnostics.all(), IsEmpty()) << parsed.diagnostics.ToString();
  EXPECT_EQ(parsed.predicates.size(), 1u) << yaml;
  return parsed.predicates.empty() ? Predicate{} : parsed.predicates.front();
}

std::vector<std::string> Errors(const Parsed& parsed) {
  std::vector<std::string> out;
  for (const Diagnostic& d : parsed.diagnostics.all()) out.push_back(d.ToString());
  return out;
}

TEST(PredicateParserTest, ScalarIsEquality) {
  const Predicate p = One("principal: alice");
  EXPECT_EQ(p.field, Field::kPrincipal);
  EXPECT_EQ(p.op, PredicateOp::kEquals);
  ASSERT_NE(p.set, nullptr);
  EXPECT_EQ(p.set->size(), 1u);
  EXPECT_TRUE(p.set->Contains("alice"));
  EXPECT_TRUE(p.set->Contains("ALICE"));
  EXPECT_FALSE(p.set->Contains("alicia"));
  EXPECT_EQ(p.written, "alice");
  EXPECT_EQ(p.location.file, "w.yaml");
  EXPECT_EQ(p.location.line, 1);
  EXPECT_EQ(p.location.column, 1);
}

TEST(PredicateParserTest, ScalarEqualityWithWildcard) {
  const Predicate p = One("application: 'pg_dump*'");
  EXPECT_EQ(p.op, PredicateOp::kEquals);
  EXPECT_TRUE(p.set->Contains("pg_dumpall"));
  EXPECT_FALSE(p.set->Contains("psql"));
}

TEST(PredicateParserTest, UserIsAnAliasOfPrincipal) {
  EXPECT_EQ(One("user: alice").field, Field::kPrincipal);
}

TEST(PredicateParserTest, SequenceIsIn) {
  const Predicate p = One("principal: [alice, bob]");
  EXPECT_EQ(p.op, PredicateOp::kIn);
  ASSERT_NE(p.set, nullptr);
  EXPECT_EQ(p.set->size(), 2u);
  EXPECT_TRUE(p.set->Contains("alice"));
  EXPECT_TRUE(p.set->Contains("bob"));
  EXPECT_FALSE(p.set->Contains("carol"));
  EXPECT_EQ(p.set->name(), "");  // inline
  EXPECT_EQ(p.written, "[alice, bob]");
}

TEST(PredicateParserTest, InNamedList) {
  const NamedLists lists = Lists();
  Parsed parsed = Parse("principal: {in: service_accounts}", lists);
  ASSERT_THAT(parsed.diagnostics.all(), IsEmpty());
  ASSERT_EQ(parsed.predicates.size(), 1u);
  const Predicate& p = parsed.predicates[0];
  EXPECT_EQ(p.op, PredicateOp::kIn);
  EXPECT_EQ(p.set, lists.at("service_accounts"));  // shared, not copied
  EXPECT_EQ(p.written, "service_accounts");
  EXPECT_EQ(p.location.column, 13);  // the operator key
}

TEST(PredicateParserTest, NotInNamedList) {
  const Predicate p = One("principal: {not_in: service_accounts}");
  EXPECT_EQ(p.op, PredicateOp::kNotIn);
  EXPECT_EQ(p.set->name(), "service_accounts");
  EXPECT_TRUE(p.set->Contains("svc_backup"));
}

TEST(PredicateParserTest, InWithInlineList) {
  const Predicate p = One("verb: {in: [copy, select]}");
  EXPECT_EQ(p.field, Field::kVerb);
  EXPECT_EQ(p.op, PredicateOp::kIn);
  EXPECT_TRUE(p.set->Contains("copy"));
  EXPECT_EQ(p.written, "[copy, select]");
}

TEST(PredicateParserTest, NumericOperatorsAreSeparatePredicates) {
  Parsed parsed = Parse("rows: {gte: 10000, lt: 1000000, gt: 5.5, lte: 7}");
  ASSERT_THAT(parsed.diagnostics.all(), IsEmpty());
  ASSERT_EQ(parsed.predicates.size(), 4u);
  EXPECT_EQ(parsed.predicates[0].op, PredicateOp::kGte);
  EXPECT_EQ(parsed.predicates[0].number, 10000);
  EXPECT_EQ(parsed.predicates[0].written, "10000");
  EXPECT_EQ(parsed.predicates[1].op, PredicateOp::kLt);
  EXPECT_EQ(parsed.predicates[1].number, 1000000);
  EXPECT_EQ(parsed.predicates[2].op, PredicateOp::kGt);
  EXPECT_EQ(parsed.predicates[2].number, 5.5);
  EXPECT_EQ(parsed.predicates[3].op, PredicateOp::kLte);
  EXPECT_EQ(parsed.predicates[3].number, 7);
  for (const Predicate& p : parsed.predicates) EXPECT_EQ(p.field, Field::kRows);
}

TEST(PredicateParserTest, NumericScalarIsNumericEquality) {
  const Predicate p = One("limit: 100");
  EXPECT_EQ(p.field, Field::kLimit);
  EXPECT_EQ(p.op, PredicateOp::kEquals);
  EXPECT_EQ(p.number, 100);
  EXPECT_EQ(p.set, nullptr);
}

TEST(PredicateParserTest, NumericListIsASetOfIntegers) {
  const Predicate p = One("rows: [1, 2, 3]");
  EXPECT_EQ(p.op, PredicateOp::kIn);
  EXPECT_TRUE(p.set->Contains("2"));
  EXPECT_FALSE(p.set->Contains("4"));
}

TEST(PredicateParserTest, EqualsAndNotEqualsSpellings) {
  EXPECT_EQ(One("principal: {equals: a}").op, PredicateOp::kEquals);
  EXPECT_EQ(One("principal: {eq: a}").op, PredicateOp::kEquals);
  EXPECT_EQ(One("principal: {not_equals: a}").op, PredicateOp::kNotEquals);
  EXPECT_EQ(One("principal: {ne: a}").op, PredicateOp::kNotEquals);
  const Predicate number = One("rows: {ne: 0}");
  EXPECT_EQ(number.op, PredicateOp::kNotEquals);
  EXPECT_EQ(number.number, 0);
}

TEST(PredicateParserTest, BetweenForHourMayWrap) {
  const Predicate p = One("hour: {between: [22, 5]}");
  EXPECT_EQ(p.field, Field::kHour);
  EXPECT_EQ(p.op, PredicateOp::kBetween);
  EXPECT_EQ(p.number, 22);
  EXPECT_EQ(p.number_high, 5);
  EXPECT_EQ(p.written, "[22, 5]");
}

TEST(PredicateParserTest, BetweenForOtherFieldsMustBeOrdered) {
  const Predicate p = One("rows: {between: [10, 20]}");
  EXPECT_EQ(p.number, 10);
  EXPECT_EQ(p.number_high, 20);
  Parsed parsed = Parse("rows: {between: [20, 10]}");
  EXPECT_THAT(parsed.predicates, IsEmpty());
  EXPECT_THAT(Errors(parsed),
              ElementsAre("w.yaml:1:17: error: between's low end 20 is above its high end 10"));
}

TEST(PredicateParserTest, BetweenNeedsTwoValues) {
  Parsed parsed = Parse("rows: {between: [1, 2, 3]}");
  EXPECT_THAT(parsed.predicates, IsEmpty());
  EXPECT_THAT(Errors(parsed),
              ElementsAre("w.yaml:1:17: error: between takes two values: [low, high]"));
}

TEST(PredicateParserTest, WeekdayNames) {
  const Predicate sat = One("weekday: sat");
  EXPECT_EQ(sat.field, Field::kWeekday);
  EXPECT_EQ(sat.op, PredicateOp::kEquals);
  EXPECT_EQ(sat.number, 6);
  EXPECT_EQ(One("weekday: Sunday").number, 0);
  const Predicate workweek = One("weekday: {between: [mon, fri]}");
  EXPECT_EQ(workweek.number, 1);
  EXPECT_EQ(workweek.number_high, 5);
  const Predicate weekend = One("weekday: [sat, sun]");
  EXPECT_EQ(weekend.op, PredicateOp::kIn);
  EXPECT_TRUE(weekend.set->Contains("6"));
  EXPECT_TRUE(weekend.set->Contains("0"));
  EXPECT_FALSE(weekend.set->Contains("1"));
  const Predicate wraps = One("weekday: {between: [fri, mon]}");
  EXPECT_EQ(wraps.number, 5);
  EXPECT_EQ(wraps.number_high, 1);
  EXPECT_EQ(One("weekday: 3").number, 3);
}

TEST(PredicateParserTest, BadWeekdayAndHour) {
  Parsed parsed = Parse("weekday: 7\nhour: 24\nhour: {gte: -1}\nweekday: funday");
  EXPECT_THAT(parsed.predicates, IsEmpty());
  EXPECT_THAT(Errors(parsed),
              ElementsAre("w.yaml:1:10: error: weekday must be 0-6 (Sunday = 0) or a day name "
                          "such as sat",
                          "w.yaml:2:7: error: hour must be between 0 and 23",
                          "w.yaml:3:13: error: hour must be between 0 and 23",
                          "w.yaml:4:10: error: the value of 'weekday' must be a number"));
}

TEST(PredicateParserTest, Exists) {
  const Predicate present = One("pii_columns: {exists: true}");
  EXPECT_EQ(present.field, Field::kPiiColumns);
  EXPECT_EQ(present.op, PredicateOp::kExists);
  EXPECT_TRUE(present.expected_bool);
  const Predicate absent = One("limit: {exists: false}");
  EXPECT_EQ(absent.op, PredicateOp::kExists);
  EXPECT_FALSE(absent.expected_bool);
  Parsed parsed = Parse("limit: {exists: maybe}");
  EXPECT_THAT(Errors(parsed), ElementsAre("w.yaml:1:17: error: exists must be true or false"));
}

TEST(PredicateParserTest, Booleans) {
  const Predicate p = One("pii_table: true");
  EXPECT_EQ(p.field, Field::kPiiTable);
  EXPECT_EQ(p.op, PredicateOp::kEquals);
  EXPECT_TRUE(p.expected_bool);
  EXPECT_FALSE(One("has_where: false").expected_bool);
  EXPECT_FALSE(One("copy_to: no").expected_bool);
  Parsed parsed = Parse("has_limit: sometimes");
  EXPECT_THAT(Errors(parsed),
              ElementsAre("w.yaml:1:12: error: the value of 'has_limit' must be true or false"));
}

TEST(PredicateParserTest, Cidr) {
  const Predicate p = One("client: {cidr: [10.0.0.0/8, '2001:db8::/32']}");
  EXPECT_EQ(p.field, Field::kClient);
  EXPECT_EQ(p.op, PredicateOp::kIn);
  ASSERT_NE(p.set, nullptr);
  EXPECT_TRUE(p.set->ContainsAddress(*ParseIpAddress("10.9.8.7")));
  EXPECT_TRUE(p.set->ContainsAddress(*ParseIpAddress("2001:db8::1")));
  EXPECT_FALSE(p.set->ContainsAddress(*ParseIpAddress("11.0.0.1")));
  const Predicate single = One("client: {not_cidr: 192.168.0.0/16}");
  EXPECT_EQ(single.op, PredicateOp::kNotIn);
  EXPECT_TRUE(single.set->ContainsAddress(*ParseIpAddress("192.168.1.1")));
}

TEST(PredicateParserTest, AddressListsMayMixAddressesAndNames) {
  const Predicate p = One("client: [10.0.0.0/8, localhost]");
  EXPECT_EQ(p.op, PredicateOp::kIn);
  EXPECT_TRUE(p.set->Contains("localhost"));
  EXPECT_TRUE(p.set->ContainsAddress(*ParseIpAddress("10.1.1.1")));
}

TEST(PredicateParserTest, NamedListOfNetworks) {
  const Predicate p = One("client: {in: bastions}");
  EXPECT_EQ(p.set->name(), "bastions");
  EXPECT_TRUE(p.set->ContainsAddress(*ParseIpAddress("10.20.3.4")));
}

TEST(PredicateParserTest, BadCidr) {
  Parsed parsed = Parse("client: {cidr: [10.0.0.0/8, 10.0.0.0/33]}");
  EXPECT_THAT(parsed.predicates, IsEmpty());
  EXPECT_THAT(Errors(parsed), ElementsAre("w.yaml:1:29: error: '10.0.0.0/33' is not a valid CIDR "
                                          "block (e.g. 10.0.0.0/8)"));
}

TEST(PredicateParserTest, OperatorTypeErrors) {
  Parsed parsed = Parse(
      "principal: {cidr: [10.0.0.0/8]}\n"
      "principal: {gt: 5}\n"
      "pii_table: {in: [a]}\n"
      "verb: {between: [1, 2]}\n");
  EXPECT_THAT(parsed.predicates, IsEmpty());
  EXPECT_THAT(
      Errors(parsed),
      ElementsAre(
          "w.yaml:1:13: error: operator 'cidr' needs an address field such as client; "
          "'principal' is a string",
          "w.yaml:2:13: error: operator 'gt' needs a number field; 'principal' is a string",
          "w.yaml:3:13: error: operator 'in' needs a string, list, number or address "
          "field; 'pii_table' is a boolean",
          "w.yaml:4:8: error: operator 'between' needs a number field; 'verb' is a string"));
}

TEST(PredicateParserTest, ValueShapeErrors) {
  Parsed parsed = Parse(
      "principal: {equals: [a, b]}\n"
      "rows: {gte: lots}\n"
      "principal: {in: {a: 1}}\n"
      "principal: [a, [b]]\n");
  EXPECT_THAT(parsed.predicates, IsEmpty());
  EXPECT_THAT(Errors(parsed),
              ElementsAre("w.yaml:1:21: error: 'equals' takes a single value; use in: [...] for "
                          "several",
                          "w.yaml:2:13: error: the value of 'rows' must be a number",
                          "w.yaml:3:17: error: 'in' takes a list name or a list of values",
                          "w.yaml:4:16: error: list values of 'principal' must be scalars"));
}

TEST(PredicateParserTest, TimeCannotBeCompared) {
  Parsed parsed = Parse("time: 2026-01-01");
  EXPECT_THAT(Errors(parsed),
              ElementsAre("w.yaml:1:1: error: 'time' cannot be compared directly; use hour or "
                          "weekday"));
}

TEST(PredicateParserTest, NullSpec) {
  Parsed parsed = Parse("principal:");
  EXPECT_THAT(Errors(parsed),
              ElementsAre("w.yaml:1:1: error: field 'principal' needs a value, a list or a "
                          "mapping of operators"));
}

TEST(PredicateParserTest, ListFieldsUseEqualsAsContains) {
  const Predicate p = One("tables: passengers");
  EXPECT_EQ(p.field, Field::kTables);
  EXPECT_EQ(p.op, PredicateOp::kEquals);
  EXPECT_TRUE(p.set->Contains("passengers"));
  const Predicate categories = One("pii_categories: {in: [passport, card]}");
  EXPECT_EQ(categories.field, Field::kPiiCategories);
  EXPECT_EQ(categories.op, PredicateOp::kIn);
}

TEST(PredicateParserTest, ValidAndInvalidOperatorsOfOneFieldAreIndependent) {
  Parsed parsed = Parse("rows: {gte: 10, lte: x, lt: 100}");
  ASSERT_EQ(parsed.predicates.size(), 2u);
  EXPECT_EQ(parsed.predicates[0].op, PredicateOp::kGte);
  EXPECT_EQ(parsed.predicates[1].op, PredicateOp::kLt);
  EXPECT_EQ(parsed.diagnostics.error_count(), 1u);
}

TEST(PredicateOpNameTest, Names) {
  EXPECT_EQ(PredicateOpName(PredicateOp::kEquals), "equals");
  EXPECT_EQ(PredicateOpName(PredicateOp::kNotEquals), "not_equals");
  EXPECT_EQ(PredicateOpName(PredicateOp::kIn), "in");
  EXPECT_EQ(PredicateOpName(PredicateOp::kNotIn), "not_in");
  EXPECT_EQ(PredicateOpName(PredicateOp::kGt), "gt");
  EXPECT_EQ(PredicateOpName(PredicateOp::kGte), "gte");
  EXPECT_EQ(PredicateOpName(PredicateOp::kLt), "lt");
  EXPECT_EQ(PredicateOpName(PredicateOp::kLte), "lte");
  EXPECT_EQ(PredicateOpName(PredicateOp::kBetween), "between");
  EXPECT_EQ(PredicateOpName(PredicateOp::kExists), "exists");
  EXPECT_EQ(AggregateName(Threshold::Aggregate::kCount), "count");
  EXPECT_EQ(AggregateName(Threshold::Aggregate::kSum), "sum");
  EXPECT_EQ(AggregateName(Threshold::Aggregate::kDistinct), "distinct");
}

}  // namespace
}  // namespace leakhound
