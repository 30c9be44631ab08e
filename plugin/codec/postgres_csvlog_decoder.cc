#include "codec/postgres_csvlog_decoder.h"

#include "codec/text_record.h"

namespace leakhound {
namespace {

// Column positions (0-based) in every layout.
enum Column : size_t {
  kLogTime = 0,
  kUserName = 1,
  kDatabaseName = 2,
  kConnectionFrom = 4,
  kSessionId = 5,
  kSqlStateCode = 12,
  kMessage = 13,
  kApplicationName = 22,  // from the 23-column layout on
};
constexpr size_t kFewestColumns = 22;
constexpr size_t kMostColumns = 26;

}  // namespace

DecodeResult PostgresCsvlogDecoder::Decode(RecordView record, const SourceRef& source,
                                           const EventCallback& on_event) {
  std::string_view text = TrimLineEnd(record.bytes);
  if (std::optional<DecodeResult> bad = CheckTextRecord(text, options_.max_record_bytes)) {
    return *bad;
  }
  if (!csv_.Parse(text, error_)) {
    return TextRejected(
        csv_.unterminated_quote() ? RejectReason::kTruncated : RejectReason::kWrongType,
        "csvlog: " + error_);
  }
  const std::vector<std::string_view>& columns = csv_.fields();
  if (columns.size() < kFewestColumns || columns.size() > kMostColumns) {
    return TextRejected(RejectReason::kWrongType,
                        "csvlog: " + std::to_string(columns.size()) +
                            " columns where PostgreSQL writes 22 to 26: not a csvlog record");
  }
  QueryEvent event;
  event.time = times_.Parse(columns[kLogTime]);
  if (!event.time) {
    return TextRejected(RejectReason::kWrongType, "csvlog: log_time '" +
                                                      std::string(columns[kLogTime].substr(0, 40)) +
                                                      "' is not a timestamp");
  }
  event.principal = columns[kUserName];
  event.database = columns[kDatabaseName];
  event.client = columns[kConnectionFrom];
  event.session_id = columns[kSessionId];
  event.status = columns[kSqlStateCode];
  event.statement = columns[kMessage];
  if (columns.size() > kApplicationName) event.application = columns[kApplicationName];
  event.source = source;
  on_event(event);
  DecodeResult result;
  result.events = 1;
  return result;
}

}  // namespace leakhound
