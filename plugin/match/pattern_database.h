// PatternDatabase: every rule's statement patterns compiled into one Hyperscan block-mode
// database (hs_compile_ext_multi), so that one scan of a statement finds every pattern of
// every rule at once. Hyperscan yields candidates; the engine confirms them.
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

struct hs_database;  // from <hs/hs.h>; only match/ includes it

namespace leakhound {

struct PatternInput {
  std::string expression;
  bool case_sensitive = false;
};

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
  static Result<std::shared_ptr<const PatternDatabase>> Compile(
      std::span<const PatternInput> inputs, std::vector<PatternError>& errors);

  size_t pattern_count() const { return pattern_count_; }
  size_t size_bytes() const;
  const hs_database* database() const { return database_; }

 private:
  PatternDatabase() = default;

  hs_database* database_ = nullptr;  // null when there are no valid patterns
  size_t pattern_count_ = 0;
};

}  // namespace leakhound
