#include "cpt/tesla/auth/jwt.h"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

namespace cpt::tesla::auth {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int decode_char(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-' || c == '+') return 62;
  if (c == '_' || c == '/') return 63;
  return -1;
}

std::vector<std::string> string_or_list(const nlohmann::json& value) {
  std::vector<std::string> out;
  if (value.is_string()) out.push_back(value.get<std::string>());
  if (value.is_array()) {
    for (const auto& item : value) {
      if (item.is_string()) out.push_back(item.get<std::string>());
    }
  }
  return out;
}

std::optional<std::int64_t> integer(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number()) return std::nullopt;
  return it->is_number_float() ? static_cast<std::int64_t>(it->get<double>())
                               : it->get<std::int64_t>();
}

std::string text(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string base64url_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const auto n = (static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16) |
                   (static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8) |
                   static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 2]));
    for (int shift : {18, 12, 6, 0}) out.push_back(kAlphabet[(n >> shift) & 63U]);
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    unsigned n = static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2) n |= static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out.push_back(kAlphabet[(n >> 18) & 63U]);
    out.push_back(kAlphabet[(n >> 12) & 63U]);
    if (rest == 2) out.push_back(kAlphabet[(n >> 6) & 63U]);
  }
  return out;
}

Result<std::string> base64url_decode(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) return fail(ErrorKind::malformed, "base64url: impossible length");
  std::string out;
  out.reserve(text.size() * 3 / 4);
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    const int value = decode_char(c);
    if (value < 0) return fail(ErrorKind::malformed, "base64url: bad character");
    buffer = (buffer << 6) | static_cast<unsigned>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFFU));
    }
  }
  return out;
}

bool JwtClaims::has_scope(std::string_view scope) const {
  return std::ranges::find(scp, scope) != scp.end();
}

Result<JwtClaims> decode_jwt_claims(std::string_view token) {
  const auto first = token.find('.');
  const auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos) {
    return fail(ErrorKind::malformed, "not a JWT (expected three dot-separated parts)");
  }
  auto payload = base64url_decode(token.substr(first + 1, second - first - 1));
  if (!payload) return fail(ErrorKind::malformed, "JWT payload: " + payload.error().log_message);
  auto json = nlohmann::json::parse(*payload, nullptr, false);
  if (!json.is_object()) return fail(ErrorKind::malformed, "JWT payload is not a JSON object");
  JwtClaims claims;
  claims.iss = text(json, "iss");
  claims.sub = text(json, "sub");
  claims.ou_code = text(json, "ou_code");
  if (auto it = json.find("aud"); it != json.end()) claims.aud = string_or_list(*it);
  if (auto it = json.find("scp"); it != json.end()) claims.scp = string_or_list(*it);
  // Some issuers send a space-separated `scope` instead of `scp`.
  if (claims.scp.empty()) {
    std::string scope = text(json, "scope");
    for (std::size_t start = 0; start < scope.size();) {
      const auto end = std::min(scope.find(' ', start), scope.size());
      if (end > start) claims.scp.push_back(scope.substr(start, end - start));
      start = end + 1;
    }
  }
  claims.exp = integer(json, "exp");
  claims.iat = integer(json, "iat");
  return claims;
}

std::optional<Region> region_from_claims(const JwtClaims& claims) {
  std::string ou = claims.ou_code;
  std::ranges::transform(ou, ou.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ou.empty()) return std::nullopt;
  auto region = parse_region(ou);
  if (!region) return std::nullopt;
  return *region;
}

}  // namespace cpt::tesla::auth
