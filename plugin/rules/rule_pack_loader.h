// LoadRulePack: turns the files of a rule pack into a RuleSet, with every problem found
// reported as a Diagnostic (file:line:col, rule id, what to do).
//
// Patterns are collected but not compiled here: the engine compiles them into one
// Hyperscan database and adds its own diagnostics for bad expressions (CompileRuleSet).
//
// Thread-safety: a pure function of its input.
#pragma once

#include <memory>

#include "core/diagnostic.h"
#include "rules/pack_source.h"
#include "rules/rule_set.h"

namespace leakhound {

struct LoadedRulePack {
  // Always set; usable for scanning only when `diagnostics` has no errors.
  std::shared_ptr<RuleSet> rules;
  Diagnostics diagnostics;
};

// `now` only decides which exceptions are reported as expired.
LoadedRulePack LoadRulePack(const RulePackSource& source, TimePoint now);

}  // namespace leakhound
