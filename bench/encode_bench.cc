// Encode throughput per detection format, on one thread: output must never be what slows
// the service down.
//
// The detections are real ones: the bundled insider scenario (deploy/demo/insider.ndjson)
// scanned with the shipped pack, 32 detections of 20 rules, single-event and threshold
// alike. They are encoded round robin, N in all, in each format (native, text, ocsf, ecs,
// cef, cef-syslog, splunk-hec); each format keeps its fastest of R interleaved rounds.
// Reported: detections/s, MB/s and bytes per detection, and the ratio to native, the
// format a user would otherwise convert downstream.
//
//   leakhound_encode_bench [--detections N] [--runs R] [--tokenize]
//
// --tokenize also measures detections that carry keyed tokens of their literals (the
// encoders see a few more strings; the HMAC is paid in the engine, once per detection).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "codec/detection_format.h"
#include "codec/json_field_decoder.h"
#include "engine/engine.h"
#include "rules/pack_source.h"

namespace leakhound::bench {
namespace {

class CollectingSink final : public DetectionSink {
 public:
  void Emit(Detection detection) override { detections.push_back(std::move(detection)); }
  std::vector<Detection> detections;
};

std::vector<Detection> ScenarioDetections(std::shared_ptr<const KeyedTokens> tokens) {
  CompileOutcome compiled = LoadAndCompile(EmbeddedRulePack(), TimePoint{});
  if (!compiled.compiled) {
    std::fprintf(stderr, "%s\n", compiled.diagnostics.ToString().c_str());
    std::exit(2);
  }
  FixedClock clock(*ParseTimestamp("2026-04-01T00:00:00Z"));
  EngineOptions options;
  options.tokens = std::move(tokens);
  auto engine = std::move(*Engine::Create(compiled.compiled, clock, options));
  auto decoder = std::move(*JsonFieldDecoder::Create(FieldMap::Native()));
  std::ifstream in(std::string(LEAKHOUND_SOURCE_DIR) + "/deploy/demo/insider.ndjson");
  CollectingSink sink;
  SourceRef source;
  source.origin = "insider.ndjson";
  std::string line;
  while (std::getline(in, line)) {
    ++source.offset;
    (void)decoder->Decode({line, 0}, source,
                          [&](const QueryEvent& event) { (void)engine->Process(event, sink); });
  }
  return std::move(sink.detections);
}

struct Timing {
  double seconds = 0;
  uint64_t bytes = 0;
};

[[gnu::noinline]] Timing EncodeAll(const DetectionEncoder& encoder,
                                   const std::vector<Detection>& detections, size_t count) {
  std::string out;
  Timing timing;
  const auto start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < count; ++i) {
    out.clear();
    encoder.Encode(detections[i % detections.size()], out);
    timing.bytes += out.size();
  }
  timing.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return timing;
}

int Main(int argc, char** argv) {
  size_t count = 200000;
  int runs = 5;
  bool tokenize = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--detections") == 0 && i + 1 < argc) {
      count = std::strtoull(argv[++i], nullptr, 10);
    } else if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
      runs = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--tokenize") == 0) {
      tokenize = true;
    } else {
      std::fprintf(stderr,
                   "usage: leakhound_encode_bench [--detections N] [--runs R] [--tokenize]\n");
      return 2;
    }
  }
  std::shared_ptr<const KeyedTokens> tokens;
  if (tokenize) {
    tokens = std::make_shared<KeyedTokens>(
        std::move(*KeyedTokens::Create({"literals", "principal"}, "bench-key-0123456789abcdef")));
  }
  const std::vector<Detection> detections = ScenarioDetections(tokens);
  if (detections.empty()) {
    std::fprintf(stderr, "no detections from the scenario\n");
    return 1;
  }
  EncoderOptions options;
  options.product_version = "bench";
  options.host = "bench-host";
  std::vector<Timing> best(DetectionFormatNames().size());
  for (int round = 0; round < runs; ++round) {
    for (size_t f = 0; f < best.size(); ++f) {
      const DetectionEncoder encoder(*FindDetectionFormat(DetectionFormatNames()[f]), options);
      const Timing timing = EncodeAll(encoder, detections, count);
      if (best[f].seconds == 0 || timing.seconds < best[f].seconds) best[f] = timing;
    }
  }
  std::printf("%zu detections (%zu distinct, from the insider scenario%s), fastest of %d rounds\n",
              count, detections.size(), tokenize ? ", with keyed tokens" : "", runs);
  std::printf("%-20s %14s %9s %11s %10s\n", "format", "detections/s", "MB/s", "bytes/det",
              "vs native");
  const auto total = static_cast<double>(count);
  const double native_rate = total / best[0].seconds;
  for (size_t f = 0; f < best.size(); ++f) {
    const double rate = total / best[f].seconds;
    const auto bytes = static_cast<double>(best[f].bytes);
    std::printf("%-20.*s %14.0f %9.1f %11.0f %9.2fx\n",
                static_cast<int>(DetectionFormatNames()[f].size()),
                DetectionFormatNames()[f].data(), rate, bytes / best[f].seconds / 1e6,
                bytes / total, rate / native_rate);
  }
  return 0;
}

}  // namespace
}  // namespace leakhound::bench

int main(int argc, char** argv) { return leakhound::bench::Main(argc, argv); }
