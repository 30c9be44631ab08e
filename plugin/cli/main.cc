// leakhound: finds bulk reads of personal data in database query logs.
//
// This file is the command's thin face: argument parsing and dispatch. The work lives in
// the engine (plugin/engine) and the layers below it.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/detection_output.h"
#include "cli/exit_codes.h"
#include "cli/rules_command.h"
#include "cli/run_command.h"
#include "cli/scan_command.h"
#include "cli/token_command.h"

int main(int argc, char** argv) {
  const std::string version = "leakhound " + std::string(leakhound::LeakhoundVersion());
  CLI::App app(
      version +
          ": finds bulk reads of personal data in database query logs.\n\n"
          "Examples:\n"
          "  leakhound demo                                the service on an embedded Kafka "
          "cluster\n"
          "  leakhound run --config leakhound.yaml         the Kafka service\n"
          "  leakhound scan deploy/demo/insider.ndjson     scan a file with the built-in rules\n"
          "  zcat audit.ndjson.gz | leakhound scan -       scan stdin\n"
          "  leakhound scan --rules my-rules/ --profile pg.yaml audit.ndjson\n"
          "  leakhound rules lint my-rules/                check a rule pack\n"
          "  leakhound rules test my-rules/                run the rules' own tests\n",
      "leakhound");
  app.set_version_flag("-V,--version", version);
  app.require_subcommand(1);
  app.footer(
      "Run `leakhound COMMAND --help` for a command's options. Docs: README.md and "
      "rules/README.md.");
  int exit_code = leakhound::kExitOk;
  leakhound::RegisterScanCommand(app, exit_code);
  leakhound::RegisterRulesCommand(app, exit_code);
  leakhound::RegisterRunCommand(app, exit_code);
  leakhound::RegisterDemoCommand(app, exit_code);
  leakhound::RegisterReplayCommand(app, exit_code);
  leakhound::RegisterTokenCommand(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? leakhound::kExitOk : leakhound::kExitUsage;
  }
  return exit_code;
}
