#include <algorithm>
#include <cmath>
#include <vector>

#include "cpt/core/money.h"
#include "cpt/sim/world_detail.h"

namespace cpt::sim::detail {
namespace {

double round2(double x) {
  return std::round(x * 100.0) / 100.0;
}

// Per-minute idle and congestion rates in the site's currency (local price levels).
double minute_rate(std::string_view currency, double base_usd) {
  if (currency == "NOK" || currency == "SEK") return base_usd * 10.0;
  if (currency == "CNY") return base_usd * 7.0;
  return base_usd;
}

ChargingFee fee(std::int64_t id, std::string type, std::string uom, std::string_view currency,
                double rate, double usage, double vat) {
  ChargingFee f;
  f.id = id;
  f.type = std::move(type);
  f.uom = std::move(uom);
  f.rate = rate;
  f.usage = usage;
  f.pricing_type = rate > 0 && usage > 0 ? "PAYMENT" : "NO_CHARGE";
  f.total_minor = to_minor(currency, rate * usage);
  f.net_minor = to_minor(currency, static_cast<double>(f.total_minor) /
                                       std::pow(10.0, currency_exponent(currency)) / (1.0 + vat));
  return f;
}

const tables::Site& pick_site(Rng& rng, const Vehicle& v, Region region) {
  auto all = tables::sites(region);
  std::vector<const tables::Site*> home;
  for (const auto& s : all) {
    if (s.country == v.country) home.push_back(&s);
  }
  if (!home.empty() && rng.chance(0.8)) return *home[rng.index(home.size())];
  return all[rng.index(all.size())];
}

bool has_free_supercharging(const Vehicle& v) {
  return std::any_of(v.options.begin(), v.options.end(),
                     [](const OptionCode& o) { return o.code == "$SC01"; });
}

ChargingSession make_session(Rng& rng, const Vehicle& v, std::size_t user, Region region,
                             std::int64_t& next_id) {
  const auto& site = pick_site(rng, v, region);
  const double vat = tables::country(site.country).vat;
  ChargingSession s;
  s.id = next_id;
  next_id += rng.between(1000, 90000);
  s.user = user;
  s.vin = v.vin;
  s.site = std::string(site.name);
  s.country = std::string(site.country);
  s.currency = std::string(site.currency);
  s.start_epoch_s = reference_epoch_s() - rng.between(86400, 730 * 86400);
  s.energy_kwh = round2(rng.between_real(8, 72));
  const auto charge_s = static_cast<std::int64_t>(s.energy_kwh / rng.between_real(45, 150) * 3600);
  const auto stop = s.start_epoch_s + charge_s;
  const auto idle_s = rng.chance(0.2) ? rng.between(360, 1800) : rng.between(5, 240);
  s.start = iso_time(s.start_epoch_s, site.utc_offset_s);
  s.stop = iso_time(stop, site.utc_offset_s);
  s.unlatch = iso_time(stop + idle_s, site.utc_offset_s);

  const bool free = has_free_supercharging(v);
  const double price = free ? 0.0 : round2(site.price_per_kwh * rng.between_real(0.9, 1.1));
  s.fees.push_back(fee(s.id * 10 + 1, "CHARGING", "kwh", s.currency, price, s.energy_kwh, vat));
  const double idle_min =
      std::floor(static_cast<double>(std::max<std::int64_t>(0, idle_s - 300)) / 60.0);
  if (idle_min > 0 || rng.chance(0.5)) {
    s.fees.push_back(fee(s.id * 10 + 2, "PARKING", "min", s.currency,
                         idle_min > 0 ? minute_rate(s.currency, 0.50) : 0.0, idle_min, vat));
  }
  if (rng.chance(0.12)) {
    s.fees.push_back(fee(s.id * 10 + 3, "CONGESTION", "min", s.currency,
                         minute_rate(s.currency, 0.24), static_cast<double>(rng.between(4, 20)),
                         vat));
  }
  const bool payable = std::any_of(s.fees.begin(), s.fees.end(),
                                   [](const ChargingFee& f) { return f.total_minor > 0; });
  if (payable) {
    s.invoice_id = uuid(rng);
    s.invoice_file = std::to_string(s.id) + "_" + s.country + "-" + s.country + ".pdf";
  }
  return s;
}

}  // namespace

void add_sessions(Rng& rng, World& world, std::size_t user_index) {
  const auto& user = world.users[user_index];
  std::int64_t next_id =
      10'000'000 + rng.between(0, 5'000'000) + static_cast<std::int64_t>(user_index) * 100'000'000;
  for (auto vehicle_index : user.vehicles) {
    const auto& v = world.vehicles[vehicle_index];
    const auto count = rng.between(4, 14);
    for (std::int64_t i = 0; i < count; ++i) {
      world.sessions.push_back(make_session(rng, v, user_index, user.region, next_id));
    }
  }
}

}  // namespace cpt::sim::detail
