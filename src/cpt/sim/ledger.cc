#include "cpt/sim/ledger.h"

#include <nlohmann/json.hpp>

namespace cpt::sim {

std::string_view to_string(Category category) {
  switch (category) {
    case Category::data:
      return "data";
    case Category::wake:
      return "wakes";
    case Category::command:
      return "commands";
    case Category::specs:
      return "specs";
    case Category::auth:
      return "auth";
  }
  return "data";
}

std::int64_t price_micros(Category category) {
  switch (category) {
    case Category::data:
      return 2000;
    case Category::wake:
      return 20000;
    case Category::command:
      return 1000;
    case Category::specs:
      return 100000;
    case Category::auth:
      return 0;
  }
  return 0;
}

bool is_billed(Category category, int status) {
  if (status <= 0 || status >= 500) return false;
  if (category == Category::auth) return false;
  if (category == Category::specs) return status >= 200 && status < 300;
  return true;
}

std::int64_t Ledger::requests(Category category) const {
  auto it = totals.find(category);
  return it == totals.end() ? 0 : it->second.requests;
}

std::int64_t Ledger::billed(Category category) const {
  auto it = totals.find(category);
  return it == totals.end() ? 0 : it->second.billed;
}

std::int64_t Ledger::total_requests() const {
  std::int64_t n = 0;
  for (const auto& [_, t] : totals) n += t.requests;
  return n;
}

std::int64_t Ledger::total_billed() const {
  std::int64_t n = 0;
  for (const auto& [_, t] : totals) n += t.billed;
  return n;
}

std::int64_t Ledger::total_cost_micros() const {
  std::int64_t n = 0;
  for (const auto& [_, t] : totals) n += t.cost_micros;
  return n;
}

std::int64_t Ledger::count(std::string_view path_prefix, std::string_view method) const {
  std::int64_t n = 0;
  for (const auto& e : entries) {
    if (!e.path.starts_with(path_prefix)) continue;
    if (!method.empty() && e.method != method) continue;
    ++n;
  }
  return n;
}

std::string Ledger::to_json(bool with_entries) const {
  nlohmann::json categories = nlohmann::json::object();
  for (Category c :
       {Category::data, Category::wake, Category::command, Category::specs, Category::auth}) {
    auto it = totals.find(c);
    CategoryTotals t = it == totals.end() ? CategoryTotals{} : it->second;
    categories[std::string(to_string(c))] = {{"requests", t.requests},
                                             {"billed", t.billed},
                                             {"unit_price_micros", price_micros(c)},
                                             {"cost_micros", t.cost_micros}};
  }
  nlohmann::json out = {{"categories", categories},
                        {"total_requests", total_requests()},
                        {"total_billed", total_billed()},
                        {"total_cost_micros", total_cost_micros()},
                        {"total_cost_cents", (total_cost_micros() + 5000) / 10000},
                        {"dropped_entries", dropped_entries}};
  if (with_entries) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& e : entries) {
      list.push_back({{"host", e.host},
                      {"method", e.method},
                      {"path", e.path},
                      {"status", e.status},
                      {"category", to_string(e.category)},
                      {"billed", e.billed},
                      {"price_micros", e.price_micros},
                      {"vin", e.vin},
                      {"user", e.user},
                      {"query", e.query},
                      {"fault", e.fault},
                      {"grant", e.grant}});
    }
    out["requests"] = std::move(list);
  }
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void LedgerRecorder::record(LedgerEntry entry) {
  entry.billed = is_billed(entry.category, entry.status);
  entry.price_micros = entry.billed ? price_micros(entry.category) : 0;
  std::lock_guard lock(mutex_);
  auto& t = ledger_.totals[entry.category];
  ++t.requests;
  if (entry.billed) {
    ++t.billed;
    t.cost_micros += entry.price_micros;
  }
  if (ledger_.entries.size() < max_entries_) {
    ledger_.entries.push_back(std::move(entry));
  } else {
    ++ledger_.dropped_entries;
  }
}

Ledger LedgerRecorder::snapshot() const {
  std::lock_guard lock(mutex_);
  return ledger_;
}

void LedgerRecorder::reset() {
  std::lock_guard lock(mutex_);
  ledger_ = Ledger{};
}

}  // namespace cpt::sim
