#include "match/pattern_database.h"

#include <hs/hs.h>

#include <algorithm>
#include <cstdlib>

namespace leakhound {
namespace {

unsigned int FlagsFor(const PatternInput& input) {
  unsigned int flags = HS_FLAG_SINGLEMATCH | HS_FLAG_DOTALL;
  if (!input.case_sensitive) flags |= HS_FLAG_CASELESS;
  return flags;
}

// Compiles `valid` (indexes into `inputs`) into one database, or null when it is empty.
// Some errors (size limits) appear only here: the culprit is reported, dropped, and the
// rest compiled again.
Result<hs_database_t*> CompileStage(std::span<const PatternInput> inputs,
                                    std::vector<uint32_t> valid,
                                    std::vector<PatternError>& errors) {
  while (!valid.empty()) {
    std::vector<const char*> expressions;
    std::vector<unsigned int> flags;
    std::vector<unsigned int> ids;
    for (uint32_t i : valid) {
      expressions.push_back(inputs[i].expression.c_str());
      flags.push_back(FlagsFor(inputs[i]));
      ids.push_back(i);
    }
    hs_database_t* database = nullptr;
    hs_compile_error_t* error = nullptr;
    const hs_error_t status = hs_compile_ext_multi(expressions.data(), flags.data(), ids.data(),
                                                   nullptr, static_cast<unsigned int>(valid.size()),
                                                   HS_MODE_BLOCK, nullptr, &database, &error);
    if (status == HS_SUCCESS) return database;
    const std::string message = error != nullptr ? error->message : "compilation failed";
    const int culprit = error != nullptr ? error->expression : -1;
    hs_free_compile_error(error);
    if (culprit < 0 || static_cast<size_t>(culprit) >= valid.size()) {
      return Internal("Hyperscan could not compile the pattern database: " + message);
    }
    errors.push_back({valid[static_cast<size_t>(culprit)], message});
    valid.erase(valid.begin() + culprit);
  }
  return static_cast<hs_database_t*>(nullptr);
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
    std::span<const PatternInput> inputs, std::vector<PatternError>& errors) {
  if (hs_valid_platform() != HS_SUCCESS) {
    return FailedPrecondition(
        "this CPU lacks SSSE3, which Hyperscan needs; leakhound cannot match patterns here");
  }
  std::shared_ptr<PatternDatabase> result(new PatternDatabase());
  result->pattern_count_ = inputs.size();

  // Validate each expression alone, so that every bad one is reported.
  std::vector<uint32_t> valid;
  for (uint32_t i = 0; i < inputs.size(); ++i) {
    hs_expr_info_t* info = nullptr;
    hs_compile_error_t* error = nullptr;
    if (hs_expression_info(inputs[i].expression.c_str(), FlagsFor(inputs[i]), &info, &error) !=
        HS_SUCCESS) {
      errors.push_back({i, error != nullptr ? error->message : "invalid expression"});
      hs_free_compile_error(error);
      continue;
    }
    std::free(info);
    valid.push_back(i);
  }

  // Compile the rest, a database per stage.
  std::vector<uint32_t> first, gated;
  for (uint32_t i : valid) (inputs[i].gated ? gated : first).push_back(i);
  Result<hs_database_t*> first_database = CompileStage(inputs, std::move(first), errors);
  if (!first_database.ok()) return first_database.status();
  result->first_ = *first_database;
  Result<hs_database_t*> gated_database = CompileStage(inputs, std::move(gated), errors);
  if (!gated_database.ok()) return gated_database.status();
  result->gated_ = *gated_database;
  std::sort(errors.begin(), errors.end(),
            [](const PatternError& a, const PatternError& b) { return a.index < b.index; });
  return std::shared_ptr<const PatternDatabase>(std::move(result));
}

}  // namespace leakhound
