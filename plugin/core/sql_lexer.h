// SqlLexer: splits a SQL statement of any dialect (PostgreSQL, MySQL/MariaDB, SQL Server,
// ANSI) into tokens, skipping whitespace and comments.
//
// It is built for hostile bytes: every step consumes at least one byte, nothing recurses,
// and unterminated strings or comments simply end at the end of the input. It never
// allocates; tokens are views into the statement.
//
// Where dialects disagree, a SqlDialect says which reading to take: MySQL's (backslash
// escapes in strings, '#' comments, '-- ' comments only before whitespace, flat /* */) or
// PostgreSQL's (backslashes are plain in standard strings, '#' is an operator, '--' always
// starts a comment, /* */ nest). A statement read the wrong way can hide SQL inside what
// looks like a comment or a string, so the analyzer reads an ambiguous statement both ways.
// In both, MySQL executable comments ('/*! ... */', '/*!50001 ... */') are lexed as SQL,
// because MySQL runs them.
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

enum class SqlDialect : uint8_t { kMySql, kPostgres };

class SqlLexer {
 public:
  explicit SqlLexer(std::string_view sql, SqlDialect dialect = SqlDialect::kPostgres)
      : sql_(sql), mysql_(dialect == SqlDialect::kMySql) {}

  // The next token; kEnd (with empty text) forever once the input is exhausted.
  SqlToken Next();

 private:
  // Skips whitespace and comments; returns whether it skipped anything.
  bool SkipSpaceAndComments();
  size_t ScanQuoted(size_t start, char close, bool backslash_escapes) const;
  size_t FlatCommentEnd(size_t start) const;
  size_t NestedCommentEnd(size_t start) const;
  size_t ScanDollarQuoted(size_t start) const;
  size_t ScanNumber(size_t start) const;
  size_t ScanWord(size_t start) const;

  std::string_view sql_;
  size_t pos_ = 0;
  bool mysql_;
  bool in_executable_comment_ = false;
};

// Byte classes shared by the lexer and the analyzer.
bool IsSqlWordStart(unsigned char c);
bool IsSqlWordPart(unsigned char c);

}  // namespace leakhound
