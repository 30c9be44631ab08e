// Helpers shared by the engine tests: compiling rule packs from YAML strings, and events
// that own their strings.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "engine/compiled_rules.h"
#include "engine/engine.h"

namespace leakhound::engine_test {

using namespace std::chrono_literals;

// 2026-02-02T10:00:00Z, a Monday.
inline const TimePoint kT0 = TimePoint(std::chrono::seconds(1770026400));
// The wall clock of the tests: detection times, and the time of events that carry none.
inline const TimePoint kClockNow = kT0 + 24h;
// What "now" is when loading: decides which exceptions are reported as expired.
inline const TimePoint kLoadTime = kT0;

inline constexpr std::string_view kCatalog =
    "categories: {name: 2, email: 3, passport: 10}\n"
    "tables:\n"
    "  - table: passengers\n"
    "    columns: {full_name: name, email: email, passport_no: passport}\n"
    "  - table: customers\n"
    "    columns: {email: email}\n"
    "  - table: bookings\n"
    "    columns: {contact_email: email}\n";

inline RulePackSource Pack(const std::string& rules_yaml) {
  RulePackSource source;
  source.origin = "test-pack";
  source.catalog = PackFile{"catalog.yaml", std::string(kCatalog)};
  source.lists.push_back({"lists/service_accounts.txt", "svc_*\netl\n"});
  source.rules.push_back({"rules.yaml", rules_yaml});
  return source;
}

// Compiles `rules_yaml` (one or more documents); fails the test on any error.
inline std::shared_ptr<const CompiledRules> Compile(const std::string& rules_yaml) {
  CompileOutcome outcome = LoadAndCompile(Pack(rules_yaml), kLoadTime);
  EXPECT_FALSE(outcome.diagnostics.has_errors()) << outcome.diagnostics.ToString();
  EXPECT_NE(outcome.compiled, nullptr);
  return outcome.compiled;
}

// A rule document; `body` holds match/threshold/exceptions. Tests are omitted, which the
// loader only warns about.
inline std::string RuleYaml(std::string_view id, std::string_view body) {
  return "id: " + std::string(id) + "\ntitle: Rule " + std::string(id) + "\nseverity: high\n" +
         std::string(body);
}

// An event that owns its strings; View() lends them to a QueryEvent.
struct Event {
  Event() = default;
  Event(std::optional<TimePoint> time_in, std::string principal_in, std::string statement_in,
        std::optional<int64_t> rows_in = std::nullopt, std::string client_in = "",
        std::string origin_in = "events.ndjson", int64_t offset_in = 0)
      : time(time_in),
        principal(std::move(principal_in)),
        statement(std::move(statement_in)),
        rows(rows_in),
        client(std::move(client_in)),
        origin(std::move(origin_in)),
        offset(offset_in) {}

  std::optional<TimePoint> time;
  std::string principal;
  std::string statement;
  std::optional<int64_t> rows;
  std::string client;
  std::string origin = "events.ndjson";
  int64_t offset = 0;  // line; set by Run() when 0
  int32_t partition = -1;
  uint32_t index = 0;

  QueryEvent View() const {
    QueryEvent event;
    event.time = time;
    event.principal = principal;
    event.statement = statement;
    event.rows = rows;
    event.client = client;
    event.source.origin = origin;
    event.source.partition = partition;
    event.source.offset = offset;
    event.source.index = index;
    return event;
  }
};

// An engine over compiled rules with a fixed clock and a collecting sink.
class Harness {
 public:
  explicit Harness(std::shared_ptr<const CompiledRules> compiled, EngineOptions options = {})
      : clock_(kClockNow) {
    if (compiled == nullptr) return;
    Result<std::unique_ptr<Engine>> engine = Engine::Create(std::move(compiled), clock_, options);
    EXPECT_TRUE(engine.ok()) << engine.status().ToString();
    if (engine.ok()) engine_ = std::move(*engine);
  }

  // Processes the events in order; events without an offset get their 1-based position.
  const std::vector<Detection>& Run(std::vector<Event> events) {
    for (Event& event : events) {
      if (event.offset == 0) event.offset = ++line_;
      if (engine_ != nullptr) {
        const Status status = engine_->Process(event.View(), sink_);
        EXPECT_TRUE(status.ok()) << status.ToString();
      }
    }
    return sink_.detections;
  }

  const std::vector<Detection>& detections() const { return sink_.detections; }
  Engine& engine() { return *engine_; }
  FixedClock& clock() { return clock_; }

 private:
  FixedClock clock_;
  std::unique_ptr<Engine> engine_;
  CollectingSink sink_;
  int64_t line_ = 0;
};

inline std::vector<std::string> RuleIds(const std::vector<Detection>& detections) {
  std::vector<std::string> ids;
  for (const Detection& detection : detections) ids.push_back(detection.rule->id);
  return ids;
}

}  // namespace leakhound::engine_test
