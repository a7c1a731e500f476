#include <CLI/CLI.hpp>

#include "cpt/cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"cpt: Car Pulse Tracker, verified Tesla vehicle reports"};
  app.require_subcommand(1);
  cpt::cli::add_version_command(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
