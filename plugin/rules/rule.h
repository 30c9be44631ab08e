// Rule: the compiled-from-YAML form of one detection rule. Plain data, std only; the
// loader (rule_loader.h) builds it, the engine evaluates it.
//
// Thread-safety: plain data, immutable once loaded; shared by reading threads.
//
// A rule fires for an event when
//   1. its statement patterns hold (all `all`, at least one `any` if there are any, no
//      `none`) over the normalized statement; Hyperscan finds the candidates,
//   2. every `where` predicate holds,
//   3. no exception covers the event,
//   4. and, for threshold rules, the window aggregate of the event's group reaches the
//      threshold and the group is not suppressed.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/field.h"
#include "core/named_list.h"
#include "core/query_event.h"
#include "core/rule_info.h"
#include "core/time.h"

namespace leakhound {

// One pattern of one rule. Patterns of all rules share one Hyperscan database; `id` is the
// pattern's index in RuleSet::patterns and its Hyperscan id.
struct Pattern {
  std::string expression;  // the Hyperscan regex (a literal is escaped into one)
  std::string display;     // the name, or the pattern as written; shown in detections
  bool case_sensitive = false;
  SourceLocation location;
  std::string rule_id;
};

struct StatementCondition {
  std::vector<uint32_t> any;  // pattern ids
  std::vector<uint32_t> all;
  std::vector<uint32_t> none;

  bool has_positive() const { return !any.empty() || !all.empty(); }
};

enum class PredicateOp {
  kEquals,  // scalar equality; for lists: contains
  kNotEquals,
  kIn,     // value (any element, for lists) in the set
  kNotIn,  // value (every element, for lists) not in the set
  kGt,
  kGte,
  kLt,
  kLte,
  kBetween,  // inclusive; for `hour` a range may wrap midnight: [22, 5]
  kExists,   // the field has a value (or, with `expected_bool` false, has none)
};

std::string_view PredicateOpName(PredicateOp op);

struct Predicate {
  Field field = Field::kPrincipal;
  PredicateOp op = PredicateOp::kEquals;
  // kIn / kNotIn / kEquals / kNotEquals on strings, lists and addresses: the set to test.
  // A named list is shared with the rule set; an inline list is owned here.
  std::shared_ptr<const NamedList> set;
  double number = 0;          // comparisons, kEquals on numbers, kBetween's low end
  double number_high = 0;     // kBetween's high end
  bool expected_bool = true;  // kEquals on booleans, kExists
  std::string written;        // the operand as the rule wrote it, for evidence
  SourceLocation location;
};

struct Threshold {
  enum class Aggregate { kCount, kSum, kDistinct };
  Aggregate aggregate = Aggregate::kCount;
  std::optional<Field> field;     // summed or distinct-counted field
  bool strictly_greater = false;  // gt instead of gte
  double limit = 0;
  Duration window{};
  std::vector<Field> group_by;
  Duration suppress{};  // defaults to the window
  SourceLocation location;
};

std::string_view AggregateName(Threshold::Aggregate aggregate);

struct RuleException {
  std::vector<Predicate> match;  // all must hold for the exception to apply
  std::string reason;
  std::optional<TimePoint> expires;  // the exception stops applying to events at or after it
  SourceLocation location;
};

// An event written in a rule's tests: owns its strings, lends them to a QueryEvent.
struct TestEvent {
  std::optional<TimePoint> time;
  std::string principal, client, application, database, statement, session_id, status;
  std::optional<int64_t> rows;
  std::optional<Duration> duration;
  SourceLocation location;

  QueryEvent View() const;
};

struct RuleTest {
  std::string name;
  std::vector<TestEvent> events;
  int expect_fires = 0;
  std::optional<int> expect_suppressed;
  SourceLocation location;
};

struct Rule {
  std::shared_ptr<const RuleInfo> info;
  StatementCondition statement;
  std::vector<Predicate> where;
  std::optional<Threshold> threshold;
  std::vector<RuleException> exceptions;
  std::vector<RuleTest> tests;
  Duration utc_offset{};  // for `hour` and `weekday`
  bool enabled = true;
  SourceLocation location;

  const std::string& id() const { return info->id; }
};

}  // namespace leakhound
