// `cpt verify FILE [--key PEM | --keys KEYSET.json]`: checks a signed JSON or PDF report and says
// why it fails.
#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include "cpt/cli/commands.h"
#include "cpt/report/verify.h"

namespace cpt::cli {
namespace {

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// A pinned key (--key) or a published key set (--keys); neither: the report's own key.
struct TrustedKeys {
  std::optional<report::VerifyKey> key;
  std::optional<report::KeySet> set;
};

// Exit code 2 and a message when a key file cannot be used.
std::optional<TrustedKeys> load_trusted(const std::string& key_path, const std::string& keys_path) {
  TrustedKeys out;
  if (!key_path.empty()) {
    const auto pem = read_file(key_path);
    auto parsed = pem ? report::VerifyKey::from_pem(*pem) : fail(ErrorKind::io, "unreadable");
    if (!parsed) {
      std::cerr << "cpt verify: " << key_path << " is not a P-256 public key (PEM)\n";
      return std::nullopt;
    }
    out.key = std::move(*parsed);
  }
  if (!keys_path.empty()) {
    const auto text = read_file(keys_path);
    auto parsed = text ? report::KeySet::from_json(*text) : fail(ErrorKind::io, "unreadable");
    if (!parsed) {
      std::cerr << "cpt verify: " << keys_path
                << " is not a report-signing key set: " << parsed.error().log_message << "\n";
      return std::nullopt;
    }
    out.set = std::move(*parsed);
  }
  return out;
}

void print_facts(const report::ReportFacts& facts) {
  if (!facts.generated_at.empty()) std::cout << "  date:   " << facts.generated_at << "\n";
  if (!facts.vin_suffix.empty()) std::cout << "  VIN:    \u2026" << facts.vin_suffix << "\n";
  if (!facts.odometer.empty()) std::cout << "  odometer: " << facts.odometer << "\n";
}

// Exit codes: 0 valid, 1 invalid, 2 unreadable input.
int run_verify(const std::string& path, const std::string& key_path, const std::string& keys_path) {
  const auto bytes = read_file(path);
  if (!bytes) {
    std::cerr << "cpt verify: cannot read " << path << "\n";
    return 2;
  }
  const auto trusted = load_trusted(key_path, keys_path);
  if (!trusted) return 2;
  const report::Verification v =
      trusted->set ? report::verify_report(*bytes, *trusted->set)
                   : report::verify_report(*bytes, trusted->key ? &*trusted->key : nullptr);
  std::cout << path << ": " << (v.valid ? "valid" : "INVALID") << " ("
            << report::to_string(v.authenticity) << ")\n";
  std::cout << "  format: " << report::to_string(v.format) << "\n";
  if (!v.key_id.empty()) {
    const bool checked = v.key_pinned || trusted->set;
    std::cout << "  key:    " << v.key_id << (checked ? " (trusted)" : " (not pinned)") << "\n";
  }
  if (!v.canonical_sha256.empty()) std::cout << "  sha256: " << v.canonical_sha256 << "\n";
  if (v.valid) print_facts(v.facts);
  std::cout << "  " << (v.valid ? "" : "why: ") << v.reason << "\n";
  return v.valid ? 0 : 1;
}

}  // namespace

void add_verify_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("verify", "Check the signature of a JSON or PDF report");
  auto path = std::make_shared<std::string>();
  auto key = std::make_shared<std::string>();
  auto keys = std::make_shared<std::string>();
  cmd->add_option("file", *path, "The report (report.json or report.pdf)")->required();
  auto* key_option =
      cmd->add_option("--key", *key, "PEM public key of the report-signing key to check against");
  cmd->add_option("--keys", *keys,
                  "Published key set (report-signing-keys.json): the signer must be in it and "
                  "valid on the report's date")
      ->excludes(key_option);
  cmd->callback([path, key, keys] {
    const int code = run_verify(*path, *key, *keys);
    if (code != 0) throw CLI::RuntimeError(code);
  });
}

}  // namespace cpt::cli
