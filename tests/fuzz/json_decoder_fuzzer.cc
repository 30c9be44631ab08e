// libFuzzer target: the generic JSON decoder with the native field map and with a nested
// map. Any record is decoded or rejected with a reason, never a crash; and the decoder
// with its fast path (FlatJsonWalker) gives exactly what simdjson On-Demand alone gives:
// the same verdict, the same reason and message, the same events field by field.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "codec/json_field_decoder.h"

namespace {

using leakhound::InputField;

leakhound::FieldMap NestedMap() {
  leakhound::FieldMap map;
  map.PointersFor(InputField::kTime) = {"/ts/$date", "/timestamp"};
  map.PointersFor(InputField::kPrincipal) = {"/users/0/user", "/user"};
  map.PointersFor(InputField::kStatement) = {"/param/command", "/query"};
  map.PointersFor(InputField::kRows) = {"/stats/rows"};
  map.PointersFor(InputField::kDuration) = {"/stats/ms"};
  map.PointersFor(InputField::kClient) = {"/a_key_longer_than_sixteen_bytes"};
  map.statement_required = false;
  return map;
}

// An event flattened to text, so that two decodes compare with ==.
std::string Flatten(const leakhound::QueryEvent& event) {
  std::string out;
  const auto add = [&](std::string_view text) {
    out += std::to_string(text.size());
    out += ':';
    out += text;
  };
  out += event.time ? std::to_string(event.time->time_since_epoch().count()) : "-";
  add(event.principal);
  add(event.client);
  add(event.application);
  add(event.database);
  add(event.statement);
  add(event.session_id);
  add(event.status);
  out += event.rows ? std::to_string(*event.rows) : "-";
  out += event.duration ? std::to_string(event.duration->count()) : "-";
  out += std::to_string(event.source.index);
  return out;
}

struct Outcome {
  leakhound::DecodeResult result;
  std::vector<std::string> events;
};

Outcome Run(leakhound::Decoder& decoder, std::string_view record) {
  leakhound::SourceRef source;
  source.origin = "fuzz";
  Outcome outcome;
  // Only the copying path: in place (padding promised) would read past libFuzzer's buffer.
  outcome.result = decoder.Decode({record, 0}, source, [&](const leakhound::QueryEvent& event) {
    outcome.events.push_back(Flatten(event));
  });
  if (!outcome.result.ok() && outcome.result.detail.empty()) std::abort();  // always says why
  return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using leakhound::JsonFieldDecoder;
  static auto native = std::move(*JsonFieldDecoder::Create(
      leakhound::FieldMap::Native(), {.max_record_bytes = 1 << 16, .fast_path = true}));
  static auto native_simdjson = std::move(*JsonFieldDecoder::Create(
      leakhound::FieldMap::Native(), {.max_record_bytes = 1 << 16, .fast_path = false}));
  static auto nested = std::move(*JsonFieldDecoder::Create(NestedMap(), {.fast_path = true}));
  static auto nested_simdjson =
      std::move(*JsonFieldDecoder::Create(NestedMap(), {.fast_path = false}));
  const std::string_view record(reinterpret_cast<const char*>(data), size);
  const std::pair<JsonFieldDecoder*, JsonFieldDecoder*> pairs[] = {
      {native.get(), native_simdjson.get()}, {nested.get(), nested_simdjson.get()}};
  for (const auto& [fast, reference] : pairs) {
    const Outcome got = Run(*fast, record);
    const Outcome want = Run(*reference, record);
    if (got.result.reason != want.result.reason || got.result.detail != want.result.detail ||
        got.result.events != want.result.events || got.events != want.events) {
      std::abort();  // the fast path disagrees with simdjson
    }
  }
  return 0;
}
