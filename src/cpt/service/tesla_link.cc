#include "cpt/service/tesla_link.h"

#include <chrono>

#include "cpt/core/vin.h"
#include "cpt/tesla/auth/jwt.h"
#include "cpt/tesla/auth/oauth.h"
#include "cpt/tesla/fleet_client.h"
#include "cpt/tesla/wire/vehicles.h"

namespace cpt::service {

namespace {

constexpr int kMaxInventoryPages = 10;

// Partner tokens carry the app's data scopes; offline_access means nothing to client_credentials.
std::string partner_scopes(std::string_view scopes) {
  std::string out;
  std::size_t start = 0;
  while (start < scopes.size()) {
    std::size_t end = scopes.find(' ', start);
    if (end == std::string_view::npos) end = scopes.size();
    const std::string_view scope = scopes.substr(start, end - start);
    if (!scope.empty() && scope != "offline_access") {
      if (!out.empty()) out.push_back(' ');
      out.append(scope);
    }
    start = end + 1;
  }
  return out;
}

int current_year(const Clock& clock) {
  const auto days = std::chrono::floor<std::chrono::days>(clock.now());
  return static_cast<int>(std::chrono::year_month_day(days).year());
}

}  // namespace

Result<std::vector<VehicleCard>> vehicle_cards(std::string_view body, int reference_year) {
  auto parsed = tesla::wire::parse_vehicles(body);
  if (!parsed) return fail(std::move(parsed.error()));
  std::vector<VehicleCard> cards;
  for (const tesla::Vehicle& v : parsed->value.vehicles) {
    if (!v.vin) continue;
    auto vin = Vin::parse(*v.vin);
    if (!vin) continue;  // a VIN we cannot validate is never offered for an order
    VehicleCard card;
    card.vin = vin->str();
    card.masked_vin = vin->masked();
    card.display_name = v.display_name.value_or("");
    card.model = std::string(vin->tesla_model().value_or(""));
    card.model_year = vin->model_year(reference_year);
    card.state = v.state.value_or("unknown");
    cards.push_back(std::move(card));
  }
  return cards;
}

TeslaLink::TeslaLink(const ServiceConfig& config, std::shared_ptr<http::HttpClient> http,
                     std::shared_ptr<Clock> clock, std::shared_ptr<tesla::AccountCooldown> cooldown,
                     std::shared_ptr<tesla::AccountPace> pace)
    : auth_(config.auth),
      urls_(config.urls),
      default_region_(config.default_region),
      extra_allowed_hosts_(config.extra_allowed_hosts),
      max_in_flight_(config.max_in_flight),
      sign_in_deadline_(config.sign_in_deadline),
      http_(std::move(http)),
      clock_(std::move(clock)),
      stub_(tesla::make_http_stub(http_)),
      cooldown_(cooldown ? std::move(cooldown) : std::make_shared<tesla::InProcessCooldown>()),
      limits_(std::make_shared<tesla::AccountLimits>(
          tesla::ConcurrencyOptions{.ceiling = config.max_in_flight}, *clock_, std::move(pace))) {
  auto oauth = std::make_shared<const tesla::auth::OAuthClient>(auth_, http_);
  partner_tokens_ = std::make_shared<tesla::auth::PartnerTokenSource>(oauth, *clock_,
                                                                      partner_scopes(auth_.scopes));
  auto cn_oauth =
      std::make_shared<const tesla::auth::OAuthClient>(auth_.for_region(tesla::Region::cn), http_);
  cn_partner_tokens_ = std::make_shared<tesla::auth::PartnerTokenSource>(
      cn_oauth, *clock_, partner_scopes(auth_.scopes));
}

std::string TeslaLink::authorize_url(std::string_view state, std::string_view code_challenge,
                                     std::string_view redirect_uri) const {
  const tesla::AuthConfig realm = auth_.for_region(default_region_);
  tesla::auth::AuthorizeRequest request;
  request.authorize_url = realm.authorize_url;
  request.client_id = realm.client_id;
  request.redirect_uri = std::string(redirect_uri);
  request.scopes = auth_.scopes;
  request.state = std::string(state);
  request.code_challenge = std::string(code_challenge);
  return tesla::auth::build_authorize_url(request);
}

tesla::FleetOptions TeslaLink::fleet_options(std::string_view account, tesla::Region region) const {
  tesla::FleetOptions options;
  options.urls = urls_;
  options.region = region;
  options.account = std::string(account);
  options.extra_allowed_hosts = extra_allowed_hosts_;
  options.max_in_flight = max_in_flight_;
  return options;
}

Result<Login> TeslaLink::complete_login(std::string_view code, std::string_view code_verifier,
                                        std::string_view redirect_uri) const {
  auto ledger = std::make_shared<tesla::CallLedger>();
  tesla::AuthConfig auth = auth_.for_region(default_region_);
  auth.redirect_uri = std::string(redirect_uri);  // must equal the authorize request's
  auto oauth = std::make_shared<const tesla::auth::OAuthClient>(auth, http_, ledger);
  auto exchanged = oauth->exchange_code(code, urls_.of(default_region_), code_verifier);
  if (!exchanged) return fail(std::move(exchanged.error()).with("login_step", "exchange"));

  Login login;
  login.tokens = tesla::auth::token_set_from(*exchanged, clock_->now());
  login.region = default_region_;
  if (auto claims = tesla::auth::decode_jwt_claims(login.tokens.access_token)) {
    login.region = tesla::auth::region_from_claims(*claims).value_or(default_region_);
  }

  // The inventory read uses the fresh tokens from memory only: nothing is stored until the
  // callback commits the whole session.
  auto tokens = std::make_shared<tesla::auth::InMemoryTokenStore>();
  auto source = std::make_shared<tesla::auth::UserTokenSource>(tokens, oauth, *clock_);
  if (auto adopted = source->adopt("login", login.tokens); !adopted) {
    return fail(std::move(adopted.error()));
  }
  // The browser waits on this read: a Retry-After or a run of retries ends at the sign-in
  // deadline, and the person is told Tesla is unavailable instead of a page that never loads
  // (a browser that gave up and asked again would find its sign-in state already used).
  auto deadline = std::make_shared<tesla::OrderDeadline>(clock_->now() + sign_in_deadline_, clock_);
  auto connection = deadline->connection(tesla::make_fleet_connection(
      fleet_options("login", login.region),
      // No shared cool-down: every sign-in runs under the account name "login", so a stop one
      // user's sign-in met (a 412 while the region was unregistered) would refuse every other
      // user's sign-in for half an hour (found by the chaos run).
      tesla::FleetDeps{deadline->stub(stub_), source, nullptr, ledger, nullptr, deadline->clock(),
                       deadline->cooldown(nullptr)}));
  tesla::FleetClient client(connection);
  for (int page = 1; page <= kMaxInventoryPages; ++page) {
    tesla::FleetRequest request;
    request.endpoint = tesla::Endpoint::vehicles;
    if (page > 1) request.params.query = {{"page", std::to_string(page)}};
    auto response = client.call(request);
    if (!response) return fail(std::move(response.error()));
    auto cards = vehicle_cards(response->body, current_year(*clock_));
    if (!cards) return fail(std::move(cards.error()));
    login.vehicles.insert(login.vehicles.end(), cards->begin(), cards->end());
    auto list = tesla::wire::parse_vehicles(response->body);
    const bool more = list && list->value.pagination && list->value.pagination->next &&
                      *list->value.pagination->next > page && !cards->empty();
    if (!more) break;
  }
  // A 421 moved the account to its real region: remember that one for the order.
  if (auto moved = urls_.region_of(connection->base_url())) login.region = *moved;
  login.tokens = tokens->load("login").value_or(std::nullopt).value_or(login.tokens);
  login.calls = ledger->records();
  return login;
}

void TeslaLink::forget(std::string_view account) const {
  limits_->forget(account);
}

OrderConnection TeslaLink::connect(std::string_view account, tesla::Region region,
                                   std::shared_ptr<tesla::auth::TokenStore> tokens,
                                   std::optional<std::int64_t> budget_micros,
                                   const std::shared_ptr<tesla::OrderDeadline>& deadline) const {
  OrderConnection out;
  out.ledger = std::make_shared<tesla::CallLedger>();
  if (budget_micros) out.budget = std::make_shared<tesla::Budget>(*budget_micros);
  // The account refreshes (and gets partner tokens) at its realm's auth host (China's own).
  auto oauth =
      std::make_shared<const tesla::auth::OAuthClient>(auth_.for_region(region), http_, out.ledger);
  auto source = std::make_shared<tesla::auth::UserTokenSource>(std::move(tokens), oauth, *clock_);
  auto partner = region == tesla::Region::cn ? cn_partner_tokens_ : partner_tokens_;
  auto paced = limits_->stub_for(
      account, stub_,
      deadline ? deadline->deadline() : std::chrono::system_clock::time_point::max());
  tesla::FleetDeps deps{paced, source, partner, out.ledger, out.budget, clock_, cooldown_};
  if (deadline) {
    deps.stub = deadline->stub(paced);
    deps.clock = deadline->clock();
    deps.cooldown = deadline->cooldown(cooldown_);
  }
  out.connection = tesla::make_fleet_connection(fleet_options(account, region), std::move(deps));
  if (deadline) out.connection = deadline->connection(out.connection);
  return out;
}

}  // namespace cpt::service
