// `cpt sim`: runs the Fleet API simulator (auth host + NA/EU/CN hosts) until SIGINT/SIGTERM.
#include <CLI/CLI.hpp>
#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cpt/cli/commands.h"
#include "cpt/sim/simulator.h"

namespace cpt::cli {
namespace {

struct SimArgs {
  sim::SimOptions options;
  std::string auto_approve;
  std::vector<std::string> redirect_uris;
  std::string partner_key_file;
  std::int64_t token_lifetime_s = 28800;
  std::int64_t wake_delay_ms = 2000;
  bool print_env = false;
  std::string quirks;
};

void add_fault_flags(CLI::App* cmd, sim::FaultOptions& f) {
  cmd->add_option("--latency-ms", f.latency_ms, "Latency added to every request")->group("Faults");
  cmd->add_option("--jitter-ms", f.jitter_ms, "Plus a seeded random 0..N ms")->group("Faults");
  cmd->add_option("--rate-429", f.rate_429, "Share of Fleet requests answered 429")
      ->group("Faults");
  cmd->add_option("--retry-after", f.retry_after_s, "Retry-After seconds of those 429s")
      ->group("Faults");
  cmd->add_option("--vehicle-limit", f.vehicle_limit_per_minute,
                  "Requests per VIN per minute before 429 (0 = none)")
      ->group("Faults");
  cmd->add_option("--rate-5xx", f.rate_5xx, "Share answered 500/503/504")->group("Faults");
  cmd->add_option("--rate-reset", f.rate_reset, "Share of connections closed unanswered")
      ->group("Faults");
  cmd->add_option("--rate-malformed", f.rate_malformed, "Share with a truncated JSON body")
      ->group("Faults");
  cmd->add_option("--rate-slow", f.rate_slow, "Share with a slowly dribbled body")->group("Faults");
  cmd->add_option("--slow-body-ms", f.slow_body_ms, "How long a slow body takes")->group("Faults");
  cmd->add_option("--fault-seed", f.seed, "Seed of the fault generator (default: --seed)")
      ->group("Faults");
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "sim: cannot read --partner-key " << path << "\n";
    throw CLI::RuntimeError(2);
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void print_banner(const sim::Simulator& s, std::ostream& out) {
  const auto& u = s.urls();
  out << "cpt sim: Tesla Fleet API simulator (seed " << s.options().seed << ")\n"
      << "  auth       " << u.auth_base << "  (authorize " << u.authorize_url << ")\n";
  if (u.cn_auth_base != u.auth_base) {
    out << "  auth CN    " << u.cn_auth_base << "  (CN accounts sign in here only)\n";
  }
  out << "  fleet NA   " << u.fleet_na << "\n"
      << "  fleet EU   " << u.fleet_eu << "\n"
      << "  fleet CN   " << u.fleet_cn << "\n"
      << "  admin      <any host>/sim/ (ledger, faults, world, tokens/revoke, regions, vehicles)\n";
  for (const auto& user : s.world().users) {
    out << "  user " << user.email << "  " << sim::ou_code(user.region)
        << (user.business ? "  business" : "") << "\n";
    for (auto index : user.vehicles) {
      const auto& v = s.world().vehicles[index];
      out << "    " << v.vin << "  " << v.car_type << " " << v.model_year << "  "
          << s.vehicle_state(v.vin) << "\n";
    }
  }
  out.flush();
}

void run(SimArgs& args) {
  auto& o = args.options;
  if (auto quirks = sim::apply_quirks(args.quirks, o.quirks); !quirks) {
    std::cerr << "sim: " << quirks.error().log_message << "\n";
    throw CLI::RuntimeError(2);
  }
  if (!args.redirect_uris.empty()) o.redirect_uris = args.redirect_uris;
  if (!args.partner_key_file.empty()) o.partner_public_key = read_file(args.partner_key_file);
  o.access_token_lifetime = std::chrono::seconds(args.token_lifetime_s);
  o.wake_delay = std::chrono::milliseconds(args.wake_delay_ms);
  // Block the stop signals before the servers start their threads, so every thread inherits the
  // mask and only sigwait below sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  auto started = sim::Simulator::start(o);
  if (!started) {
    std::cerr << "sim: " << started.error().user_message << " (" << started.error().describe()
              << ")\n";
    throw CLI::RuntimeError(1);
  }
  auto& simulator = **started;
  if (args.print_env) {
    print_banner(simulator, std::cerr);
    for (const auto& [key, value] : simulator.env()) std::cout << key << "=" << value << "\n";
    std::cout.flush();
  } else {
    print_banner(simulator, std::cout);
  }
  int received = 0;
  sigwait(&stop_signals, &received);
  simulator.stop();
  const auto ledger = simulator.ledger();
  std::cerr << "cpt sim: stopped (" << (received == SIGINT ? "SIGINT" : "SIGTERM") << "), "
            << ledger.total_requests() << " requests, " << ledger.total_billed() << " billed, $"
            << ledger.total_cost_micros() / 1'000'000 << "."
            << std::to_string(1'000'000 + ledger.total_cost_micros() % 1'000'000).substr(1, 3)
            << "\n";
}

}  // namespace

void add_sim_command(CLI::App& app) {
  auto args = std::make_shared<SimArgs>();
  auto& o = args->options;
  auto* cmd =
      app.add_subcommand("sim", "Run the Tesla Fleet API simulator (auth + NA/EU/CN hosts)");
  cmd->add_option("--seed", o.seed, "World and fault seed")->capture_default_str();
  cmd->add_option("--users", o.users, "Simulated accounts")->capture_default_str();
  cmd->add_option("--vehicles-per-user", o.vehicles_per_user,
                  "Cars of the first account (others 1..N)")
      ->capture_default_str();
  cmd->add_option("--host", o.host, "Bind address")->capture_default_str();
  cmd->add_option("--auth-port", o.auth_port, "Auth host port (0 = any free port)");
  cmd->add_option("--na-port", o.na_port, "NA Fleet host port");
  cmd->add_option("--eu-port", o.eu_port, "EU Fleet host port");
  cmd->add_option("--cn-port", o.cn_port, "CN Fleet host port");
  cmd->add_option("--cn-auth-port", o.cn_auth_port, "CN auth host port (quirk cn-auth-host)");
  cmd->add_option("--client-id", o.client_id, "The registered app's client_id")
      ->capture_default_str();
  cmd->add_option("--client-secret", o.client_secret, "The app's client_secret")
      ->capture_default_str();
  cmd->add_option("--redirect-uri", args->redirect_uris, "Registered redirect URI (repeatable)");
  cmd->add_option("--allowed-origin", o.allowed_origin,
                  "Allowed origin; partner domains share its root")
      ->capture_default_str();
  auto* approve = cmd->add_option("--auto-approve", args->auto_approve,
                                  "Skip the consent page: approve at once as USER (e-mail or id; "
                                  "no value = the first user)")
                      ->expected(0, 1);
  cmd->add_option("--token-lifetime", args->token_lifetime_s, "Access token lifetime in seconds")
      ->capture_default_str();
  cmd->add_option("--wake-delay-ms", args->wake_delay_ms, "Time an asleep car takes to come online")
      ->capture_default_str();
  cmd->add_flag("--registered", o.regions_registered,
                "Start with the app registered in every region");
  cmd->add_option("--partner-key", args->partner_key_file, "PEM public key used for registrations")
      ->check(CLI::ExistingFile);
  cmd->add_option("--threads", o.max_threads_per_host, "Max threads per host (one per connection)")
      ->capture_default_str();
  add_fault_flags(cmd, o.faults);
  std::string profiles;
  for (auto name : sim::quirk_names())
    profiles += (profiles.empty() ? "" : ", ") + std::string(name);
  cmd->add_option(
      "--quirks", args->quirks,
      "Answer open questions of the Fleet API the other way: NAME[,NAME] of " + profiles);
  cmd->add_flag("--print-env", args->print_env,
                "Print TESLA_*=value lines for a client (banner goes to stderr), then serve");
  cmd->footer(
      "Runs until SIGINT or SIGTERM. Admin API without a token under /sim/ on every host; "
      "see docs/simulator.md.");
  cmd->callback([args, approve] {
    if (approve->count() > 0) args->options.auto_approve = args->auto_approve;
    run(*args);
  });
}

}  // namespace cpt::cli
