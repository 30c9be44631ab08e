// AutoDecoder (`decoder: auto`): tells each record's source by its shape and hands it to
// that source's decoder, for a topic that carries several (or an operator who does not
// know which one a shipper sends).
//
//   JSON with databaseActivityEventList          aws-das
//   JSON with audit_record, or class + connection_id   mysql-audit
//   JSON with atype, or t + msg                   mongodb
//   JSON with protoPayload                        gcp-audit
//   JSON with error_severity + message            pg-jsonlog
//   other JSON with a "message" or "log" string   a shipper's envelope: the line inside is
//                                                 told apart the same way
//   other JSON                                    native (time, principal, statement, ...)
//   "yyyymmdd hh:mm:ss," or "TIME," lines         mariadb-audit
//   "yyyy-mm-dd hh:mm:ss[.fff] ZONE," lines       pg-csvlog
//   lines with a PostgreSQL severity ("LOG:  ")   pg-stderr, with the profile's
//                                                 log_line_prefix, then common ones
//   anything else                                 rejected: no format recognised
//
// The statement format of the PostgreSQL decoders is the profile's when it names one,
// else pgaudit. In files, auto reads one record a line: a csvlog or stderr record that
// spans lines needs its own decoder (from Kafka each message is a whole record).
//
// Thread-safety: holds the decoders it made; one per thread.
#pragma once

#include <memory>

#include "codec/decoder.h"
#include "codec/field_map.h"
#include "codec/json_field_decoder.h"

namespace leakhound {

class AutoDecoder final : public Decoder {
 public:
  AutoDecoder(const FieldMap& profile, JsonFieldDecoder::Options options);
  ~AutoDecoder() override;

  DecodeResult Decode(RecordView record, const SourceRef& source,
                      const EventCallback& on_event) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace leakhound
