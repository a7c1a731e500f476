#include "cpt/sim/world.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "cpt/core/money.h"
#include "cpt/core/time.h"
#include "cpt/core/vin.h"
#include "cpt/sim/rng.h"
#include "cpt/sim/world_detail.h"
#include "cpt/sim/world_tables.h"

namespace cpt::sim {

using namespace std::chrono;

std::string_view to_string(Region region) {
  switch (region) {
    case Region::na:
      return "na";
    case Region::eu:
      return "eu";
    case Region::cn:
      return "cn";
  }
  return "na";
}

std::optional<Region> parse_region(std::string_view text) {
  std::string lower;
  for (char c : text)
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (lower == "na") return Region::na;
  if (lower == "eu") return Region::eu;
  if (lower == "cn") return Region::cn;
  return std::nullopt;
}

std::string ou_code(Region region) {
  std::string code(to_string(region));
  for (auto& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return code;
}

const Vehicle* World::find_vehicle(std::string_view tag) const {
  for (const auto& v : vehicles) {
    if (v.vin == tag || std::to_string(v.id) == tag) return &v;
  }
  return nullptr;
}

const User* World::find_user(std::string_view id_or_email) const {
  auto lower = [](std::string_view s) {
    std::string out;
    for (char c : s) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    return out;
  };
  const std::string wanted = lower(id_or_email);
  for (const auto& u : users) {
    if (u.id == id_or_email || lower(u.email) == wanted) return &u;
  }
  return nullptr;
}

const ChargingSession* World::find_invoice(std::string_view content_id) const {
  for (const auto& s : sessions) {
    if (s.invoice_id && *s.invoice_id == content_id) return &s;
  }
  return nullptr;
}

namespace detail {

namespace {
// The day being generated: set by generate_world for its own thread only, so simulators started
// in parallel with different days do not see each other's.
thread_local std::int64_t generating_today = kFixedToday;
}  // namespace

std::int64_t reference_epoch_s() {
  return generating_today;
}

int reference_year() {
  return static_cast<int>(
      year_month_day{floor<days>(sys_seconds{std::chrono::seconds(generating_today)})}.year());
}

std::string iso_time(std::int64_t epoch_s, int offset_s, int millis) {
  Timestamp ts;
  ts.utc = SysMillis{milliseconds{epoch_s * 1000 + std::max(0, millis)}};
  ts.offset_minutes = offset_s / 60;
  std::string out = format_iso8601(ts);
  // Tesla writes "+00:00" rather than "Z" for UTC sites.
  if (!out.empty() && out.back() == 'Z') out = out.substr(0, out.size() - 1) + "+00:00";
  return out;
}

std::string iso_date(std::int64_t epoch_s) {
  year_month_day ymd{floor<days>(sys_seconds{seconds{epoch_s}})};
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string uuid(Rng& rng) {
  auto a = rng.next();
  auto b = rng.next();
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xfff),
                static_cast<unsigned>(0x8000 | ((b >> 48) & 0x3fff)),
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return buf;
}

std::int64_t to_minor(std::string_view currency, double amount) {
  auto money = Money::from_double(currency, amount);
  return money ? money->minor : 0;
}

}  // namespace detail

namespace {

using detail::iso_date;

char year_code(int model_year) {
  static constexpr std::string_view kCodes = "ABCDEFGHJKLMNPRSTVWXY123456789";
  return kCodes[static_cast<std::size_t>((model_year - 1980) % 30)];
}

struct VinPlan {
  std::string wmi, body;
  char plant;
};

VinPlan plan_vin(Rng& rng, const tables::ModelInfo& model, std::string_view market, int year) {
  const bool sx = model.vin_letter == 'S' || model.vin_letter == 'X';
  if (sx)
    return {model.vin_letter == 'X' && year >= 2021 ? "7SA" : "5YJ", std::string(model.vin_body),
            'F'};
  if (model.vin_letter == '3') {
    if (market == "US" || (market == "EU" && year < 2020)) return {"5YJ", "3E1E", 'F'};
    return {"LRW", "3E7E", 'C'};
  }
  // Model Y
  if (market == "US") return {"7SA", "YGDE", rng.chance(0.5) ? 'A' : 'F'};
  if (market == "EU" && year >= 2022 && rng.chance(0.6)) return {"XP7", "YGCE", 'B'};
  return {"LRW", "YGDE", 'C'};
}

std::string make_vin(Rng& rng, const tables::ModelInfo& model, std::string_view market, int year) {
  VinPlan plan = plan_vin(rng, model, market, year);
  std::string vin = plan.wmi;
  vin += plan.body.size() == 4 ? plan.body : std::string(1, model.vin_letter) + plan.body;
  vin += model.motors[rng.index(model.motors.size())];
  vin += '0';  // check digit placeholder (position 9)
  vin += year_code(year);
  vin += plan.plant;
  char serial[8];
  std::snprintf(serial, sizeof(serial), "%06lld",
                static_cast<long long>(rng.between(100000, 999999)));
  vin += serial;
  if (auto check = vin_check_digit(vin)) vin[8] = *check;
  return vin;
}

std::string pick_trim(Rng& rng, std::string_view trims) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= trims.size()) {
    auto end = trims.find('|', start);
    if (end == std::string_view::npos) end = trims.size();
    parts.push_back(trims.substr(start, end - start));
    start = end + 1;
  }
  return std::string(parts[rng.index(parts.size())]);
}

std::string pick_state(Rng& rng, std::size_t nth_car) {
  if (nth_car % 3 == 0) return "online";
  if (nth_car % 3 == 1) return "asleep";
  return rng.chance(0.6) ? "online" : "offline";
}

Vehicle make_vehicle(Rng& rng, const User& owner, std::size_t owner_index, std::size_t nth_car) {
  const auto& home = tables::country(owner.country);
  const auto& model = tables::models()[rng.index(tables::models().size())];
  Vehicle v;
  v.owner = owner_index;
  v.car_type = model.car_type;
  v.model_code = model.model_code;
  const int min_year = model.vin_letter == 'Y' ? 2020 : (model.vin_letter == '3' ? 2018 : 2016);
  v.model_year = static_cast<int>(rng.between(min_year, detail::reference_year() - 1));
  v.market = home.market;
  v.country = home.code;
  v.currency = home.currency;
  v.metric = home.metric;
  v.vin = make_vin(rng, model, v.market, v.model_year);
  v.id = rng.between(1'000'000'000'000'000LL, 30'000'000'000'000'000LL);
  v.vehicle_id = rng.between(1'000'000'000LL, 2'000'000'000'000LL);
  v.display_name = std::string(rng.pick(tables::vehicle_names()));
  v.initial_state = pick_state(rng, nth_car);
  v.car_version = std::string(rng.pick(tables::firmware_versions()));
  v.trim_badging = pick_trim(rng, model.trims);
  const auto years_old = std::max(0, detail::reference_year() - v.model_year);
  v.age_years = years_old;
  v.odometer_mi =
      std::round(rng.between_real(6000, 15000) * std::max(0.3, years_old + 0.2) * 1e6) / 1e6;
  v.battery_level = static_cast<int>(rng.between(18, 94));
  const double degradation = 1.0 - 0.012 * years_old;
  v.battery_range_mi = std::round(model.full_range_mi * degradation * v.battery_level) / 100.0;
  v.latitude = home.latitude + rng.between_real(-0.05, 0.05);
  v.longitude = home.longitude + rng.between_real(-0.05, 0.05);
  v.utc_offset_s = home.utc_offset_s;
  v.drive_state_by_default = nth_car == 0 || rng.chance(0.6);
  v.nested_release_notes = rng.chance(0.5);
  v.service_populated = rng.chance(0.25);
  v.key_paired = rng.chance(0.5);
  v.command_protocol_required =
      !(model.vin_letter == 'S' || model.vin_letter == 'X') || v.model_year >= 2021;
  const std::int64_t delivered = detail::reference_epoch_s() -
                                 static_cast<std::int64_t>(years_old) * 365 * 86400 -
                                 rng.between(30, 300) * 86400;
  v.delivered = iso_date(std::min(delivered, detail::reference_epoch_s() - 86400));
  v.battery_soh_at = detail::iso_time(detail::reference_epoch_s() - 18 * 86400, 0);
  v.service_etc = detail::iso_time(
      detail::reference_epoch_s() + 5 * 86400 + 15 * 3600 + 10 * 60 + 53, 2 * 3600);
  detail::add_options(rng, v, model);
  detail::add_warranties(rng, v, delivered);
  detail::add_alerts(rng, v);
  return v;
}

User make_user(Rng& rng, std::size_t index, Region region) {
  User u;
  u.region = region;
  const auto& home = rng.pick(tables::countries(region));
  u.country = std::string(home.code);
  u.locale = std::string(home.locale);
  auto first = std::string(rng.pick(tables::first_names()));
  auto last = std::string(rng.pick(tables::last_names()));
  u.full_name = first + " " + last;
  u.email = "user" + std::to_string(index + 1) + "@sim.test";
  u.id = detail::uuid(rng);
  u.vault_uuid = detail::uuid(rng);
  return u;
}

}  // namespace

World generate_world(std::uint64_t seed, int users, int vehicles_per_user,
                     std::int64_t today_epoch_s) {
  Rng rng(seed ^ 0xC0FFEE5EEDULL);
  World world;
  world.today_epoch_s = today_epoch_s - ((today_epoch_s % 86400) + 86400) % 86400;
  struct Day {
    explicit Day(std::int64_t today) { detail::generating_today = today; }
    ~Day() { detail::generating_today = kFixedToday; }
  } day(world.today_epoch_s);
  users = std::max(1, users);
  vehicles_per_user = std::max(1, vehicles_per_user);
  static constexpr Region kRegions[] = {Region::na, Region::eu, Region::cn};
  for (int i = 0; i < users; ++i) {
    User user = make_user(rng, static_cast<std::size_t>(i), kRegions[i % 3]);
    // The fourth account onward alternates business fleets, so one shows up in bigger worlds;
    // with the default three users the last one is a business owner.
    user.business = i % 3 == 2;
    const int cars =
        i == 0 ? vehicles_per_user : static_cast<int>(rng.between(1, vehicles_per_user));
    const auto user_index = world.users.size();
    for (int j = 0; j < cars; ++j) {
      user.vehicles.push_back(world.vehicles.size());
      world.vehicles.push_back(make_vehicle(rng, user, user_index, static_cast<std::size_t>(j)));
    }
    world.users.push_back(std::move(user));
  }
  for (std::size_t u = 0; u < world.users.size(); ++u) detail::add_sessions(rng, world, u);
  std::stable_sort(world.sessions.begin(), world.sessions.end(),
                   [](const auto& a, const auto& b) { return a.start_epoch_s < b.start_epoch_s; });
  return world;
}

}  // namespace cpt::sim
