#include "cpt/cli/demo_flow.h"

#include <unistd.h>
#include <iostream>

#include "cpt/acquire/runner.h"
#include "cpt/cli/order_run.h"
#include "cpt/cli/report_output.h"
#include "cpt/cli/tesla_env.h"
#include "cpt/cli/tesla_session.h"
#include "cpt/core/clock.h"
#include "cpt/core/redact.h"
#include "cpt/sim/simulator.h"
#include "cpt/sim/world.h"
#include "cpt/tesla/ledger.h"
#include "cpt/tesla/partner.h"

namespace cpt::cli {
namespace {

constexpr std::string_view kDemoDomain = "localhost";

TeslaEnv env_for(const sim::Simulator& simulator) {
  TeslaEnv env;
  const auto& urls = simulator.urls();
  env.auth.authorize_url = urls.authorize_url;
  env.auth.token_url = urls.token_url;
  env.auth.cn_authorize_url = urls.cn_authorize_url;
  env.auth.cn_token_url = urls.cn_token_url;
  env.auth.client_id = simulator.options().client_id;
  env.auth.client_secret = simulator.options().client_secret;
  env.auth.redirect_uri = simulator.options().redirect_uris.front();
  env.auth.domain = std::string(kDemoDomain);
  env.urls = {urls.fleet_na, urls.fleet_eu, urls.fleet_cn};
  env.extra_allowed_hosts = {simulator.options().host};
  return env;
}

Result<void> register_everywhere(const TeslaStack& stack, std::ostream& os) {
  for (tesla::Region region : {tesla::Region::na, tesla::Region::eu, tesla::Region::cn}) {
    auto client = partner_client(stack, region);
    auto outcome = tesla::register_partner(client, region, kDemoDomain);
    os << "partner registration " << tesla::to_string(region) << ": "
       << (outcome.ok ? "ok" : "failed") << " (HTTP " << outcome.http_status << ")\n";
    if (!outcome.ok) return fail(ErrorKind::region_not_registered, outcome.detail);
  }
  return {};
}

}  // namespace

Result<void> run_demo_flow(const std::filesystem::path& out, std::ostream& os,
                           std::optional<std::string> time_zone) {
  auto keys = tesla::generate_key_pair();
  if (!keys) return std::unexpected(keys.error());
  sim::SimOptions options;
  options.seed = 42;
  options.auto_approve = "";  // the first simulated user approves at once
  options.partner_public_key = keys->public_pem;
  auto simulator = sim::Simulator::start(options);
  if (!simulator) return std::unexpected(simulator.error());
  os << "simulator: auth " << (*simulator)->urls().auth_base << ", NA "
     << (*simulator)->urls().fleet_na << ", EU " << (*simulator)->urls().fleet_eu << ", CN "
     << (*simulator)->urls().fleet_cn << "\n";

  auto stack = make_tesla_stack(env_for(**simulator));
  if (!stack) return std::unexpected(stack.error());
  if (auto ok = register_everywhere(*stack, os); !ok) return ok;

  auto tokens = sign_in_unattended(*stack, tesla::Region::na);
  if (!tokens) return std::unexpected(tokens.error());
  auto session = session_from_tokens(*stack, std::make_shared<tesla::auth::InMemoryTokenStore>(),
                                     *tokens, std::nullopt);
  if (!session) return std::unexpected(session.error());
  os << "signed in (region " << tesla::to_string(session->region) << ")\n";

  // The demo account's cars are woken on the simulator first, so every report is complete;
  // `cpt report` itself never wakes a car unless --allow-wake is given.
  const auto& world = (*simulator)->world();
  for (std::size_t v : world.users.front().vehicles) {
    (*simulator)->set_vehicle_state(world.vehicles[v].vin, "online");
  }

  auto client = user_fleet_client(*stack, *session);
  acquire::InMemoryRawStore store;
  acquire::Order order;
  order.id = new_order_id();
  order.package = snapshot::Package::expert;
  auto vins = account_vins(client, store, order.id);
  if (!vins) return std::unexpected(vins.error());
  order.vins = *vins;
  os << "ordering expert reports for " << order.vins.size() << " vehicles\n";

  TerminalProgress progress(os, isatty(STDOUT_FILENO) == 1, order.vins.size());
  auto result = acquire::run_order(order, client, store, SystemClock::instance(), &progress);
  progress.finish();
  if (!result) return std::unexpected(result.error());

  auto signing = report::SigningKey::generate();
  if (!signing) return std::unexpected(signing.error());
  auto formats = parse_formats("all");
  OutputOptions output{out, *formats, report::Language::en, &*signing};
  output.time_zone = std::move(time_zone);
  auto written = write_reports(result->snapshots, output);
  if (!written) return std::unexpected(written.error());
  if (auto ok =
          write_file_atomic(out / "report-signing-key.pem", signing->public_key().public_pem());
      !ok) {
    return ok;
  }
  for (const auto& file : *written) {
    os << "  " << file.path.string() << " (" << file.bytes << " bytes)\n";
  }
  const auto ledger = (*simulator)->ledger();
  os << "verify with: cpt verify <report.json|report.pdf> --key "
     << (out / "report-signing-key.pem").string() << "\n"
     << "Tesla calls: " << result->calls << " for the order ("
     << tesla::format_usd(result->cost_micros) << "), " << stack->ledger->billed_calls()
     << " billed in the whole demo (" << tesla::format_usd(stack->ledger->billed_micros())
     << "); simulator ledger: " << ledger.total_billed() << " billed requests, "
     << tesla::format_usd(ledger.total_cost_micros()) << "\n";
  return {};
}

}  // namespace cpt::cli
