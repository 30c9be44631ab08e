#include "rules/yaml_documents.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace leakhound {
namespace {

struct Refusal {
  int line = 0;    // 1-based
  int column = 0;  // 1-based
  std::string message;
};

Refusal Refused(const std::string& content) {
  try {
    LoadYamlDocuments(content);
  } catch (const YAML::ParserException& e) {
    return {e.mark.line + 1, e.mark.column + 1, e.msg};
  }
  ADD_FAILURE() << "accepted: " << content;
  return {};
}

constexpr std::string_view kComma =
    "',' cannot start a YAML node here; remove it, or quote the value it begins";

TEST(YamlDocumentsTest, GivesEveryDocumentLikeLoadAll) {
  const std::vector<YAML::Node> documents =
      LoadYamlDocuments("a: 1\n---\n---\n- x\n...\n--- plain\n");
  ASSERT_EQ(documents.size(), 4u);
  EXPECT_EQ(documents[0]["a"].as<int>(), 1);
  EXPECT_TRUE(documents[1].IsNull());
  EXPECT_EQ(documents[2][0].as<std::string>(), "x");
  EXPECT_EQ(documents[3].as<std::string>(), "plain");
  // Positions count from the start of the stream.
  EXPECT_EQ(documents[2].Mark().line, 3);
}

TEST(YamlDocumentsTest, EmptyAndCommentOnlyStreamsHaveNoDocuments) {
  EXPECT_TRUE(LoadYamlDocuments("").empty());
  EXPECT_TRUE(LoadYamlDocuments("# nothing here\n\n").empty());
  EXPECT_EQ(LoadYamlDocuments("---\n").size(), 1u);
}

// Each of these made yaml-cpp 0.7's LoadAll loop for ever.
TEST(YamlDocumentsTest, ALeadingCommaIsRefusedWhereItStands) {
  const Refusal alone = Refused(",");
  EXPECT_EQ(alone.line, 1);
  EXPECT_EQ(alone.column, 1);
  EXPECT_EQ(alone.message, kComma);

  const Refusal fuzzed = Refused(",refer>");
  EXPECT_EQ(fuzzed.column, 1);
  EXPECT_EQ(fuzzed.message, kComma);

  const Refusal indented = Refused("   , ,");
  EXPECT_EQ(indented.column, 4);
  EXPECT_EQ(indented.message, kComma);
}

TEST(YamlDocumentsTest, ACommaOpeningALaterDocumentIsRefusedOnItsLine) {
  const Refusal later = Refused("id: a\n---\nid: b\n---\n\n,x\n");
  EXPECT_EQ(later.line, 6);
  EXPECT_EQ(later.column, 1);
  EXPECT_EQ(later.message, kComma);
}

TEST(YamlDocumentsTest, OrdinarySyntaxErrorsKeepYamlCppsMessage) {
  const Refusal unclosed = Refused("a: b\n, c\n");
  EXPECT_EQ(unclosed.line, 2);
  EXPECT_EQ(unclosed.message, "end of map not found");
  EXPECT_EQ(Refused("x: [a]]\n").message, "illegal flow end");
}

TEST(YamlDocumentsTest, CommasInsideFlowCollectionsAreFine) {
  const std::vector<YAML::Node> documents = LoadYamlDocuments("[a, b]\n---\n{k: v, l: w}\n");
  ASSERT_EQ(documents.size(), 2u);
  EXPECT_EQ(documents[0].size(), 2u);
  EXPECT_EQ(documents[1]["l"].as<std::string>(), "w");
}

// yaml-cpp's own message for this is "bad file".
TEST(YamlDocumentsTest, NestingPastTheReadersDepthSaysSo) {
  const std::string open_brackets(1000, '[');
  const std::string expected =
      "nested 500 levels deep, more than the YAML reader follows; a bracket is probably left "
      "open, or a list was indented one level per line";
  EXPECT_EQ(Refused(open_brackets).message, expected);
  try {
    LoadYamlDocument("a: " + open_brackets);
    ADD_FAILURE() << "accepted";
  } catch (const YAML::ParserException& e) {
    EXPECT_EQ(e.msg, expected);
  }
}

TEST(YamlDocumentsTest, LoadYamlDocumentReadsTheFirstDocument) {
  EXPECT_EQ(LoadYamlDocument("k: v\n---\nk: w\n")["k"].as<std::string>(), "v");
  EXPECT_TRUE(LoadYamlDocument("").IsNull());
  // Load reads one document and stops, so a leading comma cannot make it loop.
  EXPECT_TRUE(LoadYamlDocument(",").IsNull());
}

// What the loaders call: a syntax error is one diagnostic at path:line:col, no exception.
TEST(YamlDocumentsTest, ReadTurnsASyntaxErrorIntoOneDiagnostic) {
  Diagnostics diagnostics;
  EXPECT_FALSE(ReadYamlDocuments("rules/bad.yaml", ", x\n", diagnostics));
  EXPECT_FALSE(ReadYamlDocument("catalog.yaml", "a: [1, 2\n", diagnostics));
  ASSERT_EQ(diagnostics.all().size(), 2u);
  EXPECT_EQ(diagnostics.all()[0].ToString(),
            "rules/bad.yaml:1:1: error: YAML syntax: " + std::string(kComma));
  EXPECT_EQ(diagnostics.all()[1].location.file, "catalog.yaml");
  EXPECT_EQ(diagnostics.all()[1].location.line, 2);
  EXPECT_EQ(diagnostics.all()[1].message.rfind("YAML syntax: ", 0), 0u);

  const std::optional<YAML::Node> document = ReadYamlDocument("ok.yaml", "a: 1\n", diagnostics);
  ASSERT_TRUE(document);
  EXPECT_EQ((*document)["a"].as<int>(), 1);
  const std::optional<std::vector<YAML::Node>> documents =
      ReadYamlDocuments("ok.yaml", "a: 1\n---\nb: 2\n", diagnostics);
  ASSERT_TRUE(documents);
  EXPECT_EQ(documents->size(), 2u);
  EXPECT_EQ(diagnostics.all().size(), 2u);  // nothing added for good files
}

}  // namespace
}  // namespace leakhound
