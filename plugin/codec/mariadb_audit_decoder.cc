#include "codec/mariadb_audit_decoder.h"

#include "codec/text_record.h"
#include "core/time.h"

namespace leakhound {
namespace {

enum Column : size_t {
  kTimestamp = 0,
  kUsername = 2,
  kHost = 3,
  kConnectionId = 4,
  kOperation = 6,
  kDatabase = 7,
  kObject = 8,
  kRetcode = 9,
};

// "20210527 11:04:43" as "2021-05-27 11:04:43", which ParseTimestamp reads.
std::optional<TimePoint> ParseAuditTime(std::string_view text) {
  if (text.size() != 17 || text[8] != ' ') return std::nullopt;
  std::string iso;
  iso.reserve(19);
  iso.append(text.substr(0, 4)).push_back('-');
  iso.append(text.substr(4, 2)).push_back('-');
  iso.append(text.substr(6, 2)).append(text.substr(8));
  return ParseTimestamp(iso);
}

}  // namespace

DecodeResult MariaDbAuditDecoder::Decode(RecordView record, const SourceRef& source,
                                         const EventCallback& on_event) {
  std::string_view text = TrimLineEnd(record.bytes);
  if (std::optional<DecodeResult> bad = CheckTextRecord(text, options_.max_record_bytes)) {
    return *bad;
  }
  // The syslog output type writes the fields after the syslog header and tag ("Jul 31
  // 09:14:22 db1 mysql-server_auditing: "), without the timestamp field.
  bool syslog = false;
  if (const size_t tag = text.find(": "); tag != std::string_view::npos && tag < text.find(',')) {
    text = text.substr(tag + 2);
    syslog = true;
  }
  // A line cut at its end leaves the last quote open: keep what was read, as the server
  // does when it cuts a long statement.
  const bool parsed = csv_.Parse(text, error_);
  if (!parsed && !csv_.unterminated_quote()) {
    return TextRejected(RejectReason::kWrongType, "server_audit: " + error_);
  }
  std::vector<std::string_view>& fields = fields_;
  fields.assign(csv_.fields().begin(), csv_.fields().end());
  if (syslog) fields.insert(fields.begin(), std::string_view("TIME"));
  if (!parsed || fields.size() < kFields - 1) {
    return TextRejected(parsed ? RejectReason::kWrongType : RejectReason::kTruncated,
                        parsed ? "server_audit: " + std::to_string(fields.size()) +
                                     " fields where a line has 10 (timestamp,serverhost,"
                                     "username,host,connectionid,queryid,operation,database,"
                                     "object,retcode)"
                               : "server_audit: " + error_);
  }
  DecodeResult result;
  const std::string_view operation = fields[kOperation];
  if (operation.substr(0, 5) != "QUERY" || fields[kObject].empty()) {
    result.skipped = 1;
    return result;
  }
  QueryEvent event;
  event.time = ParseAuditTime(fields[kTimestamp]);
  if (!event.time && fields[kTimestamp] != "TIME") {
    return TextRejected(RejectReason::kWrongType,
                        "server_audit: timestamp '" +
                            std::string(fields[kTimestamp].substr(0, 40)) +
                            "' is not yyyymmdd hh:mm:ss");
  }
  event.principal = fields[kUsername];
  event.client = fields[kHost];
  event.session_id = fields[kConnectionId];
  event.database = fields[kDatabase];
  event.statement = fields[kObject];
  if (fields.size() > kRetcode) event.status = fields[kRetcode];
  event.source = source;
  on_event(event);
  result.events = 1;
  return result;
}

}  // namespace leakhound
