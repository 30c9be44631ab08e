// libFuzzer target: the generic JSON decoder with the native field map and with a nested
// map; any record is decoded or rejected with a reason, never a crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "codec/json_field_decoder.h"

namespace {

leakhound::FieldMap NestedMap() {
  using leakhound::InputField;
  leakhound::FieldMap map;
  map.PointersFor(InputField::kTime) = {"/ts/$date", "/timestamp"};
  map.PointersFor(InputField::kPrincipal) = {"/users/0/user", "/user"};
  map.PointersFor(InputField::kStatement) = {"/param/command", "/query"};
  map.PointersFor(InputField::kRows) = {"/stats/rows"};
  map.statement_required = false;
  return map;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static auto native = std::move(*leakhound::JsonFieldDecoder::Create(
      leakhound::FieldMap::Native(), {.max_record_bytes = 1 << 16}));
  static auto nested = std::move(*leakhound::JsonFieldDecoder::Create(NestedMap()));
  const std::string_view record(reinterpret_cast<const char*>(data), size);
  leakhound::SourceRef source;
  source.origin = "fuzz";
  size_t seen = 0;
  const leakhound::EventCallback count = [&](const leakhound::QueryEvent& event) {
    seen += event.statement.size() + event.principal.size();
  };
  for (leakhound::Decoder* decoder : {static_cast<leakhound::Decoder*>(native.get()),
                                      static_cast<leakhound::Decoder*>(nested.get())}) {
    // Both paths: in place (padding promised) is unsafe here, so only the copying path.
    const leakhound::DecodeResult result = decoder->Decode({record, 0}, source, count);
    if (!result.ok() && result.detail.empty()) std::abort();  // a rejection always says why
  }
  return static_cast<int>(seen & 0);
}
