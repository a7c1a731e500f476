// The chaos run's audits over the simulator's ledger: what was billed and why, who refreshed,
// and whether every report's module outcomes match what the simulator did to that car.
#include <dirent.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>

#include "chaos/chaos.h"

namespace cpt::chaos::detail {
namespace {

using nlohmann::json;

// One Fleet request as the simulator answered it.
struct Answer {
  std::string method, path, query, vin, user, fault;
  int status = 0;
  bool billed = false;
  long index = 0;  // place in the ledger (every host counted)

  // Data arrived whole: 2xx and not cut short.
  bool clean() const { return status >= 200 && status < 300 && fault != "malformed"; }
  // What went wrong, in the ledger's words: the injected fault, else the status.
  std::string trouble() const {
    if (!fault.empty() && fault != "slow") return fault;
    return status == 0 ? "reset" : std::to_string(status);
  }
};

std::vector<Answer> fleet_answers(const json& ledger) {
  std::vector<Answer> out;
  if (!ledger.contains("requests")) return out;
  long index = 0;
  for (const json& e : ledger["requests"]) {
    const std::string host = e.value("host", "");
    ++index;
    if (host.starts_with("auth")) continue;
    out.push_back({e.value("method", ""), e.value("path", ""), e.value("query", ""),
                   e.value("vin", ""), e.value("user", ""), e.value("fault", ""),
                   e.value("status", 0), e.value("billed", false), index - 1});
  }
  return out;
}

// The inventory read at sign-in and the order's own read of the vehicle list are both in the
// plan, and a sign-in the storm broke is signed in again (reading the list again).
bool sign_in_list(const Answer& a) {
  return a.method == "GET" && a.path == "/api/1/vehicles";
}

struct KeyState {
  int billed = 0;
  int clean_billed = 0;
  std::string last_trouble;          // empty: the last answer was clean
  long last_index = -1;              // the last answer's place in the ledger
  std::vector<std::string> answers;  // "#index status[ fault]", for the examples
};

// Calls in flight when cpt serve was killed: answered by Tesla at most this many requests before
// the kill (an order waiting out a Retry-After keeps its answers unstored while others go on).
constexpr long kInFlightWindow = 2048;

// 1: answered just before a kill (in flight); 2: a kill came between, long after the answer
// (kept only in memory until then, e.g. a charging history walk stored when whole); 0: no kill.
// An answer logged before `after` (the ledger's size when the next cpt serve was started) went
// to the killed process or to none: a request sent just before the SIGKILL is answered and
// logged after it, so `before` (read just before the signal) alone would miss it.
int spans_a_kill(long before, long after, const std::vector<KillMark>& kill_marks) {
  int found = 0;
  for (const KillMark& mark : kill_marks) {
    if (before < mark.after && mark.after <= after) {
      if (before >= mark.before - kInFlightWindow) return 1;
      found = 2;
    }
  }
  return found;
}

// "user ...abcd GET /path?query: #i status, #j status, ... then #k", for a repeat to be traced
// in the kept ledger (CPT_CHAOS_KEEP=1).
std::string trace(const Answer& a, const std::vector<std::string>& earlier) {
  std::string out = "user ..." + a.user.substr(a.user.size() > 4 ? a.user.size() - 4 : 0) + " " +
                    a.method + " " + a.path + (a.query.empty() ? "" : "?" + a.query) + ":";
  for (const std::string& e : earlier) out += " " + e + ",";
  return out + " then #" + std::to_string(a.index);
}

void count_refreshes(const json& ledger, ChaosResult& result) {
  std::map<std::string, int> per_user;
  if (!ledger.contains("requests")) return;
  for (const json& e : ledger["requests"]) {
    if (e.value("grant", "") != "refresh_token") continue;
    ++result.refreshes;
    const std::string user = e.value("user", "");
    if (e.value("status", 0) == 200 && !user.empty()) {
      ++per_user[user];
    } else {
      ++result.failed_refreshes;
    }
  }
  result.refreshed_accounts = static_cast<int>(per_user.size());
  for (const auto& [user, n] : per_user) {
    result.max_refreshes_per_account = std::max(result.max_refreshes_per_account, n);
  }
}

}  // namespace

void audit_ledger(const std::string& ledger_json, const std::vector<KillMark>& kill_marks,
                  ChaosResult& result) {
  const json ledger = json::parse(ledger_json, nullptr, false);
  if (!ledger.is_object()) return;
  std::map<std::string, KeyState> keys;
  for (const Answer& a : fleet_answers(ledger)) {
    KeyState& k = keys[a.user + "|" + a.method + " " + a.path + "?" + a.query];
    if (a.billed) {
      ++result.billed_calls;
      const int kill = spans_a_kill(k.last_index, a.index, kill_marks);
      if (k.billed == 0 || (sign_in_list(a) && k.clean_billed == 1)) {
        ++result.plan_minimum;
      } else if (!k.last_trouble.empty()) {
        ++result.extra_billed["retry after " + k.last_trouble];
      } else if (sign_in_list(a)) {
        ++result.extra_billed["retry: a sign-in again after a broken one"];
      } else if (kill == 1) {
        ++result.extra_billed["retry: answered as cpt serve was killed, not yet stored"];
      } else if (kill == 2) {
        ++result.extra_billed["again after a restart: the answer was not kept before the kill"];
      } else {
        ++result.billed_twice;
        ++result.extra_billed["again after a clean answer"];
        if (result.billed_twice_examples.size() < 5) {
          result.billed_twice_examples.push_back(trace(a, k.answers));
        }
      }
      ++k.billed;
      if (a.clean()) ++k.clean_billed;
    }
    // A slow body is whole when the simulator has sent it, but a client may give up on it first
    // (its read timeout), so a call after one is a retry, not a repeat.
    k.last_trouble = a.fault == "slow" ? "slow body" : a.clean() ? "" : a.trouble();
    k.last_index = a.index;
    k.answers.push_back("#" + std::to_string(a.index) + " " + std::to_string(a.status) +
                        (a.fault.empty() ? "" : " " + a.fault));
  }
  count_refreshes(ledger, result);
}

namespace {

// Whether answer `a` is the fetch of module source `source` for `row`'s car; false for sources
// this audit cannot place (they are not judged).
std::optional<bool> serves(const std::string& source, const ModuleRow& row, const Answer& a) {
  static const std::set<std::string> per_vin = {"vehicle_data", "recent_alerts", "service_data",
                                                "release_notes", "specs"};
  if (per_vin.contains(source)) return a.path == "/api/1/vehicles/" + row.vin + "/" + source;
  if (source == "vehicle") return a.path == "/api/1/vehicles/" + row.vin;
  if (source == "options") return a.path == "/api/1/dx/vehicles/options" && a.vin == row.vin;
  if (source.find("warranty") != std::string::npos) {
    return a.path == "/api/1/dx/warranty/details" && a.vin == row.vin;
  }
  if (source.find("history") != std::string::npos) {
    return a.path == "/api/1/dx/charging/history" && a.user == row.user;
  }
  if (source.find("invoice") != std::string::npos) {
    return a.path.starts_with("/api/1/dx/charging/invoice/") && a.user == row.user;
  }
  if (source == "fleet_status")
    return a.path == "/api/1/vehicles/fleet_status" && a.user == row.user;
  return std::nullopt;
}

// Empty when the row is honest, else why not. `account_troubled`: the account met an answer that
// stops or slows every call (a 412, a 401, a long 429...), which a module may honestly state.
std::string judge(const ModuleRow& row, const std::vector<Answer>& answers, bool account_troubled,
                  bool deadline_reached) {
  if (!serves(row.source, row, Answer{})) return "";  // a source this audit cannot place
  bool any = false, clean = false, troubled = false;
  for (const Answer& a : answers) {
    if (!serves(row.source, row, a).value_or(false)) continue;
    any = true;
    clean = clean || a.clean();
    // A slow body is whole, but a client may honestly give up on it.
    troubled = troubled || !a.clean() || a.fault == "slow";
  }
  if (row.outcome == "ok") return clean ? "" : "says ok but Tesla never answered it whole";
  // An empty module may need no call of its own (no sessions: no invoices to fetch).
  if (row.outcome == "empty") return clean || !any ? "" : "says empty but every answer failed";
  if (row.outcome == "failed" || row.outcome == "unavailable") {
    if (row.reason.empty()) return "says " + row.outcome + " without a reason";
    if (any && !troubled && !account_troubled && !deadline_reached) {
      return "says " + row.outcome + " but every answer was clean";
    }
  }
  return "";
}

}  // namespace

void audit_honesty(const std::string& ledger_json, const std::vector<ModuleRow>& rows,
                   ChaosResult& result) {
  const json ledger = json::parse(ledger_json, nullptr, false);
  if (!ledger.is_object()) return;
  // Per car (and per account, for account-wide modules): only its own answers are looked at.
  std::map<std::string, std::vector<Answer>> by_owner;
  for (Answer& a : fleet_answers(ledger)) {
    if (!a.vin.empty()) by_owner["vin:" + a.vin].push_back(a);
    if (!a.user.empty()) by_owner["user:" + a.user].push_back(std::move(a));
  }
  // A refresh the auth server refused (a revoked grant) stops every call of the account until
  // its owner signs in again, whichever host answered.
  std::set<std::string> refused_refresh;
  for (const json& e : ledger.value("requests", json::array())) {
    if (e.value("grant", "") == "refresh_token" && e.value("status", 0) != 200)
      refused_refresh.insert(e.value("user", ""));
  }
  for (const ModuleRow& row : rows) {
    ++result.module_rows;
    const auto& vin_answers = by_owner["vin:" + row.vin];
    const auto& user_answers = by_owner["user:" + row.user];
    std::vector<Answer> answers = vin_answers;
    answers.insert(answers.end(), user_answers.begin(), user_answers.end());
    bool account_troubled = refused_refresh.contains(row.user);
    for (const Answer& a : user_answers) account_troubled = account_troubled || !a.clean();
    const std::string why = judge(row, answers, account_troubled, row.deadline_reached);
    if (why.empty()) continue;
    ++result.dishonest;
    if (result.dishonest_examples.size() < 5) {
      result.dishonest_examples.push_back(
          row.module + " (" + row.source + ", car ..." + row.vin.substr(row.vin.size() - 4) +
          "): " + why + (row.reason.empty() ? "" : " (it said: " + row.reason + ")"));
    }
  }
}

namespace {

// What an open file of cpt serve is, by where it points.
std::string fd_kind(const std::string& link) {
  std::error_code ec;
  const std::string target = std::filesystem::read_symlink(link, ec).string();
  if (ec) return "gone";
  if (target.starts_with("socket:")) return "socket";
  if (target.starts_with("pipe:")) return "pipe";
  if (target.starts_with("anon_inode:")) return target.substr(11);
  if (target.find("/fonts/") != std::string::npos) return "font";
  if (target.find("cpt.db") != std::string::npos) return "database";
  if (target.ends_with(".log")) return "log";
  if (target.starts_with("/dev/")) return "device";
  return "file";
}

}  // namespace

ProcessSample sample(int pid) {
  ProcessSample out;
  const std::string base = "/proc/" + std::to_string(pid);
  if (DIR* dir = ::opendir((base + "/fd").c_str())) {
    while (const dirent* entry = ::readdir(dir)) {
      if (entry->d_name[0] == '.') continue;
      ++out.fds;
      ++out.fd_kinds[fd_kind(base + "/fd/" + entry->d_name)];
    }
    ::closedir(dir);
  }
  if (DIR* dir = ::opendir((base + "/task").c_str())) {
    while (const dirent* entry = ::readdir(dir)) {
      if (entry->d_name[0] == '.') continue;
      std::string name;
      std::getline(std::ifstream(base + "/task/" + entry->d_name + "/comm"), name);
      ++out.thread_names[name.empty() ? "gone" : name];
    }
    ::closedir(dir);
  }
  std::ifstream status(base + "/status");
  std::string line;
  while (std::getline(status, line)) {
    std::istringstream fields(line);
    std::string key;
    fields >> key;
    if (key == "Threads:") fields >> out.threads;
    if (key == "VmRSS:") fields >> out.rss_kib;
    if (key == "RssAnon:") fields >> out.anon_kib;
    if (key == "RssFile:") fields >> out.file_kib;
  }
  return out;
}

void read_heap_gauges(const std::string& metrics, ProcessSample& out) {
  std::istringstream lines(metrics);
  for (std::string line; std::getline(lines, line);) {
    const auto space = line.find(' ');
    if (line.starts_with('#') || space == std::string::npos) continue;
    const std::string name = line.substr(0, space);
    const long kib = static_cast<long>(std::strtod(line.c_str() + space + 1, nullptr) / 1024);
    if (name == "cpt_heap_in_use_bytes") out.heap_in_use_kib = kib;
    if (name == "cpt_heap_held_bytes") out.heap_held_kib = kib;
  }
}

long peak_rss_kib(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmHWM:")) return std::stol(line.substr(6));
  }
  return 0;
}

}  // namespace cpt::chaos::detail
