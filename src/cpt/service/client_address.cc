#include "cpt/service/client_address.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <algorithm>
#include <charconv>
#include <optional>

namespace cpt::service {
namespace {

struct Address {
  int family = 0;
  std::array<std::uint8_t, 16> bytes{};
};

std::optional<Address> parse_address(std::string_view text) {
  const std::string s(text);
  Address a;
  if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) == 1) {
    a.family = AF_INET;
    return a;
  }
  if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) == 1) {
    a.family = AF_INET6;
    return a;
  }
  return std::nullopt;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool in_any(std::string_view ip, const std::vector<Cidr>& networks) {
  return std::any_of(networks.begin(), networks.end(),
                     [ip](const Cidr& c) { return c.contains(ip); });
}

}  // namespace

Result<Cidr> Cidr::parse(std::string_view text) {
  const auto bad = [text] {
    return fail(ErrorKind::invalid_argument, "not a CIDR: " + std::string(text),
                "server.trusted_proxies holds an entry that is not an address or a CIDR.");
  };
  const std::size_t slash = text.find('/');
  const auto address = parse_address(trim(text.substr(0, slash)));
  if (!address) return bad();
  Cidr c;
  c.family = address->family;
  c.bytes = address->bytes;
  const int max = c.family == AF_INET ? 32 : 128;
  c.prefix = max;
  if (slash != std::string_view::npos) {
    const std::string_view digits = trim(text.substr(slash + 1));
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), c.prefix);
    if (ec != std::errc{} || end != digits.data() + digits.size() || c.prefix < 0 ||
        c.prefix > max) {
      return bad();
    }
  }
  return c;
}

bool Cidr::contains(std::string_view ip) const {
  auto address = parse_address(ip);
  if (!address) return false;
  if (address->family != family) {
    // An IPv4 peer seen on a dual-stack socket as ::ffff:a.b.c.d matches IPv4 networks.
    static constexpr std::uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (family != AF_INET || !std::equal(kMapped, kMapped + 12, address->bytes.begin())) {
      return false;
    }
    std::copy(address->bytes.begin() + 12, address->bytes.end(), address->bytes.begin());
  }
  int bits = prefix;
  for (std::size_t i = 0; bits > 0; ++i, bits -= 8) {
    const auto mask = static_cast<std::uint8_t>(bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff);
    if ((address->bytes[i] & mask) != (bytes[i] & mask)) return false;
  }
  return true;
}

Result<std::vector<Cidr>> parse_cidrs(const std::vector<std::string>& texts) {
  std::vector<Cidr> out;
  for (const std::string& text : texts) {
    auto cidr = Cidr::parse(text);
    if (!cidr) return fail(std::move(cidr.error()));
    out.push_back(*cidr);
  }
  return out;
}

std::string client_ip(const http::Request& req, const std::vector<Cidr>& trusted_proxies) {
  if (!in_any(req.remote_addr, trusted_proxies)) return req.remote_addr;
  // Proxies append: walk from the right past our own proxies to the first foreign hop.
  std::vector<std::string_view> hops;
  std::string joined;
  for (std::size_t i = 0; i < req.get_header_value_count("X-Forwarded-For"); ++i) {
    if (!joined.empty()) joined += ',';
    joined += req.get_header_value("X-Forwarded-For", i);
  }
  std::string_view rest = joined;
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    hops.push_back(trim(rest.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    if (!parse_address(*it)) break;  // garbage: stop at the last hop we could read
    if (!in_any(*it, trusted_proxies)) return std::string(*it);
  }
  return req.remote_addr;
}

bool is_loopback(std::string_view ip) {
  static const Cidr v4 = *Cidr::parse("127.0.0.0/8");
  static const Cidr v6 = *Cidr::parse("::1/128");
  return v4.contains(ip) || v6.contains(ip);
}

std::string origin_of(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  const std::size_t end = url.find_first_of("/?#", scheme + 3);
  return std::string(url.substr(0, end));
}

bool same_site_request(const http::Request& req, const std::vector<std::string>& own_origins) {
  if (req.has_header("Sec-Fetch-Site")) {
    const std::string site = req.get_header_value("Sec-Fetch-Site");
    if (site != "same-origin" && site != "none") return false;
  }
  if (!req.has_header("Origin")) return true;
  const std::string origin = req.get_header_value("Origin");
  const std::string host = req.get_header_value("Host");
  if (!host.empty() && (origin == "https://" + host || origin == "http://" + host)) return true;
  return std::find(own_origins.begin(), own_origins.end(), origin) != own_origins.end();
}

}  // namespace cpt::service
