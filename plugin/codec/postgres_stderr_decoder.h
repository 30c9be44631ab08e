// PostgresStderrDecoder: PostgreSQL's stderr log (log_destination = stderr, also what
// syslog and most shippers carry), one record per message:
//
//   <log_line_prefix>LOG:  AUDIT: SESSION,1,1,READ,SELECT,,,"select *
//   	from passengers",<not logged>
//
// The prefix is read with the server's log_line_prefix (core/log_line_prefix.h); a
// message that spans lines continues on lines that PostgreSQL starts with a tab, which
// are joined back. Each record becomes one event whose statement is the message: the
// pgaudit reader around it (MakeDecoder) keeps the AUDIT entries and skips the rest.
// Principal, database, client, application and session come from the prefix when it
// holds them (%u %d %r/%h %a %c, else %p as the session).
//
// Thread-safety: holds a buffer; one per thread.
#pragma once

#include "codec/decoder.h"
#include "core/log_line_prefix.h"
#include "core/time.h"

namespace leakhound {

class PostgresStderrDecoder final : public Decoder {
 public:
  struct Options {
    size_t max_record_bytes = 1 << 20;
  };
  PostgresStderrDecoder(LogLinePrefix prefix, Options options)
      : prefix_(std::move(prefix)), options_(options) {}

  DecodeResult Decode(RecordView record, const SourceRef& source,
                      const EventCallback& on_event) override;

 private:
  LogLinePrefix prefix_;
  Options options_;
  TimestampParser times_;
  std::string message_;
};

}  // namespace leakhound
