#include "cli/rules_command.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

#include "cli/exit_codes.h"
#include "cli/rule_pack_option.h"
#include "codec/json_field_decoder.h"
#include "codec/line_reader.h"
#include "core/clock.h"
#include "engine/rule_explainer.h"
#include "engine/rule_test_runner.h"
#include "match/pattern_database.h"

namespace leakhound {
namespace {

struct RulesOptions {
  std::string path;
  std::vector<std::string> only;
  bool strict = false;
  bool verbose = false;
  std::string rule;
  std::string events = "-";
  bool show_literals = false;
};

std::string PackName(const std::string& path) { return path.empty() ? "embedded pack" : path; }

int RunLint(const RulesOptions& options) {
  const SystemClock clock;
  LoadedPack pack = LoadPack(options.path, clock.Now());
  PrintDiagnostics(pack.diagnostics);
  if (!pack.rules) {
    std::cerr << PackName(options.path) << ": rule pack has errors\n";
    return kExitFindings;
  }
  const RuleSet& rules = *pack.rules->rules;
  const PatternDatabase& patterns = *pack.rules->patterns;
  std::cout << PackName(options.path) << ": " << rules.rules.size() << " rules, "
            << rules.patterns.size() << " patterns (" << patterns.expanded_positions() << " of "
            << patterns.budget().per_database << " positions, " << patterns.size_bytes()
            << " bytes of Hyperscan database), " << rules.lists.size() << " lists, catalog of "
            << rules.catalog.table_count() << " tables and " << rules.catalog.column_count()
            << " columns: ok\n";
  if (options.strict && pack.diagnostics.warning_count() > 0) return kExitFindings;
  return kExitOk;
}

int RunTests(const RulesOptions& options) {
  const SystemClock clock;
  LoadedPack pack = LoadPack(options.path, clock.Now());
  PrintDiagnostics(pack.diagnostics, /*print_warnings=*/false);
  if (!pack.rules) return kExitUsage;
  for (const std::string& id : options.only) {
    if (pack.rules->rules->FindRule(id) == nullptr) {
      std::cerr << "leakhound: no rule with id '" << id << "' in " << PackName(options.path)
                << '\n';
      return kExitUsage;
    }
  }
  const RuleTestReport report = RunRuleTests(pack.rules, options.only);
  for (const RuleTestResult& result : report.results) {
    if (result.passed && !options.verbose) continue;
    std::cout << (result.passed ? "PASS " : "FAIL ") << result.rule_id << " \"" << result.test_name
              << "\" (" << result.location.file << ":" << result.location.line << ")";
    if (!result.passed) std::cout << ": " << result.failure;
    std::cout << '\n';
    for (const std::string& line : result.explanation) std::cout << "    " << line << '\n';
  }
  for (const std::string& id : report.rules_without_tests) {
    std::cout << "WARN " << id << " has no tests\n";
  }
  std::cout << report.passed << " passed, " << report.failed << " failed, " << report.rules_selected
            << " rules";
  if (!report.rules_without_tests.empty()) {
    std::cout << " (" << report.rules_without_tests.size() << " without tests)";
  }
  std::cout << '\n';
  if (report.rules_selected == 0) return kExitUsage;
  return report.failed > 0 ? kExitFindings : kExitOk;
}

int RunList(const RulesOptions& options) {
  const SystemClock clock;
  LoadedPack pack = LoadPack(options.path, clock.Now());
  PrintDiagnostics(pack.diagnostics, false);
  if (!pack.rules) return kExitUsage;
  for (const Rule& rule : pack.rules->rules->rules) {
    std::cout << rule.id() << '\t' << SeverityName(rule.info->severity) << '\t'
              << RuleStatusName(rule.info->status) << '\t'
              << (rule.threshold ? "threshold" : "per-event") << '\t' << rule.info->title << '\n';
  }
  return kExitOk;
}

int RunExplain(const RulesOptions& options) {
  const SystemClock clock;
  LoadedPack pack = LoadPack(options.path, clock.Now());
  PrintDiagnostics(pack.diagnostics, false);
  if (!pack.rules) return kExitUsage;
  const RuleSet& rules = *pack.rules->rules;
  uint32_t index = 0;
  while (index < rules.rules.size() && rules.rules[index].id() != options.rule) ++index;
  if (index == rules.rules.size()) {
    std::cerr << "leakhound: no rule with id '" << options.rule << "'\n";
    return kExitUsage;
  }
  Result<std::unique_ptr<JsonFieldDecoder>> decoder = JsonFieldDecoder::Create(FieldMap::Native());
  if (!decoder.ok()) return kExitUsage;
  const bool is_stdin = options.events == "-";
  const int fd = is_stdin ? STDIN_FILENO : ::open(options.events.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    std::cerr << "leakhound: cannot open " << options.events << ": " << std::strerror(errno)
              << '\n';
    return kExitInputError;
  }
  LineReader reader(fd, {});
  Line line;
  SourceRef source;
  source.origin = options.events;
  for (Result<bool> more = reader.Next(line); more.ok() && *more; more = reader.Next(line)) {
    source.offset = line.number;
    const DecodeResult result =
        (*decoder)->Decode({line.text, kLinePadding}, source, [&](const QueryEvent& event) {
          std::cout << options.events << ":" << line.number << ": " << options.rule << '\n';
          for (const std::string& text :
               ExplainRule(*pack.rules, index, event, event.time.value_or(clock.Now()),
                           options.show_literals)) {
            std::cout << text << '\n';
          }
        });
    if (!result.ok() && !line.too_long) {
      std::cout << options.events << ":" << line.number << ": rejected ("
                << RejectReasonName(result.reason) << "): " << result.detail << '\n';
    }
  }
  if (!is_stdin) ::close(fd);
  return kExitOk;
}

}  // namespace

void RegisterRulesCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<RulesOptions>();
  CLI::App* rules = app.add_subcommand("rules", "Check, test, list and explain a rule pack");
  rules->require_subcommand(1);

  CLI::App* lint = rules->add_subcommand(
      "lint", "Load and compile a rule pack; report every error and warning as file:line:col");
  lint->add_option("path", options->path, kRulesOptionHelp);
  lint->add_flag("--strict", options->strict, "Treat warnings as errors");
  lint->footer("Exit codes: 0 the pack is valid; 1 it has errors (or warnings with --strict).");
  lint->callback([options, &exit_code] { exit_code = RunLint(*options); });

  CLI::App* test = rules->add_subcommand(
      "test", "Run the tests each rule carries (tests: positive and negative example events)");
  test->add_option("path", options->path, kRulesOptionHelp);
  test->add_option("--rule", options->only, "Only the rule with this id (repeatable)");
  test->add_flag("-v,--verbose", options->verbose, "Also list the tests that pass");
  test->footer(
      "A failing test prints, event by event, which condition held and which did not.\n"
      "Exit codes: 0 all passed; 1 a test failed; 2 the pack has errors or no rule matched.");
  test->callback([options, &exit_code] { exit_code = RunTests(*options); });

  CLI::App* list = rules->add_subcommand("list", "List the rules of a pack: id, severity, kind");
  list->add_option("path", options->path, kRulesOptionHelp);
  list->callback([options, &exit_code] { exit_code = RunList(*options); });

  CLI::App* explain = rules->add_subcommand(
      "explain", "Show, condition by condition, why a rule does or does not fire for events");
  explain->add_option("--rule", options->rule, "The rule's id")->required();
  explain->add_option("--rules", options->path, kRulesOptionHelp);
  explain
      ->add_option("events", options->events,
                   "NDJSON events in leakhound's native fields; '-' reads stdin")
      ->capture_default_str();
  explain->add_flag("--show-literals", options->show_literals,
                    "Show statements as logged, literals included (default: fingerprints)");
  explain->callback([options, &exit_code] { exit_code = RunExplain(*options); });
}

}  // namespace leakhound
