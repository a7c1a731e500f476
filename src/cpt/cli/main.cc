#include <CLI/CLI.hpp>

#include "cpt/cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"cpt: Car Pulse Tracker, verified Tesla vehicle reports"};
  app.require_subcommand(1);
  cpt::cli::add_version_command(app);
  cpt::cli::add_sim_command(app);
  cpt::cli::add_verify_command(app);
  cpt::cli::add_demo_command(app);
  cpt::cli::add_keygen_command(app);
  cpt::cli::add_partner_command(app);
  cpt::cli::add_live_test_command(app);
  cpt::cli::add_serve_command(app);
  cpt::cli::add_report_command(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
