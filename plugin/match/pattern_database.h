// PatternDatabase: every rule's statement patterns compiled into Hyperscan block-mode
// databases (hs_compile_ext_multi), so that one scan of a statement finds every pattern of
// every rule at once. Hyperscan yields candidates; the engine confirms them.
//
// Two stages: patterns marked `gated` (the `any` of a rule that also has an `all` group,
// say) only matter once another pattern of their rule has matched, so they go into a
// second database that is scanned only then. A rule writer's AND then costs little on the
// statements that fail its first half, which is nearly all of them (measured on the
// shipped pack: the first stage alone scans in about 70% of the time of all 27 patterns).
//
// Every bad pattern is reported, not just the first: each expression is validated on its
// own first, and a failing multi-compile is retried without the culprit.
//
// Thread-safety: immutable after Compile(); share it freely. Scanning needs a per-thread
// PatternScanner.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "match/pattern_size.h"

struct hs_database;  // from <hs/hs.h>; only match/ includes it

namespace leakhound {

struct PatternInput {
  std::string expression;
  bool case_sensitive = false;
  bool gated = false;  // in the second stage
};

// Which patterns a scan looks for.
enum class PatternStage { kAll, kFirst, kGated };

struct PatternError {
  uint32_t index = 0;  // into the inputs
  std::string message;
};

class PatternDatabase {
 public:
  ~PatternDatabase();
  PatternDatabase(const PatternDatabase&) = delete;
  PatternDatabase& operator=(const PatternDatabase&) = delete;

  // Compiles the valid inputs; each invalid one is appended to `errors` and left out (its
  // index never matches). Fails only if Hyperscan cannot run here or cannot build any
  // database at all.
  // Inputs that expand past `budget` (pattern_size.h) are refused before Hyperscan sees
  // them; past the per-database total, each further input is refused in index order.
  static Result<std::shared_ptr<const PatternDatabase>> Compile(
      std::span<const PatternInput> inputs, std::vector<PatternError>& errors,
      const PatternBudget& budget = {});

  size_t pattern_count() const { return pattern_count_; }
  // ExpandedPatternSize summed over the patterns compiled, against budget().per_database.
  size_t expanded_positions() const { return expanded_positions_; }
  const PatternBudget& budget() const { return budget_; }
  size_t size_bytes() const;
  // Null when the stage has no valid patterns.
  const hs_database* first() const { return first_; }
  const hs_database* gated() const { return gated_; }

 private:
  PatternDatabase() = default;

  hs_database* first_ = nullptr;
  hs_database* gated_ = nullptr;
  size_t pattern_count_ = 0;
  size_t expanded_positions_ = 0;
  PatternBudget budget_;
};

}  // namespace leakhound
