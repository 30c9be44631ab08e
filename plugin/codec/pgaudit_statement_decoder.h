// PgauditStatementDecoder: wraps a decoder whose statement field holds PostgreSQL log
// messages, and keeps the events whose message is a pgaudit entry, with the statement and
// ROWS taken out of it (core/pgaudit.h).
//
// What it keeps and why:
//  - SESSION entries: one per statement (and per substatement of a function or DO block).
//  - OBJECT entries only with `objects: true` (for servers that audit by role alone): an
//    OBJECT entry is written once per table a statement touches, so with session logging on
//    as well it would count the statement again for each table.
//  - With `statements: true`, PostgreSQL's own statement messages too ("statement: ...",
//    "duration: 1.2 ms  statement: ...", "execute <name>: ..."), with their duration; with
//    `audit: false` only those.
//  - A message that is not a statement (a connection, a checkpoint, an error) and an entry whose
//    statement was logged with an earlier one (<previously logged>) are skipped: counted in
//    DecodeResult::skipped, not errors.
//  - A malformed AUDIT message rejects the record (wrong_type, with pgaudit's reason).
//
// Thread-safety: as the wrapped decoder; one per thread.
#pragma once

#include <memory>

#include "codec/decoder.h"
#include "core/pgaudit.h"

namespace leakhound {

class PgauditStatementDecoder final : public Decoder {
 public:
  struct Options {
    bool objects = false;     // keep OBJECT entries too
    bool audit = true;        // read pgaudit entries
    bool statements = false;  // read log_statement / log_min_duration_statement messages
  };
  PgauditStatementDecoder(std::unique_ptr<Decoder> inner, Options options)
      : inner_(std::move(inner)), options_(options) {}

  DecodeResult Decode(RecordView record, const SourceRef& source,
                      const EventCallback& on_event) override;

 private:
  std::unique_ptr<Decoder> inner_;
  Options options_;
  PgauditParser parser_;
  std::string error_;
};

}  // namespace leakhound
