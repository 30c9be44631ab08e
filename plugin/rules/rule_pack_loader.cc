#include "rules/rule_pack_loader.h"

#include <map>

#include "rules/catalog_loader.h"
#include "rules/list_loader.h"
#include "rules/rule_parser.h"
#include "rules/yaml_documents.h"
#include "rules/yaml_reader.h"

namespace leakhound {

LoadedRulePack LoadRulePack(const RulePackSource& source, TimePoint now) {
  LoadedRulePack loaded;
  loaded.rules = std::make_shared<RuleSet>();
  RuleSet& rules = *loaded.rules;
  Diagnostics& diagnostics = loaded.diagnostics;
  rules.origin = source.origin;

  for (const PackFile& file : source.lists) {
    std::shared_ptr<NamedList> list = LoadNamedList(file, diagnostics);
    if (rules.lists.count(list->name()) != 0) {
      diagnostics.Error({file.path, 1, 1}, "",
                        "a list named '" + list->name() + "' already exists");
      continue;
    }
    rules.lists.emplace(list->name(), std::move(list));
  }
  if (source.catalog) LoadPiiCatalog(*source.catalog, rules.catalog, diagnostics);

  const RuleParseContext context{rules.lists, now};
  std::map<std::string, SourceLocation> first_seen;
  for (const PackFile& file : source.rules) {
    const std::optional<std::vector<YAML::Node>> documents =
        ReadYamlDocuments(file.path, file.content, diagnostics);
    if (!documents) continue;
    for (const YAML::Node& document : *documents) {
      if (document.IsNull()) continue;  // an empty document between '---' lines
      YamlReader reader(file.path, diagnostics);
      std::optional<Rule> rule = ParseRule(document, reader, context, rules.patterns);
      if (!rule) continue;
      const auto [it, inserted] = first_seen.emplace(rule->id(), rule->location);
      if (!inserted) {
        const SourceLocation& first = it->second;
        diagnostics.Error(reader.Location(document["id"]), rule->id(),
                          "duplicate rule id; first defined at " + first.file + ":" +
                              std::to_string(first.line) + ":" + std::to_string(first.column));
        continue;
      }
      rules.rules.push_back(std::move(*rule));
    }
  }
  return loaded;
}

}  // namespace leakhound
