#include "core/log_line_prefix.h"

#include <gtest/gtest.h>

namespace leakhound {
namespace {

PrefixFields MustMatch(const std::string& setting, std::string_view line, size_t length) {
  Result<LogLinePrefix> prefix = LogLinePrefix::Parse(setting);
  EXPECT_TRUE(prefix.ok());
  PrefixFields fields;
  const std::optional<size_t> matched = prefix->Match(line, fields);
  EXPECT_EQ(matched, length) << setting << " / " << line;
  return fields;
}

TEST(LogLinePrefixTest, DebianDefaultWithAndWithoutASession) {
  const PrefixFields session =
      MustMatch("%m [%p] %q%u@%d ", "2026-03-02 02:14:07.412 UTC [4242] mallory@crm LOG:  x", 47);
  EXPECT_EQ(session.time, "2026-03-02 02:14:07.412 UTC");
  EXPECT_EQ(session.process_id, "4242");
  EXPECT_EQ(session.user, "mallory");
  EXPECT_EQ(session.database, "crm");
  // The checkpointer writes no user: the prefix ends at %q.
  const PrefixFields background =
      MustMatch("%m [%p] %q%u@%d ", "2026-03-02 02:14:07.412 UTC [31] LOG:  checkpoint", 33);
  EXPECT_EQ(background.user, "");
}

TEST(LogLinePrefixTest, ApplicationsWithSpacesClientsAndPaddingWidths) {
  const PrefixFields fields =
      MustMatch("%t [%a] [%e] [%p]: [%l-1] user=%u,db=%d,client=%h ",
                "2022-08-10 11:34:19 UTC [pgAdmin 4 - CONN:3040112] [00000] [8077]: [1-1] "
                "user=admin,db=ibmclouddb,client=10.163.20.125 LOG:  AUDIT",
                119);
  EXPECT_EQ(fields.application, "pgAdmin 4 - CONN:3040112");
  EXPECT_EQ(fields.client, "10.163.20.125");
  EXPECT_EQ(fields.user, "admin");
  EXPECT_EQ(fields.database, "ibmclouddb");
  const PrefixFields padded = MustMatch("%-10u|%c|%n ", "alice     |65f2.1a|1709345647.412 x", 34);
  EXPECT_EQ(padded.user, "alice");  // without the server's padding
  EXPECT_EQ(padded.session_id, "65f2.1a");
  EXPECT_TRUE(padded.epoch_time);
  EXPECT_EQ(MustMatch("%%%p ", "%12 x", 4).process_id, "12");
}

TEST(LogLinePrefixTest, LinesOfAnotherShapeDoNotMatch) {
  Result<LogLinePrefix> prefix = LogLinePrefix::Parse("%m [%p] %u@%d ");
  ASSERT_TRUE(prefix.ok());
  PrefixFields fields;
  EXPECT_EQ(prefix->Match("Mar  2 02:14:07 host postgres[12]: x", fields), std::nullopt);
  // A user name stops at a space: an '@' later in the message does not make a prefix.
  EXPECT_EQ(prefix->Match("2026-03-02 02:14:07 UTC [1] LOG:  mail a@b ", fields), std::nullopt);
  EXPECT_FALSE(LogLinePrefix::Parse("%m %").ok());
  EXPECT_EQ(LogLinePrefix::Parse("%m %").status().message(),
            "log_line_prefix '%m %' ends with a lone '%'");
}

}  // namespace
}  // namespace leakhound
