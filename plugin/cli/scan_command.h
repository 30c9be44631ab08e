// `leakhound scan`: the offline face: NDJSON query logs from files or stdin in, detections
// (NDJSON) on stdout, progress and a one-line summary on stderr.
#pragma once

#include <CLI/CLI.hpp>

namespace leakhound {

// Adds the subcommand; when it runs, its exit code is stored in `exit_code`.
void RegisterScanCommand(CLI::App& app, int& exit_code);

}  // namespace leakhound
