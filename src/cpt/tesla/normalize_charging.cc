// Charging history: account-wide pages -> the sessions of one vehicle, fees as Money.
#include <set>
#include <utility>

#include "cpt/tesla/normalize.h"
#include "cpt/tesla/normalize_detail.h"
#include "cpt/tesla/wire/charging.h"

namespace cpt::tesla::normalize {
namespace detail {
namespace {

// The sum of the present values; nullopt when none is present.
std::optional<double> sum_of(std::initializer_list<std::optional<double>> values) {
  std::optional<double> total;
  for (const auto& value : values) {
    if (value) total = total.value_or(0.0) + *value;
  }
  return total;
}

std::optional<double> usage(const tesla::ChargingFee& fee) {
  return sum_of(
      {fee.usage_base, fee.usage_tier1, fee.usage_tier2, fee.usage_tier3, fee.usage_tier4});
}

// A fee whose own currency is missing takes the currency its siblings use (one session is billed
// in one currency); without any currency it cannot be expressed as money and is left out.
std::optional<snapshot::ChargingFee> fee(const tesla::ChargingFee& in,
                                         const std::optional<std::string>& session_currency) {
  const std::optional<std::string> currency =
      nonblank(in.currency_code) ? nonblank(in.currency_code) : session_currency;
  if (!currency) return std::nullopt;
  // totalDue is what was billed; without it, the per-tier totals add up to it.
  const std::optional<double> due =
      in.total_due
          ? in.total_due
          : sum_of({in.total_base, in.total_tier1, in.total_tier2, in.total_tier3, in.total_tier4});
  auto amount = Money::from_double(*currency, due.value_or(0.0));
  if (!amount) return std::nullopt;
  snapshot::ChargingFee out;
  out.type = to_upper(trim(in.fee_type.value_or("")));
  out.amount = std::move(*amount);
  if (in.net_due) {
    if (auto net = Money::from_double(*currency, *in.net_due)) out.net_amount = std::move(*net);
  }
  out.rate = in.rate_base;
  out.usage = usage(in);
  out.uom = to_lower(trim(in.uom.value_or("")));
  out.paid = in.is_paid;
  out.pricing_type = nonblank(in.pricing_type);
  return out;
}

std::optional<std::string> session_currency(const tesla::ChargingSession& session) {
  for (const auto& f : session.fees) {
    if (auto currency = nonblank(f.currency_code)) return currency;
  }
  return std::nullopt;
}

// The key that makes two copies of one session (e.g. repeated across pages) the same.
std::string dedup_key(const snapshot::ChargingSession& s) {
  if (!s.id.empty()) return "id:" + s.id;
  return "at:" + s.site + "|" + (s.start ? std::to_string(s.start->epoch_millis()) : "") + "|" +
         (s.stop ? std::to_string(s.stop->epoch_millis()) : "");
}

}  // namespace

snapshot::ChargingSession session(const tesla::ChargingSession& in) {
  snapshot::ChargingSession out;
  if (in.session_id) out.id = std::to_string(*in.session_id);
  out.vin = to_upper(trim(in.vin.value_or("")));
  out.site = nonblank(in.site_location_name).value_or("");
  if (auto country = nonblank(in.country_code)) out.country = to_upper(*country);
  out.start = in.charge_start;
  out.stop = in.charge_stop;
  out.billing_type = nonblank(in.billing_type);
  const auto currency = session_currency(in);
  for (const auto& f : in.fees) {
    // Energy is what the kWh-priced charging fees measured (all tiers), even when a fee cannot
    // be priced.
    const auto kwh = usage(f);
    if (kwh && iequals(trim(f.fee_type.value_or("")), "CHARGING") &&
        iequals(trim(f.uom.value_or("")), "kwh")) {
      out.energy_kwh = out.energy_kwh.value_or(0.0) + *kwh;
    }
    if (auto converted = fee(f, currency)) out.fees.push_back(std::move(*converted));
  }
  for (const auto& invoice : in.invoices) {
    auto file_name = nonblank(invoice.file_name);
    auto content_id = nonblank(invoice.content_id);
    if (!file_name && !content_id) continue;
    out.invoices.push_back(snapshot::Invoice{file_name.value_or(""), content_id.value_or(""),
                                             nonblank(invoice.invoice_type), std::nullopt});
  }
  return out;
}

SessionHarvest harvest_sessions(std::span<const std::string> pages, std::string_view vin) {
  SessionHarvest harvest;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    auto page = wire::parse_charging_history(pages[i]);
    if (!page) {
      harvest.unreadable_pages.push_back(i);
      continue;
    }
    for (const auto& raw : page->value.sessions) {
      // Attribution: only a session that names this VIN belongs to this car's report.
      if (!raw.vin || !same_vin(*raw.vin, vin)) continue;
      auto converted = session(raw);
      if (!seen.insert(dedup_key(converted)).second) continue;
      harvest.sessions.push_back(std::move(converted));
    }
  }
  return harvest;
}

}  // namespace detail

std::vector<snapshot::ChargingSession> sessions_for_vin(std::span<const std::string> pages,
                                                        std::string_view vin) {
  return detail::harvest_sessions(pages, vin).sessions;
}

}  // namespace cpt::tesla::normalize
