#include "core/csv_row.h"

namespace leakhound {
namespace {

char Unescaped(char c) {
  switch (c) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    default:
      return c;
  }
}

}  // namespace

bool CsvRowParser::Parse(std::string_view record, std::string& error) {
  fields_.clear();
  unterminated_quote_ = false;
  error.clear();
  // Sized once, so that views into it stay valid while later fields are appended.
  unquoted_.clear();
  unquoted_.reserve(record.size());
  const char delimiter = options_.delimiter;
  const char quote = options_.quote;
  size_t pos = 0;
  for (;;) {
    if (fields_.size() + 1 == options_.max_fields) {
      fields_.push_back(record.substr(pos));
      return true;
    }
    if (pos < record.size() && record[pos] == quote) {
      const size_t start = unquoted_.size();
      size_t i = pos + 1;
      bool closed = false;
      while (i < record.size()) {
        const char c = record[i];
        if (options_.backslash_escapes && c == '\\' && i + 1 < record.size()) {
          unquoted_.push_back(Unescaped(record[i + 1]));
          i += 2;
        } else if (c == quote) {
          if (i + 1 < record.size() && record[i + 1] == quote) {
            unquoted_.push_back(quote);
            i += 2;
            continue;
          }
          closed = true;
          ++i;
          break;
        } else {
          unquoted_.push_back(c);
          ++i;
        }
      }
      if (!closed) {
        unterminated_quote_ = true;
        error = "field " + std::to_string(fields_.size() + 1) +
                " opens a quote that the record never closes (the record may be cut short)";
        return false;
      }
      fields_.emplace_back(unquoted_.data() + start, unquoted_.size() - start);
      pos = i;
      if (pos < record.size() && record[pos] != delimiter) {
        error = "field " + std::to_string(fields_.size()) +
                ": text after the closing quote where a delimiter should be";
        return false;
      }
    } else {
      const size_t end = record.find(delimiter, pos);
      fields_.push_back(record.substr(pos, end == std::string_view::npos ? end : end - pos));
      pos = end == std::string_view::npos ? record.size() : end;
    }
    if (pos >= record.size()) return true;
    ++pos;  // the delimiter
    if (pos == record.size()) {
      fields_.emplace_back();  // "a,b," ends with an empty field
      return true;
    }
  }
}

}  // namespace leakhound
