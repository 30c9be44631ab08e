#include "core/named_list.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace leakhound {
namespace {

IpAddress Address(std::string_view text) {
  const std::optional<IpAddress> address = ParseIpAddress(text);
  EXPECT_TRUE(address.has_value()) << text;
  return address.value_or(IpAddress{});
}

TEST(NamedListTest, NameAndFile) {
  const NamedList list("contractors", "rules/lists/contractors.txt");
  EXPECT_EQ(list.name(), "contractors");
  EXPECT_EQ(list.file(), "rules/lists/contractors.txt");
  EXPECT_EQ(list.size(), 0u);
  EXPECT_FALSE(list.Contains("alice"));
  EXPECT_FALSE(list.Contains(""));
}

TEST(NamedListTest, ExactEntriesIgnoreCase) {
  NamedList list;
  list.Add("alice");
  list.Add("Bob");
  EXPECT_EQ(list.size(), 2u);
  EXPECT_TRUE(list.Contains("alice"));
  EXPECT_TRUE(list.Contains("ALICE"));
  EXPECT_TRUE(list.Contains("bob"));
  EXPECT_TRUE(list.Contains("BoB"));
  EXPECT_FALSE(list.Contains("alic"));
  EXPECT_FALSE(list.Contains("alice "));
  EXPECT_FALSE(list.Contains("carol"));
}

TEST(NamedListTest, DuplicateEntriesAreKeptOnce) {
  NamedList list;
  list.Add("alice");
  list.Add("ALICE");
  EXPECT_EQ(list.size(), 1u);
}

TEST(NamedListTest, WildcardEntries) {
  NamedList list;
  list.Add("svc_*");
  list.Add("etl-?");
  EXPECT_EQ(list.size(), 2u);
  EXPECT_TRUE(list.Contains("svc_backup"));
  EXPECT_TRUE(list.Contains("SVC_Backup"));
  EXPECT_TRUE(list.Contains("svc_"));
  EXPECT_TRUE(list.Contains("etl-1"));
  EXPECT_FALSE(list.Contains("etl-10"));
  EXPECT_FALSE(list.Contains("backup_svc"));
  EXPECT_FALSE(list.Contains("svc"));
}

TEST(NamedListTest, UppercaseWildcardEntry) {
  NamedList list;
  list.Add("SVC_*");
  EXPECT_TRUE(list.Contains("svc_backup"));
}

TEST(NamedListTest, ExactAndWildcardTogether) {
  NamedList list;
  list.Add("alice");
  list.Add("contractor_*");
  EXPECT_TRUE(list.Contains("alice"));
  EXPECT_TRUE(list.Contains("contractor_bob"));
  EXPECT_FALSE(list.Contains("bob"));
}

TEST(NamedListTest, CidrEntriesMatchAddressesInside) {
  NamedList list;
  list.Add("10.0.0.0/8");
  list.Add("2001:db8::/32");
  list.Add("192.168.1.7");
  EXPECT_TRUE(list.ContainsAddress(Address("10.20.30.40")));
  EXPECT_TRUE(list.ContainsAddress(Address("10.20.30.40:5432")));
  EXPECT_TRUE(list.ContainsAddress(Address("::ffff:10.1.1.1")));
  EXPECT_TRUE(list.ContainsAddress(Address("2001:db8:1::5")));
  EXPECT_TRUE(list.ContainsAddress(Address("[2001:db8::1]:5432")));
  EXPECT_TRUE(list.ContainsAddress(Address("192.168.1.7")));
  EXPECT_FALSE(list.ContainsAddress(Address("192.168.1.8")));
  EXPECT_FALSE(list.ContainsAddress(Address("11.0.0.1")));
  EXPECT_FALSE(list.ContainsAddress(Address("2001:db9::1")));
}

TEST(NamedListTest, CidrEntriesAreAlsoPlainStrings) {
  NamedList list;
  list.Add("10.0.0.0/8");
  EXPECT_TRUE(list.Contains("10.0.0.0/8"));
  EXPECT_FALSE(list.Contains("10.1.2.3"));  // string matching does not do CIDR
  EXPECT_EQ(list.size(), 1u);
}

TEST(NamedListTest, NamesAreNotNetworks) {
  NamedList list;
  list.Add("alice");
  list.Add("svc_*");
  EXPECT_FALSE(list.ContainsAddress(Address("10.1.2.3")));
  EXPECT_FALSE(list.ContainsAddress(Address("::1")));
}

TEST(NamedListTest, EmptyListHoldsNoAddress) {
  const NamedList list;
  EXPECT_FALSE(list.ContainsAddress(Address("10.1.2.3")));
}

}  // namespace
}  // namespace leakhound
