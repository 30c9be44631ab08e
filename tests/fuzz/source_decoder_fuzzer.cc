// libFuzzer target for a source's decoder (one binary per decoder: LEAKHOUND_FUZZ_DECODER
// names it as a profile does, LEAKHOUND_FUZZ_ENVELOPE the shipper around it, if any). The
// decoder never crashes, hangs or reads out of bounds, whatever the bytes, also with state
// carried from earlier records (connections); every view of every event it yields is
// readable, and an accepted record reports as many events as it passed on.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "codec/make_decoder.h"

namespace {

void Touch(std::string_view text) {
  volatile char sink = 0;
  for (char c : text) sink = static_cast<char>(sink ^ c);  // ASan checks every read
  (void)sink;
}

std::unique_ptr<leakhound::Decoder> MakeFuzzedDecoder() {
  leakhound::FieldMap map = *leakhound::FieldMapForDecoder(LEAKHOUND_FUZZ_DECODER);
  if (std::string_view(LEAKHOUND_FUZZ_ENVELOPE) != "") {
    map.envelope_pointers = *leakhound::EnvelopePointers(LEAKHOUND_FUZZ_ENVELOPE);
  }
  map.log_line_prefix = "%m [%p] %q%u@%d %h [%a] ";
  return std::move(*leakhound::MakeDecoder(map, {.max_record_bytes = 1 << 16}));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static auto decoder = MakeFuzzedDecoder();
  const std::string record(reinterpret_cast<const char*>(data), size);
  size_t events = 0;
  const leakhound::DecodeResult result =
      decoder->Decode({record, 0}, leakhound::SourceRef{}, [&](const leakhound::QueryEvent& e) {
        ++events;
        for (std::string_view text : {e.principal, e.client, e.application, e.database, e.statement,
                                      e.session_id, e.status}) {
          Touch(text);
        }
      });
  if (result.ok() && result.events != events) std::abort();
  return 0;
}
