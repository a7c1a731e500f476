// Charging history queries (filter, sort, page) and the bodies of the charging endpoints.
// Internal to cpt::sim; pure functions over the World.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cpt/core/error.h"
#include "cpt/sim/quirks.h"
#include "cpt/sim/world.h"

namespace cpt::sim {

// GET /api/1/dx/charging/history parameters, validated.
struct HistoryQuery {
  std::optional<std::string> vin;
  std::optional<std::int64_t> start_epoch_s, end_epoch_s;
  int page_no = 1;     // as sent (1-based by default; see SimQuirks::paging)
  int page_index = 0;  // 0 = the newest page, whatever the numbering
  int page_size = 50;  // as served (after SimQuirks::history_page_cap)
  std::string sort_by = "chargeStartDateTime";
  bool ascending = false;  // DESC by default: newest first
};

inline constexpr int kMaxHistoryPageSize = 100;

// Reads the query parameters, numbering pages as `quirks` say; invalid_argument names the
// offending parameter.
Result<HistoryQuery> parse_history_query(const std::multimap<std::string, std::string>& params,
                                         const SimQuirks& quirks = {});

// One page of the account's matching sessions, sorted, and how many matched in all.
struct HistoryPage {
  std::vector<const ChargingSession*> sessions;
  std::size_t total = 0;
};
HistoryPage query_history(const World& world, std::size_t user, const HistoryQuery& query);

// The answer's body: {"response":{"data":[...],"totalResults":N}}, or without the wrapper when
// quirks.history_top_level.
nlohmann::json history_body(const HistoryPage& page, const SimQuirks& quirks);

nlohmann::json session_json(const ChargingSession& session);
// A session as the business endpoint (/api/1/dx/charging/sessions) describes it.
nlohmann::json business_session_json(const ChargingSession& session, const Vehicle& vehicle);

}  // namespace cpt::sim
