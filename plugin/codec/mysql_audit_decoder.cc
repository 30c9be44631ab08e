#include "codec/mysql_audit_decoder.h"

#include <string>
#include <unordered_map>

#include "codec/json_errors.h"
#include "codec/json_members.h"
#include "codec/text_record.h"
#include "core/ascii.h"
#include "core/time.h"

namespace leakhound {
namespace {

namespace dom = simdjson::dom;
using json_members::At;
using json_members::Integer;
using json_members::Number;
using json_members::Text;

// One element of the file's array as a line carries it: without the "," after it, and
// without the "[" or "]" of the array when the element is the first or the last.
std::string_view ArrayElement(std::string_view text) {
  text = TrimAsciiWhitespace(text);
  if (!text.empty() && text.back() == ',')
    text = TrimAsciiWhitespace(text.substr(0, text.size() - 1));
  const bool opens = !text.empty() && text.front() == '[';
  const bool closes = !text.empty() && text.back() == ']';
  if (opens && !closes) text = TrimAsciiWhitespace(text.substr(1));
  if (closes && !opens) text = TrimAsciiWhitespace(text.substr(0, text.size() - 1));
  if (!text.empty() && text.back() == ',')
    text = TrimAsciiWhitespace(text.substr(0, text.size() - 1));
  return text;
}

}  // namespace

std::string_view MySqlAccountUser(std::string_view account) {
  const size_t bracket = account.find('[');
  if (bracket == std::string_view::npos || account.find(" @ ") == std::string_view::npos) {
    return account;
  }
  return account.substr(0, bracket);
}

struct MySqlAuditDecoder::Impl {
  Options options;
  dom::parser parser;
  TimestampParser times;
  // What a connection's connect record said that its statements do not repeat.
  struct Connection {
    std::string database;
    std::string program;  // connection_attributes.program_name ("mysql", "mysqldump")
  };
  std::unordered_map<std::string, Connection> connections;
  json_members::NumberTexts numbers;  // cleared for each record

  // Returns true if the element is a statement (and was passed on).
  bool DecodeElement(dom::element element, const SourceRef& source, const EventCallback& on_event) {
    if (std::optional<dom::element> percona = At(element, "audit_record")) {
      return DecodePerconaRecord(*percona, source, on_event);
    }
    const std::string_view event_class = Text(element, "class", numbers);
    const std::string_view event_name = Text(element, "event", numbers);
    const std::string_view connection = Text(element, "connection_id", numbers);
    if (event_class == "connection") {
      Remember(connection, event_name, element);
      return false;
    }
    if (event_class == "table_access") {
      // Names the database of a table the statement touched: the best guess for the
      // connection's database when its connect record was not seen.
      const std::string_view db = Text(element, "table_access_data/db", numbers);
      if (!connection.empty() && !db.empty()) {
        std::string& known = connections[std::string(connection)].database;
        if (known.empty()) known = db;
      }
      return false;
    }
    if (event_class != "general" || event_name != "status") return false;
    QueryEvent event;
    event.statement = Text(element, "general_data/query", numbers);
    if (event.statement.empty()) return false;
    event.time = times.Parse(Text(element, "timestamp", numbers));
    event.principal = MySqlAccountUser(Text(element, "account/user", numbers));
    if (event.principal.empty()) event.principal = Text(element, "login/user", numbers);
    event.client = Text(element, "login/ip", numbers);
    if (event.client.empty()) event.client = Text(element, "account/host", numbers);
    event.session_id = connection;
    event.status = Text(element, "general_data/status", numbers);
    if (auto it = connections.find(std::string(connection)); it != connections.end()) {
      event.database = it->second.database;
      event.application = it->second.program;
    }
    event.rows = Integer(element, "query_statistics/rows_sent");
    if (std::optional<double> seconds = Number(element, "query_statistics/query_time")) {
      event.duration = DurationFromSeconds(*seconds);
    }
    event.source = source;
    on_event(event);
    return true;
  }

  bool DecodePerconaRecord(dom::element record, const SourceRef& source,
                           const EventCallback& on_event) {
    const std::string_view name = Text(record, "name", numbers);
    if (name != "Query" && name != "Execute") return false;
    QueryEvent event;
    event.statement = Text(record, "sqltext", numbers);
    if (event.statement.empty()) return false;
    event.time = times.Parse(Text(record, "timestamp", numbers));
    event.principal = MySqlAccountUser(Text(record, "user", numbers));
    event.client = Text(record, "ip", numbers);
    if (event.client.empty()) event.client = Text(record, "host", numbers);
    event.database = Text(record, "db", numbers);
    event.session_id = Text(record, "connection_id", numbers);
    event.status = Text(record, "status", numbers);
    event.source = source;
    on_event(event);
    return true;
  }

  void Remember(std::string_view connection, std::string_view event_name, dom::element element) {
    if (connection.empty()) return;
    if (event_name == "disconnect") {
      connections.erase(std::string(connection));
      return;
    }
    if (connections.size() >= kMaxConnections) connections.clear();
    Connection& known = connections[std::string(connection)];
    known.database = Text(element, "connection_data/db", numbers);
    known.program = Text(element, "connection_data/connection_attributes/program_name", numbers);
  }
};

MySqlAuditDecoder::MySqlAuditDecoder(Options options) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
}

MySqlAuditDecoder::~MySqlAuditDecoder() = default;

DecodeResult MySqlAuditDecoder::Decode(RecordView record, const SourceRef& source,
                                       const EventCallback& on_event) {
  Impl& impl = *impl_;
  impl.numbers.Clear();
  if (std::optional<DecodeResult> bad =
          CheckTextRecord(record.bytes, impl.options.max_record_bytes)) {
    return *bad;
  }
  const std::string_view text = ArrayElement(record.bytes);
  DecodeResult result;
  if (text.empty()) {  // the "[" or "]" line of the file's array
    result.skipped = 1;
    return result;
  }
  dom::element root;
  if (const auto error = impl.parser.parse(text.data(), text.size()).get(root)) {
    DecodeFailure failure = FromSimdjson(error, text);
    if (text.front() == '<' || text.front() == '"') {
      failure.detail += text.front() == '<'
                            ? " (an XML audit log: set audit_log_format=JSON on the server)"
                            : " (a CSV audit log: set audit_log_format=JSON on the server)";
    }
    return TextRejected(failure.reason, std::move(failure.detail));
  }
  const auto decode = [&](dom::element element) -> bool {
    if (element.type() != dom::element_type::OBJECT) return false;
    if (impl.DecodeElement(element, source, on_event)) {
      ++result.events;
    } else {
      ++result.skipped;
    }
    return true;
  };
  dom::array elements;
  if (root.get_array().get(elements) == simdjson::SUCCESS) {
    for (dom::element element : elements) {
      if (!decode(element)) {
        DecodeResult rejected = TextRejected(
            RejectReason::kNotAnObject, "an element of the audit log's array is not an object");
        rejected.events = result.events;
        return rejected;
      }
    }
    return result;
  }
  if (!decode(root)) {
    return TextRejected(RejectReason::kNotAnObject,
                        "a MySQL audit record is a JSON object (or an array of them)");
  }
  return result;
}

}  // namespace leakhound
