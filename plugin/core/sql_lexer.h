// SqlLexer: splits a SQL statement of any dialect (PostgreSQL, MySQL/MariaDB, SQL Server,
// ANSI) into tokens, skipping whitespace and comments.
//
// It is built for hostile bytes: every step consumes at least one byte, nothing recurses,
// and unterminated strings or comments simply end at the end of the input. It never
// allocates; tokens are views into the statement.
//
// Dialect choices, made where dialects disagree:
// - '/* */' comments do not nest (MySQL); MySQL executable comments '/*! ... */' and
//   '/*!50001 ... */' are not comments: their content is lexed as SQL, because MySQL runs it.
// - A backslash escapes the next byte inside '...' strings (MySQL's default, PostgreSQL's E'').
// - '#' is an operator (PostgreSQL), not a MySQL comment: keeping the text cannot hide a read.
//
// Thread-safety: one object per thread; it holds a cursor.
#pragma once

#include <cstdint>
#include <string_view>

namespace leakhound {

enum class SqlTokenKind : uint8_t {
  kWord,              // unquoted keyword or identifier: SELECT, passengers, _x1, @@version
  kQuotedIdentifier,  // "Name", `name`, [name]
  kString,            // 'text', E'..', N'..', X'..', $$..$$, $tag$..$tag$
  kNumber,            // 42, 3.14, 1e9, 0x1f
  kParameter,         // $1, ?, :name, @var
  kPunctuation,       // ( ) , . ; * and operators such as = <= :: ||
  kEnd,
};

struct SqlToken {
  SqlTokenKind kind = SqlTokenKind::kEnd;
  std::string_view text;      // the raw bytes of the token, quotes included
  bool space_before = false;  // whitespace or a comment separated it from the previous token
};

class SqlLexer {
 public:
  explicit SqlLexer(std::string_view sql) : sql_(sql) {}

  // The next token; kEnd (with empty text) forever once the input is exhausted.
  SqlToken Next();

 private:
  // Skips whitespace and comments; returns whether it skipped anything.
  bool SkipSpaceAndComments();
  size_t ScanQuoted(size_t start, char close, bool backslash_escapes) const;
  size_t ScanDollarQuoted(size_t start) const;
  size_t ScanNumber(size_t start) const;
  size_t ScanWord(size_t start) const;

  std::string_view sql_;
  size_t pos_ = 0;
  bool in_executable_comment_ = false;
};

// Byte classes shared by the lexer and the analyzer.
bool IsSqlWordStart(unsigned char c);
bool IsSqlWordPart(unsigned char c);

}  // namespace leakhound
