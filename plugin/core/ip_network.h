// IPv4 and IPv6 addresses and CIDR networks, for predicates on the client address.
//
// Thread-safety: values; pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace leakhound {

// An address in IPv6 form; IPv4 addresses are stored IPv4-mapped (::ffff:a.b.c.d) so that
// one comparison serves both families.
struct IpAddress {
  std::array<uint8_t, 16> bytes{};
  bool is_v4 = false;
};

// Accepts "10.1.2.3", "::1", "2001:db8::1", "[2001:db8::1]", "::ffff:10.0.0.1", and strips
// a trailing port ("10.1.2.3:5432", "[::1]:5432") and an IPv6 zone ("fe80::1%eth0").
std::optional<IpAddress> ParseIpAddress(std::string_view text);

// The address part of a client as logs write it: "10.1.2.3:5432" -> "10.1.2.3",
// "[2001:db8::1]:5432" -> "2001:db8::1"; anything else unchanged. Grouping by client must
// not make a group per connection.
std::string_view AddressHost(std::string_view client);

class IpNetwork {
 public:
  // "10.0.0.0/8", "2001:db8::/32", or a single address (a /32 or /128).
  static std::optional<IpNetwork> Parse(std::string_view text);

  bool Contains(const IpAddress& address) const;
  std::string ToString() const { return text_; }

 private:
  IpAddress base_;
  int prefix_bits_ = 0;  // counted over the 128-bit form
  std::string text_;
};

}  // namespace leakhound
