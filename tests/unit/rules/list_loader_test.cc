#include "rules/list_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace leakhound {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> All(const Diagnostics& diagnostics) {
  std::vector<std::string> out;
  for (const Diagnostic& d : diagnostics.all()) out.push_back(d.ToString());
  return out;
}

TEST(ListLoaderTest, NameComesFromTheFileName) {
  Diagnostics diagnostics;
  const auto list = LoadNamedList({"rules/lists/service_accounts.txt", "a\n"}, diagnostics);
  EXPECT_EQ(list->name(), "service_accounts");
  EXPECT_EQ(list->file(), "rules/lists/service_accounts.txt");
}

TEST(ListLoaderTest, CommentsBlankLinesAndWhitespace) {
  Diagnostics diagnostics;
  const std::string content =
      "# Accounts of applications\n"
      "\n"
      "app_backend\n"
      "   booking_api   # the booking service\n"
      "\t\n"
      "svc_*\r\n"
      "#svc_commented\n"
      "last_without_newline";
  const auto list = LoadNamedList({"lists/accounts.txt", content}, diagnostics);
  EXPECT_THAT(diagnostics.all(), IsEmpty()) << diagnostics.ToString();
  EXPECT_EQ(list->size(), 4u);
  EXPECT_TRUE(list->Contains("app_backend"));
  EXPECT_TRUE(list->Contains("booking_api"));
  EXPECT_TRUE(list->Contains("BOOKING_API"));
  EXPECT_TRUE(list->Contains("svc_reporting"));
  EXPECT_TRUE(list->Contains("last_without_newline"));
  EXPECT_FALSE(list->Contains("# the booking service"));
  EXPECT_FALSE(list->Contains("booking_api   "));
  EXPECT_FALSE(list->Contains(""));
}

TEST(ListLoaderTest, CommentedEntryIsNotAnEntry) {
  Diagnostics diagnostics;
  const auto list = LoadNamedList({"lists/x.txt", "#alice\nbob # not carol\n"}, diagnostics);
  EXPECT_EQ(list->size(), 1u);
  EXPECT_FALSE(list->Contains("alice"));
  EXPECT_FALSE(list->Contains("carol"));
  EXPECT_TRUE(list->Contains("bob"));
}

TEST(ListLoaderTest, DuplicatesAreWarnedWithTheirLine) {
  Diagnostics diagnostics;
  const auto list = LoadNamedList(
      {"lists/people.txt", "alice\nbob\n\nAlice\n  bob  # again\ncarol\n"}, diagnostics);
  EXPECT_EQ(diagnostics.error_count(), 0u);
  EXPECT_THAT(All(diagnostics),
              ElementsAre("lists/people.txt:4:1: warning: duplicate entry 'Alice' in list 'people'",
                          "lists/people.txt:5:1: warning: duplicate entry 'bob' in list 'people'"));
  EXPECT_EQ(list->size(), 3u);
}

TEST(ListLoaderTest, EmptyListIsAWarning) {
  for (const std::string& content : {std::string(""), std::string("# only a comment\n\n")}) {
    Diagnostics diagnostics;
    const auto list = LoadNamedList({"lists/nobody.txt", content}, diagnostics);
    EXPECT_EQ(list->size(), 0u);
    EXPECT_THAT(All(diagnostics),
                ElementsAre("lists/nobody.txt:1:1: warning: list 'nobody' is empty"));
  }
}

TEST(ListLoaderTest, NetworksAndWildcards) {
  Diagnostics diagnostics;
  const auto list =
      LoadNamedList({"lists/nets.txt", "10.20.0.0/16\n192.0.2.7\netl_*\n"}, diagnostics);
  EXPECT_THAT(diagnostics.all(), IsEmpty());
  EXPECT_TRUE(list->ContainsAddress(*ParseIpAddress("10.20.3.4")));
  EXPECT_TRUE(list->ContainsAddress(*ParseIpAddress("192.0.2.7")));
  EXPECT_FALSE(list->ContainsAddress(*ParseIpAddress("192.0.2.8")));
  EXPECT_TRUE(list->Contains("ETL_nightly"));
  EXPECT_TRUE(list->Contains("192.0.2.7"));
}

}  // namespace
}  // namespace leakhound
