// `cpt demo`: parses every public fixture and every documented example the repository ships
// (tests/data/public, tests/data/seed) and prints one summary line per payload, then runs the full
// order flow against an in-process simulator.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cpt/cli/commands.h"
#include "cpt/cli/demo_flow.h"
#include "cpt/cli/report_output.h"
#include "cpt/tesla/wire/summary.h"

namespace cpt::cli {
namespace {

namespace fs = std::filesystem;

struct DemoOptions {
  std::string data;  // the repository's tests/data (public/ and seed/ inside)
  std::string out;   // where parse-summary.txt goes (optional)
  bool parse_only = false;
  std::string time_zone;  // IANA; empty: each car's market zone
};

// Summarizes every JSON file under `dir`; returns the number of payloads that failed to parse.
int summarize_dir(const fs::path& dir, std::vector<std::string>& lines) {
  const auto files = tesla::wire::summarize_json_files(dir);
  if (files.empty()) {
    lines.push_back("no JSON files under " + dir.string());
    return 1;
  }
  int failures = 0;
  for (const auto& file : files) {
    if (!file.summary) {
      lines.push_back(file.name + "  skipped: no parser for this file name");
      continue;
    }
    if (!file.summary->parsed) ++failures;
    lines.push_back(file.name + "  " + file.summary->line());
  }
  return failures;
}

int run_demo(const DemoOptions& options) {
  const fs::path fixtures = fs::path(options.data) / "public";
  const fs::path examples = fs::path(options.data) / "seed";
  std::vector<std::string> lines;
  lines.push_back("== public fixtures (" + fixtures.string() + ")");
  int failures = summarize_dir(fixtures, lines);
  lines.push_back("== documented examples (" + examples.string() + ")");
  failures += summarize_dir(examples, lines);
  for (const auto& line : lines) std::cout << line << '\n';
  if (!options.out.empty()) {
    std::error_code ec;
    fs::create_directories(options.out, ec);
    std::ofstream file(fs::path(options.out) / "parse-summary.txt");
    for (const auto& line : lines) file << line << '\n';
    if (!file) {
      std::cerr << "demo: cannot write " << (fs::path(options.out) / "parse-summary.txt") << '\n';
      return 1;
    }
  }
  if (failures > 0) std::cerr << "demo: " << failures << " payload(s) failed to parse\n";
  return failures > 0 ? 1 : 0;
}

}  // namespace

void add_demo_command(CLI::App& app) {
  auto options = std::make_shared<DemoOptions>();
  auto* cmd = app.add_subcommand(
      "demo",
      "Summarize every public fixture and documented example, then run the full flow against an "
      "in-process simulator and write reports");
  cmd->add_option("--data", options->data,
                  "The repository's tests/data folder (public fixtures in public/, documented "
                  "examples in seed/)")
      ->required()
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--out", options->out, "Also write parse-summary.txt into this folder");
  cmd->add_flag("--parse-only", options->parse_only, "Only summarize the payloads (no order)");
  cmd->add_option("--time-zone", options->time_zone,
                  "IANA time zone of the reports' times (default: each car's market zone)");
  cmd->callback([options] {
    auto time_zone = parse_time_zone(options->time_zone);
    if (!time_zone) {
      std::cerr << "demo: --time-zone: " << time_zone.error().user_message << "\n";
      throw CLI::RuntimeError(2);
    }
    if (const int rc = run_demo(*options); rc != 0) throw CLI::RuntimeError(rc);
    if (options->parse_only) return;
    std::cout << "\n== Full flow against the in-process simulator ==\n";
    const std::filesystem::path out = options->out.empty() ? "out" : options->out;
    if (auto flow = run_demo_flow(out, std::cout, *time_zone); !flow) {
      std::cerr << "demo: " << flow.error().user_message << " (" << flow.error().describe()
                << ")\n";
      throw CLI::RuntimeError(1);
    }
  });
}

}  // namespace cpt::cli
