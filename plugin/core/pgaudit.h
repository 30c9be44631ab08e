// pgaudit's log message, as PostgreSQL writes it into every log destination (the message
// field of jsonlog and csvlog, the text after the prefix of stderr lines):
//
//   AUDIT: SESSION,1,1,READ,SELECT,TABLE,public.account,"select * from account",<not logged>[,ROWS]
//
// AUDIT_TYPE, STATEMENT_ID, SUBSTATEMENT_ID, CLASS, COMMAND, OBJECT_TYPE, OBJECT_NAME,
// STATEMENT, PARAMETER and, with pgaudit.log_rows=on, ROWS: one CSV row, whose quoted
// fields may span lines and double their quotes. The text before "AUDIT: " (a severity
// such as "NOTICE:  " in client messages) is skipped.
//
// Thread-safety: a parser owns the buffer that unquoted fields are written to; one per
// thread. The views of an entry point into the message or that buffer, and are valid until
// the next Parse().
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace leakhound {

struct PgauditEntry {
  std::string_view audit_type;  // SESSION or OBJECT
  int64_t statement_id = 0;
  int64_t substatement_id = 0;
  std::string_view audit_class;  // READ, WRITE, FUNCTION, ROLE, DDL, MISC, MISC_SET
  std::string_view command;      // SELECT, INSERT, COPY, ...
  std::string_view object_type;  // TABLE, VIEW, ... (empty in most SESSION entries)
  std::string_view object_name;  // schema.table, when the entry names one
  std::string_view statement;    // empty when pgaudit logged it earlier (<previously logged>)
  std::string_view parameter;
  std::optional<int64_t> rows;  // with pgaudit.log_rows=on
  // The statement was logged with an earlier substatement of the same statement: this
  // entry only names one more object it touched.
  bool previously_logged = false;
};

// PostgreSQL's own statement logging (log_statement, log_min_duration_statement):
//
//   statement: select ...
//   duration: 148.472 ms  statement: select ...
//   execute <unnamed>: select ...          (extended protocol; also after a duration)
//
// "parse" and "bind" messages of the extended protocol are not executions: not read.
struct StatementMessage {
  std::string_view statement;
  std::optional<std::chrono::microseconds> duration;
};
std::optional<StatementMessage> ParseStatementMessage(std::string_view message);

class PgauditParser {
 public:
  // The entry in `message`, or nullopt with `error` set when it holds an AUDIT: line that
  // is malformed; nullopt with `error` empty when it is not a pgaudit message at all.
  std::optional<PgauditEntry> Parse(std::string_view message, std::string& error);

 private:
  std::string unquoted_;
};

}  // namespace leakhound
