// Runs the tests that rules carry (tests: [...] in each rule): each test's events go
// through a fresh engine that evaluates only that rule, with the pack's catalog and lists,
// and the number of detections (and suppressions) is compared with the expectation.
//
// Thread-safety: pure function of the compiled rules.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/compiled_rules.h"

namespace leakhound {

struct RuleTestResult {
  std::string rule_id;
  std::string test_name;
  SourceLocation location;
  bool passed = false;
  int fired = 0;
  uint64_t suppressed = 0;
  std::string failure;                   // what differed, when failed
  std::vector<std::string> explanation;  // per event, when failed
};

struct RuleTestReport {
  std::vector<RuleTestResult> results;
  std::vector<std::string> rules_without_tests;
  size_t passed = 0;
  size_t failed = 0;
  size_t rules_selected = 0;
};

// Runs the tests of every rule, or of the rules whose id is in `only` when it is not empty.
RuleTestReport RunRuleTests(const std::shared_ptr<const CompiledRules>& rules,
                            const std::vector<std::string>& only = {});

}  // namespace leakhound
