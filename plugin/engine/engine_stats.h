// EngineStats: what one engine has done, for the scan summary and the service's metrics.
// Every degraded path (late events, state overflow, events without time) has a counter.
//
// Thread-safety: a value; Engine::stats() returns a snapshot.
#pragma once

#include <cstdint>
#include <vector>

namespace leakhound {

struct RuleStats {
  uint64_t detections = 0;
  uint64_t excepted = 0;    // events an exception silenced
  uint64_t suppressed = 0;  // threshold crossings held back by suppression
};

struct EngineStats {
  uint64_t events = 0;
  uint64_t events_without_time = 0;   // given the processing time instead
  uint64_t events_from_future = 0;    // stamped beyond max_future_skew: taken as now
  uint64_t truncated_statements = 0;  // longer than the analysis limit
  uint64_t statements_analyzed = 0;   // the rest were settled without the SQL analysis
  uint64_t analyses_from_cache = 0;   // of those: seen recently, not analyzed again
  // Rules' `where` predicates evaluated: each at most once per event however many rules
  // state it, and none of a rule that another rule's failed predicate already settled.
  uint64_t predicate_evaluations = 0;
  // Of those: answers recalled for a text seen recently (a principal, an application), not
  // evaluated again.
  uint64_t predicate_answers_recalled = 0;
  uint64_t detections = 0;
  uint64_t late_events = 0;      // older than a threshold window; not counted in it
  uint64_t state_overflow = 0;   // groups not tracked because a rule hit max_groups
  std::vector<RuleStats> rules;  // by rule index
};

}  // namespace leakhound
