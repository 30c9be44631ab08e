#include "engine/compiled_rules.h"

#include <algorithm>
#include <map>
#include <string>

#include "rules/rule_pack_loader.h"

namespace leakhound {
namespace {

// "A.*B" in the middle of a pattern is what costs Hyperscan most (about 3x per statement,
// measured): say so, and say what to write instead.
bool HasInnerDotStar(std::string_view expression) {
  for (size_t i = 1; i + 2 < expression.size(); ++i) {
    if (expression[i] == '.' && (expression[i + 1] == '*' || expression[i + 1] == '+') &&
        expression[i - 1] != '\\') {
      return true;
    }
  }
  return false;
}

// Relative cost of reading a field: the record's own fields are there already, time
// fields need a little arithmetic, SQL fields need the analyzer, catalog fields need the
// analyzer and the catalog.
int EvaluationCost(Field field) {
  switch (GetFieldInfo(field).origin) {
    case FieldOrigin::kRecord:
      return field == Field::kStatement ? 2 : 0;  // statement predicates compare long text
    case FieldOrigin::kTime:
      return 1;
    case FieldOrigin::kSql:
      return 2;
    case FieldOrigin::kCatalog:
      return 3;
  }
  return 3;
}

}  // namespace

CompileOutcome CompileRuleSet(std::shared_ptr<const RuleSet> rules, Diagnostics diagnostics,
                              const PatternBudget& budget) {
  CompileOutcome outcome;
  auto compiled = std::make_shared<CompiledRules>();
  compiled->rules = rules;

  // One database entry per distinct expression.
  std::vector<PatternInput> inputs;
  std::map<std::pair<std::string, bool>, uint32_t> expression_ids;
  compiled->pattern_expression.reserve(rules->patterns.size());
  for (const Pattern& pattern : rules->patterns) {
    const auto [it, inserted] =
        expression_ids.emplace(std::make_pair(pattern.expression, pattern.case_sensitive),
                               static_cast<uint32_t>(inputs.size()));
    if (inserted) inputs.push_back({pattern.expression, pattern.case_sensitive});
    compiled->pattern_expression.push_back(it->second);
    compiled->caseless_patterns = compiled->caseless_patterns && !pattern.case_sensitive;
    if (HasInnerDotStar(pattern.expression)) {
      diagnostics.Warning(pattern.location, pattern.rule_id,
                          "pattern '" + pattern.display +
                              "' has '.*' between terms, the slowest form for Hyperscan; "
                              "prefer separate patterns under all:");
    }
  }
  // An expression goes into the second stage when every use of it waits on a gate: the
  // `any` and `none` of a rule with an `all` group, the `none` of a rule with only `any`.
  std::vector<int> primary_uses(inputs.size(), 0), gated_uses(inputs.size(), 0);
  for (const Rule& rule : rules->rules) {
    const StatementCondition& condition = rule.statement;
    const bool any_gated = !condition.all.empty();
    const bool none_gated = !condition.all.empty() || !condition.any.empty();
    const auto count = [&](const std::vector<uint32_t>& group, bool gated) {
      for (uint32_t id : group)
        ++(gated ? gated_uses : primary_uses)[compiled->pattern_expression[id]];
    };
    count(condition.all, false);
    count(condition.any, any_gated);
    count(condition.none, none_gated);
  }
  for (size_t i = 0; i < inputs.size(); ++i) {
    inputs[i].gated = gated_uses[i] > 0 && primary_uses[i] == 0;
  }
  for (uint32_t index = 0; index < rules->rules.size(); ++index) {
    const StatementCondition& condition = rules->rules[index].statement;
    bool gated = false;
    for (const auto* group : {&condition.all, &condition.any, &condition.none}) {
      for (uint32_t id : *group) gated = gated || inputs[compiled->pattern_expression[id]].gated;
    }
    if (gated) compiled->gated_rules.push_back(index);
  }

  std::vector<PatternError> errors;
  Result<std::shared_ptr<const PatternDatabase>> database =
      PatternDatabase::Compile(inputs, errors, budget);
  for (const PatternError& error : errors) {
    // Reported at every rule pattern that uses the bad expression.
    for (size_t id = 0; id < rules->patterns.size(); ++id) {
      if (compiled->pattern_expression[id] != error.index) continue;
      const Pattern& pattern = rules->patterns[id];
      diagnostics.Error(pattern.location, pattern.rule_id,
                        "bad pattern '" + pattern.display + "': " + error.message);
    }
  }
  if (!database.ok()) {
    diagnostics.Error({rules->origin, 0, 0}, "", database.status().message());
  }

  compiled->expression_rules.resize(inputs.size());
  std::map<std::string, uint32_t> predicate_ids;
  for (uint32_t index = 0; index < rules->rules.size(); ++index) {
    const Rule& rule = rules->rules[index];
    // A `none` pattern matching makes no rule a candidate; rules without positive patterns
    // are candidates for every event anyway.
    for (const auto* group : {&rule.statement.any, &rule.statement.all}) {
      for (uint32_t id : *group) {
        std::vector<uint32_t>& owners =
            compiled->expression_rules[compiled->pattern_expression[id]];
        if (owners.empty() || owners.back() != index) owners.push_back(index);
      }
    }
    if (!rule.statement.has_positive()) compiled->always_candidates.push_back(index);

    std::vector<uint32_t> order(rule.where.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      return EvaluationCost(rule.where[a].field) < EvaluationCost(rule.where[b].field);
    });
    std::vector<uint32_t> ids;
    for (uint32_t i : order) {
      const Predicate& predicate = rule.where[i];
      const FieldOrigin origin = GetFieldInfo(predicate.field).origin;
      // Equal keys mean equal predicates: the set by identity (a named list) or by its
      // written values (inline), every operand, and the time zone for time fields.
      std::string set;
      if (predicate.set != nullptr) {
        set = predicate.set->name().empty() ? "inline:" + predicate.written
                                            : "list:" + predicate.set->name();
      }
      const std::string key =
          std::string(GetFieldInfo(predicate.field).name) + '\x1f' +
          std::string(PredicateOpName(predicate.op)) + '\x1f' + set + '\x1f' +
          std::to_string(predicate.number) + '\x1f' + std::to_string(predicate.number_high) +
          '\x1f' + (predicate.expected_bool ? "t" : "f") + '\x1f' +
          (origin == FieldOrigin::kTime ? std::to_string(rule.utc_offset.count()) : "");
      const auto [it, inserted] =
          predicate_ids.emplace(key, static_cast<uint32_t>(compiled->predicates.size()));
      if (inserted) {
        // Cost 0 is a field the record holds already (not the statement, which is long).
        const FieldType type = GetFieldInfo(predicate.field).type;
        const bool reads_one_text_field =
            EvaluationCost(predicate.field) == 0 &&
            (type == FieldType::kString || type == FieldType::kAddress);
        compiled->predicates.push_back(
            {&predicate, rule.utc_offset, reads_one_text_field, predicate.field});
      }
      ids.push_back(it->second);
    }
    compiled->where_predicates.push_back(std::move(ids));
  }
  compiled->rule_words = (compiled->where_predicates.size() + 63) / 64;
  compiled->predicate_rule_bits.assign(compiled->predicates.size() * compiled->rule_words, 0);
  for (uint32_t index = 0; index < compiled->where_predicates.size(); ++index) {
    for (uint32_t id : compiled->where_predicates[index]) {
      AddRule(compiled->predicate_rule_bits.data() + id * compiled->rule_words, index);
    }
  }
  outcome.diagnostics = std::move(diagnostics);
  if (!outcome.diagnostics.has_errors() && database.ok()) {
    compiled->patterns = *database;
    outcome.compiled = std::move(compiled);
  }
  return outcome;
}

CompileOutcome LoadAndCompile(const RulePackSource& source, TimePoint now,
                              const PatternBudget& budget) {
  LoadedRulePack loaded = LoadRulePack(source, now);
  return CompileRuleSet(std::move(loaded.rules), std::move(loaded.diagnostics), budget);
}

}  // namespace leakhound
