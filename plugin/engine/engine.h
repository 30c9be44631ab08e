// Engine: the detection core for one worker thread: normalize and analyze the statement,
// classify it against the PII catalog, scan it once with every rule's patterns, confirm
// the candidate rules (predicates, exceptions, thresholds) and emit detections.
//
// The compiled rules are shared and immutable; everything mutable (SQL analyzer buffers,
// Hyperscan scratch, window state) is owned here, so no lock sits on the hot path.
//
// Thread-safety: one engine per thread. Several engines may share one CompiledRules.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <vector>

#include "core/clock.h"
#include "core/keyed_token.h"
#include "core/pii_catalog.h"
#include "core/query_event.h"
#include "core/sql_analyzer.h"
#include "engine/compiled_rules.h"
#include "engine/detection_sink.h"
#include "engine/engine_stats.h"
#include "engine/origin_table.h"
#include "engine/sql_analysis_cache.h"
#include "engine/statement_facts.h"
#include "engine/threshold_state.h"
#include "match/pattern_scanner.h"

namespace leakhound {

struct EngineOptions {
  size_t max_sources_per_detection = 1000;  // sources_total still counts them all
  size_t max_fingerprint_bytes = 4096;
  SqlAnalyzer::Options sql;
  SqlAnalysisCache::Options sql_cache;
  ThresholdState::Limits threshold_limits;
  // When set, only this rule (an index into the rule set) is evaluated: for rule tests.
  std::optional<uint32_t> only_rule;
  // An event stamped further ahead of the clock than this is taken to happen now (and
  // counted): one bogus year-9999 timestamp must not push every window past its end.
  Duration max_future_skew = std::chrono::hours(24);
  // Idle window groups are forgotten every this many events. When they are matters to an
  // event that arrives out of order, so checkpoints keep the count (engine_state.cc).
  uint64_t sweep_every = 1 << 16;
  // Keyed tokens the operator opted in to (literals, principal, ...); null: none.
  std::shared_ptr<const KeyedTokens> tokens;
};

class Engine {
 public:
  // `clock` gives detection times and the time of events that carry none; it must
  // outlive the engine.
  static Result<std::unique_ptr<Engine>> Create(std::shared_ptr<const CompiledRules> rules,
                                                const Clock& clock, EngineOptions options = {});

  // Evaluates one event and emits its detections to `sink`. Fails only if Hyperscan does.
  Status Process(const QueryEvent& event, DetectionSink& sink);

  // Replaces the rules at an event boundary (hot reload), keeping the window state of every
  // rule whose id and windows (ThresholdState::SameWindows) did not change; other rules
  // start empty. Fails, keeping the old rules, if the new patterns cannot be scanned here.
  Status SwapRules(std::shared_ptr<const CompiledRules> rules);

  // Checkpoints for the service (engine_state.cc): the window state of every threshold
  // rule, written so that another engine, in another process and possibly with an edited
  // pack, can take it up. Restoring keeps the groups of rules that still exist with the
  // same windows and skips the others; a malformed snapshot is refused and leaves the
  // state empty.
  void SaveState(std::string& out) const;
  Status RestoreState(std::string_view snapshot);
  // Whether any threshold rule holds a group (a snapshot would not be empty).
  bool has_state() const { return state_groups() > 0; }

  // A snapshot of the counters (computed: call it for reports, not per event).
  EngineStats stats() const;
  const CompiledRules& rules() const { return *rules_; }
  // Window groups and entries held, across rules.
  size_t state_groups() const;
  size_t state_entries() const;

 private:
  Engine(std::shared_ptr<const CompiledRules> rules, const Clock& clock, EngineOptions options,
         std::unique_ptr<PatternScanner> scanner);

  // (Re)builds the per-rule and per-predicate indexes of rules_.
  void IndexRules();
  bool Matched(uint32_t pattern_id) const;
  bool StatementHolds(const Rule& rule) const;
  // Whether the patterns that gate the rule's second-stage ones matched (CompiledRules).
  bool GateHolds(const Rule& rule) const;
  // The value of a shared predicate for the current event, evaluated at most once. Called
  // only from Process's rule loop, which skips a rule once a predicate of it failed: so a
  // predicate evaluated already for this event held, and no value needs keeping.
  bool SharedHolds(uint32_t id, const EventFields& fields);
  // A candidate rule whose `where` predicates are not known to fail: checks its patterns,
  // predicates, exceptions and threshold, and fires it if they hold.
  void EvaluateCandidate(uint32_t rule_index, const EventFields& fields, DetectionSink& sink);
  void Fire(uint32_t rule_index, const EventFields& fields, const ThresholdState::Firing* firing,
            DetectionSink& sink);

  std::shared_ptr<const CompiledRules> rules_;
  const Clock& clock_;
  EngineOptions options_;
  std::unique_ptr<PatternScanner> scanner_;
  SqlAnalyzer analyzer_;
  SqlAnalysisCache sql_cache_;
  StatementFacts facts_;  // after analyzer_ and sql_cache_, which it uses
  MatchSet matches_;
  // Rule sets as bits (AddRule, HasRule in compiled_rules.h, as CompiledRules::RulesStating):
  // the rules the engine may evaluate at all (enabled, and the only rule when one is set);
  // those of them that are candidates for every event; this event's candidates; and those
  // a failed `where` predicate settled for this event, found while evaluating another
  // rule. The candidate loop steps through the bits still pending, so a settled rule costs
  // nothing rather than a branch the CPU mispredicts (whether a rule is settled follows
  // the event's principal, which changes from event to event).
  std::vector<uint64_t> eligible_rules_;
  std::vector<uint64_t> always_candidate_rules_;
  std::vector<uint64_t> candidate_rules_;
  std::vector<uint64_t> settled_rules_;
  std::vector<uint8_t> rule_has_patterns_;  // per rule: has any/all/none patterns to check
                                            // (bytes, not vector<bool>: read per candidate)
  std::vector<uint32_t> predicate_stamp_;   // per shared predicate: the event it was evaluated for
  // Per shared predicate that reads one text field (SharedPredicate::reads_one_text_field):
  // its answers for the last texts it was evaluated on, kRecentAnswers of them, each in the
  // entry its text's size and end bytes pick. A log interleaves a few hot accounts and
  // applications (connection pools, a dashboard, an analyst), so the next event's principal
  // is most often one of the last few, and one compare of a few bytes replaces a list
  // lookup (a case fold, a hash and the wildcards).
  struct RecentAnswer {
    static constexpr size_t kMaxText = 128;  // longer texts are looked up, not kept
    bool known = false;
    bool held = false;
    std::string text;
  };
  static constexpr size_t kRecentAnswers = 8;  // a power of two
  static size_t RecentAnswerSlot(std::string_view text);
  std::vector<std::array<RecentAnswer, kRecentAnswers>> recent_answers_;
  uint32_t stamp_ = 0;
  std::vector<std::unique_ptr<ThresholdState>> thresholds_;  // by rule index; null if none
  OriginTable origins_;
  ThresholdState::Firing firing_;
  TimePoint watermark_{};
  TimePoint now_{};  // the clock, read again only when an event seems to be ahead of it
  uint64_t events_since_sweep_ = 0;
  EngineStats stats_;
};

}  // namespace leakhound
