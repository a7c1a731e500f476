// `cpt live-test`: the successor of tests/test_tesla_live.py. Signs in (or takes a token), calls
// every endpoint for every vehicle, prints a table and saves the raw answers.
#include <CLI/CLI.hpp>
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>

#include "cpt/cli/commands.h"
#include "cpt/cli/tesla_env.h"
#include "cpt/cli/tesla_session.h"
#include "cpt/core/redact.h"
#include "cpt/tesla/auth/oauth.h"
#include "cpt/tesla/auth/token_store.h"
#include "cpt/tesla/fleet_client.h"

namespace cpt::cli {
namespace {

using nlohmann::json;
namespace auth = tesla::auth;

struct LiveArgs {
  std::string token;
  std::string client_id;
  std::string client_secret;
  std::string region = "eu";
  std::string code;
  std::string out_dir = ".";
  bool redact = false;
  bool wake = false;
};

// One line of the result table and one entry of the saved file.
struct Row {
  std::string endpoint;
  std::string vin;
  int status = 0;
  std::string outcome;
  long ms = 0;
  bool billed = false;
  json body;
};

[[noreturn]] void die(std::string_view what, const Error& error, int code = 1) {
  std::cerr << "live-test: " << what << ": " << error.user_message << " (" << error.describe()
            << ")\n";
  throw CLI::RuntimeError(code);
}

json body_json(std::string_view body) {
  auto parsed = json::parse(body, nullptr, false);
  if (!parsed.is_discarded()) return parsed;
  return std::string(body.substr(0, 2000));
}

Row row_of(std::string endpoint, std::string_view vin, const Result<tesla::RawResponse>& result,
           long ms) {
  Row row;
  row.endpoint = std::move(endpoint);
  row.vin = std::string(vin);
  row.ms = ms;
  const tesla::Category category =
      tesla::info(tesla::endpoint_by_name(row.endpoint).value_or(tesla::Endpoint::vehicles))
          .category;
  if (result) {
    row.status = result->http_status;
    row.outcome = "ok";
    row.body = body_json(result->body);
  } else {
    row.status = result.error().http_status().value_or(0);
    row.outcome = std::string(to_string(result.error().kind));
    row.body = {{"error", result.error().get("tesla_error").value_or("")},
                {"message", result.error().user_message}};
  }
  row.billed = tesla::is_billed(category, row.status);
  return row;
}

template <class F>
Row timed(std::string endpoint, std::string_view vin, F&& call) {
  const auto start = std::chrono::steady_clock::now();
  auto result = call();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  return row_of(std::move(endpoint), vin, result, static_cast<long>(ms));
}

// Keys whose values identify a person, a car or an account: masked by --redact.
const std::set<std::string, std::less<>> kIdKeys = {"id",
                                                    "id_s",
                                                    "vehicle_id",
                                                    "user_id",
                                                    "vault_uuid",
                                                    "sessionId",
                                                    "sessionFeeId",
                                                    "contentId",
                                                    "vehicleMapId",
                                                    "account_id",
                                                    "client_id",
                                                    "referenceNumber",
                                                    "full_name",
                                                    "display_name",
                                                    "vehicle_name",
                                                    "latitude",
                                                    "longitude",
                                                    "native_latitude",
                                                    "native_longitude",
                                                    "profile_image_url"};

void redact_json(json& value) {
  if (value.is_object()) {
    // Keys are masked too: fleet_status keys its vehicle_info by VIN.
    json masked = json::object();
    for (auto& [key, member] : value.items()) {
      if (kIdKeys.contains(key) && !member.is_null() && !member.is_structured()) {
        member = "[redacted]";
      } else {
        redact_json(member);
      }
      masked[redact::text(key)] = std::move(member);
    }
    value = std::move(masked);
  } else if (value.is_array()) {
    for (auto& item : value) redact_json(item);
  } else if (value.is_string()) {
    value = redact::text(value.get<std::string>());
  }
}

// The OAuth flow on a terminal: print the authorize URL, take the redirect URL (or --code).
Result<auth::TokenSet> sign_in(const TeslaStack& stack, tesla::Region region,
                               const std::string& code_flag, bool wake) {
  auto state = auth::generate_state();
  auto pkce = auth::generate_pkce();
  if (!state || !pkce) return fail(ErrorKind::internal, "no randomness for state/PKCE");
  // A CN account signs in at China's own auth host, with the app registered there.
  const tesla::AuthConfig realm = stack.env.auth.for_region(region);
  auth::AuthorizeRequest request;
  request.authorize_url = realm.authorize_url;
  request.client_id = realm.client_id;
  request.redirect_uri = realm.redirect_uri;
  // --wake asks for the wake scopes up front, so the consent page says the app may wake the car.
  request.scopes =
      wake ? tesla::with_wake_scopes(stack.env.auth.scopes) : stack.env.auth.scopes;
  request.state = *state;
  request.code_challenge = pkce->challenge;
  std::string code = code_flag;
  if (code.empty()) {
    std::cout << "Open this URL, sign in, and paste the URL you are redirected to:\n"
              << auth::build_authorize_url(request) << "\n> " << std::flush;
    std::string line;
    std::getline(std::cin, line);
    auto redirect = auth::parse_redirect(line);
    if (!redirect) return std::unexpected(redirect.error());
    if (!redirect->state.empty() && redirect->state != *state) {
      return fail(ErrorKind::invalid_argument, "OAuth state mismatch",
                  "The redirect does not belong to this sign-in (state mismatch).");
    }
    code = redirect->code;
  }
  // A --code came from an authorize request made elsewhere: our PKCE verifier does not match it.
  const std::string verifier = code_flag.empty() ? pkce->verifier : std::string();
  auto tokens = oauth_of(stack, region)->exchange_code(code, stack.env.urls.of(region), verifier);
  if (!tokens) return std::unexpected(tokens.error());
  return auth::token_set_from(*tokens, std::chrono::system_clock::now());
}

std::vector<std::string> vins_of(const Row& vehicles) {
  std::vector<std::string> vins;
  if (!vehicles.body.is_object() || !vehicles.body.contains("response")) return vins;
  const json& list = vehicles.body["response"];
  if (!list.is_array()) return vins;
  for (const auto& vehicle : list) {
    if (vehicle.is_object() && vehicle.contains("vin") && vehicle["vin"].is_string()) {
      vins.push_back(vehicle["vin"].get<std::string>());
    }
  }
  return vins;
}

std::string first_invoice_id(const std::vector<tesla::RawResponse>& pages) {
  for (const auto& page : pages) {
    auto body = json::parse(page.body, nullptr, false);
    const json* data = nullptr;
    if (body.is_object() && body.contains("response") && body["response"].is_object() &&
        body["response"].contains("data")) {
      data = &body["response"]["data"];
    }
    if (data == nullptr || !data->is_array()) continue;
    for (const auto& session : *data) {
      if (!session.is_object() || !session.contains("invoices")) continue;
      for (const auto& invoice : session["invoices"]) {
        if (invoice.is_object() && invoice.contains("contentId") &&
            invoice["contentId"].is_string()) {
          return invoice["contentId"].get<std::string>();
        }
      }
    }
  }
  return {};
}

void account_rows(tesla::FleetClient& client, std::vector<Row>& rows) {
  rows.push_back(timed("users_me", "", [&] { return client.users_me(); }));
  rows.push_back(timed("users_orders", "", [&] { return client.users_orders(); }));
  rows.push_back(timed("users_feature_config", "", [&] { return client.users_feature_config(); }));
  rows.push_back(timed("vehicles", "", [&] { return client.vehicles(); }));

  const auto start = std::chrono::steady_clock::now();
  auto history = client.charging_history();
  const long ms = static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::steady_clock::now() - start)
                                        .count());
  if (history) {
    for (std::size_t i = 0; i < history->pages.size(); ++i) {
      Row row = row_of("charging_history", "", history->pages[i], i == 0 ? ms : 0);
      row.endpoint += " p" + std::to_string(i + 1);
      rows.push_back(std::move(row));
    }
    const std::string invoice = first_invoice_id(history->pages);
    if (!invoice.empty()) {
      Row row = timed("charging_invoice", "", [&]() -> Result<tesla::RawResponse> {
        auto pdf = client.charging_invoice(invoice);
        if (!pdf) return std::unexpected(pdf.error());
        tesla::RawResponse raw;
        raw.http_status = 200;
        raw.body = json{{"pdf_bytes", pdf->size()}}.dump();
        return raw;
      });
      rows.push_back(std::move(row));
    }
  } else {
    rows.push_back(row_of("charging_history", "", std::unexpected(history.error()), ms));
  }
  rows.push_back(timed("charging_sessions", "", [&] { return client.charging_sessions(); }));
}

void vehicle_rows(tesla::FleetClient& client, const std::vector<std::string>& vins, bool wake,
                  bool specs, std::vector<Row>& rows) {
  using tesla::Endpoint;
  std::vector<tesla::FleetRequest> requests;
  auto endpoints = client.vehicle_data_endpoints({});
  for (const auto& vin : vins) {
    for (Endpoint e : {Endpoint::vehicle, Endpoint::vehicle_data, Endpoint::service_data,
                       Endpoint::recent_alerts, Endpoint::release_notes, Endpoint::options,
                       Endpoint::warranty, Endpoint::fleet_status, Endpoint::specs}) {
      if (e == Endpoint::specs && !specs) continue;
      auto request = tesla::FleetRequest::for_vin(e, vin);
      if (e == Endpoint::vehicle_data && endpoints) {
        request.params.query.emplace_back("endpoints", *endpoints);
      }
      requests.push_back(std::move(request));
    }
  }
  // Independent calls: run them in parallel (bounded by FleetOptions::max_in_flight).
  const auto start = std::chrono::steady_clock::now();
  auto results = client.call_all(requests);
  const long ms = static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::steady_clock::now() - start)
                                        .count());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    Row row = row_of(std::string(tesla::info(requests[i].endpoint).name), requests[i].params.vin,
                     results[i], results[i] ? results[i]->elapsed.count() : ms);
    rows.push_back(std::move(row));
  }
  for (const auto& vin : vins) {
    if (!wake) continue;
    rows.push_back(timed("wake_up", vin, [&] { return client.wake_up(vin); }));
  }
}

void print_table(const std::vector<Row>& rows, bool redacted) {
  std::cout << std::left;
  std::printf("%-24s %-10s %6s  %-22s %7s  %s\n", "endpoint", "vehicle", "HTTP", "outcome", "ms",
              "billed");
  int billed = 0;
  for (const auto& row : rows) {
    const std::string vehicle =
        row.vin.empty() ? "-" : (redacted ? redact::vin_suffix(row.vin) : redact::vin(row.vin));
    std::printf("%-24s %-10s %6d  %-22s %7ld  %s\n", row.endpoint.c_str(), vehicle.c_str(),
                row.status, row.outcome.c_str(), row.ms, row.billed ? "yes" : "no");
    billed += row.billed ? 1 : 0;
  }
  std::printf("%zu calls, %d billed\n", rows.size(), billed);
  std::fflush(stdout);
}

Result<void> save(const std::vector<Row>& rows, const LiveArgs& args, tesla::Region region) {
  json out = {{"region", std::string(tesla::to_string(region))}, {"responses", json::array()}};
  for (const auto& row : rows) {
    out["responses"].push_back({{"endpoint", row.endpoint},
                                {"vin", row.vin},
                                {"http_status", row.status},
                                {"outcome", row.outcome},
                                {"ms", row.ms},
                                {"billed", row.billed},
                                {"body", row.body}});
  }
  if (args.redact) redact_json(out);
  const auto file = std::filesystem::path(args.out_dir) / "tesla_api_responses.json";
  using std::filesystem::perms;
  return auth::write_file_atomically(file,
                                     out.dump(2, ' ', false, json::error_handler_t::replace) + "\n",
                                     perms::owner_read | perms::owner_write);
}

void run_live_test(LiveArgs& args) {
  auto env = read_tesla_env();
  if (!env) die("configuration", env.error(), 2);
  if (!args.client_id.empty()) env->auth.client_id = args.client_id;
  if (!args.client_secret.empty()) env->auth.client_secret = args.client_secret;
  auto region = tesla::parse_region(args.region);
  if (!region) die("--region", region.error(), 2);
  if (args.token.empty() && (env->auth.client_id.empty() || env->auth.client_secret.empty())) {
    std::cerr << "live-test: give --token, or --client-id and --client-secret (or TESLA_CLIENT_ID "
                 "and TESLA_CLIENT_SECRET) to sign in\n";
    throw CLI::RuntimeError(2);
  }
  auto stack = make_tesla_stack(std::move(*env));
  if (!stack) die("setup", stack.error());

  auto store = std::make_shared<auth::FileTokenStore>(std::filesystem::path(args.out_dir) /
                                                      ".tesla_test_token.json");
  auto tokens = args.token.empty() ? sign_in(*stack, *region, args.code, args.wake)
                                   : Result<auth::TokenSet>(tokens_from_access_token(args.token));
  if (!tokens) die("sign-in", tokens.error());
  auto session = session_from_tokens(*stack, store, *tokens, *region);
  if (!session) die("saving the token", session.error());

  std::vector<Row> rows;
  tesla::FleetClient client = user_fleet_client(*stack, *session);
  Row region_row = timed("users_region", "", [&] { return client.users_region(); });
  if (region_row.body.is_object() && region_row.body.contains("response") &&
      region_row.body["response"].is_object()) {
    const json& answer = region_row.body["response"];
    if (answer.contains("region") && answer["region"].is_string()) {
      auto home = tesla::parse_region(answer["region"].get<std::string>());
      if (home && *home != *region) {
        std::cout << "note: the account lives in " << tesla::to_string(*home) << "; using it\n";
        region = *home;
        session->region = *home;
        client = user_fleet_client(*stack, *session);
      }
    }
  }
  rows.push_back(std::move(region_row));
  account_rows(client, rows);
  auto listed = std::ranges::find_if(rows, [](const Row& r) { return r.endpoint == "vehicles"; });
  const std::vector<std::string> vins =
      listed == rows.end() ? std::vector<std::string>() : vins_of(*listed);
  const bool partner = !stack->env.auth.client_id.empty() && !stack->env.auth.client_secret.empty();
  vehicle_rows(client, vins, args.wake, partner, rows);
  if (partner && !stack->env.auth.domain.empty()) {
    rows.push_back(timed("partner_public_key", "",
                         [&] { return client.partner_public_key(stack->env.auth.domain); }));
  }
  print_table(rows, args.redact);
  if (auto saved = save(rows, args, *region); !saved) die("saving responses", saved.error());
  std::cout << "raw responses: "
            << (std::filesystem::path(args.out_dir) / "tesla_api_responses.json").string()
            << (args.redact ? " (redacted)" : "") << "\ntoken: "
            << (std::filesystem::path(args.out_dir) / ".tesla_test_token.json").string()
            << " (mode 0600)\nestimated cost: " << tesla::format_usd(stack->ledger->billed_micros())
            << "\n";
}

}  // namespace

void add_live_test_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "live-test", "Call every Fleet API endpoint for every vehicle and print what answered");
  auto args = std::make_shared<LiveArgs>();
  cmd->add_option("--token", args->token, "An access token (skips the OAuth sign-in)");
  cmd->add_option("--client-id", args->client_id, "Overrides TESLA_CLIENT_ID");
  cmd->add_option("--client-secret", args->client_secret, "Overrides TESLA_CLIENT_SECRET");
  cmd->add_option("--region", args->region, "na, eu or cn (default eu)");
  cmd->add_option("--code", args->code, "Authorization code (instead of pasting the redirect URL)");
  cmd->add_option("--out-dir", args->out_dir, "Where the responses and token files go (default .)");
  cmd->add_flag("--redact", args->redact, "Mask VINs, e-mails and ids in the saved responses");
  cmd->add_flag("--wake", args->wake, "Also call wake_up (billed; wakes the cars)");
  cmd->footer("Writes tesla_api_responses.json and .tesla_test_token.json (mode 0600).\n" +
              tesla_env_help());
  cmd->callback([args] { run_live_test(*args); });
}

}  // namespace cpt::cli
