// libFuzzer target: the SQL lexer and analyzer must never crash, hang or read out of
// bounds, whatever the bytes; and what they produce must hold together.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/ascii.h"
#include "core/sql_analyzer.h"
#include "core/sql_normal_form.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static leakhound::SqlAnalyzer analyzer(
      leakhound::SqlAnalyzer::Options{.max_statement_bytes = 1 << 16});
  const std::string_view statement(reinterpret_cast<const char*>(data), size);
  const leakhound::SqlAnalysis& analysis = analyzer.Analyze(statement);
  // Invariants: normalization never lengthens the statement; every name is non-empty.
  if (analysis.normalized.size() > statement.size()) std::abort();
  for (const leakhound::TableRef& table : analysis.tables) {
    if (table.name.empty()) std::abort();
  }
  for (std::string_view column : analysis.columns) {
    if (column.empty()) std::abort();
  }
  // A statement the engine scans as it is (IsInNormalForm, vectorized) must be one that
  // normalization, in either dialect's reading, changes only in ASCII case, or a rule
  // could miss it.
  if (!analysis.truncated && leakhound::IsInNormalForm(statement)) {
    const std::string raw = leakhound::AsciiLowercase(statement);
    if (leakhound::AsciiLowercase(analysis.normalized) != raw) std::abort();
    if (!analysis.alternate_normalized.empty() &&
        leakhound::AsciiLowercase(analysis.alternate_normalized) != raw) {
      std::abort();
    }
  }
  return 0;
}
