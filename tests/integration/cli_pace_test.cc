// `cpt report` with TESLA_PACE_FILE: the account's pace kept in that SQLite file by an earlier
// process (decision 0007) holds the next run's calls while a Retry-After recorded there lasts.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "cpt/store/sqlite_pace.h"
#include "integration/run_command.h"
#include "integration/sim_session.h"

namespace cpt::integration {
namespace {

using namespace std::chrono_literals;

TEST(CliPace, APauseKeptInThePaceFileHoldsTheNextRunsCalls) {
  auto s = SimSession::start();
  ASSERT_TRUE(s);
  auto tokens = s->sign_in();
  ASSERT_TRUE(tokens.has_value());
  const auto dir =
      std::filesystem::temp_directory_path() / ("cpt-cli-pace-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto pace_file = dir / "pace.db";
  {
    // What an earlier run of the account left: a 429's Retry-After of 2 s, just met.
    auto pace = store::SqlitePace::open(pace_file.string());
    ASSERT_TRUE(pace.has_value()) << pace.error().describe();
    const auto now = std::chrono::system_clock::now();
    (*pace)->record_pause("cli", "", now + 2s, now);
  }
  std::string command = "TESLA_PACE_FILE='" + pace_file.string() + "' ";
  for (const auto& [name, value] : s->sim->env()) command += name + "='" + value + "' ";
  command += std::string(CPT_BINARY) + " report --token " + tokens->access_token + " --region " +
             std::string(tesla::to_string(s->region)) +
             " --all --package basic --format json --out " + (dir / "report").string() +
             " 2>&1 < /dev/null";
  const auto started = std::chrono::steady_clock::now();
  const auto out = cpt::testing::run_command(command);
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(out.status, 0) << out.text;
  EXPECT_GE(took, 1900ms) << "the recorded pause held the run's calls";
  EXPECT_GE(s->sim->ledger().count("/api/1/vehicles"), 1) << "and then they were sent";
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace cpt::integration
