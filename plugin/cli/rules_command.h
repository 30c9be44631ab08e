// `leakhound rules lint|test|list|explain`: the detection engineer's tools for a rule pack.
#pragma once

#include <CLI/CLI.hpp>

namespace leakhound {

void RegisterRulesCommand(CLI::App& app, int& exit_code);

}  // namespace leakhound
