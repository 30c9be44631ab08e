// Loading the rule pack named by --rules (a directory, a file, or the embedded pack when
// empty), with its diagnostics printed to stderr in compiler style.
#pragma once

#include <memory>
#include <string>

#include "core/time.h"
#include "engine/compiled_rules.h"

namespace leakhound {

struct LoadedPack {
  std::shared_ptr<const CompiledRules> rules;  // null when the pack has errors
  Diagnostics diagnostics;
};

// Reads and compiles the pack; an unreadable path becomes an error diagnostic.
LoadedPack LoadPack(const std::string& path, TimePoint now);

// Prints each diagnostic, then "N errors, M warnings" when there is any.
void PrintDiagnostics(const Diagnostics& diagnostics, bool print_warnings = true);

// The --rules help text shared by the commands.
inline constexpr const char* kRulesOptionHelp =
    "Rule pack: a directory (catalog.yaml, lists/, *.yaml rules) or one rule file; "
    "default: the pack built into the binary (the rules/ folder of the source tree)";

}  // namespace leakhound
