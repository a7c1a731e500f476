// Runs a shell command line as a separate process and keeps its exit status and output (stdout
// and stderr together, as the command line redirects them): for tests of the `cpt` binary.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace cpt::testing {

// What a command printed and how it ended. Value type.
struct Output {
  int status = -1;  // exit code; -1 when it did not exit normally or could not start
  std::string text;
};

inline Output run_command(const std::string& command) {
  Output out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) out.text += buffer.data();
  const int status = ::pclose(pipe);
  out.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

}  // namespace cpt::testing
