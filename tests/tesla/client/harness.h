// A FleetClient wired to scripted hosts: a fake token endpoint and a per-test Fleet handler.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "cpt/core/clock.h"
#include "cpt/tesla/auth/token_source.h"
#include "cpt/tesla/fleet_client.h"
#include "tesla/client/fakes.h"

namespace cpt::tesla::testing {

inline const auto kEpoch =
    std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
inline constexpr std::string_view kVin = "5YJ3E1EA7KF000001";

// Everything around one account's FleetClient, with the Fleet hosts answered by `fleet`.
struct Harness {
  using Handler = std::function<Result<http::HttpResponse>(const http::HttpRequest&)>;

  std::shared_ptr<FakeClock> clock = std::make_shared<FakeClock>(kEpoch);
  FakeTokenEndpoint tokens;
  Handler fleet = [](const http::HttpRequest&) { return json_response(200, R"({"response":{}})"); };
  std::mutex mutex;
  std::vector<http::HttpRequest> requests;  // Fleet requests only, in arrival order

  AuthConfig auth;
  std::shared_ptr<auth::InMemoryTokenStore> store = std::make_shared<auth::InMemoryTokenStore>();
  std::shared_ptr<CallLedger> ledger = std::make_shared<CallLedger>();
  std::shared_ptr<Budget> budget;             // set before client() to limit
  std::shared_ptr<AccountCooldown> cooldown;  // set before client() to share account stops
  FleetOptions options;
  std::shared_ptr<auth::UserTokenSource> user_tokens;
  std::shared_ptr<auth::PartnerTokenSource> partner_tokens;

  Harness() {
    auth.token_url = "https://auth.test.tesla.com/oauth2/v3/token";
    auth.client_id = "client-1";
    auth.client_secret = "secret-1";
    options.region = Region::eu;
    options.account = "alice";
    auth::TokenSet set;
    set.access_token = "access-0";
    set.refresh_token = "refresh-0";
    set.expires_at = kEpoch + std::chrono::hours(1);
    set.scope = "openid vehicle_device_data";
    (void)store->save("alice", set);
  }

  std::shared_ptr<http::HttpClient> http() {
    return std::make_shared<http::FunctionHttpClient>([this](const http::HttpRequest& request) {
      if (request.url.starts_with(auth.token_url)) return tokens.handle(request);
      {
        std::lock_guard lock(mutex);
        requests.push_back(request);
      }
      return fleet(request);
    });
  }

  FleetClient client() {
    auto transport = http();
    auto oauth = std::make_shared<auth::OAuthClient>(auth, transport, ledger);
    user_tokens = std::make_shared<auth::UserTokenSource>(store, oauth, *clock);
    partner_tokens = std::make_shared<auth::PartnerTokenSource>(oauth, *clock, "openid");
    FleetDeps deps{
        make_http_stub(transport), user_tokens, partner_tokens, ledger, budget, clock, cooldown};
    return FleetClient(make_fleet_connection(options, deps));
  }

  std::size_t request_count() {
    std::lock_guard lock(mutex);
    return requests.size();
  }
  http::HttpRequest request(std::size_t i) {
    std::lock_guard lock(mutex);
    return requests.at(i);
  }
};

inline http::HttpResponse with_header(http::HttpResponse response, std::string name,
                                      std::string value) {
  response.headers.emplace_back(std::move(name), std::move(value));
  return response;
}

// A handler answering the scripted responses in order, then repeating the last one.
inline Harness::Handler sequence(std::vector<Result<http::HttpResponse>> answers) {
  auto shared = std::make_shared<std::vector<Result<http::HttpResponse>>>(std::move(answers));
  auto index = std::make_shared<std::size_t>(0);
  auto mutex = std::make_shared<std::mutex>();
  return [shared, index, mutex](const http::HttpRequest&) -> Result<http::HttpResponse> {
    std::lock_guard lock(*mutex);
    const std::size_t i = std::min(*index, shared->size() - 1);
    ++*index;
    return (*shared)[i];
  };
}

}  // namespace cpt::tesla::testing
