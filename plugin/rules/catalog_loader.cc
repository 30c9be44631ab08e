#include "rules/catalog_loader.h"

#include <map>

#include "core/ascii.h"
#include "core/spelling.h"
#include "rules/yaml_documents.h"
#include "rules/yaml_reader.h"

namespace leakhound {
namespace {

constexpr std::string_view kTopKeys[] = {"categories", "tables"};
constexpr std::string_view kCategoryKeys[] = {"weight", "description"};
constexpr std::string_view kTableKeys[] = {"table", "description", "columns"};
constexpr std::string_view kColumnKeys[] = {"category", "weight"};

}  // namespace

void LoadPiiCatalog(const PackFile& file, PiiCatalog& catalog, Diagnostics& diagnostics) {
  YamlReader reader(file.path, diagnostics);
  const std::optional<YAML::Node> document = ReadYamlDocument(file.path, file.content, diagnostics);
  if (!document) return;
  const YAML::Node& root = *document;
  if (root.IsNull()) return;
  if (!reader.ExpectMap(root, "the catalog")) return;
  reader.CheckKeys(root, kTopKeys, "the catalog");

  std::map<std::string, double, std::less<>> weights;
  std::vector<std::string_view> category_names;
  const YAML::Node categories = root["categories"];
  if (categories && reader.ExpectMap(categories, "categories")) {
    for (const auto& entry : categories) {
      const std::string name = AsciiLowercase(KeyText(entry.first));
      double weight = 1;
      if (entry.second.IsMap()) {
        reader.CheckKeys(entry.second, kCategoryKeys, "category '" + name + "'");
        if (const YAML::Node w = entry.second["weight"]) {
          weight = reader.Number(w, "a category weight").value_or(1);
          if (weight < 0) reader.Error(w, "a category weight must not be negative");
        }
      } else if (entry.second.IsScalar()) {
        weight = reader.Number(entry.second, "a category weight").value_or(1);
      }
      weights[name] = weight;
    }
    for (const auto& [name, weight] : weights) category_names.push_back(name);
  }

  const YAML::Node tables = root["tables"];
  if (!tables) return;
  if (!tables.IsSequence()) {
    reader.Error(tables, "tables must be a list of {table: NAME, columns: {COLUMN: CATEGORY}}");
    return;
  }
  for (const YAML::Node& item : tables) {
    if (!reader.ExpectMap(item, "a catalog table")) continue;
    reader.CheckKeys(item, kTableKeys, "a catalog table");
    const std::optional<std::string> name =
        item["table"] ? reader.String(item["table"], "table") : std::nullopt;
    if (!item["table"]) reader.Error(item, "a catalog table needs 'table: NAME'");
    if (!name) continue;
    PiiTable table;
    const std::string lowered = AsciiLowercase(*name);
    if (const size_t dot = lowered.rfind('.'); dot != std::string::npos) {
      table.schema = lowered.substr(0, dot);
      table.name = lowered.substr(dot + 1);
    } else {
      table.name = lowered;
    }
    const YAML::Node columns = item["columns"];
    if (!columns) {
      reader.Error(item, "catalog table '" + *name + "' lists no columns");
      continue;
    }
    if (!reader.ExpectMap(columns, "columns")) continue;
    for (const auto& entry : columns) {
      PiiColumn column;
      column.name = AsciiLowercase(KeyText(entry.first));
      const YAML::Node spec = entry.second;
      std::optional<std::string> category;
      std::optional<double> weight;
      if (spec.IsMap()) {
        reader.CheckKeys(spec, kColumnKeys, "column '" + column.name + "'");
        if (spec["category"]) category = reader.String(spec["category"], "category");
        if (spec["weight"]) weight = reader.Number(spec["weight"], "weight");
        if (!spec["category"]) reader.Error(spec, "column '" + column.name + "' needs a category");
      } else {
        category = reader.String(spec, "a column's category");
      }
      if (!category) continue;
      column.category = AsciiLowercase(*category);
      const auto known = weights.find(column.category);
      if (!weights.empty() && known == weights.end()) {
        std::string message = "category '" + column.category + "' is not declared under categories";
        const std::string_view suggestion = ClosestMatch(column.category, category_names);
        if (!suggestion.empty()) message += "; did you mean '" + std::string(suggestion) + "'?";
        reader.Error(spec, std::move(message));
        continue;
      }
      column.weight = weight.value_or(known != weights.end() ? known->second : 1.0);
      table.columns.push_back(std::move(column));
    }
    catalog.AddTable(std::move(table));
  }
}

}  // namespace leakhound
