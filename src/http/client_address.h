#pragma once
// Which address a request comes from. Behind a reverse proxy (HAProxy) the peer of every
// connection is the proxy, so the client's address is read from X-Forwarded-For, but only when
// the peer is a proxy the operator trusts (`helsekrav serve --trusted-proxy`); otherwise anyone
// could choose their own address by sending the header. Pure functions; thread-safe.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace helsekrav::http {

// An IPv4 or IPv6 address; IPv4 is held as an IPv4-mapped IPv6 address (::ffff:a.b.c.d).
struct IpAddress {
  std::array<unsigned char, 16> bytes{};

  bool IsV4() const;
  bool IsLoopback() const;
  // "192.0.2.1" or the RFC 5952 form "2001:db8::1".
  std::string ToString() const;
  bool operator==(const IpAddress&) const = default;
};

// Parses "192.0.2.1", "2001:db8::1", "[2001:db8::1]" or "::ffff:192.0.2.1"; nullopt otherwise.
std::optional<IpAddress> ParseIpAddress(std::string_view text);

// An address block ("10.0.0.0/8", "2001:db8::/32"); a plain address is a block of one.
struct IpNetwork {
  IpAddress address;
  int prefix = 128;  // in IPv6 bits (IPv4 /8 is held as /104)

  bool Contains(const IpAddress& address) const;
};

// Parses every spec; Invalid("trusted-proxy", …) naming the first bad one.
Result<std::vector<IpNetwork>> ParseNetworks(const std::vector<std::string>& specs);

// The client's address: the peer itself, unless the peer is in `trusted`; then the right-most
// X-Forwarded-For entry that is not itself a trusted proxy (entries to its right were added by
// proxies we trust, entries to its left were written by the client and prove nothing). When every
// entry is trusted, the left-most one; a malformed entry stops the walk at the address before it.
IpAddress ClientAddress(const IpAddress& peer, std::string_view x_forwarded_for,
                        const std::vector<IpNetwork>& trusted);

// The key per-client limits count under: the address for IPv4, its /64 network for IPv6 (one
// subscriber usually gets a whole /64, so keying on the full address is no limit at all).
std::string LimitKey(const IpAddress& address);

}  // namespace helsekrav::http
