// Keyed tokens: an operator's opt-in to link alerts by values they must not show. A token
// is HMAC-SHA-256 of the value under the operator's secret key, "tok:" and 32 hex digits
// (128 bits): the same e-mail address in two statements, or the same principal in two
// detections, gives the same token; without the key nobody can tell which value it was,
// nor test a guess. `leakhound token VALUE` gives an investigator the token to search for.
//
// What is tokenized is chosen by name: `literals` (every string and number literal of the
// statement, as MySQL and as PostgreSQL would read it) and the fields principal, client,
// application, session_id, database.
//
// The key never leaves this object: no accessor returns it, and nothing logs it.
//
// Thread-safety: immutable after Create; Token may be called from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace leakhound {

class KeyedTokens {
 public:
  static constexpr size_t kMinKeyBytes = 16;

  // `what` holds names from TokenizableNames(); `key` at least kMinKeyBytes bytes. Errors
  // name the bad entry and what to do.
  static Result<KeyedTokens> Create(const std::vector<std::string>& what, std::string key);

  // "tok:" + the first 16 bytes of HMAC-SHA-256(key, value), in hex.
  std::string Token(std::string_view value) const;

  bool literals() const { return literals_; }
  // Whether the named detection field (principal, client, ...) is tokenized.
  bool Tokenizes(std::string_view field) const;

 private:
  KeyedTokens() = default;

  std::string key_;
  bool literals_ = false;
  std::vector<std::string> fields_;
};

// literals, principal, client, application, session_id, database.
const std::vector<std::string>& TokenizableNames();

// The literal values of a statement, each once, in order of appearance, at most `max`:
// strings without their quotes and escapes ('O''Brien' -> O'Brien, E'a\'b' -> a'b,
// $$x$$ -> x), numbers as written, and double-quoted text outside name positions (a
// string to MySQL). Both the MySQL and the PostgreSQL reading contribute, as the
// analyzer reads an ambiguous statement both ways.
std::vector<std::string> StatementLiterals(std::string_view statement, size_t max = 32);

}  // namespace leakhound
