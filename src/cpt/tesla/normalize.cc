// fill_snapshot: parses each payload once and hands it to the converters of the modules it feeds,
// recording each module's outcome.
#include "cpt/tesla/normalize.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <utility>

#include "cpt/tesla/endpoints.h"
#include "cpt/tesla/normalize_detail.h"
#include "cpt/tesla/wire/modules.h"
#include "cpt/tesla/wire/specs.h"
#include "cpt/tesla/wire/vehicle_data.h"
#include "cpt/tesla/wire/vehicles.h"

namespace cpt::tesla::normalize {
namespace detail {

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::string to_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string to_upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

bool icontains(std::string_view text, std::string_view needle) {
  return to_lower(text).find(to_lower(needle)) != std::string::npos;
}

std::optional<std::string> nonblank(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  const std::string_view trimmed = trim(*text);
  if (trimmed.empty()) return std::nullopt;
  return std::string(trimmed);
}

bool same_vin(std::string_view a, std::string_view b) {
  a = trim(a);
  b = trim(b);
  return !a.empty() && iequals(a, b);
}

std::size_t count_warnings(std::span<const ParseWarning> warnings,
                           std::initializer_list<std::string_view> prefixes) {
  if (prefixes.size() == 0) return warnings.size();
  const auto under = [](std::string_view path, std::string_view prefix) {
    if (!path.starts_with(prefix)) return false;
    // "vehicle_state.tpms_" covers a family of fields; other prefixes end at a path boundary.
    if (prefix.ends_with('_') || path.size() == prefix.size()) return true;
    return path[prefix.size()] == '.' || path[prefix.size()] == '[';
  };
  std::size_t count = 0;
  for (const auto& warning : warnings) {
    std::string_view path = warning.path;
    if (path.starts_with("response.")) path.remove_prefix(9);
    if (std::ranges::any_of(prefixes, [&](std::string_view p) { return under(path, p); })) {
      ++count;
    }
  }
  return count;
}

}  // namespace detail

namespace {

using namespace detail;
using snapshot::Module;
using snapshot::ModuleOutcome;
using snapshot::ModuleResult;

// One payload after parsing: the typed value, or why it cannot be used (user-safe), or neither
// when it was not fetched.
template <class T>
struct Payload {
  std::optional<Parsed<T>> parsed;
  std::optional<std::string> failure;
  snapshot::Note failure_note;  // the failure as a report words it
};

template <class T, class Parse>
Payload<T> read(const std::optional<std::string>& body, Parse parse, std::string_view what) {
  Payload<T> out;
  if (!body) return out;
  if (auto result = parse(*body)) {
    out.parsed = std::move(*result);
  } else {
    out.failure = "Tesla's " + std::string(what) + " answer could not be read.";
    out.failure_note = {"answer_unreadable", {}};
  }
  return out;
}

// An answer that names another VIN must not fill this vehicle's report.
template <class T>
void require_vin(Payload<T>& payload, const std::optional<std::string>& named,
                 std::string_view vin) {
  if (!payload.parsed || !named || trim(*named).empty() || same_vin(*named, vin)) return;
  payload.parsed.reset();
  payload.failure = "Tesla's answer was for a different vehicle.";
  payload.failure_note = {"other_vehicle", {}};
}

std::string warning_note(std::size_t warnings) {
  if (warnings == 0) return {};
  if (warnings == 1) return "1 value in Tesla's answer could not be read and was left out.";
  return std::to_string(warnings) +
         " values in Tesla's answer could not be read and were left out.";
}

// The same, as a code a report words in its own language.
snapshot::Note warning_code(std::size_t warnings) {
  if (warnings == 0) return {};
  if (warnings == 1) return {"value_left_out", {}};
  return {"values_left_out", {{"count", std::to_string(warnings)}}};
}

int year_of(Timestamp at) {
  const std::chrono::year_month_day day{std::chrono::floor<std::chrono::days>(at.utc)};
  return static_cast<int>(day.year());
}

std::string source_of(Endpoint endpoint) {
  return std::string(info(endpoint).name);
}

// Records outcomes for the modules of one source, keeping the caller's calls, cost and status.
class Recorder {
 public:
  Recorder(std::string source, Timestamp at) : source_(std::move(source)), at_(at) {}

  template <class T>
  void put(Module<T>& module, std::optional<T> value, bool has_data,
           std::size_t warnings = 0) const {
    module.data = std::move(value);
    ModuleResult& r = module.result;
    r.outcome = has_data ? ModuleOutcome::ok : ModuleOutcome::empty;
    r.error_kind.reset();
    r.reason = warning_note(warnings);
    r.note = warning_code(warnings);
    stamp(r);
  }

  template <class T>
  void fail(Module<T>& module, const std::string& reason, snapshot::Note note) const {
    module.data.reset();
    ModuleResult& r = module.result;
    r.outcome = ModuleOutcome::failed;
    r.error_kind = ErrorKind::malformed;
    r.reason = reason;
    r.note = std::move(note);
    stamp(r);
  }

  // A module filled from one block of a payload; a missing block is an empty module.
  template <class T, class Block, class Convert>
  void block(Module<T>& module, const std::optional<Block>& part, Convert convert,
             std::size_t warnings) const {
    if (!part) return put(module, std::optional<T>{}, false);
    T value = convert(*part);
    const bool has = has_data(value);
    put(module, std::optional<T>(std::move(value)), has, warnings);
  }

 private:
  void stamp(ModuleResult& r) const {
    r.fetched_at = at_;
    r.source = source_;
  }
  std::string source_;
  Timestamp at_;
};

void fill_vehicle_blocks(const Payload<VehicleData>& payload, snapshot::VehicleSnapshot& snap,
                         Timestamp at) {
  const Recorder rec(source_of(Endpoint::vehicle_data), at);
  if (payload.failure) {
    const std::string& why = *payload.failure;
    const snapshot::Note& note = payload.failure_note;
    rec.fail(snap.battery, why, note);
    rec.fail(snap.odometer, why, note);
    rec.fail(snap.climate, why, note);
    rec.fail(snap.security, why, note);
    rec.fail(snap.tyres, why, note);
    rec.fail(snap.display, why, note);
    rec.fail(snap.software, why, note);
    return;
  }
  if (!payload.parsed) return;
  const VehicleData& v = payload.parsed->value;
  const auto& w = payload.parsed->warnings;
  const bool rhd = v.vehicle_config && v.vehicle_config->rhd == true;
  rec.block(snap.battery, v.charge_state, battery, count_warnings(w, {"charge_state"}));
  rec.block(snap.climate, v.climate_state, climate, count_warnings(w, {"climate_state"}));
  rec.block(snap.display, v.gui_settings, display, count_warnings(w, {"gui_settings"}));
  rec.block(snap.tyres, v.vehicle_state, tyres, count_warnings(w, {"vehicle_state.tpms_"}));
  rec.block(
      snap.security, v.vehicle_state, [&](const VehicleState& s) { return security(s, rhd); },
      count_warnings(
          w, {"vehicle_state.locked", "vehicle_state.sentry_mode", "vehicle_state.df",
              "vehicle_state.dr", "vehicle_state.pf", "vehicle_state.pr", "vehicle_state.ft",
              "vehicle_state.rt", "vehicle_state.fd_window", "vehicle_state.fp_window",
              "vehicle_state.rd_window", "vehicle_state.rp_window"}));
  rec.block(snap.software, v.vehicle_state, software,
            count_warnings(w, {"vehicle_state.car_version", "vehicle_state.software_update"}));
  auto km = v.vehicle_state ? odometer(*v.vehicle_state) : std::nullopt;
  const bool has_km = km.has_value();
  rec.put(snap.odometer, std::move(km), has_km, count_warnings(w, {"vehicle_state.odometer"}));
}

struct IdentityPayloads {
  const Payload<Vehicle>& vehicle;
  const Payload<VehicleData>& data;
  const Payload<VehicleOptions>& options;
  const Payload<VehicleSpecs>& specs;
};

void fill_identity(const IdentityPayloads& p, const VehiclePayloads& payloads,
                   snapshot::VehicleSnapshot& snap, Timestamp at) {
  // The richest source that was read names the module's source.
  std::optional<Endpoint> source;
  if (p.data.parsed)
    source = Endpoint::vehicle_data;
  else if (p.vehicle.parsed)
    source = Endpoint::vehicle;
  else if (p.options.parsed)
    source = Endpoint::options;
  else if (p.specs.parsed)
    source = Endpoint::specs;
  if (!source) {
    if (p.data.failure) {
      return Recorder(source_of(Endpoint::vehicle_data), at)
          .fail(snap.identity, *p.data.failure, p.data.failure_note);
    }
    if (p.vehicle.failure) {
      return Recorder(source_of(Endpoint::vehicle), at)
          .fail(snap.identity, *p.vehicle.failure, p.vehicle.failure_note);
    }
    return;
  }
  IdentitySources sources;
  sources.vin = payloads.vin;
  sources.vehicle = p.vehicle.parsed ? &p.vehicle.parsed->value : nullptr;
  sources.data = p.data.parsed ? &p.data.parsed->value : nullptr;
  sources.options = p.options.parsed ? &p.options.parsed->value : nullptr;
  sources.specs = p.specs.parsed ? &p.specs.parsed->value : nullptr;
  sources.region = payloads.region;
  std::size_t warnings = p.vehicle.parsed ? p.vehicle.parsed->warnings.size() : 0;
  if (p.data.parsed) warnings += count_warnings(p.data.parsed->warnings, {"vehicle_config"});
  Recorder(source_of(*source), at)
      .put(snap.identity, std::optional(identity(sources, year_of(at))), true, warnings);
}

// A module filled from a whole payload of its own.
template <class T, class M, class Convert, class HasData>
void fill_whole(const Payload<M>& payload, Module<T>& module, Endpoint source, Timestamp at,
                Convert convert, HasData has_data) {
  const Recorder rec(source_of(source), at);
  if (payload.failure) return rec.fail(module, *payload.failure, payload.failure_note);
  if (!payload.parsed) return;
  T value = convert(payload.parsed->value);
  const bool has = has_data(value);
  rec.put(module, std::optional<T>(std::move(value)), has, payload.parsed->warnings.size());
}

// The currency the car's market bills in, when the caller did not name one: the single currency
// of this car's own charging fees. None (rather than a guess) when it charged in several or never.
std::optional<std::string> market_currency(const VehiclePayloads& p,
                                           const snapshot::VehicleSnapshot& snap) {
  if (p.market_currency || !snap.charging.data) return p.market_currency;
  std::optional<std::string> seen;
  for (const auto& session : snap.charging.data->sessions) {
    for (const auto& fee : session.fees) {
      if (seen && *seen != fee.amount.currency) return std::nullopt;
      seen = fee.amount.currency;
    }
  }
  return seen;
}

void fill_records(const VehiclePayloads& p, const Payload<VehicleOptions>& opts,
                  const Payload<VehicleSpecs>& spec, snapshot::VehicleSnapshot& snap,
                  Timestamp at) {
  using snapshot::Options;
  using snapshot::Warranty;
  fill_whole(opts, snap.options, Endpoint::options, at, options,
             [](const Options& o) { return !o.codes.empty(); });
  fill_whole(read<RecentAlerts>(p.recent_alerts, wire::parse_recent_alerts, "recent alerts"),
             snap.alerts, Endpoint::recent_alerts, at, alerts,
             [](const snapshot::Alerts& a) { return !a.items.empty(); });
  fill_whole(read<ServiceData>(p.service_data, wire::parse_service_data, "service data"),
             snap.service, Endpoint::service_data, at, service,
             [](const snapshot::Service& s) { return has_data(s); });
  fill_whole(read<WarrantyDetails>(p.warranty, wire::parse_warranty_details, "warranty"),
             snap.warranty, Endpoint::warranty, at, warranty,
             [](const Warranty& w) { return !w.items.empty(); });
  fill_whole(read<ReleaseNotes>(p.release_notes, wire::parse_release_notes, "release notes"),
             snap.release_notes, Endpoint::release_notes, at, release_notes,
             [](const snapshot::ReleaseNotes& r) { return has_data(r); });
  const auto currency = market_currency(p, snap);
  fill_whole(
      spec, snap.specs, Endpoint::specs, at, [&](const VehicleSpecs& s) { return specs(s, currency); },
      [](const snapshot::Specs& s) { return has_data(s); });
  fill_whole(spec, snap.battery_health, Endpoint::specs, at, battery_health,
             [](const snapshot::BatteryHealth& h) { return has_data(h); });
}

void fill_fleet_status(const VehiclePayloads& p, snapshot::VehicleSnapshot& snap, Timestamp at) {
  const auto payload = read<FleetStatus>(p.fleet_status, wire::parse_fleet_status, "fleet status");
  const Recorder rec(source_of(Endpoint::fleet_status), at);
  if (payload.failure) {
    return rec.fail(snap.fleet_status, *payload.failure, payload.failure_note);
  }
  if (!payload.parsed) return;
  auto mine = fleet_status(payload.parsed->value, p.vin);
  const bool has = mine.has_value();
  // Warnings about other VINs' entries are not this vehicle's concern.
  rec.put(snap.fleet_status, std::move(mine), has,
          count_warnings(payload.parsed->warnings, {"key_paired_vins", "unpaired_vins"}));
}

void fill_charging(const VehiclePayloads& p, snapshot::VehicleSnapshot& snap, Timestamp at) {
  if (p.charging_history_pages.empty()) return;
  const Recorder rec(source_of(Endpoint::charging_history), at);
  auto harvest = harvest_sessions(p.charging_history_pages, p.vin);
  if (!harvest.unreadable_pages.empty()) {
    // A history with a missing page would understate every total: report none rather than a part.
    const std::string unreadable = std::to_string(harvest.unreadable_pages.size());
    const std::string pages = std::to_string(p.charging_history_pages.size());
    return rec.fail(
        snap.charging,
        unreadable + " of " + pages + " pages of Tesla's charging history could not be read.",
        {"history_pages_unreadable", {{"unreadable", unreadable}, {"pages", pages}}});
  }
  const bool has = !harvest.sessions.empty();
  rec.put(snap.charging, std::optional(snapshot::Charging{std::move(harvest.sessions)}), has);
}

}  // namespace

void fill_snapshot(const VehiclePayloads& payloads, snapshot::VehicleSnapshot& snapshot,
                   Timestamp fetched_at) {
  if (snapshot.vin.empty()) snapshot.vin = payloads.vin;
  auto vehicle = read<Vehicle>(payloads.vehicle, wire::parse_vehicle, "vehicle");
  if (vehicle.parsed) require_vin(vehicle, vehicle.parsed->value.vin, payloads.vin);
  auto data = read<VehicleData>(payloads.vehicle_data, wire::parse_vehicle_data, "vehicle data");
  if (data.parsed) require_vin(data, data.parsed->value.vin, payloads.vin);
  const auto opts = read<VehicleOptions>(payloads.options, wire::parse_vehicle_options, "options");
  auto spec = read<VehicleSpecs>(payloads.specs, wire::parse_specs, "specs");
  if (spec.parsed) require_vin(spec, spec.parsed->value.vin, payloads.vin);

  fill_identity({vehicle, data, opts, spec}, payloads, snapshot, fetched_at);
  fill_vehicle_blocks(data, snapshot, fetched_at);
  fill_charging(payloads, snapshot,
                fetched_at);  // before the records: specs prices need its currency
  fill_records(payloads, opts, spec, snapshot, fetched_at);
  fill_fleet_status(payloads, snapshot, fetched_at);
}

}  // namespace cpt::tesla::normalize
