#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cpt/cli/commands.h"
#include "cpt/cli/tesla_env.h"
#include "cpt/tesla/partner.h"

namespace cpt::cli {
namespace {

struct PartnerArgs {
  std::string region;
  std::string domain;
  std::string client_id;
  std::string client_secret;
  std::string key_file;
};

std::vector<tesla::Region> regions_of(const std::string& text) {
  if (text == "all") return {tesla::Region::na, tesla::Region::eu, tesla::Region::cn};
  auto region = tesla::parse_region(text);
  if (!region) {
    std::cerr << "partner: --region must be na, eu, cn or all\n";
    throw CLI::RuntimeError(2);
  }
  return {*region};
}

// Flags win over the environment; REGION and DOMAIN are honoured like the original
// do_tesla_register_partner action.
TeslaStack stack_for(PartnerArgs& args) {
  auto env = read_tesla_env();
  if (!env) {
    std::cerr << "partner: " << env.error().log_message << "\n";
    throw CLI::RuntimeError(2);
  }
  if (!args.client_id.empty()) env->auth.client_id = args.client_id;
  if (!args.client_secret.empty()) env->auth.client_secret = args.client_secret;
  if (args.domain.empty()) {
    const char* domain = std::getenv("DOMAIN");
    args.domain = domain != nullptr ? domain : env->auth.domain;
  }
  if (args.region.empty()) {
    const char* region = std::getenv("REGION");
    args.region = region != nullptr && *region != '\0' ? region : "all";
  }
  if (env->auth.client_id.empty() || env->auth.client_secret.empty() || args.domain.empty()) {
    std::cerr << "partner: needs TESLA_CLIENT_ID, TESLA_CLIENT_SECRET (or --client-id, "
                 "--client-secret) and a domain (--domain, DOMAIN or TESLA_DOMAIN)\n";
    throw CLI::RuntimeError(2);
  }
  auto stack = make_tesla_stack(std::move(*env));
  if (!stack) {
    std::cerr << "partner: " << stack.error().log_message << "\n";
    throw CLI::RuntimeError(1);
  }
  return std::move(*stack);
}

void print(const tesla::RegionOutcome& outcome) {
  std::cout << tesla::to_string(outcome.region) << "  " << (outcome.ok ? "ok    " : "FAILED")
            << "  HTTP " << outcome.http_status << "  " << outcome.detail << "\n";
}

void add_common(CLI::App* cmd, PartnerArgs& args) {
  cmd->add_option("--region", args.region, "na, eu, cn or all (env REGION; default all)");
  cmd->add_option("--domain", args.domain, "Partner domain (env DOMAIN or TESLA_DOMAIN)");
  cmd->add_option("--client-id", args.client_id, "Overrides TESLA_CLIENT_ID");
  cmd->add_option("--client-secret", args.client_secret, "Overrides TESLA_CLIENT_SECRET");
  cmd->footer("Also reads REGION and DOMAIN.\n" + tesla_env_help());
}

}  // namespace

void add_partner_command(CLI::App& app) {
  auto* partner = app.add_subcommand("partner", "Tesla partner account: register, check the key");
  partner->require_subcommand(1);
  auto args = std::make_shared<PartnerArgs>();

  auto* reg = partner->add_subcommand("register", "Register the app's domain in Tesla regions");
  add_common(reg, *args);
  reg->callback([args] {
    TeslaStack stack = stack_for(*args);
    bool all_ok = true;
    for (tesla::Region region : regions_of(args->region)) {
      auto client = partner_client(stack, region);
      auto outcome = tesla::register_partner(client, region, args->domain);
      print(outcome);
      all_ok = all_ok && outcome.ok;
    }
    if (!all_ok) throw CLI::RuntimeError(1);
  });

  auto* check = partner->add_subcommand(
      "check", "Compare the public key registered in each region with the local key");
  add_common(check, *args);
  check->add_option("--key", args->key_file, "Local public (or private) key PEM");
  check->callback([args] {
    TeslaStack stack = stack_for(*args);
    std::string local;
    if (!args->key_file.empty()) {
      std::ifstream in(args->key_file);
      std::stringstream buffer;
      buffer << in.rdbuf();
      auto pem = tesla::public_key_pem(buffer.str());
      if (!in || !pem) {
        std::cerr << "partner check: cannot read a prime256v1 key from " << args->key_file << "\n";
        throw CLI::RuntimeError(2);
      }
      local = *pem;
    }
    bool all_ok = true;
    for (tesla::Region region : regions_of(args->region)) {
      auto client = partner_client(stack, region);
      auto outcome = tesla::check_partner_key(client, region, args->domain, local);
      print(outcome);
      all_ok = all_ok && outcome.ok;
    }
    if (!all_ok) throw CLI::RuntimeError(1);
  });
}

}  // namespace cpt::cli
