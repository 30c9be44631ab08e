#include "core/ip_network.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace leakhound {
namespace {

using Bytes = std::array<uint8_t, 16>;

constexpr Bytes V4Mapped(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  return {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, a, b, c, d};
}

IpAddress Address(std::string_view text) {
  const std::optional<IpAddress> address = ParseIpAddress(text);
  EXPECT_TRUE(address.has_value()) << text;
  return address.value_or(IpAddress{});
}

IpNetwork Network(std::string_view text) {
  const std::optional<IpNetwork> network = IpNetwork::Parse(text);
  EXPECT_TRUE(network.has_value()) << text;
  return network.value_or(IpNetwork{});
}

TEST(ParseIpAddressTest, V4IsStoredMapped) {
  const IpAddress address = Address("10.1.2.3");
  EXPECT_TRUE(address.is_v4);
  EXPECT_EQ(address.bytes, V4Mapped(10, 1, 2, 3));
}

TEST(ParseIpAddressTest, V4WithPort) {
  const IpAddress address = Address("10.1.2.3:5432");
  EXPECT_TRUE(address.is_v4);
  EXPECT_EQ(address.bytes, V4Mapped(10, 1, 2, 3));
}

TEST(ParseIpAddressTest, V6) {
  const IpAddress loopback = Address("::1");
  EXPECT_FALSE(loopback.is_v4);
  Bytes expected{};
  expected[15] = 1;
  EXPECT_EQ(loopback.bytes, expected);

  const IpAddress doc = Address("2001:db8::1");
  EXPECT_FALSE(doc.is_v4);
  EXPECT_EQ(doc.bytes, (Bytes{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
}

TEST(ParseIpAddressTest, V6InBracketsWithAndWithoutPort) {
  const Bytes expected{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  EXPECT_EQ(Address("[2001:db8::1]").bytes, expected);
  EXPECT_EQ(Address("[2001:db8::1]:5432").bytes, expected);
  Bytes loopback{};
  loopback[15] = 1;
  EXPECT_EQ(Address("[::1]:5432").bytes, loopback);
}

TEST(ParseIpAddressTest, ZoneIsStripped) {
  const IpAddress address = Address("fe80::1%eth0");
  EXPECT_FALSE(address.is_v4);
  EXPECT_EQ(address.bytes, (Bytes{0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
  EXPECT_EQ(Address("[fe80::1%eth0]:5432").bytes, address.bytes);
}

TEST(ParseIpAddressTest, V4MappedV6IsV4) {
  const IpAddress address = Address("::ffff:10.0.0.1");
  EXPECT_TRUE(address.is_v4);
  EXPECT_EQ(address.bytes, V4Mapped(10, 0, 0, 1));
  EXPECT_EQ(address.bytes, Address("10.0.0.1").bytes);
}

TEST(ParseIpAddressTest, RejectsGarbage) {
  for (const char* text :
       {"", "localhost", "10.1.2", "10.1.2.256", "10.1.2.3.4", "1.2.3.4/8", "::g",
        "1:2:3:4:5:6:7:8:9", "[::1", "[]", "10.1.2.3:5432:1", "db.example.com:5432", " 10.1.2.3"}) {
    EXPECT_EQ(ParseIpAddress(text).has_value(), false) << text;
  }
}

TEST(IpNetworkTest, V4Cidr) {
  const IpNetwork network = Network("10.0.0.0/8");
  EXPECT_TRUE(network.Contains(Address("10.0.0.0")));
  EXPECT_TRUE(network.Contains(Address("10.255.255.255")));
  EXPECT_TRUE(network.Contains(Address("10.1.2.3:5432")));
  EXPECT_FALSE(network.Contains(Address("11.0.0.0")));
  EXPECT_FALSE(network.Contains(Address("9.255.255.255")));
  EXPECT_EQ(network.ToString(), "10.0.0.0/8");
}

TEST(IpNetworkTest, PrefixNotOnAByteBoundary) {
  const IpNetwork network = Network("192.168.4.0/22");
  EXPECT_TRUE(network.Contains(Address("192.168.4.0")));
  EXPECT_TRUE(network.Contains(Address("192.168.7.255")));
  EXPECT_FALSE(network.Contains(Address("192.168.8.0")));
  EXPECT_FALSE(network.Contains(Address("192.168.3.255")));
}

TEST(IpNetworkTest, HostBitsInTheBaseAreIgnored) {
  const IpNetwork network = Network("10.1.2.3/8");
  EXPECT_TRUE(network.Contains(Address("10.200.0.1")));
  EXPECT_FALSE(network.Contains(Address("11.1.2.3")));
}

TEST(IpNetworkTest, V4SlashZeroHoldsEveryV4AddressOnly) {
  const IpNetwork network = Network("0.0.0.0/0");
  EXPECT_TRUE(network.Contains(Address("0.0.0.0")));
  EXPECT_TRUE(network.Contains(Address("255.255.255.255")));
  EXPECT_TRUE(network.Contains(Address("::ffff:8.8.8.8")));
  EXPECT_FALSE(network.Contains(Address("2001:db8::1")));
  EXPECT_FALSE(network.Contains(Address("::1")));
}

TEST(IpNetworkTest, V6SlashZeroHoldsEverything) {
  const IpNetwork network = Network("::/0");
  EXPECT_TRUE(network.Contains(Address("2001:db8::1")));
  EXPECT_TRUE(network.Contains(Address("10.1.2.3")));
}

TEST(IpNetworkTest, Slash32IsOneAddress) {
  const IpNetwork network = Network("10.1.2.3/32");
  EXPECT_TRUE(network.Contains(Address("10.1.2.3")));
  EXPECT_FALSE(network.Contains(Address("10.1.2.2")));
  EXPECT_FALSE(network.Contains(Address("10.1.2.4")));
}

TEST(IpNetworkTest, BareAddressIsAHostNetwork) {
  const IpNetwork v4 = Network("10.1.2.3");
  EXPECT_TRUE(v4.Contains(Address("10.1.2.3")));
  EXPECT_FALSE(v4.Contains(Address("10.1.2.4")));
  const IpNetwork v6 = Network("2001:db8::1");
  EXPECT_TRUE(v6.Contains(Address("[2001:db8::1]:5432")));
  EXPECT_FALSE(v6.Contains(Address("2001:db8::2")));
}

TEST(IpNetworkTest, V6Cidr) {
  const IpNetwork network = Network("2001:db8::/32");
  EXPECT_TRUE(network.Contains(Address("2001:db8::1")));
  EXPECT_TRUE(network.Contains(Address("2001:db8:ffff:ffff::1")));
  EXPECT_FALSE(network.Contains(Address("2001:db9::1")));
  EXPECT_FALSE(network.Contains(Address("10.1.2.3")));

  const IpNetwork odd = Network("fe80::/10");
  EXPECT_TRUE(odd.Contains(Address("febf::1")));
  EXPECT_FALSE(odd.Contains(Address("fec0::1")));

  const IpNetwork host = Network("::1/128");
  EXPECT_TRUE(host.Contains(Address("::1")));
  EXPECT_FALSE(host.Contains(Address("::2")));
}

TEST(IpNetworkTest, V4NetworkHoldsV4MappedAddresses) {
  const IpNetwork network = Network("10.0.0.0/8");
  EXPECT_TRUE(network.Contains(Address("::ffff:10.9.8.7")));
  EXPECT_FALSE(network.Contains(Address("::ffff:11.9.8.7")));
  const IpNetwork mapped = Network("::ffff:10.0.0.0/104");
  EXPECT_TRUE(mapped.Contains(Address("10.9.8.7")));
  EXPECT_FALSE(mapped.Contains(Address("11.9.8.7")));
}

TEST(IpNetworkTest, RejectsBadNetworks) {
  for (const char* text :
       {"", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/8x", "10.0.0.0/1000",
        "2001:db8::/129", "10.0.0/8", "svc_*", "alice", "10.0.0.0/8/8"}) {
    EXPECT_FALSE(IpNetwork::Parse(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace leakhound
