#include "codec/make_decoder.h"

#include "codec/aws_das_decoder.h"
#include "codec/pgaudit_statement_decoder.h"

namespace leakhound {

Result<std::unique_ptr<Decoder>> MakeDecoder(const FieldMap& map,
                                             JsonFieldDecoder::Options options) {
  if (map.record_format == RecordFormat::kAwsDas) {
    return std::unique_ptr<Decoder>(
        std::make_unique<AwsDasDecoder>(AwsDasDecoder::Options{options.max_record_bytes}));
  }
  Result<std::unique_ptr<JsonFieldDecoder>> json = JsonFieldDecoder::Create(map, options);
  if (!json.ok()) return json.status();
  std::unique_ptr<Decoder> decoder = std::move(*json);
  if (map.statement_format == StatementFormat::kPgaudit) {
    decoder = std::make_unique<PgauditStatementDecoder>(std::move(decoder),
                                                        PgauditStatementDecoder::Options{});
  }
  return decoder;
}

}  // namespace leakhound
