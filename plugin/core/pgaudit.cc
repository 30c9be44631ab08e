#include "core/pgaudit.h"

#include <array>
#include <charconv>

#include "core/time.h"

namespace leakhound {
namespace {

constexpr std::string_view kMarker = "AUDIT: ";
constexpr size_t kRequiredFields = 9;
constexpr size_t kMaxFields = 10;
constexpr std::string_view kPreviouslyLogged = "<previously logged>";

bool ParseInteger(std::string_view text, int64_t& value) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::optional<PgauditEntry> PgauditParser::Parse(std::string_view message, std::string& error) {
  error.clear();
  const size_t marker = message.find(kMarker);
  if (marker == std::string_view::npos) return std::nullopt;
  std::string_view rest = message.substr(marker + kMarker.size());
  // Trailing line ends belong to the log line, not to the last field.
  while (!rest.empty() && (rest.back() == '\n' || rest.back() == '\r')) rest.remove_suffix(1);

  // Every unquoted field is copied to unquoted_ only when it has doubled quotes; sized
  // first, so that the views taken into it stay valid while it is filled.
  unquoted_.clear();
  unquoted_.reserve(rest.size());
  // At most ten fields (ROWS is the last pgaudit writes): a fixed array, as this runs for
  // every audited statement.
  std::array<std::string_view, kMaxFields> fields;
  size_t count = 0;
  size_t pos = 0;
  for (;;) {
    if (pos < rest.size() && rest[pos] == '"') {
      // A quoted field: up to the quote that is not doubled.
      const size_t start = unquoted_.size();
      size_t i = pos + 1;
      bool closed = false;
      while (i < rest.size()) {
        if (rest[i] == '"') {
          if (i + 1 < rest.size() && rest[i + 1] == '"') {
            unquoted_.push_back('"');
            i += 2;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        unquoted_.push_back(rest[i++]);
      }
      if (!closed) {
        error = "pgaudit: a quoted field has no closing quote (the line may be truncated)";
        return std::nullopt;
      }
      fields[count++] = std::string_view(unquoted_.data() + start, unquoted_.size() - start);
      pos = i;
    } else {
      const size_t comma = rest.find(',', pos);
      const size_t end = comma == std::string_view::npos ? rest.size() : comma;
      fields[count++] = rest.substr(pos, end - pos);
      pos = end;
    }
    if (pos >= rest.size()) break;
    if (rest[pos] != ',') {
      error = "pgaudit: text after a quoted field where a ',' should be";
      return std::nullopt;
    }
    ++pos;
    if (count == kMaxFields) break;
  }
  if (count < kRequiredFields) {
    error = "pgaudit: " + std::to_string(count) + " fields where at least " +
            std::to_string(kRequiredFields) +
            " are (AUDIT_TYPE,STATEMENT_ID,SUBSTATEMENT_ID,CLASS,COMMAND,OBJECT_TYPE,"
            "OBJECT_NAME,STATEMENT,PARAMETER)";
    return std::nullopt;
  }
  PgauditEntry entry;
  entry.audit_type = fields[0];
  if (!ParseInteger(fields[1], entry.statement_id) ||
      !ParseInteger(fields[2], entry.substatement_id)) {
    error = "pgaudit: STATEMENT_ID and SUBSTATEMENT_ID must be integers";
    return std::nullopt;
  }
  entry.audit_class = fields[3];
  entry.command = fields[4];
  entry.object_type = fields[5];
  entry.object_name = fields[6];
  entry.previously_logged = fields[7] == kPreviouslyLogged;
  if (!entry.previously_logged) entry.statement = fields[7];
  entry.parameter = fields[8];
  if (count == kMaxFields) {
    int64_t rows = 0;
    if (!ParseInteger(fields[9], rows)) {
      error = "pgaudit: ROWS must be an integer";
      return std::nullopt;
    }
    entry.rows = rows;
  }
  return entry;
}

std::optional<StatementMessage> ParseStatementMessage(std::string_view message) {
  StatementMessage parsed;
  constexpr std::string_view kDuration = "duration: ";
  if (message.substr(0, kDuration.size()) == kDuration) {
    message.remove_prefix(kDuration.size());
    double millis = 0;
    const auto [end, error] =
        std::from_chars(message.data(), message.data() + message.size(), millis);
    const size_t used = static_cast<size_t>(end - message.data());
    if (error != std::errc() || message.substr(used, 5) != " ms  ") return std::nullopt;
    parsed.duration = DurationFromSeconds(millis / 1000);
    message.remove_prefix(used + 5);
  }
  constexpr std::string_view kStatement = "statement: ";
  constexpr std::string_view kExecute = "execute ";
  if (message.substr(0, kStatement.size()) == kStatement) {
    parsed.statement = message.substr(kStatement.size());
  } else if (message.substr(0, kExecute.size()) == kExecute) {
    const size_t colon = message.find(": ");
    if (colon == std::string_view::npos) return std::nullopt;
    parsed.statement = message.substr(colon + 2);
  } else {
    return std::nullopt;
  }
  while (!parsed.statement.empty() &&
         (parsed.statement.back() == '\n' || parsed.statement.back() == '\r')) {
    parsed.statement.remove_suffix(1);
  }
  if (parsed.statement.empty()) return std::nullopt;
  return parsed;
}

}  // namespace leakhound
