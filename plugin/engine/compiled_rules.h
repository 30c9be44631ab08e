// CompiledRules: a RuleSet together with its Hyperscan database and the indexes the hot
// path needs (which rule owns each pattern, which rules have no positive pattern and so
// are candidates for every event). Immutable; shared by all workers.
//
// Thread-safety: immutable once compiled; shared by all engines through shared_ptr.
#pragma once

#include <memory>
#include <vector>

#include "core/diagnostic.h"
#include "match/pattern_database.h"
#include "rules/pack_source.h"
#include "rules/rule_set.h"

namespace leakhound {

// A predicate as the engine evaluates it: rules that state the same predicate (the same
// field, operator and operand) share one, evaluated at most once per event.
struct SharedPredicate {
  const Predicate* predicate = nullptr;  // the first rule's; points into `rules`
  Duration utc_offset{};                 // for hour and weekday
  // Its answer follows from one short text field of the record (principal, application,
  // client, ...) alone: the same text gives the same answer.
  bool reads_one_text_field = false;
  // predicate->field, kept here: the memo of answers needs only the field, and reading it
  // through `predicate` (inside a large Rule) missed the cache on every event.
  Field field{};
};

// A set of rules as bits, the layout every rule bitset here shares (RulesStating, the
// engine's candidate and settled rules): rule i is bit i % 64 of word i / 64.
inline void AddRule(uint64_t* words, size_t rule_index) {
  words[rule_index / 64] |= uint64_t{1} << (rule_index % 64);
}
inline bool HasRule(const uint64_t* words, size_t rule_index) {
  return (words[rule_index / 64] >> (rule_index % 64) & 1) != 0;
}

struct CompiledRules {
  std::shared_ptr<const RuleSet> rules;
  // Identical expressions (with the same flags) of different rules are compiled once: a
  // rule pattern id (index in rules->patterns) maps to its expression's database id.
  std::shared_ptr<const PatternDatabase> patterns;
  std::vector<uint32_t> pattern_expression;             // rule pattern id -> database id
  std::vector<std::vector<uint32_t>> expression_rules;  // database id -> rule indexes
  std::vector<uint32_t> always_candidates;              // rules with no any/all pattern
  // The rules with patterns in the database's second stage: those that matter only once
  // the rule's gate matched (every `all` pattern, or an `any` one when it has no `all`),
  // scanned only for a candidate whose gate did. In pack order.
  std::vector<uint32_t> gated_rules;
  std::vector<SharedPredicate> predicates;
  // Per rule, its `where` predicates (ids in `predicates`) in evaluation order: record
  // fields first, then time, then SQL, then catalog fields, so that the cheap ones settle
  // most events before the statement is analyzed. They are ANDed: order changes only cost.
  std::vector<std::vector<uint32_t>> where_predicates;
  // The inverse, as rule bitsets (AddRule): per shared predicate, the rules that state it,
  // `rule_words` words each. When the predicate fails for an event,
  // all of them are settled at once by ORing its words into the event's.
  size_t rule_words = 0;
  std::vector<uint64_t> predicate_rule_bits;
  const uint64_t* RulesStating(uint32_t predicate) const {
    return predicate_rule_bits.data() + predicate * rule_words;
  }
  // Every pattern is caseless, so a statement already in normal form (IsInNormalForm) can
  // be scanned as it is.
  bool caseless_patterns = true;
};

struct CompileOutcome {
  std::shared_ptr<const CompiledRules> compiled;  // null when diagnostics hold errors
  Diagnostics diagnostics;
};

// Compiles the patterns of a loaded rule set, adding a diagnostic (with rule id and
// position) for each bad pattern or one past `budget`, and a warning for each pattern
// likely to be slow.
CompileOutcome CompileRuleSet(std::shared_ptr<const RuleSet> rules, Diagnostics diagnostics,
                              const PatternBudget& budget = {});

// Loads and compiles a pack in one step: what `scan`, `rules lint` and `rules test` use.
CompileOutcome LoadAndCompile(const RulePackSource& source, TimePoint now,
                              const PatternBudget& budget = {});

}  // namespace leakhound
