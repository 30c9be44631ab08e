// Helpers for the decoder tests: decode a record or a whole sample file of the real
// corpus (tests/corpus/real) through MakeDecoder, and keep copies of the events.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "codec/decoder.h"
#include "codec/field_map.h"

namespace leakhound::testing {

// A QueryEvent's fields, copied.
struct DecodedEvent {
  std::string time;  // RFC 3339, empty when the event has no time
  std::string principal, client, application, database, statement, session_id, status;
  std::optional<int64_t> rows;
  std::optional<int64_t> duration_us;
  int64_t line = 0;  // the record's first line in the file
};

struct DecodedRecord {
  DecodeResult result;
  std::vector<DecodedEvent> events;
  int64_t line = 0;
  std::string text;
};

// The decoder for a profile name ("pg-stderr", "mariadb-audit+filebeat").
std::unique_ptr<Decoder> DecoderFor(const std::string& profile);
std::unique_ptr<Decoder> DecoderFor(const FieldMap& map);

DecodedRecord DecodeRecord(Decoder& decoder, const std::string& record, int64_t line = 0);

// Every record of tests/corpus/real/<file>, framed as `map` says, but its first line (the
// sample's provenance) and the lines that start with `notes` (the samples' notes; "#### "
// for a format whose own lines start with '#').
struct DecodedFile {
  std::vector<DecodedRecord> records;
  std::vector<DecodedEvent> events;  // of all records, in order
  size_t skipped = 0;
  std::vector<DecodedRecord> rejected;
};
DecodedFile DecodeCorpusFile(const std::string& file, const FieldMap& map,
                             const std::string& notes = "#");
DecodedFile DecodeCorpusFile(const std::string& file, const std::string& profile,
                             const std::string& notes = "#");

}  // namespace leakhound::testing
