#include <CLI/CLI.hpp>
#include <iostream>

#include "cpt/cli/commands.h"

namespace cpt::cli {

void add_version_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("version", "Print the cpt version");
  cmd->callback([] { std::cout << "cpt 0.1.0\n"; });
}

}  // namespace cpt::cli
