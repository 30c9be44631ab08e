// libFuzzer target: the AWS Database Activity Streams decoder never crashes or reads out of
// bounds, whatever the bytes, and reports as many events as it hands over.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "codec/make_decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static auto decoder = [] {
    leakhound::FieldMap map;
    map.record_format = leakhound::RecordFormat::kAwsDas;
    return std::move(*leakhound::MakeDecoder(map));
  }();
  const std::string record(reinterpret_cast<const char*>(data), size);
  size_t events = 0;
  const leakhound::DecodeResult result =
      decoder->Decode({record, 0}, leakhound::SourceRef{}, [&](const leakhound::QueryEvent& event) {
        ++events;
        volatile char sink = 0;
        for (char c : event.statement) sink = static_cast<char>(sink ^ c);  // ASan checks reads
        for (char c : event.principal) sink = static_cast<char>(sink ^ c);
        (void)sink;
      });
  if (result.events != events) std::abort();
  return 0;
}
