// The Fleet API call path, google-cloud-cpp style: FleetConnection (retry loop, tokens, region
// routing, ledger, budget) over a FleetStub (builds one HTTP request) over http::HttpClient.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cpt/core/clock.h"
#include "cpt/core/error.h"
#include "cpt/http/client.h"
#include "cpt/tesla/account_cooldown.h"
#include "cpt/tesla/auth/token_source.h"
#include "cpt/tesla/config.h"
#include "cpt/tesla/endpoints.h"
#include "cpt/tesla/ledger.h"

namespace cpt::tesla {

// One Fleet API call: which endpoint, its parameters and (for POSTs) a JSON body. Value type.
struct FleetRequest {
  Endpoint endpoint = Endpoint::vehicles;
  EndpointParams params;
  std::string body;                                  // JSON for POST endpoints; empty for GETs
  std::optional<std::chrono::milliseconds> timeout;  // overrides the transport's total timeout

  static FleetRequest for_vin(Endpoint endpoint, std::string_view vin);
};

// A successful (2xx) answer, raw. Every non-2xx answer is an Error instead. Value type.
struct RawResponse {
  Endpoint endpoint = Endpoint::vehicles;
  int http_status = 0;
  std::string body;
  http::Headers headers;
  std::string base_url;  // the host that answered (after a 421 re-route, the new one)
  int attempts = 1;      // HTTP requests made for this call
  std::chrono::milliseconds elapsed{0};
  std::int64_t billed_micros = 0;  // what every billed attempt of this call cost (the ledger's)
};

// What a failed call cost: the error's "billed_micros" (every billed attempt, e.g. 429s and the
// final 4xx), 0 when the call never reached Tesla.
std::int64_t billed_micros_of(const Error& error);

// Builds and sends one HTTP request for a call (no retries, no policy). Thread-safe.
class FleetStub {
 public:
  virtual ~FleetStub() = default;
  // `token` empty: no Authorization header.
  virtual Result<http::HttpResponse> send(std::string_view base_url, const FleetRequest& request,
                                          std::string_view token) = 0;
};

// The stub over an HttpClient: "Authorization: Bearer", "Content-Type: application/json".
std::shared_ptr<FleetStub> make_http_stub(std::shared_ptr<http::HttpClient> http);

// Runs calls for one account: picks the token, sends through the stub, maps errors, retries
// idempotent reads, refreshes once on 401, re-routes once on 421, records the ledger and checks
// the budget. Thread-safe; mock it to test layers above.
class FleetConnection {
 public:
  virtual ~FleetConnection() = default;
  virtual Result<RawResponse> call(const FleetRequest& request) = 0;
  // Scopes granted to the account's token (decides whether location_data may be asked for).
  virtual Result<std::vector<std::string>> granted_scopes() = 0;
  virtual const FleetOptions& options() const = 0;
  // The base URL calls currently go to (the home region's, or the 421 target).
  virtual std::string base_url() const = 0;
  virtual Clock& clock() const = 0;
  // Moves the account's calls to `base_url` (users/region's fleet_api_base_url) when it is an
  // allowed Fleet host; false (and nothing changes) otherwise.
  virtual bool move_to(std::string_view base_url) {
    (void)base_url;
    return false;
  }
};

// Collaborators of a connection; shared between connections of different accounts.
struct FleetDeps {
  std::shared_ptr<FleetStub> stub;                           // required
  std::shared_ptr<auth::UserTokenSource> user_tokens;        // null: user endpoints fail
  std::shared_ptr<auth::PartnerTokenSource> partner_tokens;  // null: partner endpoints fail
  std::shared_ptr<CallLedger> ledger;                        // null: not recorded
  std::shared_ptr<Budget> budget;                            // null: no limit
  std::shared_ptr<Clock> clock;                              // null: the system clock
  // Account-wide stops shared with other connections (orders, instances); null: a stop holds for
  // this connection only.
  std::shared_ptr<AccountCooldown> cooldown;
};

std::shared_ptr<FleetConnection> make_fleet_connection(FleetOptions options, FleetDeps deps);

}  // namespace cpt::tesla
