#include "codec/pgaudit_statement_decoder.h"

namespace leakhound {

DecodeResult PgauditStatementDecoder::Decode(RecordView record, const SourceRef& source,
                                             const EventCallback& on_event) {
  size_t kept = 0;
  size_t skipped = 0;
  std::string malformed;
  DecodeResult result = inner_->Decode(record, source, [&](const QueryEvent& event) {
    if (options_.statements) {
      if (const std::optional<StatementMessage> message = ParseStatementMessage(event.statement)) {
        QueryEvent logged = event;
        logged.statement = message->statement;
        if (message->duration) logged.duration = message->duration;
        ++kept;
        on_event(logged);
        return;
      }
    }
    if (!options_.audit) {
      ++skipped;
      return;
    }
    const std::optional<PgauditEntry> entry = parser_.Parse(event.statement, error_);
    if (!entry) {
      if (!error_.empty() && malformed.empty()) malformed = error_;
      if (error_.empty()) ++skipped;
      return;
    }
    if (entry->previously_logged || entry->statement.empty() ||
        (entry->audit_type != "SESSION" && !options_.objects)) {
      ++skipped;
      return;
    }
    QueryEvent audited = event;
    audited.statement = entry->statement;
    if (entry->rows) audited.rows = entry->rows;
    ++kept;
    on_event(audited);
  });
  if (!result.ok()) return result;
  if (!malformed.empty() && kept == 0) {
    result.reason = RejectReason::kWrongType;
    result.detail = "the statement field: " + malformed;
  }
  result.events = kept;
  result.skipped += skipped;
  return result;
}

}  // namespace leakhound
