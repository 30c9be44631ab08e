#include "engine/rule_explainer.h"

#include <charconv>

#include "core/sql_analyzer.h"
#include "engine/event_fields.h"
#include "engine/predicate_evaluator.h"
#include "match/pattern_scanner.h"

namespace leakhound {
namespace {

std::string Mark(bool holds) { return holds ? "  [x] " : "  [ ] "; }

// "50000", "12.5": std::to_string would print "50000.000000".
std::string FormatNumber(double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

}  // namespace

std::vector<std::string> ExplainRule(const CompiledRules& rules, uint32_t rule_index,
                                     const QueryEvent& event, TimePoint time, bool show_literals) {
  std::vector<std::string> lines;
  const RuleSet& rule_set = *rules.rules;
  const Rule& rule = rule_set.rules[rule_index];
  SqlAnalyzer analyzer;
  const SqlAnalysis& sql = analyzer.Analyze(event.statement);
  PiiFacts pii;
  rule_set.catalog.Classify(sql, pii);
  MatchSet matches(rule_set.patterns.size());
  Result<std::unique_ptr<PatternScanner>> scanner = PatternScanner::Create(rules.patterns);
  if (!scanner.ok() || !(*scanner)->Scan(sql.normalized, matches).ok() ||
      !(*scanner)->ScanMore(sql.alternate_normalized, matches).ok()) {
    lines.push_back("  (cannot scan: Hyperscan failed)");
    return lines;
  }
  const EventFields fields(event, sql, pii, time);
  if (show_literals) {
    lines.push_back("  normalized: " + std::string(sql.normalized));
    if (!sql.alternate_normalized.empty()) {
      lines.push_back("  other reading: " + std::string(sql.alternate_normalized));
    }
  } else {
    lines.push_back("  fingerprint: " + std::string(sql.fingerprint));
  }
  std::string tables;
  for (const TableRef& table : sql.tables)
    tables += (tables.empty() ? "" : ",") + std::string(table.name);
  lines.push_back("  verb=" + std::string(sql.verb) + " tables=" + tables +
                  " pii_table=" + (pii.tables.empty() ? "false" : "true") +
                  " select_star=" + (sql.select_star ? "true" : "false") +
                  " has_where=" + (sql.has_where ? "true" : "false") +
                  " has_limit=" + (sql.has_limit ? "true" : "false"));
  const auto pattern_lines = [&](const std::vector<uint32_t>& ids, std::string_view group,
                                 bool negate) {
    for (uint32_t id : ids) {
      const bool matched = matches.Contains(rules.pattern_expression[id]);
      lines.push_back(Mark(negate ? !matched : matched) + std::string(group) + ": " +
                      rule_set.patterns[id].display + (matched ? " (matches)" : " (no match)"));
    }
  };
  pattern_lines(rule.statement.all, "all", false);
  pattern_lines(rule.statement.any, "any", false);
  pattern_lines(rule.statement.none, "none", true);
  for (const Predicate& predicate : rule.where) {
    const std::string_view name = GetFieldInfo(predicate.field).name;
    const Field shown = predicate.field == Field::kStatement && !show_literals ? Field::kFingerprint
                                                                               : predicate.field;
    lines.push_back(Mark(PredicateHolds(predicate, fields, rule.utc_offset)) + std::string(name) +
                    " " + std::string(PredicateOpName(predicate.op)) + " " + predicate.written +
                    " (" + std::string(name) + " = " + fields.Text(shown, rule.utc_offset) + ")");
  }
  for (const RuleException& exception : rule.exceptions) {
    bool applies = !exception.expires || time < *exception.expires;
    for (const Predicate& predicate : exception.match) {
      applies = applies && PredicateHolds(predicate, fields, rule.utc_offset);
    }
    lines.push_back(std::string(applies ? "  [!] exception applies: " : "  [-] exception: ") +
                    exception.reason);
  }
  if (rule.threshold) {
    lines.push_back("  threshold: fires when the window aggregate crosses " +
                    FormatNumber(rule.threshold->limit) + " (see the other events of the test)");
  }
  return lines;
}

}  // namespace leakhound
