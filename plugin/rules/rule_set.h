// RuleSet: a loaded rule pack: the rules, every pattern they use, the PII catalog and the
// named lists. Immutable once loaded, and shared between worker threads as
// std::shared_ptr<const RuleSet>; a reload builds a new one beside it.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/named_list.h"
#include "core/pii_catalog.h"
#include "rules/rule.h"

namespace leakhound {

struct RuleSet {
  std::vector<Rule> rules;
  std::vector<Pattern> patterns;  // index = pattern id
  PiiCatalog catalog;
  std::map<std::string, std::shared_ptr<const NamedList>, std::less<>> lists;
  std::string origin;  // the directory or "embedded"

  const Rule* FindRule(std::string_view id) const {
    for (const Rule& rule : rules) {
      if (rule.id() == id) return &rule;
    }
    return nullptr;
  }
};

}  // namespace leakhound
