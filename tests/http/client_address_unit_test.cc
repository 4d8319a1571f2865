// The client's address behind trusted proxies, and the keys per-client limits count under.
#include "http/client_address.h"

#include <gtest/gtest.h>

namespace helsekrav::http {
namespace {

IpAddress Ip(const char* text) {
  auto address = ParseIpAddress(text);
  EXPECT_TRUE(address.has_value()) << text;
  return address.value_or(IpAddress{});
}

std::vector<IpNetwork> Networks(std::vector<std::string> specs) {
  auto networks = ParseNetworks(specs);
  EXPECT_TRUE(networks.ok()) << networks.status().ToString();
  return networks.ok() ? *networks : std::vector<IpNetwork>{};
}

TEST(ClientAddressTest, ParsesAndPrintsBothFamilies) {
  EXPECT_EQ(Ip("192.0.2.1").ToString(), "192.0.2.1");
  EXPECT_TRUE(Ip("192.0.2.1").IsV4());
  EXPECT_EQ(Ip("2001:DB8:0:0::1").ToString(), "2001:db8::1");
  EXPECT_EQ(Ip("[2001:db8::1]").ToString(), "2001:db8::1");
  EXPECT_EQ(Ip("::ffff:192.0.2.1"), Ip("192.0.2.1"));
  EXPECT_TRUE(Ip("127.0.0.5").IsLoopback());
  EXPECT_TRUE(Ip("::1").IsLoopback());
  EXPECT_FALSE(Ip("10.0.0.1").IsLoopback());
  for (const char* bad :
       {"", "unknown", "192.0.2", "192.0.2.1:80", "2001:db8::1::2", "1.2.3.4/8"}) {
    EXPECT_FALSE(ParseIpAddress(bad).has_value()) << bad;
  }
}

TEST(ClientAddressTest, NetworksContainTheirAddresses) {
  auto networks = Networks({"10.0.0.0/8, 192.0.2.7", "2001:db8::/32"});
  ASSERT_EQ(networks.size(), 3u);
  EXPECT_TRUE(networks[0].Contains(Ip("10.255.1.2")));
  EXPECT_FALSE(networks[0].Contains(Ip("11.0.0.1")));
  EXPECT_TRUE(networks[1].Contains(Ip("192.0.2.7")));
  EXPECT_FALSE(networks[1].Contains(Ip("192.0.2.8")));
  EXPECT_TRUE(networks[2].Contains(Ip("2001:db8:ffff::1")));
  EXPECT_FALSE(networks[2].Contains(Ip("2001:db9::1")));
  EXPECT_FALSE(networks[0].Contains(Ip("::a00:1")));  // IPv6 bits that look like 10.0.0.1
  for (const char* bad : {"10.0.0.0/33", "2001:db8::/129", "10.0.0.0/", "10.0.0.0/x", "proxy"}) {
    EXPECT_FALSE(ParseNetworks({bad}).ok()) << bad;
  }
}

TEST(SecurityReview, ClientAddressIgnoresForwardedForFromUntrustedPeers) {
  auto trusted = Networks({"10.0.0.5"});
  // A client talking to us directly cannot choose its address.
  EXPECT_EQ(ClientAddress(Ip("198.51.100.9"), "203.0.113.1", trusted).ToString(), "198.51.100.9");
  EXPECT_EQ(ClientAddress(Ip("198.51.100.9"), "", {}).ToString(), "198.51.100.9");
}

TEST(SecurityReview, ClientAddressIsRightMostUntrustedForwardedFor) {
  auto trusted = Networks({"10.0.0.0/8"});
  // The proxy appends the peer it saw; what the client wrote itself is to the left of it.
  EXPECT_EQ(ClientAddress(Ip("10.0.0.5"), "203.0.113.1", trusted).ToString(), "203.0.113.1");
  EXPECT_EQ(ClientAddress(Ip("10.0.0.5"), "1.1.1.1, 203.0.113.1", trusted).ToString(),
            "203.0.113.1");
  // Two proxies of ours: skip the inner one.
  EXPECT_EQ(ClientAddress(Ip("10.0.0.5"), "1.1.1.1, 203.0.113.1, 10.0.0.6", trusted).ToString(),
            "203.0.113.1");
  EXPECT_EQ(ClientAddress(Ip("10.0.0.5"), " [2001:db8::7] ", trusted).ToString(), "2001:db8::7");
  // Garbage stops the walk: the proxy's own address is the client then.
  EXPECT_EQ(ClientAddress(Ip("10.0.0.5"), "203.0.113.1, unknown", trusted).ToString(), "10.0.0.5");
  EXPECT_EQ(ClientAddress(Ip("10.0.0.5"), "", trusted).ToString(), "10.0.0.5");
}

TEST(SecurityReview, LimitKeyIsTheSlash64ForIpv6) {
  EXPECT_EQ(LimitKey(Ip("192.0.2.1")), "192.0.2.1");
  EXPECT_EQ(LimitKey(Ip("2001:db8:1:2:aaaa::1")), "2001:db8:1:2::/64");
  EXPECT_EQ(LimitKey(Ip("2001:db8:1:2:bbbb::9")), LimitKey(Ip("2001:db8:1:2:aaaa::1")));
  EXPECT_NE(LimitKey(Ip("2001:db8:1:3::1")), LimitKey(Ip("2001:db8:1:2::1")));
}

}  // namespace
}  // namespace helsekrav::http
