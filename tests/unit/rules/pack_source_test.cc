#include "rules/pack_source.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "rules/rule_pack_loader.h"
#include "support/test_support.h"

namespace leakhound {
namespace {

using ::leakhound::testing::SourcePath;
using ::leakhound::testing::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const TimePoint kNow = TimePoint(std::chrono::seconds(1772323200));  // 2026-03-01

constexpr std::string_view kCatalog =
    "categories: {email: 3, passport: 10}\n"
    "tables:\n"
    "  - table: passengers\n"
    "    columns: {email: email, passport_no: passport}\n";

std::string Rule(std::string_view id, std::string_view where) {
  return "id: " + std::string(id) + "\ntitle: t\nseverity: high\nmatch:\n  where:\n    " +
         std::string(where) +
         "\ntests:\n  - events: [{principal: alice, statement: select 1}]\n"
         "    expect: {fires: 0}\n";
}

std::vector<std::string> Paths(const std::vector<PackFile>& files) {
  std::vector<std::string> paths;
  for (const PackFile& file : files) paths.push_back(file.path);
  return paths;
}

// A pack laid out as on disk: catalog, lists, rules in folders, and files to ignore.
class PackDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.Write("catalog.yaml", std::string(kCatalog));
    dir_.Write("lists/service_accounts.txt", "svc_*\n");
    dir_.Write("lists/contractors.txt", "bob\n");
    dir_.Write("lists/notes.md", "not a list\n");
    dir_.Write("lists/looks_like_a_rule.yaml", "id: NOT-A-RULE\n");
    dir_.Write("pii/b-second.yaml", Rule("LH-2", "principal: {in: contractors}"));
    dir_.Write("pii/a-first.yml", Rule("LH-1", "principal: {not_in: service_accounts}"));
    dir_.Write("pii/deeper/c-third.yaml", Rule("LH-3", "pii_table: true"));
    dir_.Write("README.md", "# not a rule\n");
    dir_.Write("pii/rule.yaml.bak", "garbage: [\n");
  }
  std::string Path(const std::string& relative) const { return dir_.path() + "/" + relative; }

  TempDir dir_;
};

TEST_F(PackDirTest, ReadsCatalogListsAndRules) {
  Result<RulePackSource> pack = ReadRulePack(dir_.path());
  ASSERT_TRUE(pack.ok()) << pack.status().ToString();
  EXPECT_EQ(pack->origin, dir_.path());
  ASSERT_TRUE(pack->catalog.has_value());
  EXPECT_EQ(pack->catalog->path, Path("catalog.yaml"));
  EXPECT_EQ(pack->catalog->content, kCatalog);
  // Lists: only lists/*.txt, sorted.
  EXPECT_THAT(Paths(pack->lists),
              ElementsAre(Path("lists/contractors.txt"), Path("lists/service_accounts.txt")));
  EXPECT_EQ(pack->lists[0].content, "bob\n");
  // Rules: every .yaml and .yml below the root except the catalog and lists/, sorted.
  EXPECT_THAT(Paths(pack->rules), ElementsAre(Path("pii/a-first.yml"), Path("pii/b-second.yaml"),
                                              Path("pii/deeper/c-third.yaml")));
}

TEST_F(PackDirTest, LoadsIntoARuleSet) {
  Result<RulePackSource> pack = ReadRulePack(dir_.path());
  ASSERT_TRUE(pack.ok());
  const LoadedRulePack loaded = LoadRulePack(*pack, kNow);
  EXPECT_THAT(loaded.diagnostics.all(), IsEmpty()) << loaded.diagnostics.ToString();
  ASSERT_EQ(loaded.rules->rules.size(), 3u);
  EXPECT_EQ(loaded.rules->rules[0].id(), "LH-1");
  EXPECT_EQ(loaded.rules->rules[0].info->file, Path("pii/a-first.yml"));
  EXPECT_EQ(loaded.rules->lists.size(), 2u);
  EXPECT_EQ(loaded.rules->catalog.table_count(), 1u);
  EXPECT_EQ(loaded.rules->origin, dir_.path());
}

TEST_F(PackDirTest, DiagnosticsNameTheFileOnDisk) {
  dir_.Write("pii/broken.yaml", Rule("LH-9", "principal: {in: contractor}"));
  Result<RulePackSource> pack = ReadRulePack(dir_.path());
  ASSERT_TRUE(pack.ok());
  const LoadedRulePack loaded = LoadRulePack(*pack, kNow);
  ASSERT_EQ(loaded.diagnostics.error_count(), 1u) << loaded.diagnostics.ToString();
  EXPECT_EQ(loaded.diagnostics.all()[0].ToString(),
            Path("pii/broken.yaml") +
                ":6:21: error: [LH-9] unknown list 'contractor'; did you mean 'contractors'?");
}

TEST_F(PackDirTest, SingleRuleFileTakesCatalogAndListsOfTheEnclosingPack) {
  Result<RulePackSource> pack = ReadRulePack(Path("pii/deeper/c-third.yaml"));
  ASSERT_TRUE(pack.ok()) << pack.status().ToString();
  EXPECT_THAT(Paths(pack->rules), ElementsAre(Path("pii/deeper/c-third.yaml")));
  ASSERT_TRUE(pack->catalog.has_value());
  EXPECT_EQ(pack->catalog->path, Path("catalog.yaml"));
  EXPECT_EQ(pack->lists.size(), 2u);
  const LoadedRulePack loaded = LoadRulePack(*pack, kNow);
  EXPECT_THAT(loaded.diagnostics.all(), IsEmpty()) << loaded.diagnostics.ToString();
  EXPECT_EQ(loaded.rules->rules.size(), 1u);
}

TEST(PackSourceTest, SingleFileWithoutAnEnclosingPack) {
  TempDir dir;
  const std::string file = dir.Write("lone.yaml", Rule("LH-1", "rows: {gt: 1}"));
  Result<RulePackSource> pack = ReadRulePack(file);
  ASSERT_TRUE(pack.ok());
  EXPECT_THAT(Paths(pack->rules), ElementsAre(file));
  EXPECT_THAT(pack->lists, IsEmpty());
}

TEST(PackSourceTest, DirectoryWithOnlyLists) {
  TempDir dir;
  dir.Write("lists/a.txt", "x\n");
  Result<RulePackSource> pack = ReadRulePack(dir.path());
  ASSERT_TRUE(pack.ok());
  EXPECT_FALSE(pack->catalog.has_value());
  EXPECT_EQ(pack->lists.size(), 1u);
  EXPECT_THAT(pack->rules, IsEmpty());
}

TEST(PackSourceTest, MissingPathIsNotFound) {
  Result<RulePackSource> pack = ReadRulePack("/nonexistent/leakhound/rules");
  ASSERT_FALSE(pack.ok());
  EXPECT_EQ(pack.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(pack.status().message(),
            "rule path /nonexistent/leakhound/rules is neither a file nor a directory");
}

TEST(PackSourceTest, EmbeddedPackMirrorsTheSourceTree) {
  const RulePackSource& embedded = EmbeddedRulePack();
  EXPECT_EQ(embedded.origin, "embedded");
  ASSERT_TRUE(embedded.catalog.has_value());
  EXPECT_EQ(embedded.catalog->path, "embedded:rules/catalog.yaml");
  Result<RulePackSource> on_disk = ReadRulePack(SourcePath("rules"));
  ASSERT_TRUE(on_disk.ok());
  EXPECT_EQ(embedded.rules.size(), on_disk->rules.size());
  EXPECT_EQ(embedded.lists.size(), on_disk->lists.size());
  for (const PackFile& file : embedded.rules) {
    EXPECT_THAT(file.path, ::testing::StartsWith("embedded:rules/"));
    EXPECT_THAT(file.path, HasSubstr(".y"));
  }
  // The same object every time.
  EXPECT_EQ(&EmbeddedRulePack(), &embedded);
}

}  // namespace
}  // namespace leakhound
