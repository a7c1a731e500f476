#include <signal.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "cpt/cli/commands.h"
#include "cpt/service/config_loader.h"
#include "cpt/service/service.h"

namespace cpt::cli {

namespace {

struct ServeFlags {
  std::string config;
  std::string listen;
  std::string database;
  std::string web_dir;
  bool simulator = false;
};

std::string serve_footer() {
  std::string out =
      "Precedence: flag > environment > config file > default.\n"
      "With --simulator and the lines of `cpt sim --print-env` in the environment, it runs\n"
      "against the simulator (http://localhost redirect allowed, development keys generated).\n"
      "Environment variables read:\n";
  for (const auto& [name, what] : service::environment_variables()) {
    out += "  " + std::string(name) + std::string(name.size() < 22 ? 22 - name.size() : 1, ' ') +
           std::string(what) + "\n";
  }
  return out;
}

int run_serve(const ServeFlags& flags) {
  service::ConfigSources sources;
  if (!flags.config.empty()) sources.file = flags.config;
  sources.env = service::process_env();
  if (!flags.listen.empty()) sources.listen = flags.listen;
  if (!flags.database.empty()) sources.database = flags.database;
  if (!flags.web_dir.empty()) sources.web_dir = flags.web_dir;
  sources.simulator = flags.simulator;
  auto config = service::load_config(sources);
  if (!config) {
    std::cerr << "serve: " << config.error().user_message << "\n";
    return 2;
  }
  // Block the stop signals before any thread starts, so only sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto service = service::Service::create(std::move(*config));
  if (!service) {
    std::cerr << "serve: " << service.error().user_message << "\n";
    return 1;
  }
  auto port = (*service)->start();
  if (!port) {
    std::cerr << "serve: " << port.error().user_message << "\n";
    return 1;
  }
  std::cout << "cpt serve listening on " << (*service)->base_url()
            << ((*service)->config().simulator ? " (simulator mode)" : "") << std::endl;
  int received = 0;
  sigwait(&stop_signals, &received);
  (*service)->stop();
  std::cout << "cpt serve stopped" << std::endl;
  return 0;
}

}  // namespace

void add_serve_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("serve", "Run the CPT web service (API, OAuth, orders, web UI)");
  auto flags = std::make_shared<ServeFlags>();
  cmd->add_option("--config", flags->config, "TOML configuration file");
  cmd->add_option("--listen", flags->listen, "HOST:PORT to listen on (default 127.0.0.1:8080)");
  cmd->add_option("--database", flags->database, "SQLite database file");
  cmd->add_option("--web-dir", flags->web_dir, "Serve the UI from this folder (development)");
  cmd->add_flag("--simulator", flags->simulator, "Run against `cpt sim` (development only)");
  cmd->footer(serve_footer());
  cmd->callback([flags] {
    const int code = run_serve(*flags);
    if (code != 0) throw CLI::RuntimeError(code);
  });
}

}  // namespace cpt::cli
