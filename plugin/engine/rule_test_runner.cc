#include "engine/rule_test_runner.h"

#include <algorithm>

#include "engine/engine.h"
#include "engine/rule_explainer.h"

namespace leakhound {

RuleTestReport RunRuleTests(const std::shared_ptr<const CompiledRules>& rules,
                            const std::vector<std::string>& only) {
  RuleTestReport report;
  const RuleSet& rule_set = *rules->rules;
  for (uint32_t index = 0; index < rule_set.rules.size(); ++index) {
    const Rule& rule = rule_set.rules[index];
    if (!only.empty() && std::find(only.begin(), only.end(), rule.id()) == only.end()) continue;
    ++report.rules_selected;
    if (rule.tests.empty()) report.rules_without_tests.push_back(rule.id());
    for (const RuleTest& test : rule.tests) {
      RuleTestResult result;
      result.rule_id = rule.id();
      result.test_name = test.name;
      result.location = test.location;
      // "Now" is the latest event time: no test event is ahead of the clock, and results
      // never depend on the wall clock.
      TimePoint latest{};
      for (const TestEvent& event : test.events)
        latest = std::max(latest, event.time.value_or(latest));
      FixedClock clock(latest);
      EngineOptions options;
      options.only_rule = index;
      Result<std::unique_ptr<Engine>> engine = Engine::Create(rules, clock, options);
      if (!engine.ok()) {
        result.failure = engine.status().ToString();
        report.results.push_back(std::move(result));
        ++report.failed;
        continue;
      }
      CollectingSink sink;
      for (const TestEvent& event : test.events) {
        const Status status = (*engine)->Process(event.View(), sink);
        if (!status.ok()) result.failure = status.ToString();
      }
      result.fired = static_cast<int>(sink.detections.size());
      result.suppressed = (*engine)->stats().rules[index].suppressed;
      if (result.failure.empty()) {
        if (result.fired != test.expect_fires) {
          result.failure = "expected " + std::to_string(test.expect_fires) + " detection" +
                           (test.expect_fires == 1 ? "" : "s") + ", got " +
                           std::to_string(result.fired);
        } else if (test.expect_suppressed &&
                   result.suppressed != static_cast<uint64_t>(*test.expect_suppressed)) {
          result.failure = "expected " + std::to_string(*test.expect_suppressed) +
                           " suppressed, got " + std::to_string(result.suppressed);
        }
      }
      result.passed = result.failure.empty();
      if (!result.passed) {
        for (size_t i = 0; i < test.events.size(); ++i) {
          const TestEvent& event = test.events[i];
          result.explanation.push_back("event " + std::to_string(i + 1) + " (line " +
                                       std::to_string(event.location.line) + "):");
          for (std::string& line :
               ExplainRule(*rules, index, event.View(), event.time.value_or(clock.Now()),
                           /*show_literals=*/true)) {
            result.explanation.push_back(std::move(line));
          }
        }
      }
      (result.passed ? report.passed : report.failed) += 1;
      report.results.push_back(std::move(result));
    }
  }
  return report;
}

}  // namespace leakhound
