#include "http/client_address.h"

#include <arpa/inet.h>

#include <algorithm>

#include "core/text.h"

namespace helsekrav::http {
namespace {

constexpr std::array<unsigned char, 12> kV4Prefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

bool IpAddress::IsV4() const {
  return std::equal(kV4Prefix.begin(), kV4Prefix.end(), bytes.begin());
}

bool IpAddress::IsLoopback() const {
  if (IsV4()) return bytes[12] == 127;
  std::array<unsigned char, 16> one{};
  one[15] = 1;
  return bytes == one;
}

std::string IpAddress::ToString() const {
  char text[INET6_ADDRSTRLEN] = {};
  if (IsV4()) {
    inet_ntop(AF_INET, bytes.data() + 12, text, sizeof text);
  } else {
    inet_ntop(AF_INET6, bytes.data(), text, sizeof text);
  }
  return text;
}

std::optional<IpAddress> ParseIpAddress(std::string_view text) {
  text = Trim(text);
  if (text.size() > 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
  }
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  std::string copy(text);
  IpAddress address;
  if (inet_pton(AF_INET, copy.c_str(), address.bytes.data() + 12) == 1) {
    std::copy(kV4Prefix.begin(), kV4Prefix.end(), address.bytes.begin());
    return address;
  }
  if (inet_pton(AF_INET6, copy.c_str(), address.bytes.data()) == 1) return address;
  return std::nullopt;
}

bool IpNetwork::Contains(const IpAddress& other) const {
  int bits = prefix;
  for (std::size_t i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
    auto mask = static_cast<unsigned char>(bits >= 8 ? 0xff : 0xff << (8 - bits));
    if ((address.bytes[i] & mask) != (other.bytes[i] & mask)) return false;
  }
  return true;
}

Result<std::vector<IpNetwork>> ParseNetworks(const std::vector<std::string>& specs) {
  std::vector<IpNetwork> networks;
  for (const std::string& list : specs) {
    for (const std::string& part : Split(list, ',')) {
      std::string_view spec = Trim(part);
      if (spec.empty()) continue;
      auto bad = [&spec] {
        return Status::Invalid("trusted-proxy", "Ugyldig adresse eller nettverk «" +
                                                    std::string(spec) +
                                                    "» (bruk f.eks. 10.0.0.1 eller 10.0.0.0/8)");
      };
      std::size_t slash = spec.find('/');
      auto address = ParseIpAddress(spec.substr(0, slash));
      if (!address) return bad();
      IpNetwork network{*address, 128};
      if (slash != std::string_view::npos) {
        std::string_view digits = spec.substr(slash + 1);
        int bits = 0;
        if (digits.empty() || digits.size() > 3) return bad();
        for (char c : digits) {
          if (c < '0' || c > '9') return bad();
          bits = bits * 10 + (c - '0');
        }
        int max = address->IsV4() ? 32 : 128;
        if (bits > max) return bad();
        network.prefix = address->IsV4() ? bits + 96 : bits;
      }
      networks.push_back(network);
    }
  }
  return networks;
}

IpAddress ClientAddress(const IpAddress& peer, std::string_view x_forwarded_for,
                        const std::vector<IpNetwork>& trusted) {
  auto is_trusted = [&trusted](const IpAddress& a) {
    for (const IpNetwork& n : trusted) {
      if (n.Contains(a)) return true;
    }
    return false;
  };
  if (!is_trusted(peer) || Trim(x_forwarded_for).empty()) return peer;
  std::vector<std::string> entries = Split(x_forwarded_for, ',');
  IpAddress client = peer;
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    auto address = ParseIpAddress(*it);
    if (!address) return client;  // garbage: trust nothing further left
    client = *address;
    if (!is_trusted(client)) return client;
  }
  return client;
}

std::string LimitKey(const IpAddress& address) {
  if (address.IsV4()) return address.ToString();
  IpAddress network = address;
  std::fill(network.bytes.begin() + 8, network.bytes.end(), 0);
  return network.ToString() + "/64";
}

}  // namespace helsekrav::http
