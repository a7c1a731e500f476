// Internal pieces of world generation shared by world.cc, world_vehicle.cc and world_sessions.cc.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "cpt/sim/rng.h"
#include "cpt/sim/world.h"
#include "cpt/sim/world_tables.h"

namespace cpt::sim::detail {

// The world's "today" while generate_world runs (midnight UTC; the real date by default, see
// SimOptions::today): generated dates are relative to it, so a seed and a day give one world.
std::int64_t reference_epoch_s();
int reference_year();
// "2026-01-15T10:00:00+02:00"; millis 1..999 add ".mmm" (UTC is written "+00:00").
std::string iso_time(std::int64_t epoch_s, int offset_s, int millis = -1);
// "2026-01-15" (UTC).
std::string iso_date(std::int64_t epoch_s);
// A random RFC 4122 version-4 style id.
std::string uuid(Rng& rng);
// An amount in the currency's minor units, rounded half away from zero.
std::int64_t to_minor(std::string_view currency, double amount);

void add_options(Rng& rng, Vehicle& vehicle, const tables::ModelInfo& model);
void add_warranties(Rng& rng, Vehicle& vehicle, std::int64_t delivered_epoch_s);
void add_alerts(Rng& rng, Vehicle& vehicle);
// Appends the account's charging sessions (all its cars) to world.sessions.
void add_sessions(Rng& rng, World& world, std::size_t user_index);

}  // namespace cpt::sim::detail
