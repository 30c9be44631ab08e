#include "codec/mysql_slow_log_decoder.h"

#include <charconv>
#include <string>

#include "codec/mysql_audit_decoder.h"  // MySqlAccountUser
#include "codec/text_record.h"
#include "core/ascii.h"
#include "core/time.h"

namespace leakhound {
namespace {

// The value after `key` ("Rows_sent: ") in a header line, up to the next space.
std::string_view ValueAfter(std::string_view line, std::string_view key) {
  const size_t at = line.find(key);
  if (at == std::string_view::npos) return {};
  std::string_view value = line.substr(at + key.size());
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  return value.substr(0, value.find(' '));
}

template <typename Number>
std::optional<Number> Parse(std::string_view text) {
  Number value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end == text.data()) return std::nullopt;
  return value;
}

bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && EqualsIgnoreCase(text.substr(0, prefix.size()), prefix);
}

}  // namespace

struct MySqlSlowLogDecoder::Impl {
  Options options;
  TimestampParser times;
  // What later entries inherit.
  std::optional<TimePoint> time;
  std::string user, client, session, database;
  std::string statement;

  void ReadHeader(std::string_view line) {
    if (line.starts_with("# Time: ")) {
      std::string_view value = line.substr(8);
      value = value.substr(0, value.find(" #"));
      std::optional<TimePoint> parsed = times.Parse(value);
      if (!parsed) parsed = ParseMySqlLegacyTimestamp(value);
      if (parsed) time = parsed;
    }
    if (const size_t at = line.find("User@Host: "); at != std::string_view::npos) {
      std::string_view account = line.substr(at + 11);
      const size_t id = account.find("  Id:");
      user = std::string(MySqlAccountUser(account.substr(0, id)));
      while (!user.empty() && user.back() == ' ') user.pop_back();
      // "root[root] @ localhost [127.0.0.1]": the address, else the host name.
      const size_t host_at = account.find(" @ ");
      client.clear();
      if (host_at != std::string_view::npos) {
        std::string_view host = account.substr(host_at + 3, id - host_at - 3);
        const size_t bracket = host.find('[');
        std::string_view ip = bracket == std::string_view::npos
                                  ? std::string_view()
                                  : host.substr(bracket + 1, host.find(']') - bracket - 1);
        host = TrimAsciiWhitespace(host.substr(0, bracket));
        client = std::string(ip.empty() ? host : ip);
      }
      if (id != std::string_view::npos) session = std::string(ValueAfter(account, "Id:"));
    }
    if (std::string_view thread = ValueAfter(line, "Thread_id:"); !thread.empty()) {
      session = std::string(thread);
    }
    if (std::string_view schema = ValueAfter(line, "Schema:"); !schema.empty()) {
      database = std::string(schema);
    }
  }
};

MySqlSlowLogDecoder::MySqlSlowLogDecoder(Options options) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
}

MySqlSlowLogDecoder::~MySqlSlowLogDecoder() = default;

DecodeResult MySqlSlowLogDecoder::Decode(RecordView record, const SourceRef& source,
                                         const EventCallback& on_event) {
  Impl& impl = *impl_;
  const std::string_view text = TrimLineEnd(record.bytes);
  if (std::optional<DecodeResult> bad = CheckTextRecord(text, impl.options.max_record_bytes)) {
    return *bad;
  }
  std::optional<int64_t> rows;
  std::optional<Duration> duration;
  bool header = false;
  impl.statement.clear();
  size_t pos = 0;
  while (pos <= text.size()) {
    const size_t newline = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, newline == std::string_view::npos ? newline : newline - pos);
    pos = newline == std::string_view::npos ? text.size() + 1 : newline + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.starts_with("#")) {
      header = true;
      impl.ReadHeader(line);
      if (std::optional<double> seconds = Parse<double>(ValueAfter(line, "Query_time:"))) {
        duration = DurationFromSeconds(*seconds);
      }
      if (std::optional<int64_t> sent = Parse<int64_t>(ValueAfter(line, "Rows_sent:"))) {
        rows = sent;
      }
      continue;
    }
    const std::string_view trimmed = TrimAsciiWhitespace(line);
    if (StartsWithIgnoreCase(trimmed, "use ") && trimmed.back() == ';') {
      std::string_view db = TrimAsciiWhitespace(trimmed.substr(4, trimmed.size() - 5));
      if (db.size() >= 2 && db.front() == '`' && db.back() == '`') db = db.substr(1, db.size() - 2);
      impl.database = std::string(db);
      continue;
    }
    if (StartsWithIgnoreCase(trimmed, "SET ") &&
        trimmed.find("timestamp=") != std::string_view::npos && impl.statement.empty()) {
      // "SET timestamp=1469038405;", "SET insert_id=34484549,timestamp=1197996507;"
      if (std::optional<int64_t> epoch = Parse<int64_t>(ValueAfter(trimmed, "timestamp="))) {
        impl.time = FromEpoch(static_cast<double>(*epoch), EpochUnit::kSeconds);
      }
      continue;
    }
    if (!header) break;  // the server's banner, before any entry
    if (!impl.statement.empty()) impl.statement.push_back('\n');
    impl.statement.append(line);
  }
  DecodeResult result;
  while (!impl.statement.empty() && impl.statement.back() == '\n') impl.statement.pop_back();
  if (!header || impl.statement.empty()) {
    // The banner, or an entry of headers alone (a `# administrator command`).
    if (!header && text.find(", Version: ") == std::string_view::npos &&
        !text.starts_with("Tcp port:") && !text.starts_with("Time ")) {
      return TextRejected(RejectReason::kWrongType,
                          "slow log: not an entry ('# Time:', '# User@Host:', '# Query_time:' "
                          "lines, then the statement)");
    }
    result.skipped = 1;
    return result;
  }
  QueryEvent event;
  event.time = impl.time;
  event.principal = impl.user;
  event.client = impl.client;
  event.session_id = impl.session;
  event.database = impl.database;
  event.statement = impl.statement;
  event.rows = rows;
  event.duration = duration;
  event.source = source;
  on_event(event);
  result.events = 1;
  return result;
}

}  // namespace leakhound
