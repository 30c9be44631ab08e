// `leakhound run`: the Kafka service (cli/service_runner.h); `leakhound demo`: the service
// on an embedded cluster, fed the bundled insider scenario, printing the detections it
// reads back from the output topic; `leakhound replay`: NDJSON records into a topic.
#pragma once

#include <CLI/CLI.hpp>

namespace leakhound {

void RegisterRunCommand(CLI::App& app, int& exit_code);
void RegisterDemoCommand(CLI::App& app, int& exit_code);
void RegisterReplayCommand(CLI::App& app, int& exit_code);

}  // namespace leakhound
