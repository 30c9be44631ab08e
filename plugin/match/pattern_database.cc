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

}  // namespace

PatternDatabase::~PatternDatabase() {
  if (database_ != nullptr) hs_free_database(database_);
}

size_t PatternDatabase::size_bytes() const {
  size_t size = 0;
  if (database_ != nullptr) hs_database_size(database_, &size);
  return size;
}

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

  // Compile the rest together; some errors (size limits) appear only here, so drop the
  // culprit and retry.
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
    if (status == HS_SUCCESS) {
      result->database_ = database;
      break;
    }
    const std::string message = error != nullptr ? error->message : "compilation failed";
    const int culprit = error != nullptr ? error->expression : -1;
    hs_free_compile_error(error);
    if (culprit < 0 || static_cast<size_t>(culprit) >= valid.size()) {
      return Internal("Hyperscan could not compile the pattern database: " + message);
    }
    errors.push_back({valid[static_cast<size_t>(culprit)], message});
    valid.erase(valid.begin() + culprit);
  }
  std::sort(errors.begin(), errors.end(),
            [](const PatternError& a, const PatternError& b) { return a.index < b.index; });
  return std::shared_ptr<const PatternDatabase>(std::move(result));
}

}  // namespace leakhound
