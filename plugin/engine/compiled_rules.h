// CompiledRules: a RuleSet together with its Hyperscan database and the indexes the hot
// path needs (which rule owns each pattern, which rules have no positive pattern and so
// are candidates for every event). Immutable; shared by all workers.
#pragma once

#include <memory>
#include <vector>

#include "core/diagnostic.h"
#include "match/pattern_database.h"
#include "rules/pack_source.h"
#include "rules/rule_set.h"

namespace leakhound {

struct CompiledRules {
  std::shared_ptr<const RuleSet> rules;
  std::shared_ptr<const PatternDatabase> patterns;
  std::vector<uint32_t> pattern_rule;       // pattern id -> rule index
  std::vector<uint32_t> always_candidates;  // rules with no any/all pattern
};

struct CompileOutcome {
  std::shared_ptr<const CompiledRules> compiled;  // null when diagnostics hold errors
  Diagnostics diagnostics;
};

// Compiles the patterns of a loaded rule set, adding a diagnostic (with rule id and
// position) for each bad pattern and a warning for each pattern likely to be slow.
CompileOutcome CompileRuleSet(std::shared_ptr<const RuleSet> rules, Diagnostics diagnostics);

// Loads and compiles a pack in one step: what `scan`, `rules lint` and `rules test` use.
CompileOutcome LoadAndCompile(const RulePackSource& source, TimePoint now);

}  // namespace leakhound
