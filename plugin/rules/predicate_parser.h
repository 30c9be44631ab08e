// Parses the `where:` predicates of a rule (and the field tuples of its exceptions):
//
//   principal: alice                    equality (wildcards allowed)
//   principal: [alice, bob]             membership in an inline list
//   principal: {not_in: service_accounts}  membership in a named list (rules/lists/)
//   rows: {gte: 10000, lt: 1000000}     numeric comparisons, ANDed
//   hour: {between: [22, 5]}            inclusive range; hours may wrap midnight
//   client: {not_in: [10.0.0.0/8]}      CIDR blocks for addresses
//   pii_table: true                     booleans
//   limit: {exists: false}              presence
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/named_list.h"
#include "rules/rule.h"
#include "rules/yaml_reader.h"

namespace leakhound {

using NamedLists = std::map<std::string, std::shared_ptr<const NamedList>, std::less<>>;

class PredicateParser {
 public:
  PredicateParser(YamlReader& reader, const NamedLists& lists) : reader_(reader), lists_(lists) {}

  // Parses `key: spec` and appends the predicates it states to `out`; errors are reported
  // to the reader and the faulty predicates left out.
  void Parse(const YAML::Node& key, const YAML::Node& spec, std::vector<Predicate>& out);

 private:
  void ParseOperator(Field field, const std::string& op, const YAML::Node& op_key,
                     const YAML::Node& operand, std::vector<Predicate>& out);
  std::shared_ptr<const NamedList> InlineSet(Field field, const YAML::Node& values);
  std::shared_ptr<const NamedList> NamedSet(const YAML::Node& name);
  std::optional<double> FieldNumber(Field field, const YAML::Node& node);

  YamlReader& reader_;
  const NamedLists& lists_;
};

}  // namespace leakhound
