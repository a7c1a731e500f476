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
#include "cpt/sim/world.h"

namespace cpt::sim {

// GET /api/1/dx/charging/history parameters, validated.
struct HistoryQuery {
  std::optional<std::string> vin;
  std::optional<std::int64_t> start_epoch_s, end_epoch_s;
  int page_no = 1;  // 1-based
  int page_size = 50;
  std::string sort_by = "chargeStartDateTime";
  bool ascending = false;  // DESC by default: newest first
};

inline constexpr int kMaxHistoryPageSize = 100;

// Reads the query parameters; invalid_argument names the offending parameter.
Result<HistoryQuery> parse_history_query(const std::multimap<std::string, std::string>& params);

// The account's sessions matching the query, sorted and cut to one page.
std::vector<const ChargingSession*> query_history(const World& world, std::size_t user,
                                                  const HistoryQuery& query);

nlohmann::json session_json(const ChargingSession& session);
// A session as the business endpoint (/api/1/dx/charging/sessions) describes it.
nlohmann::json business_session_json(const ChargingSession& session, const Vehicle& vehicle);

}  // namespace cpt::sim
