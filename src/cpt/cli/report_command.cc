#include <unistd.h>
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cpt/acquire/runner.h"
#include "cpt/cli/commands.h"
#include "cpt/cli/order_run.h"
#include "cpt/cli/report_output.h"
#include "cpt/cli/tesla_env.h"
#include "cpt/cli/tesla_session.h"
#include "cpt/core/vin.h"
#include "cpt/tesla/ledger.h"

namespace cpt::cli {
namespace {

struct ReportArgs {
  std::string token;
  std::string token_file;
  std::vector<std::string> vins;
  bool all = false;
  std::string package = "basic";
  std::vector<std::string> langs = {"en"};  // the first is the main language
  std::string formats = "all";
  std::string out = "out";
  std::string region;
  bool allow_wake = false;
  bool dry_run = false;
  double budget_usd = 0;
  int deadline_s = 900;  // the order ends by then, every module's outcome stated
  std::string signing_key;
  std::string verify_url;
  std::string time_zone;  // IANA; empty: each car's market zone
};

[[noreturn]] void die(std::string_view what, const Error& error, int code = 1) {
  std::cerr << "report: " << what << ": " << error.user_message << "\n";
  throw CLI::RuntimeError(code);
}

Result<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorKind::io, "cannot read " + path, "Cannot read " + path + ".");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The report-signing key: --signing-key, else CPT_REPORT_SIGNING_KEY(_FILE), else a new key whose
// public half is written beside the reports so `cpt verify --key` can pin it.
Result<report::SigningKey> signing_key(const ReportArgs& args) {
  std::optional<std::string> pem;
  if (!args.signing_key.empty()) {
    auto text = read_text(args.signing_key);
    if (!text) return std::unexpected(text.error());
    pem = *text;
  } else if (auto from_env = env_or_file("CPT_REPORT_SIGNING_KEY"); !from_env) {
    return std::unexpected(from_env.error());
  } else {
    pem = *from_env;
  }
  if (pem) return report::SigningKey::from_pem(*pem);
  return report::SigningKey::generate();
}

Result<acquire::Order> make_order(const ReportArgs& args) {
  acquire::Order order;
  order.id = new_order_id();
  auto package = snapshot::parse_package(args.package);
  if (!package) {
    return fail(ErrorKind::invalid_argument, "bad package",
                "--package must be basic, pro or expert.");
  }
  order.package = *package;
  for (const std::string& lang : args.langs) {
    if (!report::parse_language(lang)) {
      return fail(ErrorKind::invalid_argument, "bad language",
                  "--lang must be one of en, fi, sv, no, da, de, fr, es, it.");
    }
  }
  order.language = args.langs.front();
  order.allow_wake = args.allow_wake;
  if (args.budget_usd > 0) order.budget_micros = static_cast<std::int64_t>(args.budget_usd * 1e6);
  for (const auto& text : args.vins) {
    auto vin = Vin::parse(text);
    if (!vin) return std::unexpected(vin.error());
    order.vins.push_back(vin->str());
  }
  return order;
}

void run_report(const ReportArgs& args) {
  if (args.token.empty() == args.token_file.empty()) {
    die("arguments",
        make_error(ErrorKind::invalid_argument, "token",
                   "Give exactly one of --token or --token-file."),
        2);
  }
  if (args.vins.empty() != args.all) {
    die("arguments",
        make_error(ErrorKind::invalid_argument, "vins",
                   "Give --vin (one or more) or --all, not both."),
        2);
  }
  auto order = make_order(args);
  if (!order) die("arguments", order.error(), 2);
  auto formats = parse_formats(args.formats);
  if (!formats) die("--format", formats.error(), 2);
  auto time_zone = parse_time_zone(args.time_zone);
  if (!time_zone) die("--time-zone", time_zone.error(), 2);
  std::optional<tesla::Region> region;
  if (!args.region.empty()) {
    auto parsed = tesla::parse_region(args.region);
    if (!parsed) die("--region", parsed.error(), 2);
    region = *parsed;
  }
  auto env = read_tesla_env();
  if (!env) die("configuration", env.error(), 2);
  auto stack = make_tesla_stack(std::move(*env));
  if (!stack) die("setup", stack.error());
  auto session = args.token.empty() ? session_from_token_file(*stack, args.token_file, region)
                                    : session_from_access_token(*stack, args.token, region);
  if (!session) die("sign-in", session.error());
  std::shared_ptr<tesla::Budget> budget;
  if (order->budget_micros) budget = std::make_shared<tesla::Budget>(*order->budget_micros);
  auto now = std::shared_ptr<Clock>(&SystemClock::instance(), [](Clock*) {});
  auto deadline = std::make_shared<tesla::OrderDeadline>(
      now->now() + std::chrono::seconds(args.deadline_s), now);
  auto client = user_fleet_client(*stack, *session, budget, deadline);
  acquire::InMemoryRawStore store;

  if (args.all) {
    auto vins = account_vins(client, store, order->id);
    if (!vins) die("listing vehicles", vins.error());
    if (vins->empty()) {
      die("listing vehicles",
          make_error(ErrorKind::not_found, "no vehicles", "The account has no vehicles."));
    }
    order->vins = *vins;
  }
  if (args.dry_run) {
    auto scopes = client.connection().granted_scopes();
    print_plan(std::cout, acquire::plan_order(*order, scopes ? *scopes : std::vector<std::string>{},
                                              client.connection().options().wake));
    if (args.all) std::cout << "(listing the vehicles for --all made 1 call, $0.002)\n";
    return;
  }
  auto key = signing_key(args);
  if (!key) die("signing key", key.error());

  TerminalProgress progress(std::cout, isatty(STDOUT_FILENO) == 1, order->vins.size());
  auto result = acquire::run_order(*order, client, store, SystemClock::instance(), &progress);
  progress.finish();
  if (!result) die("order", result.error());

  OutputOptions output{args.out, *formats, *report::parse_language(args.langs.front()), &*key};
  // Every further --lang is rendered from the same snapshots: no Tesla call.
  for (std::size_t i = 1; i < args.langs.size(); ++i) {
    output.extra_languages.push_back(*report::parse_language(args.langs[i]));
  }
  output.verify_base_url = args.verify_url;
  output.time_zone = *time_zone;
  const char* public_url = std::getenv("CPT_PUBLIC_URL");
  if (output.verify_base_url.empty() && public_url != nullptr) output.verify_base_url = public_url;
  auto written = write_reports(result->snapshots, output);
  if (!written) die("writing reports", written.error());
  const auto pub = std::filesystem::path(args.out) / "report-signing-key.pem";
  if (auto ok = write_file_atomic(pub, key->public_key().public_pem()); !ok) {
    die("writing the signing key", ok.error());
  }
  for (const auto& file : *written) {
    std::cout << "wrote " << file.path.string() << " (" << file.bytes << " bytes)\n";
  }
  std::cout << "reports signed with key " << key->key_id() << " (public key: " << pub.string()
            << ")\n"
            << "Tesla calls: " << result->calls << " made, " << result->reused
            << " reused; estimated cost " << tesla::format_usd(result->cost_micros) << "\n";
}

}  // namespace

void add_report_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("report", "Fetch vehicles' data and write verified reports");
  auto args = std::make_shared<ReportArgs>();
  cmd->add_option("--token", args->token, "A Fleet API access token");
  cmd->add_option("--token-file", args->token_file,
                  "A token file from `cpt live-test` or `cpt demo` (refreshed in place)");
  cmd->add_option("--vin", args->vins, "A VIN to report on (repeatable)");
  cmd->add_flag("--all", args->all, "Every vehicle on the account");
  cmd->add_option("--package", args->package, "basic, pro or expert")->capture_default_str();
  cmd->add_option("--lang", args->langs,
                  "en, fi, sv, no, da, de, fr, es or it; repeat (or a comma list) for more "
                  "languages from the same data, the first is the main one")
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_option("--format", args->formats, "Comma list of json,html,pdf,csv,zip or all")
      ->capture_default_str();
  cmd->add_option("--out", args->out, "Output folder")->capture_default_str();
  cmd->add_option("--region", args->region, "na, eu or cn (default: from the token)");
  cmd->add_option("--time-zone", args->time_zone,
                  "IANA time zone of the report's times, e.g. Europe/Helsinki (default: the main "
                  "zone of each car's market; charging sessions keep their site's local time)");
  cmd->add_flag("--allow-wake", args->allow_wake, "Wake sleeping cars (costs a wake call)");
  cmd->add_flag("--dry-run", args->dry_run, "Print the planned calls and their price only");
  cmd->add_option("--budget", args->budget_usd, "Most the order may spend, in USD");
  cmd->add_option("--deadline", args->deadline_s,
                  "Seconds the order may take; calls not made by then are stated as such")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--signing-key", args->signing_key, "PEM private key that signs the reports");
  cmd->add_option("--verify-url", args->verify_url,
                  "Public URL of the cpt serve whose /verify page the PDFs link to (default: "
                  "CPT_PUBLIC_URL, else http://127.0.0.1:8080)");
  cmd->footer(tesla_env_help() +
              "\n  CPT_REPORT_SIGNING_KEY(_FILE)  report-signing key (PEM); a new one otherwise");
  cmd->callback([args] { run_report(*args); });
}

}  // namespace cpt::cli
