// Internal to tesla/normalize: the converters from one typed Tesla model to one snapshot value,
// shared by the normalize*.cc files and their unit tests. Other layers use normalize.h. Pure
// functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cpt/core/json_reader.h"
#include "cpt/snapshot/records.h"
#include "cpt/snapshot/vehicle_state.h"
#include "cpt/tesla/model/charging.h"
#include "cpt/tesla/model/modules.h"
#include "cpt/tesla/model/specs.h"
#include "cpt/tesla/model/vehicle_data.h"

namespace cpt::tesla::normalize::detail {

// --- text ---
std::string_view trim(std::string_view text);
std::string to_lower(std::string_view text);
std::string to_upper(std::string_view text);
bool iequals(std::string_view a, std::string_view b);
bool icontains(std::string_view text, std::string_view needle);
// The trimmed text, or nullopt when absent or blank.
std::optional<std::string> nonblank(const std::optional<std::string>& text);
// Whether two VINs are the same vehicle (trimmed, case-insensitive); blank never matches.
bool same_vin(std::string_view a, std::string_view b);

// How many warnings lie under one of `prefixes` ("charge_state", "vehicle_state.tpms_"); the
// payload's "response." envelope is ignored. An empty prefix list counts every warning.
std::size_t count_warnings(std::span<const ParseWarning> warnings,
                           std::initializer_list<std::string_view> prefixes = {});

// --- vehicle_data blocks (Tesla sends miles, °C and bar) ---
snapshot::Battery battery(const ChargeState& charge);
std::optional<snapshot::Odometer> odometer(const VehicleState& state);
snapshot::Climate climate(const ClimateState& climate);
// Doors and windows are named for the driver's side (df = driver front), so a right-hand-drive
// car's driver side is the right.
snapshot::Security security(const VehicleState& state, bool right_hand_drive);
snapshot::Tyres tyres(const VehicleState& state);
snapshot::DisplayPreferences display(const GuiSettings& gui);
snapshot::Software software(const VehicleState& state);

// --- identity ---
// What identity is derived from; any pointer may be null.
struct IdentitySources {
  std::string_view vin;
  const Vehicle* vehicle = nullptr;  // GET /vehicles/{vin}
  const VehicleData* data = nullptr;
  const VehicleOptions* options = nullptr;
  const VehicleSpecs* specs = nullptr;
  std::string_view region;
};
// `reference_year` (the fetch year) decodes the VIN's model-year letter.
snapshot::Identity identity(const IdentitySources& sources, int reference_year);

// The family of an option code by Tesla's code prefixes ($MT trim, $PP/$PM or a colorCode
// paint, $W<digit> wheels, $IP/$IN interior).
enum class OptionFamily { trim, paint, wheels, interior, other };
OptionFamily option_family(const OptionCode& option);
// AWD for "All-Wheel Drive" / "Dual Motor" / "Tri Motor" / "AWD", RWD for "Rear-Wheel Drive" /
// "RWD", FWD for "FWD"; nullopt otherwise.
std::optional<snapshot::Drive> drive_from_text(std::string_view text);

// --- the small modules ---
snapshot::Options options(const VehicleOptions& options);
snapshot::Alerts alerts(const RecentAlerts& alerts);
snapshot::Service service(const ServiceData& service);
snapshot::Warranty warranty(const WarrantyDetails& details);
// Prices become Money only in `currency` (specs carry none).
snapshot::Specs specs(const VehicleSpecs& specs, const std::optional<std::string>& currency);
snapshot::BatteryHealth battery_health(const VehicleSpecs& specs);
snapshot::ReleaseNotes release_notes(const ReleaseNotes& notes);
// This VIN's entry; nullopt when the answer does not mention the VIN at all.
std::optional<snapshot::FleetStatus> fleet_status(const FleetStatus& status, std::string_view vin);

// Whether a value holds anything worth an `ok` (else the module is `empty`).
bool has_data(const snapshot::Battery& v);
bool has_data(const snapshot::Climate& v);
bool has_data(const snapshot::Security& v);
bool has_data(const snapshot::Tyres& v);
bool has_data(const snapshot::DisplayPreferences& v);
bool has_data(const snapshot::Software& v);
bool has_data(const snapshot::Service& v);
bool has_data(const snapshot::Specs& v);
bool has_data(const snapshot::BatteryHealth& v);
bool has_data(const snapshot::ReleaseNotes& v);

// --- charging ---
snapshot::ChargingSession session(const tesla::ChargingSession& session);

// The sessions of one VIN from every page, plus what could not be used.
struct SessionHarvest {
  std::vector<snapshot::ChargingSession> sessions;
  std::vector<std::size_t> unreadable_pages;  // 0-based indexes of pages that did not parse
};
SessionHarvest harvest_sessions(std::span<const std::string> pages, std::string_view vin);

}  // namespace cpt::tesla::normalize::detail
