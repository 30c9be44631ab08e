// PredicateHolds and EventFields over hand-built facts, so that each semantic of
// rules/README.md ("Predicates") is pinned down without the SQL analyzer in the way.
#include "engine/predicate_evaluator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <vector>

#include "engine/event_fields.h"

namespace leakhound {
namespace {

using namespace std::chrono_literals;

// 2026-02-02T10:00:00Z, a Monday.
const TimePoint kT0 = TimePoint(std::chrono::seconds(1770026400));

std::shared_ptr<const NamedList> Set(std::initializer_list<std::string_view> entries) {
  auto list = std::make_shared<NamedList>("inline", "");
  for (std::string_view entry : entries) list->Add(entry);
  return list;
}

Predicate SetPredicate(Field field, PredicateOp op,
                       std::initializer_list<std::string_view> entries) {
  Predicate predicate;
  predicate.field = field;
  predicate.op = op;
  predicate.set = Set(entries);
  return predicate;
}

Predicate NumberPredicate(Field field, PredicateOp op, double number, double high = 0) {
  Predicate predicate;
  predicate.field = field;
  predicate.op = op;
  predicate.number = number;
  predicate.number_high = high;
  return predicate;
}

Predicate BoolPredicate(Field field, PredicateOp op, bool expected) {
  Predicate predicate;
  predicate.field = field;
  predicate.op = op;
  predicate.expected_bool = expected;
  return predicate;
}

// An event with its analysis and catalog facts, all owned here.
class Facts {
 public:
  Facts() {
    event.time = kT0;
    event.principal = "alice";
    event.client = "10.1.2.3:5432";
    event.statement = "select email, full_name from public.passengers where id = 1 limit 5";
    event.rows = 42;
    event.duration = Duration(1500);
    tables_ = {{"public", "passengers"}, {"", "bookings"}};
    columns_ = {"email", "full_name", "id"};
    sql.normalized = event.statement;
    sql.fingerprint = "select email, full_name from public.passengers where id = ? limit ?";
    sql.verb = "select";
    sql.tables = tables_;
    sql.columns = columns_;
    sql.has_where = true;
    sql.has_limit = true;
    sql.limit = 5;
    pii.tables = {"passengers"};
    pii.columns = {"email", "full_name"};
    pii.categories = {"email", "name"};
    pii.weight = 5;
  }

  EventFields Fields(TimePoint time = kT0) const { return EventFields(event, sql, pii, time); }
  bool Holds(const Predicate& predicate, Duration offset = Duration::zero()) const {
    return PredicateHolds(predicate, Fields(), offset);
  }

  QueryEvent event;
  SqlAnalysis sql;
  PiiFacts pii;

 private:
  std::vector<TableRef> tables_;
  std::vector<std::string_view> columns_;
};

TEST(EventFieldsTest, RecordFields) {
  const Facts facts;
  const EventFields fields = facts.Fields();
  EXPECT_EQ(fields.String(Field::kPrincipal), "alice");
  EXPECT_EQ(fields.String(Field::kClient), "10.1.2.3:5432");
  EXPECT_EQ(fields.String(Field::kApplication), "");
  EXPECT_EQ(fields.Number(Field::kRows), 42);
  EXPECT_EQ(fields.Number(Field::kDurationMs), 1.5);
  EXPECT_EQ(fields.Text(Field::kDurationMs), "1.5");
  EXPECT_EQ(fields.Text(Field::kRows), "42");
  EXPECT_EQ(fields.Text(Field::kTime), "2026-02-02T10:00:00Z");
}

TEST(EventFieldsTest, SqlAndCatalogFields) {
  const Facts facts;
  const EventFields fields = facts.Fields();
  EXPECT_EQ(fields.String(Field::kVerb), "select");
  EXPECT_EQ(fields.String(Field::kFingerprint), facts.sql.fingerprint);
  EXPECT_EQ(fields.Text(Field::kTables), "passengers,bookings");
  EXPECT_EQ(fields.Text(Field::kSchemas), "public");  // unqualified tables add none
  EXPECT_EQ(fields.Text(Field::kColumns), "email,full_name,id");
  EXPECT_EQ(fields.Text(Field::kPiiTables), "passengers");
  EXPECT_EQ(fields.Text(Field::kPiiColumns), "email,full_name");
  EXPECT_EQ(fields.Text(Field::kPiiCategories), "email,name");
  // The columns weigh 5; the statement read 42 rows of them.
  EXPECT_EQ(fields.Number(Field::kPiiColumnWeight), 5);
  EXPECT_EQ(fields.Number(Field::kPiiWeight), 5 * 42);
  EXPECT_TRUE(fields.Bool(Field::kPiiTable));
  EXPECT_TRUE(fields.Bool(Field::kHasWhere));
  EXPECT_TRUE(fields.Bool(Field::kHasLimit));
  EXPECT_FALSE(fields.Bool(Field::kSelectStar));
  EXPECT_FALSE(fields.Bool(Field::kCopyTo));
  EXPECT_EQ(fields.Text(Field::kHasWhere), "true");
  EXPECT_EQ(fields.Text(Field::kCopyTo), "false");
  EXPECT_EQ(fields.Number(Field::kLimit), 5);
  EXPECT_EQ(fields.Number(Field::kOffset), std::nullopt);
  EXPECT_EQ(fields.Text(Field::kOffset), "");
  EXPECT_FALSE(fields.ListEmpty(Field::kTables));
}

TEST(EventFieldsTest, PiiWeightWithoutARowCountIsBoundedByTheLimitOrOneRow) {
  Facts facts;
  facts.event.rows.reset();
  EXPECT_EQ(facts.Fields().Number(Field::kPiiWeight), 5 * 5);  // LIMIT 5
  facts.sql.limit.reset();
  EXPECT_EQ(facts.Fields().Number(Field::kPiiWeight), 5);
  facts.event.rows = 0;
  EXPECT_EQ(facts.Fields().Number(Field::kPiiWeight), 0);
}

TEST(EventFieldsTest, TimeFieldsFollowTheOffset) {
  const Facts facts;
  const EventFields fields = facts.Fields();
  EXPECT_EQ(fields.Number(Field::kHour), 10);
  EXPECT_EQ(fields.Number(Field::kWeekday), 1);  // Monday
  EXPECT_EQ(fields.Number(Field::kHour, -11h), 23);
  EXPECT_EQ(fields.Number(Field::kWeekday, -11h), 0);  // still Sunday there
  EXPECT_EQ(fields.Text(Field::kHour, 5h + 30min), "15");
}

TEST(EventFieldsTest, AbsentValues) {
  Facts facts;
  facts.event.rows.reset();
  facts.event.duration.reset();
  facts.event.principal = {};
  facts.sql.tables = {};
  facts.pii.Clear();
  const EventFields fields = facts.Fields();
  EXPECT_EQ(fields.Number(Field::kRows), std::nullopt);
  EXPECT_EQ(fields.Number(Field::kDurationMs), std::nullopt);
  EXPECT_EQ(fields.Text(Field::kRows), "");
  EXPECT_EQ(fields.String(Field::kPrincipal), "");
  EXPECT_TRUE(fields.ListEmpty(Field::kTables));
  EXPECT_TRUE(fields.ListEmpty(Field::kPiiColumns));
  EXPECT_FALSE(fields.Bool(Field::kPiiTable));
  EXPECT_EQ(fields.Number(Field::kPiiWeight), 0);  // a sum over nothing, not absent
}

TEST(PredicateEvaluatorTest, StringEqualityAndSets) {
  const Facts facts;
  EXPECT_TRUE(facts.Holds(SetPredicate(Field::kPrincipal, PredicateOp::kEquals, {"ALICE"})));
  EXPECT_FALSE(facts.Holds(SetPredicate(Field::kPrincipal, PredicateOp::kEquals, {"bob"})));
  EXPECT_TRUE(facts.Holds(SetPredicate(Field::kPrincipal, PredicateOp::kNotEquals, {"bob"})));
  EXPECT_TRUE(facts.Holds(SetPredicate(Field::kPrincipal, PredicateOp::kIn, {"bob", "al*"})));
  EXPECT_FALSE(facts.Holds(SetPredicate(Field::kPrincipal, PredicateOp::kNotIn, {"bob", "al*"})));
  EXPECT_TRUE(facts.Holds(SetPredicate(Field::kVerb, PredicateOp::kIn, {"select", "copy"})));
}

TEST(PredicateEvaluatorTest, AbsentStringsOnlySatisfyNegations) {
  Facts facts;
  facts.event.principal = {};
  EXPECT_FALSE(facts.Holds(SetPredicate(Field::kPrincipal, PredicateOp::kEquals, {"*"})));
  EXPECT_FALSE(facts.Holds(SetPredicate(Field::kPrincipal, PredicateOp::kIn, {"*"})));
  EXPECT_TRUE(facts.Holds(SetPredicate(Field::kPrincipal, PredicateOp::kNotIn, {"*"})));
  EXPECT_TRUE(facts.Holds(SetPredicate(Field::kPrincipal, PredicateOp::kNotEquals, {"x"})));
  EXPECT_FALSE(facts.Holds(BoolPredicate(Field::kPrincipal, PredicateOp::kExists, true)));
  EXPECT_TRUE(facts.Holds(BoolPredicate(Field::kPrincipal, PredicateOp::kExists, false)));
}

TEST(PredicateEvaluatorTest, Addresses) {
  Facts facts;
  EXPECT_TRUE(facts.Holds(SetPredicate(Field::kClient, PredicateOp::kIn, {"10.0.0.0/8"})));
  EXPECT_FALSE(facts.Holds(SetPredicate(Field::kClient, PredicateOp::kIn, {"10.1.2.4"})));
  EXPECT_TRUE(facts.Holds(SetPredicate(Field::kClient, PredicateOp::kIn, {"10.1.2.3"})));
  EXPECT_FALSE(facts.Holds(SetPredicate(Field::kClient, PredicateOp::kNotIn, {"10.0.0.0/8"})));
  facts.event.client = "[2001:db8::7]:5432";
  EXPECT_TRUE(facts.Holds(SetPredicate(Field::kClient, PredicateOp::kIn, {"2001:db8::/32"})));
  EXPECT_FALSE(facts.Holds(SetPredicate(Field::kClient, PredicateOp::kIn, {"10.0.0.0/8"})));
  facts.event.client = "db-host.internal";  // not an address: matched as a name only
  EXPECT_TRUE(facts.Holds(SetPredicate(Field::kClient, PredicateOp::kIn, {"*.internal"})));
  EXPECT_FALSE(facts.Holds(SetPredicate(Field::kClient, PredicateOp::kIn, {"0.0.0.0/0"})));
  facts.event.client = {};
  EXPECT_FALSE(facts.Holds(SetPredicate(Field::kClient, PredicateOp::kIn, {"0.0.0.0/0"})));
  EXPECT_TRUE(facts.Holds(SetPredicate(Field::kClient, PredicateOp::kNotIn, {"0.0.0.0/0"})));
}

TEST(PredicateEvaluatorTest, Lists) {
  Facts facts;
  // in: any element; not_in: no element; equals: contains.
  EXPECT_TRUE(facts.Holds(SetPredicate(Field::kPiiCategories, PredicateOp::kIn, {"name", "card"})));
  EXPECT_FALSE(facts.Holds(SetPredicate(Field::kPiiCategories, PredicateOp::kIn, {"card"})));
  EXPECT_FALSE(facts.Holds(SetPredicate(Field::kTables, PredicateOp::kNotIn, {"bookings"})));
  EXPECT_TRUE(facts.Holds(SetPredicate(Field::kTables, PredicateOp::kNotIn, {"audit_log"})));
  EXPECT_TRUE(facts.Holds(SetPredicate(Field::kTables, PredicateOp::kEquals, {"bookings"})));
  EXPECT_TRUE(facts.Holds(SetPredicate(Field::kSchemas, PredicateOp::kIn, {"public"})));
  EXPECT_TRUE(facts.Holds(BoolPredicate(Field::kPiiColumns, PredicateOp::kExists, true)));
  facts.pii.Clear();
  EXPECT_FALSE(facts.Holds(SetPredicate(Field::kPiiCategories, PredicateOp::kIn, {"*"})));
  EXPECT_TRUE(facts.Holds(SetPredicate(Field::kPiiCategories, PredicateOp::kNotIn, {"*"})));
  EXPECT_FALSE(facts.Holds(BoolPredicate(Field::kPiiColumns, PredicateOp::kExists, true)));
  EXPECT_TRUE(facts.Holds(BoolPredicate(Field::kPiiColumns, PredicateOp::kExists, false)));
}

TEST(PredicateEvaluatorTest, NumericComparisons) {
  const Facts facts;  // rows = 42
  EXPECT_TRUE(facts.Holds(NumberPredicate(Field::kRows, PredicateOp::kGt, 41)));
  EXPECT_FALSE(facts.Holds(NumberPredicate(Field::kRows, PredicateOp::kGt, 42)));
  EXPECT_TRUE(facts.Holds(NumberPredicate(Field::kRows, PredicateOp::kGte, 42)));
  EXPECT_FALSE(facts.Holds(NumberPredicate(Field::kRows, PredicateOp::kGte, 43)));
  EXPECT_TRUE(facts.Holds(NumberPredicate(Field::kRows, PredicateOp::kLt, 43)));
  EXPECT_FALSE(facts.Holds(NumberPredicate(Field::kRows, PredicateOp::kLt, 42)));
  EXPECT_TRUE(facts.Holds(NumberPredicate(Field::kRows, PredicateOp::kLte, 42)));
  EXPECT_FALSE(facts.Holds(NumberPredicate(Field::kRows, PredicateOp::kLte, 41)));
  EXPECT_TRUE(facts.Holds(NumberPredicate(Field::kRows, PredicateOp::kEquals, 42)));
  EXPECT_FALSE(facts.Holds(NumberPredicate(Field::kRows, PredicateOp::kNotEquals, 42)));
  EXPECT_TRUE(facts.Holds(NumberPredicate(Field::kRows, PredicateOp::kBetween, 42, 42)));
  EXPECT_FALSE(facts.Holds(NumberPredicate(Field::kRows, PredicateOp::kBetween, 43, 50)));
  EXPECT_TRUE(facts.Holds(SetPredicate(Field::kRows, PredicateOp::kIn, {"41", "42"})));
  EXPECT_TRUE(facts.Holds(NumberPredicate(Field::kDurationMs, PredicateOp::kGt, 1.4)));
}

TEST(PredicateEvaluatorTest, AbsentNumbersFailComparisons) {
  Facts facts;
  facts.event.rows.reset();
  for (PredicateOp op : {PredicateOp::kGt, PredicateOp::kGte, PredicateOp::kLt, PredicateOp::kLte,
                         PredicateOp::kEquals}) {
    EXPECT_FALSE(facts.Holds(NumberPredicate(Field::kRows, op, 0))) << PredicateOpName(op);
  }
  EXPECT_FALSE(facts.Holds(NumberPredicate(Field::kRows, PredicateOp::kBetween, -1, 1)));
  EXPECT_FALSE(facts.Holds(SetPredicate(Field::kRows, PredicateOp::kIn, {"0"})));
  EXPECT_TRUE(facts.Holds(SetPredicate(Field::kRows, PredicateOp::kNotIn, {"0"})));
  EXPECT_TRUE(facts.Holds(NumberPredicate(Field::kRows, PredicateOp::kNotEquals, 0)));
  EXPECT_FALSE(facts.Holds(BoolPredicate(Field::kRows, PredicateOp::kExists, true)));
  EXPECT_TRUE(facts.Holds(BoolPredicate(Field::kRows, PredicateOp::kExists, false)));
}

TEST(PredicateEvaluatorTest, BetweenWrapsWhenLowIsAboveHigh) {
  const Facts facts;  // 10:00 UTC
  const Predicate night = NumberPredicate(Field::kHour, PredicateOp::kBetween, 22, 5);
  EXPECT_FALSE(facts.Holds(night));
  EXPECT_TRUE(facts.Holds(night, 12h));   // 22:00
  EXPECT_TRUE(facts.Holds(night, 13h));   // 23:00
  EXPECT_TRUE(facts.Holds(night, -10h));  // 00:00
  EXPECT_TRUE(facts.Holds(night, -5h));   // 05:00
  EXPECT_FALSE(facts.Holds(night, -4h));  // 06:00
  EXPECT_FALSE(facts.Holds(night, 11h));  // 21:00
  const Predicate day = NumberPredicate(Field::kHour, PredicateOp::kBetween, 9, 17);
  EXPECT_TRUE(facts.Holds(day));
  EXPECT_FALSE(facts.Holds(day, 8h));
}

TEST(PredicateEvaluatorTest, Booleans) {
  Facts facts;
  EXPECT_TRUE(facts.Holds(BoolPredicate(Field::kHasWhere, PredicateOp::kEquals, true)));
  EXPECT_FALSE(facts.Holds(BoolPredicate(Field::kHasWhere, PredicateOp::kEquals, false)));
  EXPECT_TRUE(facts.Holds(BoolPredicate(Field::kSelectStar, PredicateOp::kEquals, false)));
  EXPECT_TRUE(facts.Holds(BoolPredicate(Field::kSelectStar, PredicateOp::kNotEquals, true)));
  EXPECT_TRUE(facts.Holds(BoolPredicate(Field::kPiiTable, PredicateOp::kEquals, true)));
  facts.pii.Clear();
  EXPECT_TRUE(facts.Holds(BoolPredicate(Field::kPiiTable, PredicateOp::kEquals, false)));
}

}  // namespace
}  // namespace leakhound
