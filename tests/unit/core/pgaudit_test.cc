// pgaudit messages, the lines taken from pgaudit's own expected test output
// (github.com/pgaudit/pgaudit, expected/pgaudit.out) and PostgreSQL 15 jsonlog captures
// (github.com/codenotary/immudb-log-audit), as in the project's real-log corpus.
#include "core/pgaudit.h"

#include <gtest/gtest.h>

#include "support/test_support.h"

namespace leakhound {
namespace {

TEST(PgauditParserTest, ReadsASessionEntryWithItsStatement) {
  PgauditParser parser;
  std::string error;
  const auto entry = parser.Parse(
      "AUDIT: SESSION,2,1,WRITE,INSERT,,,\"insert into audit_trail(id, ts, usr) VALUES "
      "('3a5719ef', NOW(), 'user0')\",<not logged>",
      error);
  ASSERT_TRUE(entry.has_value()) << error;
  EXPECT_EQ(entry->audit_type, "SESSION");
  EXPECT_EQ(entry->statement_id, 2);
  EXPECT_EQ(entry->substatement_id, 1);
  EXPECT_EQ(entry->audit_class, "WRITE");
  EXPECT_EQ(entry->command, "INSERT");
  EXPECT_EQ(entry->object_type, "");
  EXPECT_EQ(entry->object_name, "");
  EXPECT_EQ(entry->statement,
            "insert into audit_trail(id, ts, usr) VALUES ('3a5719ef', NOW(), 'user0')");
  EXPECT_EQ(entry->parameter, "<not logged>");
  EXPECT_FALSE(entry->rows.has_value());
  EXPECT_FALSE(entry->previously_logged);
}

TEST(PgauditParserTest, SkipsTheSeverityBeforeTheMarkerAndReadsRows) {
  PgauditParser parser;
  std::string error;
  const auto entry = parser.Parse(
      "NOTICE:  AUDIT: SESSION,51,1,READ,COPY,,,COPY account TO stdout,<none>,0", error);
  ASSERT_TRUE(entry.has_value()) << error;
  EXPECT_EQ(entry->command, "COPY");
  EXPECT_EQ(entry->statement, "COPY account TO stdout");
  EXPECT_EQ(entry->parameter, "<none>");
  ASSERT_TRUE(entry->rows.has_value());
  EXPECT_EQ(*entry->rows, 0);
}

TEST(PgauditParserTest, ReadsAStatementThatSpansLinesAndNamesItsObject) {
  PgauditParser parser;
  std::string error;
  const auto entry = parser.Parse(
      "NOTICE:  AUDIT: OBJECT,1,1,READ,SELECT,TABLE,public.account,\"SELECT account.password,\n"
      "\t   account_role_map.role_id\n"
      "  FROM account\n"
      "\t   INNER JOIN account_role_map\n"
      "\t\t\ton account.id = account_role_map.account_id\",<not logged>\n",
      error);
  ASSERT_TRUE(entry.has_value()) << error;
  EXPECT_EQ(entry->audit_type, "OBJECT");
  EXPECT_EQ(entry->object_type, "TABLE");
  EXPECT_EQ(entry->object_name, "public.account");
  EXPECT_EQ(entry->statement,
            "SELECT account.password,\n\t   account_role_map.role_id\n  FROM account\n"
            "\t   INNER JOIN account_role_map\n\t\t\ton account.id = account_role_map.account_id");
  EXPECT_EQ(entry->parameter, "<not logged>");  // the line end is not part of it
}

TEST(PgauditParserTest, UndoublesQuotesInsideAQuotedStatement) {
  PgauditParser parser;
  std::string error;
  const auto entry = parser.Parse(
      R"(AUDIT: SESSION,3,1,READ,SELECT,,,"select ""Name"", 'a,b' from ""Passengers""",<none>,12)",
      error);
  ASSERT_TRUE(entry.has_value()) << error;
  EXPECT_EQ(entry->statement, R"(select "Name", 'a,b' from "Passengers")");
  EXPECT_EQ(entry->rows, 12);
}

TEST(PgauditParserTest, MarksAnEntryWhoseStatementWasLoggedBefore) {
  PgauditParser parser;
  std::string error;
  const auto entry = parser.Parse(
      "WARNING:  AUDIT: OBJECT,1,1,READ,SELECT,TABLE,public.test2,<previously logged>,"
      "<previously logged>",
      error);
  ASSERT_TRUE(entry.has_value()) << error;
  EXPECT_TRUE(entry->previously_logged);
  EXPECT_EQ(entry->statement, "");
  EXPECT_EQ(entry->object_name, "public.test2");
}

TEST(PgauditParserTest, AMessageThatIsNotPgauditIsNoErrorAndNoEntry) {
  PgauditParser parser;
  std::string error = "stale";
  EXPECT_FALSE(parser.Parse("connection authorized: user=postgres database=postgres", error));
  EXPECT_EQ(error, "");
}

TEST(PgauditParserTest, RefusesMalformedEntriesWithTheReason) {
  PgauditParser parser;
  std::string error;
  // Cut short by a log line length limit, inside the statement.
  EXPECT_FALSE(parser.Parse("AUDIT: SESSION,1,1,READ,SELECT,,,\"SELECT * FROM acc", error));
  EXPECT_EQ(error, "pgaudit: a quoted field has no closing quote (the line may be truncated)");
  EXPECT_FALSE(parser.Parse("AUDIT: SESSION,1,1,READ,SELECT", error));
  EXPECT_EQ(error,
            "pgaudit: 5 fields where at least 9 are (AUDIT_TYPE,STATEMENT_ID,SUBSTATEMENT_ID,"
            "CLASS,COMMAND,OBJECT_TYPE,OBJECT_NAME,STATEMENT,PARAMETER)");
  EXPECT_FALSE(parser.Parse("AUDIT: SESSION,one,1,READ,SELECT,,,select 1,<none>", error));
  EXPECT_EQ(error, "pgaudit: STATEMENT_ID and SUBSTATEMENT_ID must be integers");
  EXPECT_FALSE(parser.Parse("AUDIT: SESSION,1,1,READ,SELECT,,,select 1,<none>,many", error));
  EXPECT_EQ(error, "pgaudit: ROWS must be an integer");
  EXPECT_FALSE(parser.Parse("AUDIT: SESSION,1,1,READ,SELECT,,,\"select 1\"x,<none>", error));
  EXPECT_EQ(error, "pgaudit: text after a quoted field where a ',' should be");
}

TEST(PgauditParserTest, EveryEntryOfPgauditsOwnRegressionOutput) {
  // tests/corpus/real/postgres_pgaudit.log: pgaudit's expected test output, in the client
  // message form ("WARNING:  AUDIT: ..."); an entry's quoted statement spans lines.
  std::vector<std::string> entries;
  for (const std::string& line : testing::SplitLines(
           testing::ReadFile(testing::SourcePath("tests/corpus/real/postgres_pgaudit.log")))) {
    if (line.starts_with("#")) continue;
    if (line.find(":  AUDIT: ") != std::string::npos && line[0] >= 'A' && line[0] <= 'Z') {
      entries.push_back(line);
    } else if (!entries.empty()) {
      entries.back() += "\n" + line;
    }
  }
  ASSERT_EQ(entries.size(), 214u);
  PgauditParser parser;
  std::string error;
  size_t sessions = 0, objects = 0, with_rows = 0, previously_logged = 0;
  for (const std::string& text : entries) {
    const std::optional<PgauditEntry> entry = parser.Parse(text, error);
    ASSERT_TRUE(entry) << error << ": " << text;
    (entry->audit_type == "SESSION" ? sessions : objects) += 1;
    with_rows += entry->rows.has_value();
    previously_logged += entry->previously_logged;
  }
  EXPECT_EQ(sessions, 172u);
  EXPECT_EQ(objects, 42u);
  EXPECT_EQ(with_rows, 87u);  // the part of the test run with pgaudit.log_rows = on
  EXPECT_EQ(previously_logged, 11u);

  const std::optional<PgauditEntry> spanning = parser.Parse(entries[1], error);
  ASSERT_TRUE(spanning);
  EXPECT_EQ(spanning->statement, "SELECT *\n  FROM test3, test2");
  EXPECT_EQ(spanning->audit_class, "READ");
  EXPECT_EQ(spanning->parameter, "<not logged>");
}

}  // namespace
}  // namespace leakhound
