#include <CLI/CLI.hpp>
#include <iostream>

#include "cpt/cli/commands.h"
#include "cpt/tesla/partner.h"

namespace cpt::cli {

void add_keygen_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "keygen", "Generate the app's prime256v1 key pair (PEM) for Tesla partner registration");
  auto out = std::make_shared<std::string>();
  cmd->add_option("--out", *out, "Folder for private-key.pem (mode 0600) and public-key.pem")
      ->required();
  cmd->footer(
      "Existing key files are never overwritten. Host public-key.pem at\n"
      "https://<your domain>/.well-known/appspecific/com.tesla.3p.public-key.pem\n"
      "Reads no environment variables.");
  cmd->callback([out] {
    auto pair = tesla::generate_key_pair();
    if (!pair) {
      std::cerr << "keygen: " << pair.error().user_message << "\n";
      throw CLI::RuntimeError(1);
    }
    if (auto written = tesla::write_key_pair(*out, *pair); !written) {
      std::cerr << "keygen: " << written.error().user_message << "\n";
      throw CLI::RuntimeError(written.error().kind == ErrorKind::conflict ? 2 : 1);
    }
    const std::filesystem::path dir(*out);
    std::cout << "wrote " << (dir / tesla::kPrivateKeyFile).string() << " (mode 0600)\n"
              << "wrote " << (dir / tesla::kPublicKeyFile).string() << "\n"
              << "next: serve public-key.pem at https://<your domain>" << tesla::kWellKnownKeyPath
              << ", then run `cpt partner register --region all --domain <your domain>`\n";
  });
}

}  // namespace cpt::cli
