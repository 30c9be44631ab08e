#include "match/pattern_database.h"

#include <hs/hs.h>

#include <algorithm>
#include <cstdlib>
#include <string>

namespace leakhound {
namespace {

unsigned int FlagsFor(const PatternInput& input) {
  unsigned int flags = HS_FLAG_SINGLEMATCH | HS_FLAG_DOTALL;
  if (!input.case_sensitive) flags |= HS_FLAG_CASELESS;
  return flags;
}

// One hs_compile_ext_multi over `ids` (indexes into `inputs`). On failure `culprit` is the
// position in `ids` of the expression Hyperscan blamed, or -1.
struct CompileAttempt {
  hs_database_t* database = nullptr;
  std::string message;
  int culprit = -1;
};

CompileAttempt CompileIds(std::span<const PatternInput> inputs, std::span<const uint32_t> ids) {
  std::vector<const char*> expressions;
  std::vector<unsigned int> flags;
  for (uint32_t i : ids) {
    expressions.push_back(inputs[i].expression.c_str());
    flags.push_back(FlagsFor(inputs[i]));
  }
  CompileAttempt attempt;
  hs_compile_error_t* error = nullptr;
  const hs_error_t status = hs_compile_ext_multi(expressions.data(), flags.data(), ids.data(),
                                                 nullptr, static_cast<unsigned int>(ids.size()),
                                                 HS_MODE_BLOCK, nullptr, &attempt.database, &error);
  if (status != HS_SUCCESS) {
    attempt.database = nullptr;
    attempt.message = error != nullptr ? error->message : "compilation failed";
    attempt.culprit = error != nullptr ? error->expression : -1;
  }
  hs_free_compile_error(error);
  return attempt;
}

// Compiles `valid` (indexes into `inputs`) into one database, or null when it is empty; on
// return `valid` holds the indexes compiled. Some errors (size limits) appear only here.
// After the first, every remaining pattern is compiled alone once, so that all of them are
// reported and a pack with many oversized patterns costs one compile each rather than one
// whole-pack compile each; what fails only in combination is then dropped one culprit at a
// time.
Result<hs_database_t*> CompileStage(std::span<const PatternInput> inputs,
                                    std::vector<uint32_t>& valid,
                                    std::vector<PatternError>& errors) {
  bool isolated = false;
  while (!valid.empty()) {
    CompileAttempt attempt = CompileIds(inputs, valid);
    if (attempt.database != nullptr) return attempt.database;
    if (attempt.culprit < 0 || static_cast<size_t>(attempt.culprit) >= valid.size()) {
      return Internal("Hyperscan could not compile the pattern database: " + attempt.message);
    }
    errors.push_back({valid[static_cast<size_t>(attempt.culprit)], attempt.message});
    valid.erase(valid.begin() + attempt.culprit);
    if (isolated) continue;
    isolated = true;
    std::erase_if(valid, [&](uint32_t i) {
      CompileAttempt alone = CompileIds(inputs, std::span<const uint32_t>(&i, 1));
      if (alone.database != nullptr) {
        hs_free_database(alone.database);
        return false;
      }
      errors.push_back({i, alone.message});
      return true;
    });
  }
  return static_cast<hs_database_t*>(nullptr);
}

std::string Positions(size_t expanded) {
  return expanded >= kSaturatedPatternSize ? "billions of" : std::to_string(expanded);
}

size_t DatabaseSize(const hs_database_t* database) {
  size_t size = 0;
  if (database != nullptr) hs_database_size(database, &size);
  return size;
}

}  // namespace

PatternDatabase::~PatternDatabase() {
  if (first_ != nullptr) hs_free_database(first_);
  if (gated_ != nullptr) hs_free_database(gated_);
}

size_t PatternDatabase::size_bytes() const { return DatabaseSize(first_) + DatabaseSize(gated_); }

Result<std::shared_ptr<const PatternDatabase>> PatternDatabase::Compile(
    std::span<const PatternInput> inputs, std::vector<PatternError>& errors,
    const PatternBudget& budget) {
  if (hs_valid_platform() != HS_SUCCESS) {
    return FailedPrecondition(
        "this CPU lacks SSSE3, which Hyperscan needs; leakhound cannot match patterns here");
  }
  std::shared_ptr<PatternDatabase> result(new PatternDatabase());
  result->pattern_count_ = inputs.size();
  result->budget_ = budget;

  const size_t first_error = errors.size();  // the caller's own come before
  // Validate each expression alone, so that every bad one is reported. The size comes
  // first: it is cheap, and hs_expression_info itself takes 0.16 s on a long enough chain.
  std::vector<uint32_t> valid;
  std::vector<size_t> expanded_sizes(inputs.size(), 0);
  size_t total_expanded = 0;
  for (uint32_t i = 0; i < inputs.size(); ++i) {
    const size_t expanded = ExpandedPatternSize(inputs[i].expression);
    expanded_sizes[i] = expanded;
    if (expanded > budget.per_pattern) {
      errors.push_back({i, "it expands to " + Positions(expanded) +
                               " positions once its repeats are written out, more than the " +
                               std::to_string(budget.per_pattern) +
                               " Hyperscan is given (compile time grows with them); use a "
                               "smaller bound, an unbounded repeat such as \\d+, or split the "
                               "pattern"});
      continue;
    }
    if (expanded > budget.per_database - total_expanded) {
      errors.push_back({i, "the patterns before it already expand to " +
                               std::to_string(total_expanded) + " positions, and its " +
                               std::to_string(expanded) + " would pass the " +
                               std::to_string(budget.per_database) +
                               " a pack's patterns are given together; remove unused "
                               "patterns or merge alternatives"});
      continue;
    }
    hs_expr_info_t* info = nullptr;
    hs_compile_error_t* error = nullptr;
    if (hs_expression_info(inputs[i].expression.c_str(), FlagsFor(inputs[i]), &info, &error) !=
        HS_SUCCESS) {
      errors.push_back({i, error != nullptr ? error->message : "invalid expression"});
      hs_free_compile_error(error);
      continue;
    }
    std::free(info);
    total_expanded += expanded;
    valid.push_back(i);
  }

  // Compile the rest, a database per stage.
  std::vector<uint32_t> first, gated;
  for (uint32_t i : valid) (inputs[i].gated ? gated : first).push_back(i);
  Result<hs_database_t*> first_database = CompileStage(inputs, first, errors);
  if (!first_database.ok()) return first_database.status();
  result->first_ = *first_database;
  Result<hs_database_t*> gated_database = CompileStage(inputs, gated, errors);
  if (!gated_database.ok()) return gated_database.status();
  result->gated_ = *gated_database;
  // Only what Hyperscan accepted counts towards the positions shown.
  for (const auto* stage : {&first, &gated}) {
    for (uint32_t i : *stage) result->expanded_positions_ += expanded_sizes[i];
  }
  std::sort(errors.begin() + static_cast<ptrdiff_t>(first_error), errors.end(),
            [](const PatternError& a, const PatternError& b) { return a.index < b.index; });
  return std::shared_ptr<const PatternDatabase>(std::move(result));
}

}  // namespace leakhound
