// Privacy by default, as a property: statements carrying random e-mail addresses, passport,
// card and phone numbers as literals (quoted, double-quoted as MySQL writes strings,
// unquoted numbers, inside LIKE patterns, IN lists, COPY targets and comments) go through
// `leakhound scan` in every output format. None of those values may appear in any output
// byte; with --tokenize literals each appears only as its keyed token, on the detection of
// the statement that held it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/keyed_token.h"
#include "support/test_support.h"

namespace leakhound::testing {
namespace {

constexpr char kKey[] = "privacy-test-key-0123456789abcdef";

struct Statement {
  std::string json;                   // the NDJSON record
  std::vector<std::string> secrets;   // the personal data it carries
  std::vector<std::string> literals;  // the literal values as the database reads them
};

class PiiGenerator {
 public:
  explicit PiiGenerator(uint32_t seed) : random_(seed) {}

  std::string Email() {
    static const char* kNames[] = {"anna", "bo", "chen", "dmitri", "eve", "farah", "goran"};
    return std::string(kNames[Below(7)]) + "." + Digits(6) + "@mail" + Digits(2) + ".example";
  }
  std::string Passport() { return std::string(1, static_cast<char>('A' + Below(26))) + Digits(8); }
  std::string Card() { return "4" + Digits(15); }
  std::string Phone() { return "+44 7700 " + Digits(6); }

  // One record that a shipped rule reports, with its secrets.
  Statement Next(int line) {
    const std::string email = Email(), passport = Passport(), card = Card(), phone = Phone();
    std::string sql;
    Statement statement;
    switch (line % 5) {
      case 0:  // LH-0002: tautology, a quoted e-mail, a comment holding a card number
        sql = "SELECT full_name, passport_no FROM passengers /* " + card + " */ WHERE email = '" +
              email + "' OR 1=1";
        statement.secrets = {email, card};
        statement.literals = {email, "1"};
        break;
      case 1:  // LH-0002: a MySQL double-quoted string, an unquoted card number
        sql = "SELECT * FROM passengers WHERE passport_no = \\\"" + passport +
              "\\\" OR card = " + card + " OR 'a'='a'";
        statement.secrets = {passport, card};
        statement.literals = {card, "a", passport};
        break;
      case 2:  // LH-0011: literals in a UNION's select list
        sql = "select * from customers union select email, '" + email + "', " + card +
              " from passengers";
        statement.secrets = {email, card};
        statement.literals = {email, card};
        break;
      case 3:  // LH-0005: COPY to a file named after a passport, a LIKE on a phone number
        sql = "COPY (SELECT full_name FROM passengers WHERE phone LIKE '" + phone +
              "%') TO '/tmp/" + passport + ".csv'";
        statement.secrets = {phone, passport};
        statement.literals = {phone + "%", "/tmp/" + passport + ".csv"};
        break;
      default:  // LH-0002: an IN list of e-mails and an escaped quote in a phone string
        sql = "SELECT full_name, email FROM customers WHERE email IN ('" + email + "', '" +
              Email() + "') OR phone = E'" + phone + "\\\\'' OR true";
        statement.secrets = {email, phone};
        statement.literals = {email};
        break;
    }
    statement.json = R"({"time":"2026-05-04T23:)" + Two(line / 60 % 60) + ":" + Two(line % 60) +
                     R"(Z","principal":"mallory","client":"10.9.8.7","statement":")" + sql + "\"}";
    return statement;
  }

 private:
  uint32_t Below(uint32_t n) { return std::uniform_int_distribution<uint32_t>(0, n - 1)(random_); }
  std::string Digits(int count) {
    std::string out;
    for (int i = 0; i < count; ++i) out += static_cast<char>('0' + Below(10));
    return out;
  }
  static std::string Two(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

  std::mt19937 random_;
};

class PrivacyTest : public ::testing::Test {
 protected:
  static constexpr int kStatements = 200;

  void SetUp() override {
    PiiGenerator generator(20261202);
    std::string ndjson;
    for (int line = 1; line <= kStatements; ++line) {
      statements_.push_back(generator.Next(line));
      ndjson += statements_.back().json + "\n";
    }
    input_ = dir_.Write("statements.ndjson", ndjson);
    key_file_ = dir_.Write("token.key", std::string(kKey) + "\n");
  }

  CommandResult Scan(const std::vector<std::string>& extra) {
    std::vector<std::string> args = {
        "scan", "--quiet", "--rules", SourcePath("rules"), "--fixed-time", "2026-06-01T00:00:00Z"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(input_);
    return RunLeakhound(args);
  }

  // The lines (1-based) some native detection names as a source.
  static std::set<int> SourceLines(const std::string& native) {
    std::set<int> lines;
    for (size_t at = native.find("\"line\":"); at != std::string::npos;
         at = native.find("\"line\":", at + 1)) {
      lines.insert(std::stoi(native.substr(at + 7)));
    }
    return lines;
  }

  TempDir dir_;
  std::string input_;
  std::string key_file_;
  std::vector<Statement> statements_;
};

TEST_F(PrivacyTest, NoLiteralReachesAnyFormat) {
  const CommandResult native = Scan({"--format", "native"});
  ASSERT_EQ(native.exit_code, 0) << native.err;
  // Every statement was detected, so every one of them was put through the encoders.
  EXPECT_EQ(SourceLines(native.out).size(), static_cast<size_t>(kStatements));
  for (const std::string format :
       {"native", "text", "ocsf", "ocsf-data-security", "ecs", "cef", "cef-syslog", "splunk-hec"}) {
    const CommandResult result = Scan({"--format", format});
    ASSERT_EQ(result.exit_code, 0) << format << ": " << result.err;
    ASSERT_GE(SplitLines(result.out).size(), static_cast<size_t>(kStatements)) << format;
    int leaks = 0;
    for (const Statement& statement : statements_) {
      for (const std::string& secret : statement.secrets) {
        if (result.out.find(secret) != std::string::npos ||
            result.err.find(secret) != std::string::npos) {
          ADD_FAILURE() << format << " shows " << secret << " from " << statement.json;
          if (++leaks > 5) return;
        }
      }
    }
  }
}

TEST_F(PrivacyTest, TokenizedLiteralsAppearOnlyAsTheirTokens) {
  const CommandResult result =
      Scan({"--format", "native", "--tokenize", "literals", "--token-key-file", key_file_});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out.find(kKey), std::string::npos);
  Result<KeyedTokens> tokens = KeyedTokens::Create({"literals"}, kKey);
  ASSERT_TRUE(tokens.ok());
  const std::vector<std::string> lines = SplitLines(result.out);
  for (size_t i = 0; i < statements_.size(); ++i) {
    const Statement& statement = statements_[i];
    for (const std::string& secret : statement.secrets) {
      EXPECT_EQ(result.out.find(secret), std::string::npos) << secret;
    }
    // The detection of line i+1 lists the token of each literal the statement holds.
    const std::string source = "\"line\":" + std::to_string(i + 1) + "}";
    std::string detection;
    for (const std::string& line : lines) {
      if (line.find(source) != std::string::npos) detection = line;
    }
    ASSERT_FALSE(detection.empty()) << "no detection of line " << i + 1;
    for (const std::string& literal : statement.literals) {
      EXPECT_NE(detection.find(tokens->Token(literal)), std::string::npos)
          << "line " << i + 1 << ": no token of '" << literal << "' in " << detection;
    }
  }
  // An investigator gets the same token for a value from `leakhound token`.
  const CommandResult token =
      RunLeakhound({"token", "--token-key-file", key_file_, statements_[0].literals[0]});
  EXPECT_EQ(token.out,
            tokens->Token(statements_[0].literals[0]) + "\t" + statements_[0].literals[0] + "\n");
}

// A rule may test the columns a statement names; MySQL's double-quoted strings in a select
// list look like columns to PostgreSQL, and the evidence must not show them either. With
// the principal and client tokenized, the real ones appear nowhere, not even in the rule's
// operand list.
TEST_F(PrivacyTest, ColumnEvidenceAndTokenizedFieldsShowNoValue) {
  const std::string rule =
      dir_.Write("columns.yaml",
                 "id: T-COLUMNS\ntitle: names columns\nseverity: low\n"
                 "match: {where: {columns: {exists: true}, principal: {in: [mallory, eve]}}}\n");
  PiiGenerator generator(7);
  std::vector<std::string> secrets;
  std::string ndjson;
  for (int i = 0; i < 50; ++i) {
    const std::string card = generator.Card(), email = generator.Email();
    secrets.push_back(card);
    secrets.push_back(email);
    ndjson += R"({"principal":"mallory","client":"10.9.8.7:)" + std::to_string(40000 + i) +
              R"(","statement":"select \")" + card + R"(\", full_name, \")" + email +
              R"(\" from passengers order by \")" + email + "\\\"\"}\n";
  }
  const std::string input = dir_.Write("columns.ndjson", ndjson);
  for (const std::string format :
       {"native", "text", "ocsf", "ocsf-data-security", "ecs", "cef", "cef-syslog", "splunk-hec"}) {
    const CommandResult result =
        RunLeakhound({"scan", "--quiet", "--rules", rule, "--format", format, "--tokenize",
                      "principal,client", "--token-key-file", key_file_, input});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    ASSERT_EQ(SplitLines(result.out).size(), 50u) << format;
    for (const std::string& secret : secrets) {
      ASSERT_EQ(result.out.find(secret), std::string::npos) << format << " shows " << secret;
    }
    EXPECT_EQ(result.out.find("mallory"), std::string::npos) << format;
    EXPECT_EQ(result.out.find("10.9.8.7"), std::string::npos) << format;
  }
}

TEST_F(PrivacyTest, TokenizingWithoutAKeyIsRefusedBeforeScanning) {
  const CommandResult result = Scan({"--tokenize", "literals"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.out, "");
  EXPECT_THAT(result.err, ::testing::HasSubstr("tokenizing needs a secret key"));
  const CommandResult bad = Scan({"--tokenize", "emails", "--token-key-file", key_file_});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, ::testing::HasSubstr("cannot tokenize 'emails'"));
}

}  // namespace
}  // namespace leakhound::testing
