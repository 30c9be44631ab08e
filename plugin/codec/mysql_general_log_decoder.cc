#include "codec/mysql_general_log_decoder.h"

#include <string>
#include <unordered_map>

#include "codec/text_record.h"
#include "core/time.h"

namespace leakhound {
namespace {

constexpr std::string_view kCommands[] = {
    "Query",          "Execute",     "Connect",        "Quit",      "Init DB",     "Change user",
    "Prepare",        "Close stmt",  "Reset stmt",     "Fetch",     "Field List",  "Statistics",
    "Ping",           "Refresh",     "Shutdown",       "Sleep",     "Binlog Dump", "Long Data",
    "Set option",     "Processlist", "Kill",           "Debug",     "Connect Out", "Daemon",
    "Delayed insert", "Table Dump",  "Register Slave", "Create DB", "Drop DB"};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsBanner(std::string_view line) {
  return line.starts_with("/") || line.starts_with("Tcp port:") || line.starts_with("Time ") ||
         line.find(", Version: ") != std::string_view::npos;
}

struct Entry {
  std::string_view time;  // as written; empty when the line has none
  bool legacy_time = false;
  std::string_view id;
  std::string_view command;
  std::string_view argument;  // the rest, with the statement's further lines
};

// "<time> <id> <Command>\t<argument>" in either layout; nullopt if `record` is no entry.
std::optional<Entry> ParseEntry(std::string_view record) {
  Entry entry;
  size_t pos = 0;
  if (record.size() > 10 && IsDigit(record[0]) && record[4] == '-' && record[10] == 'T') {
    pos = record.find_first_of(" \t");
    if (pos == std::string_view::npos) return std::nullopt;
    entry.time = record.substr(0, pos);
  } else if (record.size() > 15 && IsDigit(record[0]) && IsDigit(record[5]) && record[6] == ' ') {
    // "061226 15:42:36", "100211  0:55:24"
    const size_t end = record.find('\t');
    pos = end != std::string_view::npos && end <= 16 ? end : 15;
    entry.time = record.substr(0, pos);
    entry.legacy_time = true;
  }
  while (pos < record.size() && (record[pos] == ' ' || record[pos] == '\t')) ++pos;
  const size_t id_start = pos;
  while (pos < record.size() && IsDigit(record[pos])) ++pos;
  if (pos == id_start || pos >= record.size() || record[pos] != ' ') return std::nullopt;
  entry.id = record.substr(id_start, pos - id_start);
  ++pos;
  for (std::string_view command : kCommands) {
    if (record.substr(pos, command.size()) == command &&
        (pos + command.size() == record.size() || record[pos + command.size()] == '\t' ||
         record[pos + command.size()] == ' ' || record[pos + command.size()] == '\n')) {
      entry.command = command;
      pos += command.size();
      while (pos < record.size() && (record[pos] == ' ' || record[pos] == '\t')) ++pos;
      entry.argument = record.substr(pos);
      while (!entry.argument.empty() &&
             (entry.argument.back() == ' ' || entry.argument.back() == '\n' ||
              entry.argument.back() == '\r')) {
        entry.argument.remove_suffix(1);
      }
      return entry;
    }
  }
  return std::nullopt;
}

}  // namespace

bool StartsGeneralLogEntry(std::string_view line) {
  return IsBanner(line) || ParseEntry(line).has_value();
}

struct MySqlGeneralLogDecoder::Impl {
  Options options;
  TimestampParser times;
  std::optional<TimePoint> last_time;
  struct Connection {
    std::string user, host, database;
  };
  std::unordered_map<std::string, Connection> connections;

  // "root@localhost on db1 using TCP/IP": user, host and the database (may be empty).
  void Connect(std::string_view id, std::string_view argument) {
    if (connections.size() >= kMaxConnections) connections.clear();
    Connection& connection = connections[std::string(id)];
    const size_t at = argument.find('@');
    const size_t on = argument.find(" on");
    connection.user = std::string(argument.substr(0, std::min(at, on)));
    connection.host = at < on ? std::string(argument.substr(at + 1, on - at - 1)) : "";
    connection.database.clear();
    if (on != std::string_view::npos && argument.size() > on + 4) {
      std::string_view rest = argument.substr(on + 4);
      const size_t end = rest.find(' ');
      connection.database = std::string(rest.substr(0, end));
    }
  }
};

MySqlGeneralLogDecoder::MySqlGeneralLogDecoder(Options options) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
}

MySqlGeneralLogDecoder::~MySqlGeneralLogDecoder() = default;

DecodeResult MySqlGeneralLogDecoder::Decode(RecordView record, const SourceRef& source,
                                            const EventCallback& on_event) {
  Impl& impl = *impl_;
  const std::string_view text = TrimLineEnd(record.bytes);
  if (std::optional<DecodeResult> bad = CheckTextRecord(text, impl.options.max_record_bytes)) {
    return *bad;
  }
  DecodeResult result;
  if (IsBanner(text)) {  // the server's start-up lines
    result.skipped = 1;
    return result;
  }
  const std::optional<Entry> entry = ParseEntry(text);
  if (!entry) {
    return TextRejected(RejectReason::kWrongType,
                        "general log: not an entry (time, connection id, command, argument)");
  }
  if (!entry->time.empty()) {
    const std::optional<TimePoint> time =
        entry->legacy_time ? ParseMySqlLegacyTimestamp(entry->time) : impl.times.Parse(entry->time);
    if (!time) {
      return TextRejected(
          RejectReason::kWrongType,
          "general log: time '" + std::string(entry->time) + "' is not a timestamp");
    }
    impl.last_time = time;
  }
  const std::string id(entry->id);
  if (entry->command == "Connect" || entry->command == "Change user") {
    impl.Connect(entry->id, entry->argument);
  } else if (entry->command == "Init DB") {
    impl.connections[id].database = std::string(entry->argument);
  } else if (entry->command == "Quit") {
    impl.connections.erase(id);
  }
  if ((entry->command != "Query" && entry->command != "Execute") || entry->argument.empty()) {
    result.skipped = 1;
    return result;
  }
  QueryEvent event;
  event.time = impl.last_time;
  event.session_id = entry->id;
  event.statement = entry->argument;
  if (auto it = impl.connections.find(id); it != impl.connections.end()) {
    event.principal = it->second.user;
    event.client = it->second.host;
    event.database = it->second.database;
  }
  event.source = source;
  on_event(event);
  result.events = 1;
  return result;
}

}  // namespace leakhound
