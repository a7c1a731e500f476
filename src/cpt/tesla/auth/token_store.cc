#include "cpt/tesla/auth/token_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

namespace cpt::tesla::auth {
namespace {

std::int64_t to_epoch(std::chrono::system_clock::time_point at) {
  return std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count();
}

nlohmann::json to_json(const TokenSet& tokens) {
  return {{"access_token", tokens.access_token},
          {"refresh_token", tokens.refresh_token},
          {"id_token", tokens.id_token},
          {"expires_at", to_epoch(tokens.expires_at)},
          {"scope", tokens.scope}};
}

TokenSet from_json(const nlohmann::json& json) {
  TokenSet tokens;
  auto text = [&](const char* key) {
    auto it = json.find(key);
    return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  tokens.access_token = text("access_token");
  tokens.refresh_token = text("refresh_token");
  tokens.id_token = text("id_token");
  tokens.scope = text("scope");
  if (auto it = json.find("expires_at"); it != json.end() && it->is_number_integer()) {
    tokens.expires_at =
        std::chrono::system_clock::time_point(std::chrono::seconds(it->get<std::int64_t>()));
  }
  return tokens;
}

Result<nlohmann::json> read_document(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return nlohmann::json::object();
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail(ErrorKind::io, "cannot read token file " + file.filename().string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto json = nlohmann::json::parse(buffer.str(), nullptr, false);
  if (!json.is_object()) {
    return fail(ErrorKind::malformed,
                "token file is not a JSON object: " + file.filename().string());
  }
  return json;
}

Error io_error(std::string what, const std::filesystem::path& file) {
  return make_error(ErrorKind::io, what + " " + file.string() + ": " + std::strerror(errno));
}

}  // namespace

Result<std::optional<TokenSet>> InMemoryTokenStore::load(std::string_view account) {
  std::lock_guard lock(mutex_);
  auto it = tokens_.find(account);
  if (it == tokens_.end()) return std::optional<TokenSet>();
  return std::optional<TokenSet>(it->second);
}

Result<void> InMemoryTokenStore::save(std::string_view account, const TokenSet& tokens) {
  std::lock_guard lock(mutex_);
  tokens_.insert_or_assign(std::string(account), tokens);
  return {};
}

Result<void> write_file_atomically(const std::filesystem::path& file, std::string_view content,
                                   std::filesystem::perms mode) {
  std::filesystem::path temp = file;
  temp += ".tmp." + std::to_string(::getpid());
  const int fd =
      ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, static_cast<mode_t>(mode));
  if (fd < 0) return fail(io_error("cannot create", temp));
  // open() applies the umask; set the exact bits (e.g. 0600 even under a permissive umask).
  ::fchmod(fd, static_cast<mode_t>(mode));
  std::size_t written = 0;
  while (written < content.size()) {
    const auto n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      Error error = io_error("cannot write", temp);
      ::close(fd);
      ::unlink(temp.c_str());
      return fail(std::move(error));
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    Error error = io_error("cannot flush", temp);
    ::unlink(temp.c_str());
    return fail(std::move(error));
  }
  if (::rename(temp.c_str(), file.c_str()) != 0) {
    Error error = io_error("cannot rename onto", file);
    ::unlink(temp.c_str());
    return fail(std::move(error));
  }
  return {};
}

Result<std::optional<TokenSet>> FileTokenStore::load(std::string_view account) {
  std::lock_guard lock(mutex_);
  auto document = read_document(file_);
  if (!document) return std::unexpected(document.error());
  auto accounts = document->find("accounts");
  if (accounts == document->end() || !accounts->is_object()) return std::optional<TokenSet>();
  auto it = accounts->find(std::string(account));
  if (it == accounts->end() || !it->is_object()) return std::optional<TokenSet>();
  return std::optional<TokenSet>(from_json(*it));
}

namespace {

// An exclusive flock on the lock file beside the token file; released when destroyed.
class FileRefreshLock final : public RefreshLock {
 public:
  explicit FileRefreshLock(int fd) : fd_(fd) {}
  ~FileRefreshLock() override {
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
  }
  FileRefreshLock(const FileRefreshLock&) = delete;
  FileRefreshLock& operator=(const FileRefreshLock&) = delete;

 private:
  int fd_;
};

}  // namespace

Result<std::unique_ptr<RefreshLock>> FileTokenStore::lock_for_refresh(std::string_view account) {
  (void)account;  // one lock for the file: refreshes are rare, accounts few
  const std::string path = file_.string() + ".lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return fail(ErrorKind::io, "cannot open the token lock file " + path,
                "Cannot lock the token file for a refresh.");
  }
  // Polled rather than blocking, so a process stuck holding the lock costs a bounded wait.
  const auto deadline = std::chrono::steady_clock::now() + lock_timeout_;
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      ::close(fd);
      return fail(ErrorKind::io, "flock on the token lock file failed");
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::close(fd);
      return fail(ErrorKind::timeout, "another process holds the token file's refresh lock",
                  "Another cpt process is refreshing the Tesla sign-in; try again shortly.");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return std::unique_ptr<RefreshLock>(std::make_unique<FileRefreshLock>(fd));
}

Result<void> FileTokenStore::save(std::string_view account, const TokenSet& tokens) {
  std::lock_guard lock(mutex_);
  auto document = read_document(file_);
  if (!document) return std::unexpected(document.error());
  (*document)["accounts"][std::string(account)] = to_json(tokens);
  return write_file_atomically(
      file_, document->dump(2) + "\n",
      std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

}  // namespace cpt::tesla::auth
