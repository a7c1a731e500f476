// `cpt demo` (temporary form, issue 2): parses every public fixture and every documented example
// and prints one summary line per payload. Later issues replace it with the full order flow.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "cpt/cli/commands.h"
#include "cpt/tesla/wire/summary.h"

namespace cpt::cli {
namespace {

namespace fs = std::filesystem;

struct DemoOptions {
  std::string shared;    // the shared/ folder (fixtures/public inside)
  std::string examples;  // tests/data/seed; defaults to <shared>/../main/tests/data/seed
  std::string out;       // where parse-summary.txt goes (optional)
};

std::vector<fs::path> json_files(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".json") files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Summarizes every JSON file under `dir`; returns the number of payloads that failed to parse.
int summarize_dir(const fs::path& dir, std::vector<std::string>& lines) {
  const auto files = json_files(dir);
  if (files.empty()) {
    lines.push_back("no JSON files under " + dir.string());
    return 1;
  }
  int failures = 0;
  for (const auto& file : files) {
    const std::string name = fs::relative(file, dir).string();
    const auto kind = tesla::wire::kind_for_file_name(file.filename().string());
    if (!kind) {
      lines.push_back(name + "  skipped: no parser for this file name");
      continue;
    }
    const auto summary = tesla::wire::summarize_payload(*kind, read_file(file));
    if (!summary.parsed) ++failures;
    lines.push_back(name + "  " + summary.line());
  }
  return failures;
}

int run_demo(const DemoOptions& options) {
  const fs::path shared(options.shared);
  const fs::path examples = options.examples.empty()
                                ? shared / ".." / "main" / "tests" / "data" / "seed"
                                : fs::path(options.examples);
  std::vector<std::string> lines;
  lines.push_back("== public fixtures (" + (shared / "fixtures" / "public").string() + ")");
  int failures = summarize_dir(shared / "fixtures" / "public", lines);
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
      "demo", "Parse every public fixture and documented example and summarize each payload");
  cmd->add_option("--shared", options->shared, "The shared/ folder (holds fixtures/public)")
      ->required()
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--examples", options->examples,
                  "Documented examples (default: <shared>/../main/tests/data/seed)");
  cmd->add_option("--out", options->out, "Also write parse-summary.txt into this folder");
  cmd->callback([options] {
    if (const int rc = run_demo(*options); rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace cpt::cli
