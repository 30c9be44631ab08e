#include "codec/postgres_stderr_decoder.h"

#include <charconv>

#include "codec/text_record.h"

namespace leakhound {
namespace {

// "LOG:  ", "ERROR:  ", "DEBUG2:  ": the severity PostgreSQL writes after the prefix;
// returns the length through the two spaces, or 0.
size_t SeverityLength(std::string_view text) {
  size_t i = 0;
  while (i < text.size() &&
         ((text[i] >= 'A' && text[i] <= 'Z') || (text[i] >= '0' && text[i] <= '9'))) {
    ++i;
  }
  if (i == 0 || text.substr(i, 3) != ":  ") return 0;
  return i + 3;
}

std::optional<TimePoint> EpochSeconds(std::string_view text) {
  double seconds = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return FromEpoch(seconds, EpochUnit::kSeconds);
}

}  // namespace

DecodeResult PostgresStderrDecoder::Decode(RecordView record, const SourceRef& source,
                                           const EventCallback& on_event) {
  const std::string_view text = TrimLineEnd(record.bytes);
  if (std::optional<DecodeResult> bad = CheckTextRecord(text, options_.max_record_bytes)) {
    return *bad;
  }
  PrefixFields prefix;
  const std::optional<size_t> prefix_length = prefix_.Match(text, prefix);
  const size_t severity = prefix_length ? SeverityLength(text.substr(*prefix_length)) : size_t{0};
  if (severity == 0) {
    return TextRejected(RejectReason::kWrongType,
                        "stderr: the line does not start with log_line_prefix '" +
                            prefix_.setting() +
                            "' and a severity (LOG:  ); set log_line_prefix in the profile "
                            "to the server's setting");
  }
  std::string_view message = text.substr(*prefix_length + severity);
  if (message.find("\n\t") != std::string_view::npos) {
    // PostgreSQL starts each further line of a message with a tab.
    message_.clear();
    for (size_t i = 0; i < message.size(); ++i) {
      message_.push_back(message[i]);
      if (message[i] == '\n' && i + 1 < message.size() && message[i + 1] == '\t') ++i;
    }
    message = message_;
  }
  QueryEvent event;
  event.time = prefix.epoch_time ? EpochSeconds(prefix.time) : times_.Parse(prefix.time);
  event.principal = prefix.user;
  event.database = prefix.database;
  event.client = prefix.client;
  event.application = prefix.application;
  event.session_id = prefix.session_id.empty() ? prefix.process_id : prefix.session_id;
  event.statement = message;
  event.source = source;
  on_event(event);
  DecodeResult result;
  result.events = 1;
  return result;
}

}  // namespace leakhound
