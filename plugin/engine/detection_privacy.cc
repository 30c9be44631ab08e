#include "engine/detection_privacy.h"

namespace leakhound {

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
  for (const auto& [name, value] : fields) {
    if (!tokens.Tokenizes(name)) continue;
    if (!value->empty()) *value = tokens.Token(*value);
    for (PredicateEvidence& predicate : detection.predicates) {
      if (predicate.field == name && !predicate.actual.empty()) {
        predicate.actual = tokens.Token(predicate.actual);
      }
    }
    if (detection.threshold) {
      for (auto& [field, group_value] : detection.threshold->group) {
        if (field == name) group_value = tokens.Token(group_value);
      }
    }
  }
}

}  // namespace leakhound
