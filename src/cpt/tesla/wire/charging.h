// Tolerant parsers for charging payloads: GET /api/1/dx/charging/history (one page of sessions)
// and the business-only GET /api/1/dx/charging/sessions. The list is read from `data` at the top,
// `response.data` or `response` itself (or a bare list). Fail (ErrorKind::malformed) only when the
// body is not JSON or holds no such list. Thread-safe (state per call).
#pragma once

#include <string_view>

#include "cpt/core/json_reader.h"
#include "cpt/tesla/model/charging.h"

namespace cpt::tesla::wire {

Result<Parsed<ChargingHistory>> parse_charging_history(std::string_view body);
Result<Parsed<BusinessChargingSessions>> parse_business_charging_sessions(std::string_view body);

}  // namespace cpt::tesla::wire
