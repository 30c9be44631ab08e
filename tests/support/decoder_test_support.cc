#include "support/decoder_test_support.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "rules/decoder_profile.h"
#include "codec/line_reader.h"
#include "codec/make_decoder.h"
#include "support/test_support.h"

namespace leakhound::testing {

FieldMap MapFor(const std::string& profile) {
  FieldMap map;
  Diagnostics diagnostics;
  ResolveDecoderProfile(profile, map, diagnostics);
  EXPECT_FALSE(diagnostics.has_errors()) << profile;
  return map;
}

std::unique_ptr<Decoder> DecoderFor(const FieldMap& map) {
  Result<std::unique_ptr<Decoder>> decoder = MakeDecoder(map);
  EXPECT_TRUE(decoder.ok()) << decoder.status().message();
  return decoder.ok() ? std::move(*decoder) : nullptr;
}

std::unique_ptr<Decoder> DecoderFor(const std::string& profile) {
  return DecoderFor(MapFor(profile));
}

DecodedRecord DecodeRecord(Decoder& decoder, const std::string& record, int64_t line) {
  DecodedRecord decoded;
  decoded.line = line;
  decoded.text = record;
  decoded.result = decoder.Decode({record, 0}, SourceRef{}, [&](const QueryEvent& e) {
    decoded.events.push_back(
        {e.time ? FormatTimestamp(*e.time) : "", std::string(e.principal), std::string(e.client),
         std::string(e.application), std::string(e.database), std::string(e.statement),
         std::string(e.session_id), std::string(e.status), e.rows,
         e.duration ? std::optional<int64_t>(e.duration->count()) : std::nullopt, line});
  });
  return decoded;
}

DecodedFile DecodeCorpusFile(const std::string& file, const FieldMap& map,
                             const std::string& notes) {
  DecodedFile decoded;
  std::unique_ptr<Decoder> decoder = DecoderFor(map);
  // The provenance and note lines blanked (they may hold braces or quotes that would
  // confuse the framing), so that line numbers stay those of the sample.
  std::string content;
  bool provenance = true;
  for (const std::string& text : SplitLines(ReadFile(SourcePath("tests/corpus/real/" + file)))) {
    content += (provenance || text.starts_with(notes) ? "" : text) + "\n";
    provenance = false;
  }
  const TempFile blanked(content);
  const int fd = ::open(blanked.path().c_str(), O_RDONLY | O_CLOEXEC);
  EXPECT_GE(fd, 0) << file;
  if (fd < 0 || decoder == nullptr) return decoded;
  LineReader reader(fd, {.framing = map.framing()});
  Line line;
  for (;;) {
    Result<bool> more = reader.Next(line);
    EXPECT_TRUE(more.ok());
    if (!more.ok() || !*more) break;
    if (line.text.find_first_not_of(" \t\r\n") == std::string_view::npos) continue;
    DecodedRecord record = DecodeRecord(*decoder, std::string(line.text), line.number);
    decoded.skipped += record.result.skipped;
    decoded.events.insert(decoded.events.end(), record.events.begin(), record.events.end());
    if (!record.result.ok()) decoded.rejected.push_back(record);
    decoded.records.push_back(std::move(record));
  }
  ::close(fd);
  return decoded;
}

DecodedFile DecodeCorpusFile(const std::string& file, const std::string& profile,
                             const std::string& notes) {
  return DecodeCorpusFile(file, MapFor(profile), notes);
}

}  // namespace leakhound::testing
