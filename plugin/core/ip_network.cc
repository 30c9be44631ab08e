#include "core/ip_network.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace leakhound {
namespace {

bool ParseV4(std::string_view text, IpAddress& out) {
  char buffer[INET_ADDRSTRLEN];
  if (text.size() >= sizeof buffer) return false;
  std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';
  in_addr v4{};
  if (inet_pton(AF_INET, buffer, &v4) != 1) return false;
  out.bytes = {};
  out.bytes[10] = 0xff;
  out.bytes[11] = 0xff;
  std::memcpy(out.bytes.data() + 12, &v4, 4);
  out.is_v4 = true;
  return true;
}

bool ParseV6(std::string_view text, IpAddress& out) {
  char buffer[INET6_ADDRSTRLEN + 1];
  if (text.size() >= sizeof buffer) return false;
  std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';
  in6_addr v6{};
  if (inet_pton(AF_INET6, buffer, &v6) != 1) return false;
  std::memcpy(out.bytes.data(), &v6, 16);
  static constexpr uint8_t kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  out.is_v4 = std::memcmp(out.bytes.data(), kMappedPrefix, 12) == 0;
  return true;
}

}  // namespace

std::optional<IpAddress> ParseIpAddress(std::string_view text) {
  IpAddress address;
  if (!text.empty() && text.front() == '[') {  // [v6] or [v6]:port
    const size_t close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    text = text.substr(1, close - 1);
  }
  if (const size_t zone = text.find('%'); zone != std::string_view::npos) {
    text = text.substr(0, zone);
  }
  const size_t colons = static_cast<size_t>(std::count(text.begin(), text.end(), ':'));
  if (colons == 0) {
    if (ParseV4(text, address)) return address;
    return std::nullopt;
  }
  if (colons == 1) {  // v4:port
    if (ParseV4(text.substr(0, text.find(':')), address)) return address;
    return std::nullopt;
  }
  if (ParseV6(text, address)) return address;
  return std::nullopt;
}

std::string_view AddressHost(std::string_view client) {
  if (!client.empty() && client.front() == '[') {
    const size_t close = client.find(']');
    return close == std::string_view::npos ? client : client.substr(1, close - 1);
  }
  const size_t colon = client.find(':');
  if (colon != std::string_view::npos && client.find(':', colon + 1) == std::string_view::npos) {
    return client.substr(0, colon);  // one colon: v4 (or a name) with a port
  }
  return client;
}

std::optional<IpNetwork> IpNetwork::Parse(std::string_view text) {
  IpNetwork network;
  network.text_ = std::string(text);
  std::string_view address_part = text;
  std::optional<int> prefix;
  if (const size_t slash = text.find('/'); slash != std::string_view::npos) {
    address_part = text.substr(0, slash);
    const std::string_view bits = text.substr(slash + 1);
    if (bits.empty() || bits.size() > 3) return std::nullopt;
    int value = 0;
    for (char c : bits) {
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + (c - '0');
    }
    prefix = value;
  }
  IpAddress base;
  const bool has_colon = address_part.find(':') != std::string_view::npos;
  if (has_colon ? !ParseV6(address_part, base) : !ParseV4(address_part, base)) {
    return std::nullopt;
  }
  const int family_bits = has_colon ? 128 : 32;
  const int bits = prefix.value_or(family_bits);
  if (bits < 0 || bits > family_bits) return std::nullopt;
  network.prefix_bits_ = has_colon ? bits : bits + 96;
  network.base_ = base;
  return network;
}

bool IpNetwork::Contains(const IpAddress& address) const {
  int remaining = prefix_bits_;
  for (size_t i = 0; i < 16 && remaining > 0; ++i, remaining -= 8) {
    const uint8_t mask =
        remaining >= 8 ? uint8_t{0xff} : static_cast<uint8_t>(0xff << (8 - remaining));
    if ((address.bytes[i] & mask) != (base_.bytes[i] & mask)) return false;
  }
  return true;
}

}  // namespace leakhound
