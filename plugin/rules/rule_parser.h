// Parses one rule document (the YAML format of rules/README.md, described by
// schemas/rule.schema.json) into a Rule, reporting every problem with its position.
#pragma once

#include <optional>
#include <vector>

#include "rules/predicate_parser.h"
#include "rules/rule.h"
#include "rules/yaml_reader.h"

namespace leakhound {

struct RuleParseContext {
  const NamedLists& lists;
  TimePoint now;  // to warn about expired exceptions
};

// Returns the rule if it has an id (even with errors elsewhere, so that duplicate ids are
// still found); the caller discards the pack if the diagnostics hold errors. Patterns are
// appended to `patterns` and referenced by index.
std::optional<Rule> ParseRule(const YAML::Node& document, YamlReader& reader,
                              const RuleParseContext& context, std::vector<Pattern>& patterns);

}  // namespace leakhound
