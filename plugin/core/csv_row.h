// CsvRowParser: one CSV record (RFC 4180 as PostgreSQL's csvlog and MariaDB's server_audit
// write it) split into fields. A quoted field may hold the delimiter and line breaks; its
// quote is escaped by doubling it ("a ""b""") or, for MariaDB, by a backslash ('it\'s').
//
// Thread-safety: a parser owns the buffer that unquoted fields are written to; one per
// thread. Fields point into the record or that buffer, valid until the next Parse().
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace leakhound {

class CsvRowParser {
 public:
  struct Options {
    char delimiter = ',';
    char quote = '"';
    bool backslash_escapes = false;  // \' \" \\ \n inside quotes (MariaDB server_audit)
    // Fields after this many are left in the last one, unsplit (MariaDB's object field
    // is the rest of the line).
    size_t max_fields = 64;
  };

  explicit CsvRowParser(Options options) : options_(options) {}

  // Splits `record` (one record, without its final line break) into fields; false with
  // `error` set when a quoted field is not closed or text follows a closing quote.
  // `unterminated_quote` tells the two apart: a record cut short ends inside a quote.
  bool Parse(std::string_view record, std::string& error);

  const std::vector<std::string_view>& fields() const { return fields_; }
  bool unterminated_quote() const { return unterminated_quote_; }

 private:
  Options options_;
  std::vector<std::string_view> fields_;
  std::string unquoted_;
  bool unterminated_quote_ = false;
};

}  // namespace leakhound
