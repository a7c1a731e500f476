#include "cpt/report/judgement.h"

#include <algorithm>
#include <chrono>

namespace cpt::report {

using snapshot::PressureUnit;
using snapshot::WarrantyState;

std::string_view to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::good:
      return "good";
    case Verdict::attention:
      return "attention";
    case Verdict::problem:
      return "problem";
    case Verdict::unknown:
      return "unknown";
  }
  return "unknown";
}

Tone verdict_tone(Verdict verdict) {
  switch (verdict) {
    case Verdict::good:
      return Tone::good;
    case Verdict::attention:
      return Tone::warn;
    case Verdict::problem:
      return Tone::bad;
    case Verdict::unknown:
      return Tone::muted;
  }
  return Tone::muted;
}

std::string_view tyre_code(bool hard_warning, bool soft_warning,
                           std::optional<double> shown_difference, PressureUnit unit) {
  if (hard_warning) return "hard_warning";
  if (soft_warning) return "soft_warning";
  if (!shown_difference) return "ok";
  double low = 0.2;
  double high = 0.3;
  if (unit == PressureUnit::psi) {
    low = 3;
    high = 4;
  } else if (unit == PressureUnit::kpa) {
    low = 20;
    high = 30;
  }
  // Displayed values are rounded; the epsilon keeps "-0.20 bar" on the OK side of the limit.
  constexpr double kEpsilon = 1e-9;
  if (*shown_difference < -low - kEpsilon) return "low";
  if (*shown_difference > high + kEpsilon) return "high";
  return "ok";
}

Tone tyre_tone(std::string_view code) {
  if (code == "ok") return Tone::good;
  if (code == "hard_warning") return Tone::bad;
  return Tone::warn;
}

WarrantyState warranty_state_on(const snapshot::WarrantyItem& item, const Timestamp& report_date,
                                std::optional<double> shown_odometer,
                                std::optional<double> shown_limit) {
  if (item.state == WarrantyState::expired) return WarrantyState::expired;
  if (item.expiration_date && item.expiration_date->utc <= report_date.utc) {
    return WarrantyState::expired;
  }
  if (shown_limit && shown_odometer && *shown_odometer >= *shown_limit) {
    return WarrantyState::expired;
  }
  return item.state;
}

std::int64_t days_left(const Timestamp& expires, const Timestamp& report_date) {
  const auto left = std::chrono::floor<std::chrono::days>(expires.utc - report_date.utc);
  return std::max<std::int64_t>(0, left.count());
}

Verdict soh_verdict(double shown_soh_pct) {
  if (shown_soh_pct >= 85) return Verdict::good;
  if (shown_soh_pct >= 70) return Verdict::attention;
  return Verdict::problem;
}

}  // namespace cpt::report
