// `cpt verify FILE [--key PEM]`: checks a signed JSON or PDF report and says why it fails.
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

std::string_view format_name(report::ReportFormat format) {
  switch (format) {
    case report::ReportFormat::json:
      return "JSON";
    case report::ReportFormat::pdf:
      return "PDF";
    case report::ReportFormat::unknown:
      return "unknown";
  }
  return "unknown";
}

// Exit codes: 0 valid, 1 invalid, 2 unreadable input.
int run_verify(const std::string& path, const std::string& key_path) {
  const auto bytes = read_file(path);
  if (!bytes) {
    std::cerr << "cpt verify: cannot read " << path << "\n";
    return 2;
  }
  std::optional<report::VerifyKey> key;
  if (!key_path.empty()) {
    const auto pem = read_file(key_path);
    auto parsed = pem ? report::VerifyKey::from_pem(*pem) : fail(ErrorKind::io, "unreadable");
    if (!parsed) {
      std::cerr << "cpt verify: " << key_path << " is not a P-256 public key (PEM)\n";
      return 2;
    }
    key = std::move(*parsed);
  }
  const report::Verification v = report::verify_report(*bytes, key ? &*key : nullptr);
  std::cout << path << ": " << (v.valid ? "valid" : "INVALID") << "\n";
  std::cout << "  format: " << format_name(v.format) << "\n";
  if (!v.key_id.empty()) {
    std::cout << "  key:    " << v.key_id << (v.key_pinned ? " (the given key)" : " (not pinned)")
              << "\n";
  }
  if (!v.canonical_sha256.empty()) std::cout << "  sha256: " << v.canonical_sha256 << "\n";
  std::cout << "  " << (v.valid ? "" : "why: ") << v.reason << "\n";
  return v.valid ? 0 : 1;
}

}  // namespace

void add_verify_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("verify", "Check the signature of a JSON or PDF report");
  auto path = std::make_shared<std::string>();
  auto key = std::make_shared<std::string>();
  cmd->add_option("file", *path, "The report (report.json or report.pdf)")->required();
  cmd->add_option("--key", *key, "PEM public key of the report-signing key to check against");
  cmd->callback([path, key] {
    const int code = run_verify(*path, *key);
    if (code != 0) throw CLI::RuntimeError(code);
  });
}

}  // namespace cpt::cli
