// Child processes for the browser test: spawn with extra environment, read stdout lines, stop.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cpt::e2e {

// A process this test started. The destructor sends SIGTERM and reaps it (never anything else).
class ChildProcess {
 public:
  // Starts `argv` with the current environment plus `extra_env`; stdout is readable by
  // read_line(), stderr goes to `stderr_file` (or is inherited when empty).
  static std::optional<ChildProcess> spawn(const std::vector<std::string>& argv,
                                           const std::map<std::string, std::string>& extra_env,
                                           const std::string& stderr_file = {});
  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&&) = delete;
  ChildProcess(const ChildProcess&) = delete;
  ~ChildProcess();

  // One line of stdout without the newline; nullopt on EOF or after `timeout`.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);
  bool running();
  void stop();
  pid_t pid() const { return pid_; }

 private:
  ChildProcess(pid_t pid, int stdout_fd) : pid_(pid), stdout_fd_(stdout_fd) {}
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string buffer_;
};

// A TCP port on 127.0.0.1 that was free a moment ago.
int free_port();
// Polls GET http://127.0.0.1:port<path> until it answers 200 or `timeout` passes.
bool wait_for_http(int port, const std::string& path, std::chrono::milliseconds timeout);

}  // namespace cpt::e2e
