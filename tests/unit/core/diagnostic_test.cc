#include "core/diagnostic.h"

#include <gtest/gtest.h>

#include <string>

namespace leakhound {
namespace {

TEST(DiagnosticTest, CompilerStyleLine) {
  const Diagnostic diagnostic{Diagnostic::Severity::kError,
                              {"rules/pii/LH-0001.yaml", 12, 5},
                              "LH-0001",
                              "unknown field 'princpal'"};
  EXPECT_EQ(diagnostic.ToString(),
            "rules/pii/LH-0001.yaml:12:5: error: [LH-0001] unknown field 'princpal'");
}

TEST(DiagnosticTest, Warning) {
  const Diagnostic diagnostic{
      Diagnostic::Severity::kWarning, {"catalog.yaml", 3, 1}, "", "table listed twice"};
  EXPECT_EQ(diagnostic.ToString(), "catalog.yaml:3:1: warning: table listed twice");
}

TEST(DiagnosticTest, UnknownColumnOrLineIsLeftOut) {
  Diagnostic diagnostic{Diagnostic::Severity::kError, {"a.yaml", 7, 0}, "LH-0002", "m"};
  EXPECT_EQ(diagnostic.ToString(), "a.yaml:7: error: [LH-0002] m");
  diagnostic.location = {"a.yaml", 0, 0};
  EXPECT_EQ(diagnostic.ToString(), "a.yaml: error: [LH-0002] m");
  diagnostic.location = {"a.yaml", 0, 9};  // a column without a line means nothing
  EXPECT_EQ(diagnostic.ToString(), "a.yaml: error: [LH-0002] m");
}

TEST(DiagnosticTest, MissingFileIsInput) {
  const Diagnostic diagnostic{Diagnostic::Severity::kError, {"", 2, 4}, "", "bad"};
  EXPECT_EQ(diagnostic.ToString(), "<input>:2:4: error: bad");
}

TEST(DiagnosticsTest, CollectsEveryFinding) {
  Diagnostics diagnostics;
  EXPECT_FALSE(diagnostics.has_errors());
  diagnostics.Warning({"a.yaml", 1, 1}, "", "w1");
  EXPECT_FALSE(diagnostics.has_errors());
  diagnostics.Error({"a.yaml", 2, 3}, "LH-0001", "e1");
  diagnostics.Error({"b.yaml", 4, 5}, "LH-0002", "e2");
  EXPECT_TRUE(diagnostics.has_errors());
  EXPECT_EQ(diagnostics.error_count(), 2u);
  EXPECT_EQ(diagnostics.warning_count(), 1u);
  ASSERT_EQ(diagnostics.all().size(), 3u);
  EXPECT_EQ(diagnostics.all()[0].severity, Diagnostic::Severity::kWarning);
  EXPECT_EQ(diagnostics.all()[1].rule_id, "LH-0001");
  EXPECT_EQ(diagnostics.all()[2].location.file, "b.yaml");
  EXPECT_EQ(diagnostics.all()[2].location.line, 4);
  EXPECT_EQ(diagnostics.all()[2].location.column, 5);
  EXPECT_EQ(diagnostics.all()[2].message, "e2");
}

TEST(DiagnosticsTest, ToStringListsThenCounts) {
  Diagnostics diagnostics;
  diagnostics.Error({"a.yaml", 2, 3}, "LH-0001", "e1");
  diagnostics.Warning({"a.yaml", 9, 1}, "", "w1");
  EXPECT_EQ(diagnostics.ToString(),
            "a.yaml:2:3: error: [LH-0001] e1\n"
            "a.yaml:9:1: warning: w1\n"
            "1 error, 1 warning");
}

TEST(DiagnosticsTest, ToStringPlurals) {
  Diagnostics diagnostics;
  EXPECT_EQ(diagnostics.ToString(), "0 errors, 0 warnings");
  diagnostics.Error({}, "", "a");
  diagnostics.Error({}, "", "b");
  diagnostics.Warning({}, "", "c");
  diagnostics.Warning({}, "", "d");
  EXPECT_EQ(diagnostics.ToString(),
            "<input>: error: a\n<input>: error: b\n<input>: warning: c\n<input>: warning: d\n"
            "2 errors, 2 warnings");
}

TEST(DiagnosticsTest, AppendKeepsOrderAndCounts) {
  Diagnostics first;
  first.Error({"a.yaml", 1, 1}, "", "e1");
  Diagnostics second;
  second.Warning({"b.yaml", 1, 1}, "", "w1");
  second.Error({"b.yaml", 2, 1}, "", "e2");
  first.Append(second);
  EXPECT_EQ(first.error_count(), 2u);
  EXPECT_EQ(first.warning_count(), 1u);
  ASSERT_EQ(first.all().size(), 3u);
  EXPECT_EQ(first.all()[0].message, "e1");
  EXPECT_EQ(first.all()[1].message, "w1");
  EXPECT_EQ(first.all()[2].message, "e2");
  EXPECT_EQ(second.all().size(), 2u);  // the source is unchanged
}

}  // namespace
}  // namespace leakhound
