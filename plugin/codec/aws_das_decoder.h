// AwsDasDecoder: decrypted records of AWS Database Activity Streams (Aurora PostgreSQL,
// Aurora MySQL, RDS for SQL Server / Oracle), as a consumer of the stream writes them after
// decrypting each record with the stream's KMS key:
//
//   {"type": "DatabaseActivityMonitoringRecord", "databaseActivityEventList": [{...}, ...]}
//
// or that record inside the envelope the stream sends ({"type":
// "DatabaseActivityMonitoringRecords", "databaseActivityEvents": <the record, or the record
// as a JSON string>}). One message holds many events; each element becomes an event:
// dbUserName, remoteHost, clientApplication, databaseName, commandText, sessionId,
// exitCode as status, rowCount as rows, startTime (else logTime) as its time, endTime minus
// startTime as its duration. Heartbeats, CONNECT / DISCONNECT, elements without a
// statement and Aurora MySQL's per-table elements (commandText = objectName) are skipped
// (counted, not errors). A databaseActivityEvents that is still
// encrypted is rejected with what to do.
//
// Thread-safety: holds a parser; one per thread.
#pragma once

#include <memory>

#include "codec/decoder.h"

namespace leakhound {

class AwsDasDecoder final : public Decoder {
 public:
  struct Options {
    size_t max_record_bytes = 1 << 20;
  };
  explicit AwsDasDecoder(Options options);
  ~AwsDasDecoder() override;

  DecodeResult Decode(RecordView record, const SourceRef& source,
                      const EventCallback& on_event) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace leakhound
