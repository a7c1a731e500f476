// The chaos run's audits over the simulator's ledger: what was billed and why, who refreshed,
// and whether every report's module outcomes match what the simulator did to that car.
#include <dirent.h>

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
// plan: the second clean read of GET /api/1/vehicles is not a repeat.
bool planned_twice(const Answer& a) {
  return a.method == "GET" && a.path == "/api/1/vehicles";
}

struct KeyState {
  int billed = 0;
  int clean_billed = 0;
  std::string last_trouble;  // empty: the last answer was clean
  long last_index = -1;      // the last answer's place in the ledger
};

// Calls in flight when cpt serve was killed: answered by Tesla at most this many requests before
// the kill (an order waiting out a Retry-After keeps its answers unstored while others go on).
constexpr long kInFlightWindow = 2048;

bool spans_a_kill(long before, long after, const std::vector<long>& kill_marks) {
  for (long mark : kill_marks) {
    if (before < mark && mark <= after && before >= mark - kInFlightWindow) return true;
  }
  return false;
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

void audit_ledger(const std::string& ledger_json, const std::vector<long>& kill_marks,
                  ChaosResult& result) {
  const json ledger = json::parse(ledger_json, nullptr, false);
  if (!ledger.is_object()) return;
  std::map<std::string, KeyState> keys;
  for (const Answer& a : fleet_answers(ledger)) {
    KeyState& k = keys[a.user + "|" + a.method + " " + a.path + "?" + a.query];
    if (a.billed) {
      ++result.billed_calls;
      const bool repeat_allowed = planned_twice(a) && k.clean_billed == 1;
      if (k.billed == 0 || repeat_allowed) {
        ++result.plan_minimum;
      } else if (!k.last_trouble.empty()) {
        ++result.extra_billed["retry after " + k.last_trouble];
      } else if (spans_a_kill(k.last_index, a.index, kill_marks)) {
        ++result.extra_billed["retry: answered as cpt serve was killed, not yet stored"];
      } else {
        ++result.billed_twice;
        ++result.extra_billed["again after a clean answer"];
        if (result.billed_twice_examples.size() < 5) {
          result.billed_twice_examples.push_back(a.method + " " + a.path);
        }
      }
      ++k.billed;
      if (a.clean()) ++k.clean_billed;
    }
    // A slow body is whole when the simulator has sent it, but a client may give up on it first
    // (its read timeout), so a call after one is a retry, not a repeat.
    k.last_trouble = a.fault == "slow" ? "slow body" : a.clean() ? "" : a.trouble();
    k.last_index = a.index;
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

// Empty when the row is honest, else why not.
std::string judge(const ModuleRow& row, const std::vector<Answer>& answers) {
  if (!serves(row.source, row, Answer{})) return "";  // a source this audit cannot place
  bool any = false, clean = false, troubled = false;
  for (const Answer& a : answers) {
    if (!serves(row.source, row, a).value_or(false)) continue;
    any = true;
    clean = clean || a.clean();
    // A slow body is whole, but a client may honestly give up on it.
    troubled = troubled || !a.clean() || a.fault == "slow";
  }
  if (row.outcome == "ok" || row.outcome == "empty") {
    return clean ? "" : "says " + row.outcome + " but Tesla never answered it whole";
  }
  if (row.outcome == "failed" || row.outcome == "unavailable") {
    if (row.reason.empty()) return "says " + row.outcome + " without a reason";
    if (any && !troubled) return "says " + row.outcome + " but every answer was clean";
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
  for (const ModuleRow& row : rows) {
    ++result.module_rows;
    const auto& vin_answers = by_owner["vin:" + row.vin];
    const auto& user_answers = by_owner["user:" + row.user];
    std::vector<Answer> answers = vin_answers;
    answers.insert(answers.end(), user_answers.begin(), user_answers.end());
    const std::string why = judge(row, answers);
    if (why.empty()) continue;
    ++result.dishonest;
    if (result.dishonest_examples.size() < 5) {
      result.dishonest_examples.push_back(row.module + " (" + row.source + ", car ..." +
                                          row.vin.substr(row.vin.size() - 4) + "): " + why);
    }
  }
}

ProcessSample sample(int pid) {
  ProcessSample out;
  const std::string base = "/proc/" + std::to_string(pid);
  if (DIR* dir = ::opendir((base + "/fd").c_str())) {
    while (const dirent* entry = ::readdir(dir)) {
      if (entry->d_name[0] != '.') ++out.fds;
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
  }
  return out;
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
