#include "engine/detection_privacy.h"

#include "core/ascii.h"
#include "core/ip_network.h"
#include "core/sql_lexer.h"

namespace leakhound {
namespace {

bool AppearsAsName(std::string_view name, std::string_view fingerprint) {
  if (name.empty()) return false;
  for (size_t at = fingerprint.find(name); at != std::string_view::npos;
       at = fingerprint.find(name, at + 1)) {
    const size_t end = at + name.size();
    const bool starts = at == 0 || !IsSqlWordPart(static_cast<unsigned char>(fingerprint[at - 1]));
    const bool ends =
        end == fingerprint.size() || !IsSqlWordPart(static_cast<unsigned char>(fingerprint[end]));
    if (starts && ends) return true;
  }
  return false;
}

// An operand as the rule wrote it, tokenized like the values it is compared with: "alice",
// or each element of an inline list "[alice, bob]"; a list's name (service_accounts) stays.
std::string TokenizeOperand(const KeyedTokens& tokens, std::string_view written,
                            std::string_view op) {
  if (op == "equals" || op == "not_equals") return tokens.Token(written);
  if (written.size() < 2 || written.front() != '[' || written.back() != ']') {
    return std::string(written);
  }
  std::string out = "[";
  std::string_view rest = written.substr(1, written.size() - 2);
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    const std::string_view item = TrimAsciiWhitespace(rest.substr(0, comma));
    if (out.size() > 1) out += ", ";
    out += tokens.Token(item);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return out + "]";
}

}  // namespace

std::string NamesShownByFingerprint(std::string_view names, std::string_view fingerprint) {
  std::string out;
  if (names.empty()) return out;
  while (true) {
    const size_t comma = names.find(',');
    const std::string_view name = names.substr(0, comma);
    if (!out.empty()) out += ',';
    out += AppearsAsName(name, fingerprint) ? std::string(name) : std::string("?");
    if (comma == std::string_view::npos) break;
    names.remove_prefix(comma + 1);
  }
  return out;
}

void ApplyKeyedTokens(const KeyedTokens& tokens, std::string_view statement, Detection& detection) {
  if (tokens.literals()) {
    for (const std::string& literal : StatementLiterals(statement)) {
      detection.literal_tokens.push_back(tokens.Token(literal));
    }
  }
  const std::pair<std::string_view, std::string*> fields[] = {
      {"principal", &detection.principal},     {"client", &detection.client},
      {"application", &detection.application}, {"session_id", &detection.session_id},
      {"database", &detection.database},
  };
  // A client is tokenized by its address, as thresholds group it: a new source port must
  // not make a new token, and `leakhound token 10.1.2.3` must find it.
  const auto token_of = [&](std::string_view name, std::string_view value) {
    return tokens.Token(name == "client" ? AddressHost(value) : value);
  };
  for (const auto& [name, value] : fields) {
    if (!tokens.Tokenizes(name)) continue;
    if (!value->empty()) *value = token_of(name, *value);
    for (PredicateEvidence& predicate : detection.predicates) {
      if (predicate.field != name) continue;
      if (!predicate.actual.empty()) predicate.actual = token_of(name, predicate.actual);
      predicate.expected = TokenizeOperand(tokens, predicate.expected, predicate.op);
    }
    if (detection.threshold) {
      for (auto& [field, group_value] : detection.threshold->group) {
        if (field == name) group_value = token_of(name, group_value);
      }
    }
  }
}

}  // namespace leakhound
