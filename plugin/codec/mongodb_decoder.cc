#include "codec/mongodb_decoder.h"

#include <string>
#include <unordered_map>

#include "codec/json_errors.h"
#include "codec/json_members.h"
#include "codec/text_record.h"
#include "core/time.h"

namespace leakhound {
namespace {

namespace dom = simdjson::dom;
using json_members::At;
using json_members::Integer;
using json_members::Text;

// A double-quoted SQL identifier.
void AppendIdentifier(std::string_view name, std::string& out) {
  out.push_back('"');
  for (char c : name) {
    out.push_back(c);
    if (c == '"') out.push_back('"');
  }
  out.push_back('"');
}

void AppendTable(std::string_view database, std::string_view collection, std::string& out) {
  if (!database.empty()) {
    AppendIdentifier(database, out);
    out.push_back('.');
  }
  AppendIdentifier(collection, out);
}

// " WHERE "a" = ? AND "b" = ?" for the top-level keys of a filter document; operators
// ($and, $or, $expr) read as one masked condition.
void AppendWhere(std::optional<dom::element> filter, std::string& out) {
  dom::object object;
  if (!filter || filter->get_object().get(object) != simdjson::SUCCESS) return;
  bool first = true;
  for (auto [key, value] : object) {
    out.append(first ? " WHERE " : " AND ");
    first = false;
    if (!key.empty() && key.front() == '$') {
      out.append("? = ?");
    } else {
      AppendIdentifier(key, out);
      out.append(" = ?");
    }
  }
}

// The fields a projection includes ({brand: 1, _id: 0} -> "brand"), or "*".
void AppendColumns(std::optional<dom::element> projection, std::string& out) {
  dom::object object;
  bool any = false;
  if (projection && projection->get_object().get(object) == simdjson::SUCCESS) {
    for (auto [key, value] : object) {
      int64_t flag = 1;
      bool boolean = true;
      if (value.get_int64().get(flag) == simdjson::SUCCESS     ? flag == 0
          : value.get_bool().get(boolean) == simdjson::SUCCESS ? !boolean
                                                               : false) {
        continue;
      }
      if (any) out.append(", ");
      AppendIdentifier(key, out);
      any = true;
    }
  }
  if (!any) out.push_back('*');
}

void AppendLimit(std::optional<int64_t> limit, std::string& out) {
  if (limit && *limit > 0) out.append(" LIMIT ").append(std::to_string(*limit));
}

std::string_view DatabaseOf(std::string_view ns) { return ns.substr(0, ns.find('.')); }
std::string_view CollectionOf(std::string_view ns) {
  const size_t dot = ns.find('.');
  return dot == std::string_view::npos ? std::string_view() : ns.substr(dot + 1);
}

}  // namespace

struct MongoDbDecoder::Impl {
  Options options;
  dom::parser parser, string_parser;
  TimestampParser times;
  std::unordered_map<std::string, std::string> user_by_connection;
  std::string statement, client, unescaped;
  json_members::NumberTexts numbers;  // cleared for each record

  // The SQL statement for `command` (a command document: {find: "coll", filter: ...}) on
  // database `db`; false for commands that read or write no documents.
  bool Translate(std::string_view db, dom::element command, std::string_view fallback_ns) {
    statement.clear();
    dom::object object;
    if (command.get_object().get(object) != simdjson::SUCCESS) return false;
    std::string_view name;
    std::string_view collection;
    for (auto [key, value] : object) {  // the command's name is its first key
      name = key;
      if (value.get_string().get(collection) != simdjson::SUCCESS) collection = {};
      break;
    }
    if (collection.empty()) collection = CollectionOf(fallback_ns);
    if (name == "getMore") collection = Text(command, "collection", numbers);
    if (collection.empty()) return false;
    if (name == "find" || name == "getMore") {
      statement.append("SELECT ");
      AppendColumns(At(command, "projection"), statement);
      statement.append(" FROM ");
      AppendTable(db, collection, statement);
      AppendWhere(At(command, "filter"), statement);
      AppendLimit(Integer(command, "limit"), statement);
    } else if (name == "aggregate") {
      TranslateAggregate(db, collection, command);
    } else if (name == "count") {
      statement.append("SELECT count(*) FROM ");
      AppendTable(db, collection, statement);
      AppendWhere(At(command, "query"), statement);
    } else if (name == "distinct") {
      statement.append("SELECT DISTINCT ");
      AppendIdentifier(Text(command, "key", numbers), statement);
      statement.append(" FROM ");
      AppendTable(db, collection, statement);
      AppendWhere(At(command, "query"), statement);
    } else if (name == "insert") {
      statement.append("INSERT INTO ");
      AppendTable(db, collection, statement);
      statement.append(" VALUES (?)");
    } else if (name == "update" || name == "findAndModify" || name == "findandmodify") {
      statement.append("UPDATE ");
      AppendTable(db, collection, statement);
      statement.append(" SET ? = ?");
      AppendWhere(At(command, "query"), statement);
    } else if (name == "delete") {
      statement.append("DELETE FROM ");
      AppendTable(db, collection, statement);
    } else {
      return false;
    }
    return true;
  }

  void TranslateAggregate(std::string_view db, std::string_view collection, dom::element command) {
    std::string joins;
    std::optional<dom::element> match;
    std::optional<int64_t> limit;
    std::string_view out_collection;
    dom::array pipeline;
    if (At(command, "pipeline") &&
        At(command, "pipeline")->get_array().get(pipeline) == simdjson::SUCCESS) {
      for (dom::element stage : pipeline) {
        if (std::optional<dom::element> lookup = At(stage, "$lookup")) {
          joins.append(" JOIN ");
          AppendTable(db, Text(*lookup, "from", numbers), joins);
        } else if (std::optional<dom::element> stage_match = At(stage, "$match")) {
          if (!match) match = stage_match;
        } else if (std::optional<int64_t> stage_limit = Integer(stage, "$limit")) {
          limit = stage_limit;
        } else if (At(stage, "$out")) {
          out_collection = Text(stage, "$out", numbers);
        } else if (At(stage, "$merge")) {
          out_collection = Text(stage, "$merge", numbers);
          if (out_collection.empty()) out_collection = Text(stage, "$merge/into", numbers);
        }
      }
    }
    if (!out_collection.empty()) {
      statement.append("INSERT INTO ");
      AppendTable(db, out_collection, statement);
      statement.push_back(' ');
    }
    statement.append("SELECT * FROM ");
    AppendTable(db, collection, statement);
    statement.append(joins);
    AppendWhere(match, statement);
    AppendLimit(limit, statement);
  }

  DecodeResult DecodeAudit(dom::element root, const SourceRef& source,
                           const EventCallback& on_event) {
    DecodeResult result;
    const std::string_view ns = Text(root, "param/ns", numbers);
    std::optional<dom::element> args = At(root, "param/args");
    if (Text(root, "atype", numbers) != "authCheck" || !args) {
      result.skipped = 1;
      return result;
    }
    std::string_view db = Text(*args, "$db", numbers);
    if (db.empty()) db = DatabaseOf(ns);
    if (!Translate(db, *args, ns)) {
      result.skipped = 1;
      return result;
    }
    QueryEvent event;
    event.statement = statement;
    event.database = db;
    event.time = times.Parse(Text(root, "ts/$date", numbers));
    if (!event.time) {  // Amazon DocumentDB: epoch milliseconds
      if (std::optional<int64_t> millis = Integer(root, "ts")) {
        event.time = FromEpoch(static_cast<double>(*millis), EpochUnit::kMilliseconds);
      }
    }
    if (dom::array users;
        At(root, "users") && At(root, "users")->get_array().get(users) == simdjson::SUCCESS) {
      for (dom::element user : users) {
        event.principal = Text(user, "user", numbers);
        break;
      }
    }
    client.assign(Text(root, "remote/ip", numbers));
    if (std::optional<int64_t> port = Integer(root, "remote/port"); port && *port > 0) {
      client.append(":").append(std::to_string(*port));
    }
    if (client.empty()) client.assign(Text(root, "remote_ip", numbers));  // DocumentDB
    event.client = client;
    if (event.principal.empty()) event.principal = Text(root, "user", numbers);  // DocumentDB
    event.status = Text(root, "result", numbers);
    event.source = source;
    on_event(event);
    result.events = 1;
    return result;
  }

  DecodeResult DecodeServerLog(dom::element root, const SourceRef& source,
                               const EventCallback& on_event) {
    DecodeResult result;
    const std::string_view message = Text(root, "msg", numbers);
    const std::string_view connection = Text(root, "ctx", numbers);
    if (message == "Successfully authenticated" || message == "Authentication succeeded") {
      std::string_view user = Text(root, "attr/user", numbers);
      if (user.empty()) user = Text(root, "attr/principalName", numbers);
      if (!connection.empty() && !user.empty()) {
        if (user_by_connection.size() >= kMaxConnections) user_by_connection.clear();
        user_by_connection[std::string(connection)] = std::string(user);
      }
      result.skipped = 1;
      return result;
    }
    if (message == "Connection ended" || message == "Connection closed") {
      user_by_connection.erase(std::string(connection));
    }
    std::optional<dom::element> attr = At(root, "attr");
    std::optional<dom::element> command = attr ? At(*attr, "command") : std::nullopt;
    const std::string_view ns = attr ? Text(*attr, "ns", numbers) : std::string_view();
    if (message != "Slow query" || !command) {
      result.skipped = 1;
      return result;
    }
    std::string_view db = Text(*command, "$db", numbers);
    if (db.empty()) db = DatabaseOf(ns);
    // Writes log the operation's own document ({q, u} for an update) with its type.
    const std::string_view type = Text(*attr, "type", numbers);
    bool translated = false;
    if (type == "update" || type == "remove" || type == "delete") {
      statement.clear();
      statement.append(type == "update" ? "UPDATE " : "DELETE FROM ");
      AppendTable(db, CollectionOf(ns), statement);
      if (type == "update") statement.append(" SET ? = ?");
      AppendWhere(At(*command, "q"), statement);
      translated = !CollectionOf(ns).empty();
    } else {
      translated = Translate(db, *command, ns);
    }
    if (!translated) {
      result.skipped = 1;
      return result;
    }
    QueryEvent event;
    event.statement = statement;
    event.database = db;
    event.time = times.Parse(Text(root, "t/$date", numbers));
    if (auto it = user_by_connection.find(std::string(connection));
        it != user_by_connection.end()) {
      event.principal = it->second;
    }
    event.client = Text(*attr, "remote", numbers);
    event.application = Text(*attr, "appName", numbers);
    event.session_id = connection;
    event.status = Text(*attr, "errCode", numbers);
    if (event.status.empty()) event.status = "0";
    for (std::string_view rows : {"nreturned", "nModified", "ndeleted", "ninserted"}) {
      if (std::optional<int64_t> count = Integer(*attr, rows)) {
        event.rows = count;
        break;
      }
    }
    if (std::optional<int64_t> millis = Integer(*attr, "durationMillis")) {
      event.duration = DurationFromSeconds(static_cast<double>(*millis) / 1000);
    }
    event.source = source;
    on_event(event);
    result.events = 1;
    return result;
  }
};

MongoDbDecoder::MongoDbDecoder(Options options) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
}

MongoDbDecoder::~MongoDbDecoder() = default;

DecodeResult MongoDbDecoder::Decode(RecordView record, const SourceRef& source,
                                    const EventCallback& on_event) {
  Impl& impl = *impl_;
  impl.numbers.Clear();
  std::string_view text = TrimLineEnd(record.bytes);
  if (std::optional<DecodeResult> bad = CheckTextRecord(text, impl.options.max_record_bytes)) {
    return *bad;
  }
  text = SkipSyslogHeader(text);
  dom::element root;
  auto error = impl.parser.parse(text.data(), text.size()).get(root);
  if (error && text.find("\\\"") != std::string_view::npos) {
    // Quotes that arrive escaped: the record is the content of a JSON string.
    std::string quoted = "\"" + std::string(text) + "\"";
    dom::element string;
    std::string_view content;
    if (impl.string_parser.parse(quoted).get(string) == simdjson::SUCCESS &&
        string.get_string().get(content) == simdjson::SUCCESS) {
      impl.unescaped.assign(content);
      error = impl.parser.parse(impl.unescaped).get(root);
    }
  }
  if (error) {
    DecodeFailure failure = FromSimdjson(error, text);
    for (std::string_view shell : {"ISODate(", "UUID(", "ObjectId(", "NumberLong(", "Long("}) {
      if (text.find(shell) != std::string_view::npos) {
        failure.detail += " (mongosh syntax such as " + std::string(shell) +
                          ") is not JSON: have the shipper write Extended JSON)";
        break;
      }
    }
    return TextRejected(failure.reason, std::move(failure.detail));
  }
  if (root.type() != dom::element_type::OBJECT) {
    return TextRejected(RejectReason::kNotAnObject, "a MongoDB log record is a JSON object");
  }
  if (At(root, "atype")) return impl.DecodeAudit(root, source, on_event);
  if (At(root, "msg") && At(root, "t")) return impl.DecodeServerLog(root, source, on_event);
  return TextRejected(RejectReason::kMissingField,
                      "neither an audit record (atype) nor a server log line (t, msg)");
}

}  // namespace leakhound
