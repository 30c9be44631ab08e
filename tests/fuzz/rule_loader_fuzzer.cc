// libFuzzer target: the rule loader and pattern compiler with an arbitrary rule file
// beside a fixed list, and a fixed catalog unless the input brings its own: an input that
// contains the line "#%rules" is a catalog before it and a rule file after it. Every input
// is loaded or refused with diagnostics.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "engine/compiled_rules.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 1 << 14) return 0;  // rule files are small; keep runs fast
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  constexpr std::string_view kSeparator = "#%rules\n";
  std::string catalog = "tables:\n  - table: passengers\n    columns: {passport_no: passport}\n";
  std::string_view rules = input;
  if (const size_t at = input.find(kSeparator); at != std::string_view::npos) {
    catalog = std::string(input.substr(0, at));
    rules = input.substr(at + kSeparator.size());
  }
  leakhound::RulePackSource pack;
  pack.origin = "fuzz";
  pack.catalog = leakhound::PackFile{"catalog.yaml", std::move(catalog)};
  pack.lists.push_back({"lists/service_accounts.txt", "svc_*\netl\n"});
  pack.rules.push_back({"rule.yaml", std::string(rules)});
  // Half the per-pattern and a hundredth of the pack-wide default budget: under ASan
  // Hyperscan's compile runs ten to twenty times slower (its allocations are intercepted),
  // and two patterns at the default per-pattern limit take 7 s of the 10 s an input is
  // given. Both limits are still exercised; the shipped patterns are 122 positions at most.
  const leakhound::PatternBudget budget{.per_pattern = 500, .per_database = 1000};
  const leakhound::CompileOutcome outcome =
      leakhound::LoadAndCompile(pack, leakhound::TimePoint{}, budget);
  if (outcome.compiled == nullptr && !outcome.diagnostics.has_errors()) std::abort();
  return 0;
}
