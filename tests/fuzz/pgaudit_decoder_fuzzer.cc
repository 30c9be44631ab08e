// libFuzzer target: the pg-jsonlog decoder (the JSON decoder with the pgaudit message
// parser around it) never crashes or reads out of bounds, whatever the bytes; a record it
// accepts yields at most one event, whose statement lies inside the record's bytes or the
// parser's buffer and is no longer than the record.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "codec/make_decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static auto decoder = std::move(*leakhound::MakeDecoder(leakhound::FieldMap::PostgresJsonlog()));
  const std::string record(reinterpret_cast<const char*>(data), size);
  size_t events = 0;
  const leakhound::DecodeResult result =
      decoder->Decode({record, 0}, leakhound::SourceRef{}, [&](const leakhound::QueryEvent& event) {
        ++events;
        if (event.statement.size() > record.size()) std::abort();
        volatile char sink = 0;
        for (char c : event.statement) sink = static_cast<char>(sink ^ c);  // ASan checks reads
        (void)sink;
      });
  if (events > 1 || (result.ok() && result.events != events)) std::abort();
  return 0;
}
