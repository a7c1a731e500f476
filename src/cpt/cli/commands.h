// The `cpt` subcommands: each file defines one add_*_command that registers itself on the app.
#pragma once

namespace CLI {
class App;
}

namespace cpt::cli {

void add_version_command(CLI::App& app);
void add_sim_command(CLI::App& app);
void add_verify_command(CLI::App& app);
void add_demo_command(CLI::App& app);
void add_keygen_command(CLI::App& app);
void add_partner_command(CLI::App& app);
void add_live_test_command(CLI::App& app);
void add_serve_command(CLI::App& app);
void add_report_command(CLI::App& app);

}  // namespace cpt::cli
