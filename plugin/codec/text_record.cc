#include "codec/text_record.h"

#include <simdjson.h>

namespace leakhound {

std::string_view TrimLineEnd(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

std::optional<DecodeResult> CheckTextRecord(std::string_view text, size_t max_bytes) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return TextRejected(RejectReason::kEmpty, "the record is empty");
  }
  if (text.size() > max_bytes) {
    return TextRejected(RejectReason::kTooLarge, "record of " + std::to_string(text.size()) +
                                                     " bytes exceeds the limit of " +
                                                     std::to_string(max_bytes));
  }
  if (!simdjson::validate_utf8(text.data(), text.size())) {
    return TextRejected(RejectReason::kInvalidUtf8, "the record holds bytes that are not UTF-8");
  }
  return std::nullopt;
}

DecodeResult TextRejected(RejectReason reason, std::string detail) {
  DecodeResult result;
  result.reason = reason;
  result.detail = std::move(detail);
  return result;
}

std::string_view SkipSyslogHeader(std::string_view text) {
  if (text.empty() || text.front() == '{') return text;
  const size_t brace = text.find(": {");
  return brace == std::string_view::npos ? text : text.substr(brace + 2);
}

}  // namespace leakhound
