#include "cpt/tesla/config.h"

#include <algorithm>
#include <cctype>

namespace cpt::tesla {
namespace {

std::string_view without_trailing_slash(std::string_view url) {
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  return url;
}

}  // namespace

std::string_view to_string(Region region) {
  switch (region) {
    case Region::na:
      return "na";
    case Region::eu:
      return "eu";
    case Region::cn:
      return "cn";
  }
  return "na";
}

Result<Region> parse_region(std::string_view text) {
  std::string lower(text);
  std::ranges::transform(lower, lower.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "na") return Region::na;
  if (lower == "eu") return Region::eu;
  if (lower == "cn") return Region::cn;
  return fail(ErrorKind::invalid_argument, "unknown Tesla region '" + lower.substr(0, 16) + "'",
              "The region must be na, eu or cn.");
}

const std::string& RegionUrls::of(Region region) const {
  switch (region) {
    case Region::na:
      return na;
    case Region::eu:
      return eu;
    case Region::cn:
      return cn;
  }
  return na;
}

std::optional<Region> RegionUrls::region_of(std::string_view base_url) const {
  const auto wanted = without_trailing_slash(base_url);
  for (Region region : {Region::na, Region::eu, Region::cn}) {
    if (without_trailing_slash(of(region)) == wanted) return region;
  }
  return std::nullopt;
}

std::string with_wake_scopes(std::string_view scopes) {
  std::string out(scopes);
  for (std::string_view needed : {"vehicle_device_data", "vehicle_cmds"}) {
    bool present = false;
    std::string_view rest = scopes;
    while (!rest.empty()) {
      const auto end = std::min(rest.find(' '), rest.size());
      if (rest.substr(0, end) == needed) present = true;
      rest.remove_prefix(std::min(end + 1, rest.size()));
    }
    if (present) continue;
    if (!out.empty()) out.push_back(' ');
    out.append(needed);
  }
  return out;
}

AuthConfig AuthConfig::for_region(Region region) const {
  if (region != Region::cn) return *this;
  AuthConfig cn = *this;
  cn.authorize_url = cn_authorize_url;
  cn.token_url = cn_token_url;
  if (!cn_client_id.empty()) cn.client_id = cn_client_id;
  if (!cn_client_secret.empty()) cn.client_secret = cn_client_secret;
  return cn;
}

Result<void> require_https(const AuthConfig& auth, const RegionUrls& urls) {
  const std::pair<std::string_view, const std::string&> named[] = {
      {"authorize URL", auth.authorize_url},
      {"token URL", auth.token_url},
      {"CN authorize URL", auth.cn_authorize_url},
      {"CN token URL", auth.cn_token_url},
      {"NA Fleet API URL", urls.na},
      {"EU Fleet API URL", urls.eu},
      {"CN Fleet API URL", urls.cn}};
  for (const auto& [what, url] : named) {
    if (!url.starts_with("https://")) {
      return fail(ErrorKind::invalid_argument, "plain Tesla URL: " + std::string(what),
                  "The Tesla " + std::string(what) +
                      " must start with https:// (plain http only in simulator mode).");
    }
  }
  return {};
}

}  // namespace cpt::tesla
