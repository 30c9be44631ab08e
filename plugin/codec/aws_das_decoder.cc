#include "codec/aws_das_decoder.h"

#include <simdjson.h>

#include <string>

#include "codec/json_errors.h"
#include "codec/json_members.h"
#include "core/time.h"

namespace leakhound {
namespace {

namespace dom = simdjson::dom;

DecodeResult Rejected(RejectReason reason, std::string detail, size_t events = 0) {
  DecodeResult result;
  result.reason = reason;
  result.detail = std::move(detail);
  result.events = events;
  return result;
}

bool IsSessionCommand(std::string_view command) {
  return command == "CONNECT" || command == "DISCONNECT" || command == "LOGIN" ||
         command == "LOGOUT";
}

}  // namespace

struct AwsDasDecoder::Impl {
  Options options;
  dom::parser parser;
  dom::parser inner_parser;  // the record, when the envelope carries it as a JSON string
  TimestampParser times;
  json_members::NumberTexts numbers;  // cleared for each event
};

AwsDasDecoder::AwsDasDecoder(Options options) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
}

AwsDasDecoder::~AwsDasDecoder() = default;

DecodeResult AwsDasDecoder::Decode(RecordView record, const SourceRef& source,
                                   const EventCallback& on_event) {
  Impl& impl = *impl_;
  if (record.bytes.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Rejected(RejectReason::kEmpty, "the record is empty");
  }
  if (record.bytes.size() > impl.options.max_record_bytes) {
    return Rejected(RejectReason::kTooLarge, "record of " + std::to_string(record.bytes.size()) +
                                                 " bytes exceeds the limit of " +
                                                 std::to_string(impl.options.max_record_bytes));
  }
  dom::element root;
  if (const auto error = impl.parser.parse(record.bytes.data(), record.bytes.size()).get(root)) {
    DecodeFailure failure = FromSimdjson(error, record.bytes);
    return Rejected(failure.reason, std::move(failure.detail));
  }
  dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) {
    return Rejected(RejectReason::kNotAnObject, "an activity stream record is a JSON object");
  }
  // The envelope: the record itself, or the record in a string (decrypted by the consumer),
  // or still encrypted (base64 of a KMS-encrypted, compressed record).
  dom::element events;
  if (object["databaseActivityEvents"].get(events) == simdjson::SUCCESS) {
    std::string_view text;
    if (events.get_string().get(text) == simdjson::SUCCESS) {
      dom::element inner;
      if (impl.inner_parser.parse(text.data(), text.size()).get(inner) != simdjson::SUCCESS ||
          inner.get_object().get(object) != simdjson::SUCCESS) {
        return Rejected(RejectReason::kWrongType,
                        "databaseActivityEvents is still encrypted: decrypt each record with the "
                        "stream's KMS key (and decompress it) before leakhound reads it");
      }
    } else if (events.get_object().get(object) != simdjson::SUCCESS) {
      return Rejected(RejectReason::kWrongType,
                      "databaseActivityEvents must be the activity record or a string of it");
    }
  }
  dom::array list;
  if (object["databaseActivityEventList"].get_array().get(list) != simdjson::SUCCESS) {
    return Rejected(RejectReason::kMissingField,
                    "no databaseActivityEventList array: not an activity stream record");
  }
  DecodeResult result;
  for (dom::element element : list) {
    dom::object item;
    if (element.get_object().get(item) != simdjson::SUCCESS) {
      return Rejected(RejectReason::kWrongType,
                      "an element of databaseActivityEventList is not an object", result.events);
    }
    impl.numbers.Clear();  // the previous event's views are no longer used
    // A member given as a string, or as a number read as its text (sessionId and exitCode
    // are strings from Aurora and numbers from SQL Server); empty when null or absent.
    const auto text = [&](std::string_view key) {
      return json_members::Text(element, key, impl.numbers);
    };
    const std::string_view type = text("type");
    const std::string_view command = text("command");
    QueryEvent event;
    event.statement = text("commandText");
    // Aurora MySQL follows a statement with one element per table it touched, whose
    // commandText is the table's name (command READ, WRITE, CREATE, ...): not a statement.
    const bool object_access = !event.statement.empty() && event.statement == text("objectName");
    if (type == "heartbeat" || IsSessionCommand(command) || event.statement.empty() ||
        object_access) {
      ++result.skipped;
      continue;
    }
    event.principal = text("dbUserName");
    event.client = text("remoteHost");
    event.application = text("clientApplication");
    event.database = text("databaseName");
    event.session_id = text("sessionId");
    event.status = text("exitCode");
    int64_t rows = 0;
    if (item["rowCount"].get_int64().get(rows) == simdjson::SUCCESS) event.rows = rows;
    const std::optional<TimePoint> start = impl.times.Parse(text("startTime"));
    const std::optional<TimePoint> end = impl.times.Parse(text("endTime"));
    event.time = start ? start : impl.times.Parse(text("logTime"));
    if (start && end && *end >= *start) event.duration = *end - *start;
    event.source = source;
    ++result.events;
    on_event(event);
  }
  return result;
}

}  // namespace leakhound
