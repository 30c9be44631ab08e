#include "core/keyed_token.h"

#include <algorithm>

#include "core/ascii.h"
#include "core/sha256.h"
#include "core/sql_lexer.h"

namespace leakhound {
namespace {

// A string token's value: quotes, prefixes (E, N, B, X, U&) and escapes removed.
std::string StringValue(std::string_view text, bool backslash_escapes) {
  if (!text.empty() && text.front() == '$') {  // $tag$...$tag$
    const size_t open = text.find('$', 1);
    if (open == std::string_view::npos) return std::string(text);
    const std::string_view tag = text.substr(0, open + 1);
    std::string_view body = text.substr(open + 1);
    if (body.size() >= tag.size() && body.substr(body.size() - tag.size()) == tag) {
      body.remove_suffix(tag.size());
    }
    return std::string(body);
  }
  const size_t quote = text.find_first_of("'\"");
  if (quote == std::string_view::npos) return std::string(text);
  const char mark = text[quote];
  const bool escapes = backslash_escapes || (quote > 0 && (text[0] == 'e' || text[0] == 'E'));
  std::string_view body = text.substr(quote + 1);
  if (!body.empty() && body.back() == mark) body.remove_suffix(1);
  std::string value;
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] == mark && i + 1 < body.size() && body[i + 1] == mark) {
      value += mark;
      ++i;
    } else if (escapes && body[i] == '\\' && i + 1 < body.size()) {
      value += body[++i];
    } else {
      value += body[i];
    }
  }
  return value;
}

bool IsNamePosition(std::string_view previous, std::string_view next) {
  static constexpr std::string_view kBeforeNames[] = {"from",  "join", "into", "update",
                                                      "table", "copy", "as",   "."};
  if (next == ".") return true;
  return std::any_of(std::begin(kBeforeNames), std::end(kBeforeNames),
                     [&](std::string_view word) { return EqualsIgnoreCase(previous, word); });
}

void CollectLiterals(std::string_view statement, SqlDialect dialect, size_t max,
                     std::vector<std::string>& out) {
  SqlLexer lexer(statement, dialect);
  std::string_view previous;
  SqlToken token = lexer.Next();
  while (token.kind != SqlTokenKind::kEnd && out.size() < max) {
    const SqlToken next = lexer.Next();
    std::string value;
    bool literal = false;
    if (token.kind == SqlTokenKind::kString) {
      value = StringValue(token.text, dialect == SqlDialect::kMySql);
      literal = true;
    } else if (token.kind == SqlTokenKind::kNumber) {
      value = std::string(token.text);
      literal = true;
    } else if (token.kind == SqlTokenKind::kQuotedIdentifier && token.text.front() == '"' &&
               !IsNamePosition(previous, next.text)) {
      value = StringValue(token.text, dialect == SqlDialect::kMySql);
      literal = true;
    }
    if (literal && std::find(out.begin(), out.end(), value) == out.end()) {
      out.push_back(std::move(value));
    }
    previous = token.text;
    token = next;
  }
}

}  // namespace

const std::vector<std::string>& TokenizableNames() {
  static const std::vector<std::string> kNames = {"literals",    "principal",  "client",
                                                  "application", "session_id", "database"};
  return kNames;
}

Result<KeyedTokens> KeyedTokens::Create(const std::vector<std::string>& what, std::string key) {
  if (key.size() < kMinKeyBytes) {
    return InvalidArgument("the token key is " + std::to_string(key.size()) +
                           " bytes; it needs at least " + std::to_string(kMinKeyBytes) +
                           " (e.g. head -c 32 /dev/urandom | base64 > token.key)");
  }
  KeyedTokens tokens;
  for (const std::string& name : what) {
    const std::vector<std::string>& names = TokenizableNames();
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      return InvalidArgument("cannot tokenize '" + name +
                             "': choose from literals, principal, client, application, "
                             "session_id, database");
    }
    if (name == "literals") {
      tokens.literals_ = true;
    } else if (!tokens.Tokenizes(name)) {
      tokens.fields_.push_back(name);
    }
  }
  tokens.key_ = std::move(key);
  return tokens;
}

std::string KeyedTokens::Token(std::string_view value) const {
  return "tok:" + ToHex(HmacSha256(key_, value), 16);
}

bool KeyedTokens::Tokenizes(std::string_view field) const {
  return std::find(fields_.begin(), fields_.end(), field) != fields_.end();
}

std::vector<std::string> StatementLiterals(std::string_view statement, size_t max) {
  std::vector<std::string> literals;
  CollectLiterals(statement, SqlDialect::kPostgres, max, literals);
  CollectLiterals(statement, SqlDialect::kMySql, max, literals);
  return literals;
}

}  // namespace leakhound
