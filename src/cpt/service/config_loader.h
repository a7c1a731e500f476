// Reads the service configuration from a TOML file, the environment and command-line flags,
// in that order of increasing precedence (flag > environment > file > default).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cpt/core/error.h"
#include "cpt/service/config.h"

namespace cpt::service {

// Looks an environment variable up (injected so tests need not touch the process environment).
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

// The process environment.
EnvLookup process_env();

// A fixed set of NAME=value pairs as an environment (such as a simulator's env()).
EnvLookup env_of(std::vector<std::pair<std::string, std::string>> variables);

// Where configuration comes from. Value type.
struct ConfigSources {
  std::optional<std::string> file = {};      // --config FILE (TOML)
  EnvLookup env = {};                        // null: no environment
  std::optional<std::string> listen = {};    // --listen HOST:PORT
  bool simulator = false;                    // --simulator
  std::optional<std::string> database = {};  // --database FILE
  std::optional<std::string> web_dir = {};   // --web-dir DIR
};

// Every environment variable the service reads, for --help. Secrets also accept NAME_FILE.
const std::vector<std::pair<std::string_view, std::string_view>>& environment_variables();

// Applies the TESLA_* and CPT_* variables of `env` to `config`: what load_config takes from the
// environment. invalid_argument for a value that does not parse or a secret file that cannot be read.
Result<void> apply_env(const EnvLookup& env, ServiceConfig& config);

// Applies a TOML configuration document to `config`, as load_config does for --config FILE;
// `source` names it in errors. invalid_argument for text that is not TOML or a bad value.
Result<void> apply_config_text(std::string_view toml_text, const std::string& source,
                               ServiceConfig& config);

// Builds the configuration: defaults, then the file, then the environment, then flags; in
// simulator mode fills what is missing (keys) with fresh development values; then validates.
Result<ServiceConfig> load_config(const ConfigSources& sources);

// "HOST:PORT", "[::1]:PORT" or ":PORT" into host and port; invalid_argument otherwise.
Result<std::pair<std::string, int>> parse_listen(std::string_view text);

// Fills simulator-mode defaults: a random token key, a generated Tesla public key and report
// signing key when none is configured, no Secure cookies, the fleet hosts as 421 targets.
Result<void> apply_simulator_defaults(ServiceConfig& config);

}  // namespace cpt::service
