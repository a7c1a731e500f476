// Account endpoints (users/me, orders, feature_config, region) and partner registration.
#include "cpt/http/router.h"

#include <nlohmann/json.hpp>

#include "cpt/sim/crypto.h"
#include "cpt/sim/fleet.h"
#include "cpt/sim/respond.h"
#include "cpt/sim/world_detail.h"

namespace cpt::sim::endpoints {

using nlohmann::json;

void users_me(Call& call) {
  const auto& u = *call.user;
  send_json(
      call.res, 200,
      {{"response",
        {{"email", u.email},
         {"full_name", u.full_name},
         {"profile_image_url", "https://vehicle-files.prd.usw2.vn.cloud.tesla.com/profile_images/" +
                                   crypto::hex(crypto::sha256(u.id)) + ".jpg"},
         {"vault_uuid", u.vault_uuid}}}});
}

void users_orders(Call& call) {
  json orders = json::array();
  for (auto index : call.user->vehicles) {
    const auto& v = call.ctx.world.vehicles[index];
    std::string options;
    for (const auto& o : v.options) {
      if (!options.empty()) options += ',';
      options.append(o.code, 1);
    }
    orders.push_back({{"vehicleMapId", v.vehicle_id % 10'000'000},
                      {"referenceNumber", "RN" + std::to_string(100000000 + v.id % 900000000)},
                      {"vin", v.vin},
                      {"orderStatus", "DELIVERED"},
                      {"orderSubstatus", "_Z"},
                      {"modelCode", v.model_code},
                      {"countryCode", v.country},
                      {"locale", call.user->locale},
                      {"mktOptions", options},
                      {"isB2b", call.user->business}});
  }
  const auto count = orders.size();
  send_json(call.res, 200, {{"response", std::move(orders)}, {"count", count}});
}

void users_feature_config(Call& call) {
  send_json(
      call.res, 200,
      {{"response",
        {{"signaling",
          {{"enabled", true}, {"subscribe_connectivity", false}, {"use_auth_token", false}}}}}});
}

void users_region(Call& call) {
  const auto region = call.user->region;
  const RegionBody shape = call.ctx.options.quirks.region_body;
  std::string name(to_string(region));
  if (shape == RegionBody::wrapped_upper) {
    for (auto& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  json body = {{"region", name}, {"fleet_api_base_url", call.ctx.fleet_url(region)}};
  send_json(call.res, 200, shape == RegionBody::bare ? body : json{{"response", body}});
}

namespace {

// "www.abc.com" -> "abc.com"; scheme, port and path are ignored.
std::string root_domain(std::string host) {
  if (auto scheme = host.find("://"); scheme != std::string::npos) host = host.substr(scheme + 3);
  host = host.substr(0, host.find_first_of(":/"));
  auto last = host.rfind('.');
  if (last == std::string::npos || last == 0) return host;
  auto previous = host.rfind('.', last - 1);
  return previous == std::string::npos ? host : host.substr(previous + 1);
}

bool has_upper(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

void send_invalid(Call& call, const char* field, const std::string& message) {
  send_json(call.res, 422,
            {{"response", nullptr},
             {"error", "invalid_resource"},
             {"error_description", message},
             {"messages", {{field, json::array({message})}}}});
}

}  // namespace

void partner_register(Call& call) {
  auto fields = request_fields(call.req);
  const std::string domain = fields["domain"];
  if (domain.empty()) {
    send_tesla_error(call.res, 400, "invalid_request", "domain is required");
    return;
  }
  if (has_upper(domain)) {
    send_invalid(call, "domain", "domain must be lowercase");
    return;
  }
  if (root_domain(domain) != root_domain(call.ctx.options.allowed_origin)) {
    send_invalid(call, "domain",
                 "domain must match the root domain of an allowed origin (" +
                     call.ctx.options.allowed_origin + ")");
    return;
  }
  std::optional<std::string> key = call.ctx.options.partner_public_key;
  if (!fields["public_key"].empty()) key = fields["public_key"];
  if (key && !crypto::ec_public_key_hex(*key)) {
    send_invalid(call, "public_key", "public_key must be a PEM EC public key (prime256v1)");
    return;
  }
  PartnerAccount account;
  {
    std::lock_guard lock(call.ctx.mutex);
    auto& slot = call.ctx.partners[static_cast<std::size_t>(call.host)];
    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(call.ctx.clock.now().time_since_epoch())
            .count();
    const std::string stamp = detail::iso_time(now, 0, 0);
    account.account_id = slot && !slot->account_id.empty() && slot->account_id != "sim-account"
                             ? slot->account_id
                             : "sim-" + std::to_string(call.ctx.next_id++);
    account.domain = domain;
    account.public_key_pem = key;
    account.created_at = slot && !slot->created_at.empty() ? slot->created_at : stamp;
    slot = account;
  }
  const auto now =
      std::chrono::duration_cast<std::chrono::seconds>(call.ctx.clock.now().time_since_epoch())
          .count();
  send_json(call.res, 200,
            {{"response",
              {{"account_id", account.account_id},
               {"domain", account.domain},
               {"name", "CPT simulated partner"},
               {"description", "Registered with the Car Pulse Tracker Fleet API simulator"},
               {"client_id", call.ctx.options.client_id},
               {"ca", nullptr},
               {"created_at", account.created_at},
               {"updated_at", detail::iso_time(now, 0, 0)},
               {"enterprise_tier", "free"},
               {"csr", nullptr},
               {"public_key", key ? json(*key) : json(nullptr)}}}});
}

void partner_public_key(Call& call) {
  const auto domain = call.req.get_param_value("domain");
  std::optional<PartnerAccount> account;
  {
    std::lock_guard lock(call.ctx.mutex);
    account = call.ctx.partners[static_cast<std::size_t>(call.host)];
  }
  if (domain.empty()) {
    send_tesla_error(call.res, 400, "invalid_request", "domain is required");
    return;
  }
  if (!account || account->domain != domain) {
    send_tesla_error(call.res, 404, "not_found",
                     "no partner account for this domain in this region");
    return;
  }
  std::optional<std::string> hex;
  if (account->public_key_pem) hex = crypto::ec_public_key_hex(*account->public_key_pem);
  send_json(call.res, 200, {{"response", {{"public_key", hex ? json(*hex) : json(nullptr)}}}});
}

}  // namespace cpt::sim::endpoints
