#include "interceptor/interceptor_settings.h"

#include <charconv>

#include "codec/make_decoder.h"
#include "core/spelling.h"
#include "core/time.h"
#include "rules/decoder_profile.h"
#include "rules/pack_source.h"

namespace leakhound {
namespace {

constexpr std::string_view kPrefix = "leakhound.";
constexpr std::string_view kProducerPrefix = "leakhound.producer.";
constexpr std::string_view kNames[] = {
    "leakhound.rules",           "leakhound.profile",
    "leakhound.output.topic",    "leakhound.output.bootstrap.servers",
    "leakhound.output.format",   "leakhound.queue.size",
    "leakhound.drain.timeout.ms"};

bool ParseCount(std::string_view text, size_t min, size_t max, size_t& out) {
  size_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return false;
  }
  out = value;
  return true;
}

// The pack's errors, at most a screenful: librdkafka's error buffers are a few hundred bytes.
std::string PackErrors(const Diagnostics& diagnostics) {
  std::string text = diagnostics.ToString();
  constexpr size_t kMax = 400;
  if (text.size() > kMax) text = text.substr(0, kMax) + "...";
  return text;
}

Result<std::shared_ptr<const CompiledRules>> Compile(const RulePackSource& source,
                                                     const std::string& what) {
  CompileOutcome compiled = LoadAndCompile(
      source, std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now()));
  if (!compiled.compiled) {
    return InvalidArgument(what + " has errors (leakhound rules lint shows them all): " +
                           PackErrors(compiled.diagnostics));
  }
  return std::shared_ptr<const CompiledRules>(std::move(compiled.compiled));
}

}  // namespace

Result<std::shared_ptr<const CompiledRules>> InterceptorSettings::Rules() {
  if (!compiled_rules) {
    Result<std::shared_ptr<const CompiledRules>> built =
        Compile(EmbeddedRulePack(), "the built-in pack");
    if (!built.ok()) return built.status();
    compiled_rules = *built;
  }
  return compiled_rules;
}

bool InterceptorSettings::Claims(std::string_view name) {
  return name.substr(0, kPrefix.size()) == kPrefix;
}

Status InterceptorSettings::Set(std::string_view name, std::string_view value) {
  const std::string quoted = "'" + std::string(name) + "'";
  if (name.substr(0, kProducerPrefix.size()) == kProducerPrefix) {
    const std::string_view property = name.substr(kProducerPrefix.size());
    if (property.empty()) return InvalidArgument(quoted + " names no producer property");
    producer.Set(std::string(property), std::string(value));
    return Status::Ok();
  }
  if (name == "leakhound.rules") {
    Result<RulePackSource> source = ReadRulePack(std::string(value));
    if (!source.ok()) return InvalidArgument(quoted + ": " + source.status().message());
    Result<std::shared_ptr<const CompiledRules>> built = Compile(*source, std::string(value));
    if (!built.ok()) return built.status();
    rules = std::string(value);
    compiled_rules = *built;
  } else if (name == "leakhound.profile") {
    if (value.empty()) return InvalidArgument(quoted + " is empty: give a decoder or a file");
    Diagnostics diagnostics;
    FieldMap map;
    ResolveDecoderProfile(std::string(value), map, diagnostics);
    if (diagnostics.has_errors()) return InvalidArgument(quoted + ": " + PackErrors(diagnostics));
    Result<std::unique_ptr<Decoder>> decoder = MakeDecoder(map);
    if (!decoder.ok()) return InvalidArgument(quoted + ": " + decoder.status().message());
    profile = std::string(value);
    field_map = std::move(map);
  } else if (name == "leakhound.output.topic") {
    if (value.empty()) return InvalidArgument(quoted + " is empty");
    output_topic = std::string(value);
  } else if (name == "leakhound.output.bootstrap.servers") {
    output_bootstrap = std::string(value);
  } else if (name == "leakhound.output.format") {
    const std::optional<DetectionFormat> format = FindDetectionFormat(value);
    if (!format) {
      return InvalidArgument(quoted + " must be one of " + DetectionFormatList() + ", not '" +
                             std::string(value) + "'");
    }
    output_format = *format;
  } else if (name == "leakhound.queue.size") {
    if (!ParseCount(value, 1, 10'000'000, queue_size)) {
      return InvalidArgument(quoted + " must be a whole number from 1 to 10000000, not '" +
                             std::string(value) + "'");
    }
  } else if (name == "leakhound.drain.timeout.ms") {
    size_t millis = 0;
    if (!ParseCount(value, 0, 3'600'000, millis)) {
      return InvalidArgument(quoted +
                             " must be a whole number of milliseconds up to 3600000, not '" +
                             std::string(value) + "'");
    }
    drain_timeout = std::chrono::milliseconds(millis);
  } else {
    const std::string suggestion(ClosestMatch(name, kNames));
    return InvalidArgument("unknown property " + quoted +
                           (suggestion.empty() ? "" : " (did you mean '" + suggestion + "'?)") +
                           "; leakhound's are leakhound.rules, .profile, .output.topic, "
                           ".output.bootstrap.servers, .output.format, .queue.size, "
                           ".drain.timeout.ms and .producer.<librdkafka property>");
  }
  return Status::Ok();
}

}  // namespace leakhound
