#include "cli/rule_pack_option.h"

#include <iostream>

#include "rules/pack_source.h"

namespace leakhound {

LoadedPack LoadPack(const std::string& path, TimePoint now) {
  LoadedPack pack;
  if (path.empty()) {
    CompileOutcome outcome = LoadAndCompile(EmbeddedRulePack(), now);
    pack.rules = std::move(outcome.compiled);
    pack.diagnostics = std::move(outcome.diagnostics);
    return pack;
  }
  Result<RulePackSource> source = ReadRulePack(path);
  if (!source.ok()) {
    pack.diagnostics.Error({path, 0, 0}, "", source.status().message());
    return pack;
  }
  CompileOutcome outcome = LoadAndCompile(*source, now);
  pack.rules = std::move(outcome.compiled);
  pack.diagnostics = std::move(outcome.diagnostics);
  return pack;
}

void PrintDiagnostics(const Diagnostics& diagnostics, bool print_warnings) {
  size_t printed = 0;
  for (const Diagnostic& diagnostic : diagnostics.all()) {
    if (diagnostic.severity == Diagnostic::Severity::kWarning && !print_warnings) continue;
    std::cerr << diagnostic.ToString() << '\n';
    ++printed;
  }
  if (printed > 0) {
    const size_t errors = diagnostics.error_count();
    const size_t warnings = diagnostics.warning_count();
    std::cerr << errors << (errors == 1 ? " error, " : " errors, ") << warnings
              << (warnings == 1 ? " warning" : " warnings") << '\n';
  }
}

}  // namespace leakhound
