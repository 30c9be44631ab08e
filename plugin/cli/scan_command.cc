#include "cli/scan_command.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <iostream>
#include <map>

#include "cli/detection_output.h"
#include "cli/exit_codes.h"
#include "cli/output_writer.h"
#include "cli/progress_reporter.h"
#include "cli/rule_pack_option.h"
#include "cli/token_command.h"
#include "codec/detection_format.h"
#include "codec/json_field_decoder.h"
#include "codec/json_writer.h"
#include "codec/line_reader.h"
#include "codec/make_decoder.h"
#include "engine/engine.h"
#include "rules/decoder_profile.h"

namespace leakhound {
namespace {

constexpr size_t kRejectsPrinted = 20;

struct ScanOptions {
  std::vector<std::string> inputs;
  std::string rules;
  std::string profile;
  std::vector<std::string> fields;
  std::string dead_letter;
  size_t max_record_bytes = 1 << 20;
  size_t max_sources = 1000;
  std::string progress = "auto";
  std::string fixed_time;
  std::string format = "native";
  std::string host;
  std::string tokenize;  // comma-separated
  std::string token_key_file;
  bool fail_on_detection = false;
  bool quiet = false;
};

struct ScanCounters {
  uint64_t records = 0;
  uint64_t bytes = 0;
  uint64_t events = 0;
  uint64_t skipped = 0;  // records or elements that hold no query (a connect, a heartbeat)
  uint64_t rejected = 0;
  std::array<uint64_t, kRejectReasonCount> rejected_by_reason{};
  uint64_t unreadable_inputs = 0;
};

// Writes each detection as a line in the chosen format.
class LinesSink final : public DetectionSink {
 public:
  LinesSink(OutputWriter& out, DetectionEncoder encoder)
      : out_(out), encoder_(std::move(encoder)) {}
  void Emit(Detection detection) override {
    ++emitted_;
    line_.clear();
    encoder_.Encode(detection, line_);
    out_.WriteLine(line_);
  }

  uint64_t emitted() const { return emitted_; }

 private:
  OutputWriter& out_;
  DetectionEncoder encoder_;
  std::string line_;
  uint64_t emitted_ = 0;
};

class Scanner {
 public:
  Scanner(const ScanOptions& options, Framing framing, Engine& engine, Decoder& decoder,
          OutputWriter& out, OutputWriter* dead_letter)
      : options_(options),
        framing_(framing),
        engine_(engine),
        decoder_(decoder),
        out_(out),
        dead_letter_(dead_letter),
        sink_(out, DetectionEncoder(*FindDetectionFormat(options.format),
                                    ProcessEncoderOptions(options.host))) {}

  // Scans one input; false if it could not be opened or read (reported already).
  bool ScanInput(const std::string& name, ProgressReporter& progress) {
    const bool is_stdin = name == "-";
    const int fd = is_stdin ? STDIN_FILENO : ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      std::cerr << "leakhound: cannot open " << name << ": " << std::strerror(errno) << '\n';
      return false;
    }
    LineReader reader(
        fd,
        {.max_line_bytes = options_.max_record_bytes, .read_bytes = 1 << 20, .framing = framing_});
    SourceRef source;
    source.origin = name;
    const EventCallback on_event = [this](const QueryEvent& event) {
      ++counters_.events;
      const Status status = engine_.Process(event, sink_);
      if (!status.ok()) engine_error_ = status;
    };
    bool ok = true;
    Line line;
    const uint64_t bytes_before = counters_.bytes;
    while (!out_.pipe_closed()) {
      Result<bool> more = reader.Next(line);
      if (!more.ok()) {
        std::cerr << "leakhound: " << name << ": " << more.status().message() << '\n';
        ok = false;
        break;
      }
      if (!*more) break;
      ++counters_.records;
      counters_.bytes = bytes_before + reader.bytes_read();
      source.offset = line.number;
      if (line.too_long) {
        Reject(name, line, RejectReason::kTooLarge,
               "record of " + std::to_string(line.length) + " bytes exceeds --max-record-bytes " +
                   std::to_string(options_.max_record_bytes));
      } else {
        const DecodeResult result = decoder_.Decode({line.text, kLinePadding}, source, on_event);
        counters_.skipped += result.skipped;
        if (!result.ok()) Reject(name, line, result.reason, result.detail);
      }
      if (!engine_error_.ok()) {
        std::cerr << "leakhound: " << engine_error_.ToString() << '\n';
        ok = false;
        break;
      }
      progress.Tick(counters_.records, counters_.bytes, sink_.emitted(), counters_.rejected);
    }
    counters_.bytes = bytes_before + reader.bytes_read();
    if (!is_stdin) ::close(fd);
    return ok;
  }

  const ScanCounters& counters() const { return counters_; }
  ScanCounters& counters() { return counters_; }

 private:
  void Reject(const std::string& name, const Line& line, RejectReason reason,
              const std::string& detail) {
    ++counters_.rejected;
    ++counters_.rejected_by_reason[static_cast<size_t>(reason)];
    if (counters_.rejected <= kRejectsPrinted && !options_.quiet) {
      std::cerr << "leakhound: " << name << ":" << line.number << ": rejected ("
                << RejectReasonName(reason) << "): " << detail << '\n';
      if (counters_.rejected == kRejectsPrinted) {
        std::cerr << "leakhound: further rejected records are counted, not printed"
                  << (dead_letter_ == nullptr ? " (keep them with --dead-letter FILE)" : "")
                  << '\n';
      }
    }
    if (dead_letter_ != nullptr) {
      std::string record;
      JsonWriter json(record);
      json.BeginObject()
          .Field("file", name)
          .Field("line", line.number)
          .Field("reason", RejectReasonName(reason))
          .Field("detail", detail)
          .Field("bytes", line.length);
      if (!line.too_long) json.Field("record", line.text);
      json.EndObject();
      dead_letter_->WriteLine(record);
    }
  }

  const ScanOptions& options_;
  Framing framing_;
  Engine& engine_;
  Decoder& decoder_;
  OutputWriter& out_;
  OutputWriter* dead_letter_;
  LinesSink sink_;
  ScanCounters counters_;
  Status engine_error_;
};

std::string Summary(const ScanCounters& counters, const EngineStats& stats, const RuleSet& rules,
                    size_t inputs, double seconds) {
  std::string out = "leakhound: " + std::to_string(inputs) +
                    (inputs == 1 ? " input, " : " inputs, ") + std::to_string(counters.records) +
                    " records (" + HumanBytes(static_cast<double>(counters.bytes)) + ") in ";
  char timing[64];
  std::snprintf(
      timing, sizeof timing, "%.2f s (%s records/s)", seconds,
      HumanCount(static_cast<double>(counters.records) / std::max(seconds, 1e-9)).c_str());
  out += timing;
  out += ": " + std::to_string(counters.events) + " events, ";
  if (counters.skipped > 0) out += std::to_string(counters.skipped) + " not queries (skipped), ";
  out += std::to_string(counters.rejected) + " rejected";
  if (counters.rejected > 0) {
    std::string reasons;
    for (size_t i = 0; i < counters.rejected_by_reason.size(); ++i) {
      if (counters.rejected_by_reason[i] == 0) continue;
      reasons += (reasons.empty() ? "" : ", ") +
                 std::string(RejectReasonName(static_cast<RejectReason>(i))) + " " +
                 std::to_string(counters.rejected_by_reason[i]);
    }
    out += " [" + reasons + "]";
  }
  out += ", " + std::to_string(stats.detections) + " detections";
  std::string per_rule;
  uint64_t suppressed = 0;
  for (size_t i = 0; i < stats.rules.size(); ++i) {
    suppressed += stats.rules[i].suppressed;
    if (stats.rules[i].detections == 0) continue;
    per_rule += (per_rule.empty() ? "" : ", ") + rules.rules[i].id() + " " +
                std::to_string(stats.rules[i].detections);
  }
  if (!per_rule.empty()) out += " [" + per_rule + "]";
  out += ", " + std::to_string(suppressed) + " suppressed";
  if (stats.events_without_time > 0) {
    out +=
        ", " + std::to_string(stats.events_without_time) + " events without time (scan time used)";
  }
  if (stats.events_from_future > 0) {
    out += ", " + std::to_string(stats.events_from_future) +
           " events stamped more than a day ahead (taken as now)";
  }
  if (stats.late_events > 0) out += ", " + std::to_string(stats.late_events) + " late events";
  if (stats.state_overflow > 0) {
    out += ", " + std::to_string(stats.state_overflow) + " events beyond the window state limit";
  }
  return out;
}

int RunScan(const ScanOptions& options) {
  ::signal(SIGPIPE, SIG_IGN);  // a closed stdout is seen as EPIPE and ends the scan quietly
  const SystemClock system_clock;
  std::unique_ptr<FixedClock> fixed_clock;
  if (!options.fixed_time.empty()) {
    const std::optional<TimePoint> time = ParseTimestamp(options.fixed_time);
    if (!time) {
      std::cerr << "leakhound: --fixed-time '" << options.fixed_time
                << "' is not RFC 3339 (e.g. 2026-01-01T00:00:00Z)\n";
      return kExitUsage;
    }
    fixed_clock = std::make_unique<FixedClock>(*time);
  }
  const Clock& clock = fixed_clock ? static_cast<const Clock&>(*fixed_clock) : system_clock;

  LoadedPack pack = LoadPack(options.rules, clock.Now());
  PrintDiagnostics(pack.diagnostics, /*print_warnings=*/false);
  if (!pack.rules) {
    std::cerr << "leakhound: the rule pack has errors; run `leakhound rules lint "
              << (options.rules.empty() ? "" : options.rules) << "` for details\n";
    return kExitUsage;
  }

  FieldMap map = FieldMap::Native();
  Diagnostics profile_diagnostics;
  if (!options.profile.empty()) ResolveDecoderProfile(options.profile, map, profile_diagnostics);
  for (const std::string& assignment : options.fields) {
    const size_t equals = assignment.find('=');
    const std::optional<InputField> field =
        equals == std::string::npos ? std::nullopt : FindInputField(assignment.substr(0, equals));
    if (!field) {
      profile_diagnostics.Error({"--field", 0, 0}, "",
                                "'" + assignment +
                                    "' must be NAME=/json/pointer with NAME one of "
                                    "time, principal, client, application, database, statement, "
                                    "session_id, status, rows, duration");
      continue;
    }
    map.PointersFor(*field) = {assignment.substr(equals + 1)};
  }
  PrintDiagnostics(profile_diagnostics);
  if (profile_diagnostics.has_errors()) return kExitUsage;
  Result<std::unique_ptr<Decoder>> decoder =
      MakeDecoder(map, {.max_record_bytes = options.max_record_bytes});
  if (!decoder.ok()) {
    std::cerr << "leakhound: " << decoder.status().message() << '\n';
    return kExitUsage;
  }

  EngineOptions engine_options;
  engine_options.max_sources_per_detection = options.max_sources;
  Result<std::shared_ptr<const KeyedTokens>> tokens =
      LoadKeyedTokens(SplitCommaList(options.tokenize), options.token_key_file);
  if (!tokens.ok()) {
    std::cerr << "leakhound: " << tokens.status().message() << '\n';
    return kExitUsage;
  }
  engine_options.tokens = *tokens;
  Result<std::unique_ptr<Engine>> engine = Engine::Create(pack.rules, clock, engine_options);
  if (!engine.ok()) {
    std::cerr << "leakhound: " << engine.status().message() << '\n';
    return kExitUsage;
  }

  std::unique_ptr<OutputWriter> dead_letter;
  if (!options.dead_letter.empty()) {
    Result<std::unique_ptr<OutputWriter>> opened = OutputWriter::OpenFile(options.dead_letter);
    if (!opened.ok()) {
      std::cerr << "leakhound: " << opened.status().message() << '\n';
      return kExitUsage;
    }
    dead_letter = std::move(*opened);
  }

  std::vector<std::string> inputs = options.inputs;
  if (inputs.empty()) inputs.push_back("-");
  uint64_t total_bytes = 0;
  for (const std::string& input : inputs) {
    struct stat info {};
    if (input != "-" && ::stat(input.c_str(), &info) == 0 && S_ISREG(info.st_mode)) {
      total_bytes += static_cast<uint64_t>(info.st_size);
    }
  }
  const ProgressMode mode = options.progress == "always"  ? ProgressMode::kAlways
                            : options.progress == "never" ? ProgressMode::kNever
                                                          : ProgressMode::kAuto;
  ProgressReporter progress(options.quiet ? ProgressMode::kNever : mode, total_bytes);

  OutputWriter out(STDOUT_FILENO);
  Scanner scanner(options, map.framing(), **engine, **decoder, out, dead_letter.get());
  const auto start = std::chrono::steady_clock::now();
  for (const std::string& input : inputs) {
    if (!scanner.ScanInput(input, progress)) ++scanner.counters().unreadable_inputs;
    if (out.pipe_closed()) break;
  }
  const Status flushed = out.Flush();
  if (dead_letter) {
    const Status status = dead_letter->Flush();
    if (!status.ok()) std::cerr << "leakhound: dead-letter file: " << status.message() << '\n';
  }
  progress.Finish();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!options.quiet) {
    std::cerr << Summary(scanner.counters(), (*engine)->stats(), *pack.rules->rules, inputs.size(),
                         seconds)
              << '\n';
  }
  if (!flushed.ok() && !out.pipe_closed()) {
    std::cerr << "leakhound: cannot write detections: " << flushed.message() << '\n';
    return kExitInputError;
  }
  if (scanner.counters().unreadable_inputs > 0) return kExitInputError;
  if (options.fail_on_detection && (*engine)->stats().detections > 0) return kExitFindings;
  return kExitOk;
}

}  // namespace

void RegisterScanCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ScanOptions>();
  CLI::App* scan = app.add_subcommand(
      "scan", "Scan NDJSON query logs from files or stdin; print detections as NDJSON");
  scan->footer(
      "Each input line is one JSON record (or a JSON array of records). By default the\n"
      "fields are leakhound's own: time, principal (or user), client, application,\n"
      "database, statement, session_id, status, rows, duration_ms; --profile or --field\n"
      "map any other JSON schema. Records that cannot be used are counted and reported\n"
      "with their line number and reason; the scan goes on.\n\n"
      "Exit codes: 0 done; 1 detections found with --fail-on-detection; 2 bad usage, profile\n"
      "or rule pack (nothing scanned); 3 an input could not be read (the others were).");
  scan->add_option("inputs", options->inputs, "Files to scan; '-' or nothing reads stdin");
  scan->add_option("-r,--rules", options->rules, kRulesOptionHelp);
  scan->add_option("-p,--profile", options->profile,
                   "Decoder profile (YAML): JSON pointers for the fields of your log schema");
  scan->add_option("-f,--field", options->fields,
                   "Override one field's JSON pointer, e.g. --field principal=/user/name "
                   "(repeatable)");
  scan->add_option("--format", options->format,
                   "Detections as " + DetectionFormatList() +
                       ": native is NDJSON (schemas/detection.schema.json), text one "
                       "readable line each, the others what SIEMs ingest (README, Output "
                       "formats)")
      ->check(CLI::IsMember(
          std::vector<std::string>(DetectionFormatNames().begin(), DetectionFormatNames().end())))
      ->capture_default_str();
  scan->add_option("--host", options->host,
                   "The reporting host named in ocsf, ecs, cef-syslog and splunk-hec output "
                   "(default: this machine's name)");
  scan->add_option("--tokenize", options->tokenize,
                   "Show keyed tokens (HMAC-SHA-256) instead of nothing or the value: literals "
                   "(the statement's), principal, client, application, session_id, database; "
                   "comma-separated");

  scan->add_option("--token-key-file", options->token_key_file,
                   "The secret key for --tokenize (default: $LEAKHOUND_TOKEN_KEY)");
  scan->add_option("--dead-letter", options->dead_letter,
                   "Write every rejected record, with its reason, to this NDJSON file");
  scan->add_option("--max-record-bytes", options->max_record_bytes,
                   "Reject records longer than this")
      ->capture_default_str();
  scan->add_option("--max-sources", options->max_sources,
                   "Most source references listed per detection (sources_total counts all)")
      ->capture_default_str();
  scan->add_option("--progress", options->progress,
                   "Progress on stderr: auto (when stderr is a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  scan->add_option("--fixed-time", options->fixed_time,
                   "Use this RFC 3339 time as 'now' (detection_time, events without time), "
                   "for reproducible output");
  scan->add_flag("--fail-on-detection", options->fail_on_detection,
                 "Exit 1 when anything is detected (for CI and scripts)");
  scan->add_flag("-q,--quiet", options->quiet, "No summary, progress or reject lines on stderr");
  scan->callback([options, &exit_code] { exit_code = RunScan(*options); });
}

}  // namespace leakhound
