#include "cpt/tesla/wire/summary.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>
#include <utility>

#include "cpt/core/redact.h"
#include "cpt/tesla/wire/account.h"
#include "cpt/tesla/wire/charging.h"
#include "cpt/tesla/wire/errors.h"
#include "cpt/tesla/wire/modules.h"
#include "cpt/tesla/wire/specs.h"
#include "cpt/tesla/wire/vehicle_data.h"
#include "cpt/tesla/wire/vehicles.h"

namespace cpt::tesla::wire {
namespace {

struct KindName {
  PayloadKind kind;
  std::string_view name;    // as printed
  std::string_view marker;  // what a file name contains
};

// Ordered so that the more specific marker wins ("vehicle_data" before "vehicle", "token" before
// "partner" for oauth_partner_token.json, "error" before everything).
constexpr std::array kKindNames = {
    KindName{PayloadKind::error, "error", "error"},
    KindName{PayloadKind::vehicle_data, "vehicle_data", "vehicle_data"},
    KindName{PayloadKind::vehicles, "vehicles", "vehicles"},
    KindName{PayloadKind::products, "products", "products"},
    KindName{PayloadKind::service_data, "service_data", "service_data"},
    KindName{PayloadKind::charging_history, "charging_history", "charging_history"},
    KindName{PayloadKind::charging_sessions, "charging_sessions", "charging_sessions"},
    KindName{PayloadKind::recent_alerts, "recent_alerts", "recent_alerts"},
    KindName{PayloadKind::release_notes, "release_notes", "release_notes"},
    KindName{PayloadKind::options, "options", "options"},
    KindName{PayloadKind::warranty, "warranty", "warranty"},
    KindName{PayloadKind::specs, "specs", "specs"},
    KindName{PayloadKind::fleet_status, "fleet_status", "fleet_status"},
    KindName{PayloadKind::user_me, "users_me", "users_me"},
    KindName{PayloadKind::user_region, "users_region", "users_region"},
    KindName{PayloadKind::orders, "users_orders", "users_orders"},
    KindName{PayloadKind::feature_config, "feature_config", "feature_config"},
    KindName{PayloadKind::token, "token", "token"},
    KindName{PayloadKind::partner_public_key, "partner_public_key", "public_key"},
    KindName{PayloadKind::partner_account, "partner_account", "partner"},
    KindName{PayloadKind::vehicle, "vehicle", "vehicle"},
};

std::string plural(std::size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

std::string masked_vin(const std::optional<std::string>& vin) {
  return vin ? redact::vin(*vin) : std::string("?");
}

template <class T>
std::string or_unknown(const std::optional<T>& value) {
  return value ? fmt::format("{}", *value) : std::string("?");
}

std::string facts_of(const VehicleData& v) {
  std::string blocks;
  const std::array<std::pair<bool, std::string_view>, 8> present = {{
      {v.charge_state.has_value(), "charge"},
      {v.climate_state.has_value(), "climate"},
      {v.drive_state.has_value(), "drive"},
      {v.gui_settings.has_value(), "gui"},
      {v.vehicle_config.has_value(), "config"},
      {v.vehicle_state.has_value(), "state"},
      {v.charge_schedule_data.has_value(), "charge_schedule"},
      {v.preconditioning_schedule_data.has_value(), "precondition_schedule"},
  }};
  for (const auto& [has, name] : present) {
    if (!has) continue;
    if (!blocks.empty()) blocks += ' ';
    blocks += name;
  }
  std::string out = fmt::format("VIN {}, {}", masked_vin(v.vin), or_unknown(v.state));
  if (v.charge_state && v.charge_state->battery_level) {
    out += fmt::format(", battery {} %", *v.charge_state->battery_level);
  }
  if (v.vehicle_state && v.vehicle_state->odometer) {
    out += fmt::format(", odometer {:.1f} mi", *v.vehicle_state->odometer);
  }
  if (v.vehicle_state && v.vehicle_state->car_version) {
    out += fmt::format(", software {}", *v.vehicle_state->car_version);
  }
  if (v.vehicle_config && v.vehicle_config->car_type) {
    out += fmt::format(", {}", *v.vehicle_config->car_type);
  }
  return out + ", blocks: " + (blocks.empty() ? std::string("none") : blocks);
}

std::string facts_of(const VehicleList& list) {
  std::string out = plural(list.vehicles.size(), "vehicle");
  if (list.count) out += fmt::format(" (count {})", *list.count);
  return out;
}

std::string facts_of(const Vehicle& v) {
  return fmt::format("VIN {}, {}, {}", masked_vin(v.vin), or_unknown(v.state),
                     or_unknown(v.access_type));
}

std::string facts_of(const Products& p) {
  return plural(p.vehicles.size(), "vehicle") + ", " + plural(p.energy_sites.size(), "energy site");
}

std::string facts_of(const ServiceData& s) {
  if (s.empty()) return "no service visit";
  return fmt::format("status {}, status_id {}", or_unknown(s.service_status),
                     or_unknown(s.status_id));
}

std::string facts_of(const ChargingHistory& h) {
  std::size_t fees = 0, invoices = 0;
  MoneyTotals due;
  for (const auto& session : h.sessions) {
    fees += session.fees.size();
    invoices += session.invoices.size();
    for (const auto& fee : session.fees) {
      if (auto amount = fee.total_due_money()) add_checked(due, *amount);
    }
  }
  std::string out = plural(h.sessions.size(), "session") + ", " + plural(fees, "fee") + ", " +
                    plural(invoices, "invoice");
  for (const auto& [currency, minor] : due.by_currency()) {
    out += fmt::format(", due {} {}", Money{currency, minor}.to_decimal(), currency);
  }
  return out;
}

std::string facts_of(const BusinessChargingSessions& s) {
  return plural(s.sessions.size(), "business session");
}

std::string facts_of(const RecentAlerts& a) {
  return plural(a.alerts.size(), "alert");
}

std::string facts_of(const ReleaseNotes& r) {
  return plural(r.release_notes.size(), "note") +
         fmt::format(", deployed {}", or_unknown(r.deployed_version));
}

std::string facts_of(const VehicleOptions& o) {
  std::string out = plural(o.codes.size(), "code");
  for (std::size_t i = 0; i < o.codes.size() && i < 3; ++i) {
    out += (i == 0 ? ": " : " ") + or_unknown(o.codes[i].code);
  }
  return out;
}

std::string facts_of(const WarrantyDetails& w) {
  std::string out = fmt::format("{} active, {} upcoming, {} expired", w.active.size(),
                                w.upcoming.size(), w.expired.size());
  if (!w.active.empty() && w.active[0].expiration_date) {
    out += fmt::format("; {} until {}", or_unknown(w.active[0].warranty_type),
                       format_iso8601(*w.active[0].expiration_date));
  }
  return out;
}

std::string facts_of(const VehicleSpecs& s) {
  return fmt::format("{} {} {}, SoH {} %, {} kWh", or_unknown(s.make), or_unknown(s.model),
                     or_unknown(s.model_year), or_unknown(s.battery_soh_percent),
                     or_unknown(s.battery_capacity_kwh));
}

std::string facts_of(const FleetStatus& f) {
  return fmt::format("{}: {} paired, {} unpaired", plural(f.vehicle_info.size(), "vehicle"),
                     f.key_paired_vins.size(), f.unpaired_vins.size());
}

std::string facts_of(const UserMe& u) {
  return u.email ? "account " + redact::email(*u.email) : std::string("account without e-mail");
}

std::string facts_of(const UserRegion& r) {
  return fmt::format("region {}, {}", or_unknown(r.region), or_unknown(r.fleet_api_base_url));
}

std::string facts_of(const Orders& o) {
  std::string out = plural(o.orders.size(), "order");
  if (o.count) out += fmt::format(" (count {})", *o.count);
  return out;
}

std::string facts_of(const FeatureConfig& c) {
  if (!c.signaling || !c.signaling->enabled) return "signaling unknown";
  return *c.signaling->enabled ? "signaling enabled" : "signaling disabled";
}

std::string facts_of(const PartnerAccount& a) {
  return fmt::format("domain {}, tier {}", or_unknown(a.domain), or_unknown(a.enterprise_tier));
}

std::string facts_of(const PartnerPublicKey& k) {
  switch (k.format) {
    case PublicKeyFormat::pem:
      return "PEM public key";
    case PublicKeyFormat::hex:
      return fmt::format("hex public key ({} bytes)", k.hex_bytes.size());
    case PublicKeyFormat::unknown:
      break;
  }
  return k.public_key ? "public key in an unknown format" : "no public key";
}

std::string facts_of(const TokenResponse& t) {
  return fmt::format("{} token, expires in {} s, refresh token {}", or_unknown(t.token_type),
                     or_unknown(t.expires_in), t.refresh_token ? "present" : "absent");
}

PayloadSummary summarize_error(std::string_view body) {
  const ErrorBody e = parse_error_body(body);
  PayloadSummary out{PayloadKind::error, true, 0, {}};
  if (e.empty) {
    out.facts = "empty body";
  } else if (e.json) {
    out.facts = "error " + (e.error ? redact::text(*e.error) : std::string("?"));
  } else {
    out.facts = "text body";
  }
  if (e.base_url) out.facts += ", base URL " + *e.base_url;
  if (e.region_base_url) out.facts += ", register at " + *e.region_base_url;
  if (e.retry_after_seconds) out.facts += fmt::format(", retry in {} s", *e.retry_after_seconds);
  if (!e.messages.empty()) out.facts += ", " + plural(e.messages.size(), "field message");
  return out;
}

template <class T>
PayloadSummary summarize(PayloadKind kind, Result<Parsed<T>> parsed) {
  PayloadSummary out{kind, parsed.has_value(), 0, {}};
  if (!parsed) {
    out.facts = parsed.error().log_message;
    return out;
  }
  out.warnings = parsed->warnings.size();
  out.facts = facts_of(parsed->value);
  return out;
}

}  // namespace

std::string_view to_string(PayloadKind kind) {
  for (const auto& entry : kKindNames) {
    if (entry.kind == kind) return entry.name;
  }
  return "unknown";
}

std::optional<PayloadKind> kind_for_file_name(std::string_view file_name) {
  for (const auto& entry : kKindNames) {
    if (file_name.find(entry.marker) != std::string_view::npos) return entry.kind;
  }
  return std::nullopt;
}

std::string PayloadSummary::line() const {
  if (!parsed) return fmt::format("{}: FAILED {}", to_string(kind), facts);
  return fmt::format("{}: {} ({})", to_string(kind), facts, plural(warnings, "warning"));
}

PayloadSummary summarize_payload(PayloadKind kind, std::string_view body) {
  switch (kind) {
    case PayloadKind::vehicles:
      return summarize(kind, parse_vehicles(body));
    case PayloadKind::vehicle:
      return summarize(kind, parse_vehicle(body));
    case PayloadKind::vehicle_data:
      return summarize(kind, parse_vehicle_data(body));
    case PayloadKind::products:
      return summarize(kind, parse_products(body));
    case PayloadKind::service_data:
      return summarize(kind, parse_service_data(body));
    case PayloadKind::charging_history:
      return summarize(kind, parse_charging_history(body));
    case PayloadKind::charging_sessions:
      return summarize(kind, parse_business_charging_sessions(body));
    case PayloadKind::recent_alerts:
      return summarize(kind, parse_recent_alerts(body));
    case PayloadKind::release_notes:
      return summarize(kind, parse_release_notes(body));
    case PayloadKind::options:
      return summarize(kind, parse_vehicle_options(body));
    case PayloadKind::warranty:
      return summarize(kind, parse_warranty_details(body));
    case PayloadKind::specs:
      return summarize(kind, parse_specs(body));
    case PayloadKind::fleet_status:
      return summarize(kind, parse_fleet_status(body));
    case PayloadKind::user_me:
      return summarize(kind, parse_user_me(body));
    case PayloadKind::user_region:
      return summarize(kind, parse_user_region(body));
    case PayloadKind::orders:
      return summarize(kind, parse_orders(body));
    case PayloadKind::feature_config:
      return summarize(kind, parse_feature_config(body));
    case PayloadKind::partner_account:
      return summarize(kind, parse_partner_account(body));
    case PayloadKind::partner_public_key:
      return summarize(kind, parse_partner_public_key(body));
    case PayloadKind::token:
      return summarize(kind, parse_token_response(body));
    case PayloadKind::error:
      return summarize_error(body);
  }
  return summarize_error(body);
}

std::vector<FileSummary> summarize_json_files(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".json") files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  std::vector<FileSummary> out;
  out.reserve(files.size());
  for (const auto& file : files) {
    FileSummary entry{fs::relative(file, dir).string(), std::nullopt};
    if (const auto kind = kind_for_file_name(file.filename().string())) {
      std::ifstream in(file, std::ios::binary);
      std::ostringstream body;
      body << in.rdbuf();
      entry.summary = summarize_payload(*kind, body.str());
    }
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace cpt::tesla::wire
