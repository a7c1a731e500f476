// Who is asking: the client's address behind trusted reverse proxies, and whether a
// state-changing request comes from the service's own pages. Private to service/.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cpt/core/error.h"
#include "cpt/http/message.h"

namespace cpt::service {

// One network in CIDR notation ("10.0.0.0/8", "::1/128"; a bare address is a /32 or /128).
struct Cidr {
  int family = 0;  // AF_INET or AF_INET6
  std::array<std::uint8_t, 16> bytes{};
  int prefix = 0;

  static Result<Cidr> parse(std::string_view text);
  bool contains(std::string_view ip) const;
};

Result<std::vector<Cidr>> parse_cidrs(const std::vector<std::string>& texts);

// The socket's peer, unless that peer is a trusted proxy: then the right-most X-Forwarded-For
// entry that is not itself a trusted proxy (entries further left are client-chosen).
std::string client_ip(const http::Request& req, const std::vector<Cidr>& trusted_proxies);

bool is_loopback(std::string_view ip);

// False for a state-changing request a browser sent from another site: Sec-Fetch-Site other
// than same-origin/none, or an Origin that is neither this host nor one of `own_origins`.
// Requests without either header (curl, servers) pass: they carry no victim's cookie.
bool same_site_request(const http::Request& req, const std::vector<std::string>& own_origins);

// "https://host:port" of a URL, empty when it has no scheme.
std::string origin_of(std::string_view url);

}  // namespace cpt::service
