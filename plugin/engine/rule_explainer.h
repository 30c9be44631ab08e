// Explains, condition by condition, why one rule does or does not fire for one event: the
// normalized statement, each pattern, each predicate with the event's value, each
// exception. What `rules test` prints for a failing test, and `rules explain` for any
// event a detection engineer is puzzled by.
//
// Thread-safety: pure function (it builds its own scanner); not for the hot path.
#pragma once

#include <string>
#include <vector>

#include "core/query_event.h"
#include "engine/compiled_rules.h"

namespace leakhound {

// One line per condition, e.g. "  [x] any: \bcopy\b" or "  [ ] rows gte 10000 (rows = 12)".
// The statement is shown as its fingerprint (no literal from a production log reaches the
// terminal) unless `show_literals`, as for the events a rule's own tests are made of.
std::vector<std::string> ExplainRule(const CompiledRules& rules, uint32_t rule_index,
                                     const QueryEvent& event, TimePoint time,
                                     bool show_literals = false);

}  // namespace leakhound
