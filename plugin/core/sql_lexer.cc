#include "core/sql_lexer.h"

#include <array>

namespace leakhound {
namespace {

enum : uint8_t { kSpace = 1, kWordStart = 2, kWordPart = 4, kDigit = 8 };

constexpr std::array<uint8_t, 256> MakeClasses() {
  std::array<uint8_t, 256> classes{};
  for (int c : {' ', '\t', '\n', '\r', '\f', '\v'}) classes[static_cast<size_t>(c)] = kSpace;
  for (int c = 'a'; c <= 'z'; ++c) classes[static_cast<size_t>(c)] = kWordStart | kWordPart;
  for (int c = 'A'; c <= 'Z'; ++c) classes[static_cast<size_t>(c)] = kWordStart | kWordPart;
  for (int c = 0x80; c <= 0xff; ++c) classes[static_cast<size_t>(c)] = kWordStart | kWordPart;
  classes['_'] = kWordStart | kWordPart;
  classes['$'] = kWordPart;
  for (int c = '0'; c <= '9'; ++c) classes[static_cast<size_t>(c)] = kWordPart | kDigit;
  return classes;
}

constexpr std::array<uint8_t, 256> kClasses = MakeClasses();

bool IsSpace(unsigned char c) { return (kClasses[c] & kSpace) != 0; }
bool IsDigit(unsigned char c) { return (kClasses[c] & kDigit) != 0; }
bool IsHexDigit(unsigned char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Length of the operator at the start of `rest`: ->> #>> :: <= >= <> != || -> #> => := << >>
// && @> <@ !~ ~*, or 1 for any other punctuation byte. Byte tests, not string compares:
// this runs for every punctuation token.
size_t OperatorLength(std::string_view rest) {
  const char c1 = rest.size() > 1 ? rest[1] : '\0';
  const char c2 = rest.size() > 2 ? rest[2] : '\0';
  switch (rest[0]) {
    case '-':
    case '#':
      return c1 == '>' ? (c2 == '>' ? 3 : 2) : 1;
    case ':':
      return c1 == ':' || c1 == '=' ? 2 : 1;
    case '<':
      return c1 == '=' || c1 == '>' || c1 == '<' || c1 == '@' ? 2 : 1;
    case '>':
      return c1 == '=' || c1 == '>' ? 2 : 1;
    case '!':
      return c1 == '=' || c1 == '~' ? 2 : 1;
    case '|':
      return c1 == '|' ? 2 : 1;
    case '=':
    case '@':
      return c1 == '>' ? 2 : 1;
    case '&':
      return c1 == '&' ? 2 : 1;
    case '~':
      return c1 == '*' ? 2 : 1;
    default:
      return 1;
  }
}

}  // namespace

bool IsSqlWordStart(unsigned char c) { return (kClasses[c] & kWordStart) != 0; }
bool IsSqlWordPart(unsigned char c) { return (kClasses[c] & kWordPart) != 0; }

bool SqlLexer::SkipSpaceAndComments() {
  const size_t start = pos_;
  const size_t n = sql_.size();
  while (pos_ < n) {
    const auto c = static_cast<unsigned char>(sql_[pos_]);
    if (IsSpace(c)) {  // the common case first
      ++pos_;
      continue;
    }
    if (c != '-' && c != '/' && c != '#' && c != '*') break;  // no comment can start here
    const unsigned char next = pos_ + 1 < n ? static_cast<unsigned char>(sql_[pos_ + 1]) : 0;
    // MySQL: "--" starts a comment only before whitespace ("1--1" is 1 - -1); '#' always.
    const bool dash_comment =
        c == '-' && next == '-' &&
        (!mysql_ || pos_ + 2 >= n || IsSpace(static_cast<unsigned char>(sql_[pos_ + 2])));
    if (dash_comment || (mysql_ && c == '#')) {
      const size_t newline = sql_.find('\n', pos_ + 1);
      pos_ = newline == std::string_view::npos ? n : newline + 1;
    } else if (c == '/' && next == '*') {
      if (pos_ + 2 < n && sql_[pos_ + 2] == '!') {
        // MySQL executable comment: drop the marker and optional version, lex the rest.
        pos_ += 3;
        while (pos_ < n && IsDigit(static_cast<unsigned char>(sql_[pos_]))) ++pos_;
        in_executable_comment_ = true;
        continue;
      }
      pos_ = mysql_ ? FlatCommentEnd(pos_) : NestedCommentEnd(pos_);
    } else if (c == '*' && in_executable_comment_ && next == '/') {
      pos_ += 2;
      in_executable_comment_ = false;
    } else {
      break;
    }
  }
  return pos_ != start;
}

size_t SqlLexer::FlatCommentEnd(size_t start) const {
  const size_t close = sql_.find("*/", start + 2);
  return close == std::string_view::npos ? sql_.size() : close + 2;
}

size_t SqlLexer::NestedCommentEnd(size_t start) const {
  // PostgreSQL: /* a /* b */ c */ is one comment. A loop with a counter, not recursion.
  size_t depth = 1;
  size_t i = start + 2;
  const size_t n = sql_.size();
  while (i + 1 < n) {
    if (sql_[i] == '/' && sql_[i + 1] == '*') {
      ++depth;
      i += 2;
    } else if (sql_[i] == '*' && sql_[i + 1] == '/') {
      i += 2;
      if (--depth == 0) return i;
    } else {
      ++i;
    }
  }
  return n;
}

size_t SqlLexer::ScanQuoted(size_t start, char close, bool backslash_escapes) const {
  size_t i = start + 1;
  const size_t n = sql_.size();
  while (i < n) {
    const char c = sql_[i];
    if (backslash_escapes && c == '\\') {
      i += 2;
    } else if (c == close) {
      if (i + 1 < n && sql_[i + 1] == close && close != ']') {
        i += 2;  // doubled quote
      } else {
        return i + 1;
      }
    } else {
      ++i;
    }
  }
  return n;  // unterminated: the rest of the input
}

size_t SqlLexer::ScanDollarQuoted(size_t start) const {
  // $tag$ ... $tag$ where tag is empty or a word; otherwise not a dollar quote.
  size_t i = start + 1;
  const size_t n = sql_.size();
  while (i < n && IsSqlWordPart(static_cast<unsigned char>(sql_[i])) && sql_[i] != '$') ++i;
  if (i >= n || sql_[i] != '$') return start;
  if (i > start + 1 && IsDigit(static_cast<unsigned char>(sql_[start + 1]))) return start;  // $1
  const std::string_view tag = sql_.substr(start, i - start + 1);
  const size_t close = sql_.find(tag, i + 1);
  return close == std::string_view::npos ? n : close + tag.size();
}

size_t SqlLexer::ScanNumber(size_t start) const {
  size_t i = start;
  const size_t n = sql_.size();
  if (sql_[i] == '0' && i + 1 < n && (sql_[i + 1] == 'x' || sql_[i + 1] == 'X')) {
    i += 2;
    while (i < n && IsHexDigit(static_cast<unsigned char>(sql_[i]))) ++i;
    return i;
  }
  while (i < n && (IsDigit(static_cast<unsigned char>(sql_[i])) || sql_[i] == '_')) ++i;
  if (i < n && sql_[i] == '.') {
    ++i;
    while (i < n && IsDigit(static_cast<unsigned char>(sql_[i]))) ++i;
  }
  if (i < n && (sql_[i] == 'e' || sql_[i] == 'E')) {
    size_t j = i + 1;
    if (j < n && (sql_[j] == '+' || sql_[j] == '-')) ++j;
    if (j < n && IsDigit(static_cast<unsigned char>(sql_[j]))) {
      i = j;
      while (i < n && IsDigit(static_cast<unsigned char>(sql_[i]))) ++i;
    }
  }
  return i;
}

size_t SqlLexer::ScanWord(size_t start) const {
  size_t i = start + 1;
  const size_t n = sql_.size();
  while (i < n && IsSqlWordPart(static_cast<unsigned char>(sql_[i]))) ++i;
  return i;
}

SqlToken SqlLexer::Next() {
  SqlToken token;
  const size_t n = sql_.size();
  // Most tokens follow one space or none: settle those without the general skipper.
  if (pos_ < n && sql_[pos_] == ' ') {
    ++pos_;
    token.space_before = true;
  }
  if (pos_ < n) {
    const auto c = static_cast<unsigned char>(sql_[pos_]);
    if (IsSpace(c) || c == '-' || c == '/' || c == '#' || c == '*') {
      token.space_before = SkipSpaceAndComments() || token.space_before;
    }
  }
  if (pos_ >= n) {
    pos_ = n;
    token.kind = SqlTokenKind::kEnd;
    return token;
  }
  const size_t start = pos_;
  const auto c = static_cast<unsigned char>(sql_[start]);
  const unsigned char next = start + 1 < n ? static_cast<unsigned char>(sql_[start + 1]) : 0;
  size_t end = start + 1;
  SqlTokenKind kind = SqlTokenKind::kPunctuation;

  if (c == '\'') {
    kind = SqlTokenKind::kString;
    // PostgreSQL's standard strings treat '\' as a plain byte; E'' strings below escape.
    end = ScanQuoted(start, '\'', /*backslash_escapes=*/mysql_);
  } else if (IsSqlWordStart(c)) {
    // String prefixes: E'', N'', X'', B'', U&''.
    const char lower = static_cast<char>(c | 0x20);
    if (next == '\'' && (lower == 'e' || lower == 'n' || lower == 'x' || lower == 'b')) {
      kind = SqlTokenKind::kString;
      end = ScanQuoted(start + 1, '\'', lower == 'e' || mysql_);  // E'' always escapes
    } else if (lower == 'u' && next == '&' && start + 2 < n && sql_[start + 2] == '\'') {
      kind = SqlTokenKind::kString;
      end = ScanQuoted(start + 2, '\'', false);  // U&'': '\' starts a code point, not a quote
    } else {
      kind = SqlTokenKind::kWord;
      end = ScanWord(start);
    }
  } else if (IsDigit(c) || (c == '.' && IsDigit(next))) {
    kind = SqlTokenKind::kNumber;
    end = ScanNumber(start);
  } else if (c == '"') {
    kind = SqlTokenKind::kQuotedIdentifier;
    end = ScanQuoted(start, '"', false);
  } else if (c == '`') {
    kind = SqlTokenKind::kQuotedIdentifier;
    end = ScanQuoted(start, '`', false);
  } else if (c == '[' && IsSqlWordStart(next)) {
    // [name] is a SQL Server identifier only when it closes before any operator; a subscript
    // such as arr[i+1] stays punctuation.
    size_t i = start + 1;
    while (i < n && (IsSqlWordPart(static_cast<unsigned char>(sql_[i])) || sql_[i] == ' ')) ++i;
    if (i < n && sql_[i] == ']') {
      kind = SqlTokenKind::kQuotedIdentifier;
      end = i + 1;
    }
  } else if (c == '$') {
    const size_t dollar_end = ScanDollarQuoted(start);
    if (dollar_end != start) {
      kind = SqlTokenKind::kString;
      end = dollar_end;
    } else if (IsDigit(next)) {
      kind = SqlTokenKind::kParameter;
      end = start + 1;
      while (end < n && IsDigit(static_cast<unsigned char>(sql_[end]))) ++end;
    }
  } else if (c == '?') {
    kind = SqlTokenKind::kParameter;
  } else if (c == ':' && IsSqlWordStart(next)) {
    kind = SqlTokenKind::kParameter;
    end = ScanWord(start + 1);
  } else if (c == '@' && (IsSqlWordStart(next) || next == '@')) {
    // @@version, @@session.sql_mode: server settings, read like names. @var: a value the
    // client binds or sets (SQL Server parameters, MySQL user variables), masked like $1.
    kind = next == '@' ? SqlTokenKind::kWord : SqlTokenKind::kParameter;
    end = start + 1;
    if (next == '@') ++end;
    while (end < n && IsSqlWordPart(static_cast<unsigned char>(sql_[end]))) ++end;
  } else {
    end = start + OperatorLength(sql_.substr(start));
  }
  if (end <= start) end = start + 1;  // every token consumes at least one byte
  pos_ = end;
  token.kind = kind;
  token.text = sql_.substr(start, end - start);
  return token;
}

}  // namespace leakhound
