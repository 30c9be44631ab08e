// Single-thread scan throughput: leakhound's pipeline (simdjson decode, SQL analysis, one
// Hyperscan scan of all the pack's patterns, predicates, thresholds, detections encoded)
// beside the pipeline a user would write instead: simdjson extracting three fields and
// RE2::Set over the raw statement with the same patterns. Both read the same in-memory
// corpus in the same run; the answer is checked before anything is timed.
//
//   leakhound_bench [--records N] [--runs R] [--rules DIR] [--only leakhound|re2]
//                   [--write-corpus FILE] [--simdjson-only] [--sql-cache-entries N]
//                   [--unique-statements] [--stages]
//
// --simdjson-only turns the decoder's fast path (FlatJsonWalker) off, to measure it;
// --sql-cache-entries 0 turns the SQL analysis cache off; --unique-statements makes every
// analyst statement distinct, so that the cache never hits (its worst case); --stages
// adds each side's decoding and matching timed alone.
#include <re2/re2.h>
#include <re2/set.h>
#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "codec/detection_json_encoder.h"
#include "codec/json_field_decoder.h"
#include "core/sql_analyzer.h"
#include "core/time.h"
#include "corpus_generator.h"
#include "engine/engine.h"
#include "match/pattern_scanner.h"
#include "rules/pack_source.h"

namespace leakhound::bench {
namespace {

struct Options {
  uint64_t records = 1'000'000;
  int runs = 3;
  std::string rules;
  std::string only;
  std::string write_corpus;
  bool simdjson_only = false;
  size_t sql_cache_entries = SqlAnalysisCache::Options{}.entries;
  bool unique_statements = false;
  bool stages = false;
};

// Calls `visit(line)` for each line of the corpus; lines are followed by >= 64 bytes.
template <typename Visit>
void ForEachLine(const std::string& text, Visit visit) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  while (begin < end) {
    const char* newline =
        static_cast<const char*>(std::memchr(begin, '\n', static_cast<size_t>(end - begin)));
    if (newline == nullptr) newline = end;
    visit(std::string_view(begin, static_cast<size_t>(newline - begin)));
    begin = newline + 1;
  }
}

class EncodingSink final : public DetectionSink {
 public:
  void Emit(Detection detection) override {
    out_.clear();
    EncodeDetectionJson(detection, out_);
    bytes_ += out_.size();
    ++per_rule_[detection.rule->id];
    if (detection.principal != "mallory") ++unexpected_;
  }
  std::map<std::string, uint64_t> per_rule_;
  uint64_t unexpected_ = 0;
  uint64_t bytes_ = 0;

 private:
  std::string out_;
};

// leakhound's pipeline over the corpus; returns the number of events. Not inlined, so that
// callgrind can count it alone (--toggle-collect with this function's name).
[[gnu::noinline]] uint64_t RunLeakhound(const std::string& corpus,
                                        const std::shared_ptr<const CompiledRules>& rules,
                                        EncodingSink& sink, bool fast_path,
                                        size_t sql_cache_entries) {
  // After the corpus's last event (March 2026): a clock at the epoch would put every event
  // more than a day in its future, and the engine would clamp them all to that instant.
  FixedClock clock(*ParseTimestamp("2026-04-01T00:00:00Z"));
  auto decoder = std::move(*JsonFieldDecoder::Create(FieldMap::Native(), {.fast_path = fast_path}));
  EngineOptions engine_options;
  engine_options.sql_cache.entries = sql_cache_entries;
  auto engine = std::move(*Engine::Create(rules, clock, engine_options));
  SourceRef source;
  source.origin = "corpus";
  uint64_t events = 0;
  struct Report {
    const Engine& engine;
    ~Report() {
      std::printf(
          "  (%llu of %llu statements needed the SQL analysis, %llu of them from the cache)\n",
          static_cast<unsigned long long>(engine.stats().statements_analyzed),
          static_cast<unsigned long long>(engine.stats().events),
          static_cast<unsigned long long>(engine.stats().analyses_from_cache));
    }
  } report{*engine};
  const EventCallback on_event = [&](const QueryEvent& event) {
    ++events;
    (void)engine->Process(event, sink);
  };
  ForEachLine(corpus, [&](std::string_view line) {
    ++source.offset;
    (void)decoder->Decode({line, kRecordPadding}, source, on_event);
  });
  return events;
}

// The alternative: simdjson for three fields, RE2::Set over the raw statement. Not inlined
// either (RunRe2 for callgrind).
// With `set` null it only decodes (the --stages split).
[[gnu::noinline]] uint64_t RunRe2(const std::string& corpus, const re2::RE2::Set* set,
                                  uint64_t& matched) {
  simdjson::ondemand::parser parser;
  std::vector<int> hits;
  uint64_t events = 0;
  ForEachLine(corpus, [&](std::string_view line) {
    simdjson::ondemand::document document;
    if (parser.iterate(line.data(), line.size(), line.size() + simdjson::SIMDJSON_PADDING)
            .get(document)) {
      return;
    }
    std::string_view principal, statement;
    int64_t rows = 0;
    simdjson::ondemand::object object;
    if (document.get_object().get(object)) return;
    for (auto field : object) {
      std::string_view key;
      if (field.unescaped_key().get(key)) return;
      if (key == "principal") {
        if (field.value().get_string().get(principal)) return;
      } else if (key == "statement") {
        if (field.value().get_string().get(statement)) return;
      } else if (key == "rows") {
        if (field.value().get_int64().get(rows)) return;
      }
    }
    ++events;
    if (set == nullptr) {
      matched += statement.size() + principal.size() + static_cast<uint64_t>(rows != 0);
      return;
    }
    hits.clear();
    if (set->Match(statement, &hits)) matched += hits.size();
  });
  return events;
}

double Seconds(std::chrono::steady_clock::duration duration) {
  return std::chrono::duration<double>(duration).count();
}

// The fastest of `runs` calls of `work`, in nanoseconds per record.
template <typename Work>
double BestNanosPerRecord(int runs, double records, Work work) {
  double best = 1e100;
  for (int run = 0; run < runs; ++run) {
    const auto start = std::chrono::steady_clock::now();
    work();
    best = std::min(best, Seconds(std::chrono::steady_clock::now() - start));
  }
  return best * 1e9 / records;
}

// --stages: where each side's time goes. Decoding alone (leakhound's decoder with every
// field of the native map, simdjson with the alternative's three), then each matcher alone
// over the statements already extracted (Hyperscan's first stage over the raw text, which
// is what the engine scans for a statement in normal form). What the full pipeline takes
// beyond its two stages is the engine: SQL analysis, predicates, windows, detections.
void PrintStages(const std::string& corpus, const CompiledRules& compiled, const re2::RE2::Set& set,
                 int runs, double records, bool fast_path) {
  // The same decoder reading only the alternative's three fields: decoder against decoder.
  FieldMap three = FieldMap::Native();
  for (size_t field = 0; field < kInputFieldCount; ++field) {
    const auto input = static_cast<InputField>(field);
    if (input != InputField::kPrincipal && input != InputField::kStatement &&
        input != InputField::kRows) {
      three.pointers[field].clear();
    }
  }
  auto every_field =
      std::move(*JsonFieldDecoder::Create(FieldMap::Native(), {.fast_path = fast_path}));
  auto three_fields = std::move(*JsonFieldDecoder::Create(three, {.fast_path = fast_path}));
  std::vector<std::string> statements;
  SourceRef source;
  uint64_t sink = 0;
  const auto decode = [&](JsonFieldDecoder& decoder, const EventCallback& on_event) {
    ForEachLine(corpus, [&](std::string_view line) {
      ++source.offset;
      (void)decoder.Decode({line, kRecordPadding}, source, on_event);
    });
  };
  const EventCallback add_size = [&](const QueryEvent& event) { sink += event.statement.size(); };
  decode(*every_field, [&](const QueryEvent& event) { statements.emplace_back(event.statement); });
  const double leakhound_decode =
      BestNanosPerRecord(runs, records, [&] { decode(*every_field, add_size); });
  const double leakhound_decode_three =
      BestNanosPerRecord(runs, records, [&] { decode(*three_fields, add_size); });
  const double simdjson_decode =
      BestNanosPerRecord(runs, records, [&] { RunRe2(corpus, nullptr, sink); });
  auto scanner = std::move(*PatternScanner::Create(compiled.patterns));
  MatchSet matches(compiled.rules->patterns.size());
  const double hyperscan = BestNanosPerRecord(runs, records, [&] {
    for (const std::string& statement : statements) {
      (void)scanner->Scan(statement, matches, PatternStage::kFirst);
      sink += matches.ids().size();
    }
  });
  std::vector<int> hits;
  const double re2 = BestNanosPerRecord(runs, records, [&] {
    for (const std::string& statement : statements) {
      hits.clear();
      if (set.Match(statement, &hits)) sink += hits.size();
    }
  });
  std::printf("\nstages, ns/record (best of %d)       leakhound   simdjson+RE2::Set\n", runs);
  std::printf("  decode                              %9.1f   %9.1f\n", leakhound_decode,
              simdjson_decode);
  std::printf("  decode the same three fields        %9.1f   %9.1f\n", leakhound_decode_three,
              simdjson_decode);
  std::printf("  match the statement                 %9.1f   %9.1f\n", hyperscan, re2);
  std::printf("  (checksum %llu)\n", static_cast<unsigned long long>(sink % 1000));
}

int Main(const Options& options) {
  std::printf("generating %llu records...\n", static_cast<unsigned long long>(options.records));
  Corpus corpus = GenerateCorpus(options.records, 2019, options.unique_statements);
  if (!options.write_corpus.empty()) {
    std::ofstream(options.write_corpus) << corpus.ndjson;
    std::printf("wrote %s\n", options.write_corpus.c_str());
  }
  const double megabytes = static_cast<double>(corpus.ndjson.size()) / 1e6;
  // Readable bytes after the last line, as simdjson wants; ForEachLine stops at the '\n'
  // before them (the padding is blank, so it yields at most an empty last line).
  const std::string padded = corpus.ndjson + std::string(kRecordPadding, '\n');
  std::printf("corpus: %llu records, %.1f MB (%.0f bytes/record)\n",
              static_cast<unsigned long long>(corpus.records), megabytes,
              megabytes * 1e6 / static_cast<double>(corpus.records));

  Result<RulePackSource> source = options.rules.empty() ? Result<RulePackSource>(EmbeddedRulePack())
                                                        : ReadRulePack(options.rules);
  if (!source.ok()) {
    std::fprintf(stderr, "%s\n", source.status().ToString().c_str());
    return 2;
  }
  CompileOutcome compiled = LoadAndCompile(*source, TimePoint{});
  if (!compiled.compiled) {
    std::fprintf(stderr, "%s\n", compiled.diagnostics.ToString().c_str());
    return 2;
  }
  const RuleSet& rules = *compiled.compiled->rules;

  re2::RE2::Options re2_options;
  re2_options.set_log_errors(false);
  re2::RE2::Set set(re2_options, re2::RE2::UNANCHORED);
  for (const Pattern& pattern : rules.patterns) {
    std::string error;
    const std::string expression = (pattern.case_sensitive ? "" : "(?i)") + pattern.expression;
    if (set.Add(expression, &error) < 0) {
      std::fprintf(stderr, "RE2 refuses %s: %s\n", pattern.expression.c_str(), error.c_str());
      return 2;
    }
  }
  if (!set.Compile()) return 2;
  std::printf("pack: %zu rules, %zu patterns\n", rules.rules.size(), rules.patterns.size());

  // Check the answers before timing anything.
  if (options.only.empty()) {
    EncodingSink sink;
    RunLeakhound(padded, compiled.compiled, sink, !options.simdjson_only,
                 options.sql_cache_entries);
    const uint64_t copies = sink.per_rule_["LH-0005"];
    std::printf(
        "check: LH-0005 fired %llu times for %llu planted COPY ... TO records; %llu "
        "detections on benign records\n",
        static_cast<unsigned long long>(copies),
        static_cast<unsigned long long>(corpus.attack_records),
        static_cast<unsigned long long>(sink.unexpected_));
    if (copies != corpus.attack_records || sink.unexpected_ != 0) {
      std::fprintf(stderr, "FAILED: wrong detections\n");
      return 1;
    }
    // Hyperscan and RE2::Set must find the same patterns in the same (normalized) text.
    SqlAnalyzer analyzer;
    auto scanner = std::move(*PatternScanner::Create(compiled.compiled->patterns));
    MatchSet matches(rules.patterns.size());
    simdjson::ondemand::parser parser;
    uint64_t compared = 0;
    bool agree = true;
    ForEachLine(padded, [&](std::string_view line) {
      if (compared >= 20000 || !agree) return;
      simdjson::ondemand::document document;
      std::string_view statement;
      if (parser.iterate(line.data(), line.size(), line.size() + 64).get(document) ||
          document["statement"].get_string().get(statement)) {
        return;
      }
      const std::string normalized(analyzer.Analyze(statement).normalized);
      (void)scanner->Scan(normalized, matches);
      std::vector<int> hs(matches.ids().begin(), matches.ids().end());
      std::vector<int> re;
      set.Match(normalized, &re);
      std::sort(hs.begin(), hs.end());
      std::sort(re.begin(), re.end());
      agree = hs == re;
      ++compared;
    });
    std::printf("check: Hyperscan and RE2::Set %s on %llu statements\n",
                agree ? "agree" : "DISAGREE", static_cast<unsigned long long>(compared));
    if (!agree) return 1;
  }

  double best_leakhound = 1e100, best_re2 = 1e100;
  for (int run = 0; run < options.runs; ++run) {
    if (options.only.empty() || options.only == "leakhound") {
      EncodingSink sink;
      const auto start = std::chrono::steady_clock::now();
      const uint64_t events = RunLeakhound(padded, compiled.compiled, sink, !options.simdjson_only,
                                           options.sql_cache_entries);
      const double seconds = Seconds(std::chrono::steady_clock::now() - start);
      best_leakhound = std::min(best_leakhound, seconds);
      std::printf("run %d leakhound: %.3f s, %llu events\n", run + 1, seconds,
                  static_cast<unsigned long long>(events));
    }
    if (options.only.empty() || options.only == "re2") {
      uint64_t matched = 0;
      const auto start = std::chrono::steady_clock::now();
      const uint64_t events = RunRe2(padded, &set, matched);
      const double seconds = Seconds(std::chrono::steady_clock::now() - start);
      best_re2 = std::min(best_re2, seconds);
      std::printf("run %d simdjson+RE2::Set: %.3f s, %llu events, %llu pattern hits\n", run + 1,
                  seconds, static_cast<unsigned long long>(events),
                  static_cast<unsigned long long>(matched));
    }
  }
  const double records = static_cast<double>(corpus.records);
  std::printf("\n%-34s %14s %10s\n", "single thread, best of runs", "records/s", "MB/s");
  if (best_leakhound < 1e100) {
    std::printf("%-34s %14.0f %10.0f\n", "leakhound scan pipeline", records / best_leakhound,
                megabytes / best_leakhound);
  }
  if (best_re2 < 1e100) {
    std::printf("%-34s %14.0f %10.0f\n", "simdjson + RE2::Set (raw statement)", records / best_re2,
                megabytes / best_re2);
  }
  if (best_leakhound < 1e100 && best_re2 < 1e100) {
    std::printf("ratio leakhound / RE2::Set: %.2fx\n", best_re2 / best_leakhound);
  }
  if (best_leakhound < 1e100) {
    std::printf("%-34s %14.1f\n", "leakhound ns/record", best_leakhound * 1e9 / records);
  }
  if (best_re2 < 1e100) {
    std::printf("%-34s %14.1f\n", "simdjson + RE2::Set ns/record", best_re2 * 1e9 / records);
  }
  if (options.stages) {
    PrintStages(padded, *compiled.compiled, set, std::max(options.runs, 1), records,
                !options.simdjson_only);
  }
  return 0;
}

}  // namespace
}  // namespace leakhound::bench

int main(int argc, char** argv) {
  leakhound::bench::Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (arg == "--records") {
      options.records = std::stoull(next());
    } else if (arg == "--runs") {
      options.runs = std::stoi(next());
    } else if (arg == "--rules") {
      options.rules = next();
    } else if (arg == "--only") {
      options.only = next();
    } else if (arg == "--write-corpus") {
      options.write_corpus = next();
    } else if (arg == "--simdjson-only") {
      options.simdjson_only = true;
    } else if (arg == "--sql-cache-entries") {
      options.sql_cache_entries = std::stoull(next());
    } else if (arg == "--unique-statements") {
      options.unique_statements = true;
    } else if (arg == "--stages") {
      options.stages = true;
    } else {
      std::fprintf(stderr,
                   "usage: leakhound_bench [--records N] [--runs R] [--rules DIR] "
                   "[--only leakhound|re2] [--write-corpus FILE] [--simdjson-only] "
                   "[--sql-cache-entries N] [--unique-statements] [--stages]\n");
      return 2;
    }
  }
  return leakhound::bench::Main(options);
}
