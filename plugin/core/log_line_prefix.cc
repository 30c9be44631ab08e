#include "core/log_line_prefix.h"

namespace leakhound {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiAlnum(char c) { return IsAsciiAlpha(c) || IsDigit(c); }

// The length of a timestamp at `pos` as %m and %t write it: "2023-02-03 20:29:44[.139]"
// and, when the server writes one, a space and the zone ("GMT", "EDT", "+02"); 0 if none.
size_t TimestampLength(std::string_view line, size_t pos) {
  static constexpr std::string_view kShape = "dddd-dd-dd dd:dd:dd";
  if (line.size() < pos + kShape.size()) return 0;
  for (size_t i = 0; i < kShape.size(); ++i) {
    const char c = line[pos + i];
    if (kShape[i] == 'd' ? !IsDigit(c) : c != kShape[i]) return 0;
  }
  size_t end = pos + kShape.size();
  if (end < line.size() && line[end] == '.') {
    ++end;
    while (end < line.size() && IsDigit(line[end])) ++end;
  }
  if (end + 1 < line.size() && line[end] == ' ' &&
      (IsAsciiAlpha(line[end + 1]) || line[end + 1] == '+' || line[end + 1] == '-')) {
    size_t zone = end + 1;
    while (zone < line.size() && (IsAsciiAlnum(line[zone]) || line[zone] == '+' ||
                                  line[zone] == '-' || line[zone] == ':')) {
      ++zone;
    }
    end = zone;
  }
  return end - pos;
}

}  // namespace

Result<LogLinePrefix> LogLinePrefix::Parse(std::string_view setting) {
  LogLinePrefix prefix;
  prefix.setting_ = std::string(setting);
  for (size_t i = 0; i < setting.size(); ++i) {
    char c = setting[i];
    if (c == '%') {
      if (i + 1 == setting.size()) {
        return InvalidArgument("log_line_prefix '" + std::string(setting) +
                               "' ends with a lone '%'");
      }
      c = setting[++i];
      // PostgreSQL allows a padding width between '%' and the escape (%-10u).
      bool padded = false;
      while ((c == '-' || IsDigit(c)) && i + 1 < setting.size()) {
        padded = true;
        c = setting[++i];
      }
      if (c != '%') {
        prefix.parts_.push_back({c, padded, ""});
        continue;
      }
    }
    if (prefix.parts_.empty() || prefix.parts_.back().escape != 0) prefix.parts_.push_back({});
    prefix.parts_.back().literal.push_back(c);
  }
  return prefix;
}

std::optional<size_t> LogLinePrefix::Match(std::string_view line, PrefixFields& fields) const {
  fields = PrefixFields{};
  return MatchFrom(line, 0, 0, fields);
}

std::optional<size_t> LogLinePrefix::MatchFrom(std::string_view line, size_t part, size_t pos,
                                               PrefixFields& fields) const {
  for (; part < parts_.size(); ++part) {
    const Part& current = parts_[part];
    if (current.escape == 0) {
      if (line.substr(pos, current.literal.size()) != current.literal) return std::nullopt;
      pos += current.literal.size();
      continue;
    }
    if (current.escape == 'q') {
      // A process without a session stops the prefix here.
      PrefixFields session = fields;
      if (std::optional<size_t> full = MatchFrom(line, part + 1, pos, session)) {
        fields = session;
        return full;
      }
      return pos;
    }
    size_t length = 0;
    if (current.escape == 'm' || current.escape == 't' || current.escape == 's') {
      length = TimestampLength(line, pos);
      if (length == 0) return std::nullopt;
    } else {
      // Up to the next literal (or a space for a value that cannot hold one).
      const bool spaces = current.escape == 'a';
      const std::string_view next = part + 1 < parts_.size() && parts_[part + 1].escape == 0
                                        ? parts_[part + 1].literal
                                        : std::string_view(" ");
      while (pos + length < line.size() && line.substr(pos + length, next.size()) != next &&
             (spaces || line[pos + length] != ' ')) {
        ++length;
      }
    }
    std::string_view value = line.substr(pos, length);
    if (current.padded) {
      // The width pads with spaces, on either side.
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      while (pos + length < line.size() && line[pos + length] == ' ' &&
             (part + 1 >= parts_.size() || parts_[part + 1].escape != 0 ||
              parts_[part + 1].literal.front() != ' ')) {
        ++length;
      }
    }
    switch (current.escape) {
      case 'm':
      case 't':
        fields.time = value;
        break;
      case 'n':
        fields.time = value;
        fields.epoch_time = true;
        break;
      case 'u':
        fields.user = value;
        break;
      case 'd':
        fields.database = value;
        break;
      case 'r':
      case 'h':
        fields.client = value;
        break;
      case 'a':
        fields.application = value;
        break;
      case 'c':
        fields.session_id = value;
        break;
      case 'p':
        fields.process_id = value;
        break;
      default:
        break;
    }
    pos += length;
  }
  return pos;
}

}  // namespace leakhound
