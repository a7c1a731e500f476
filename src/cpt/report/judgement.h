// Judgements: the rules that turn a value, as the reader sees it, into a status, a tone or a
// verdict. The section builders and the invariant checker both call these, so a status can never
// disagree with the number printed beside it. Internal to the report layer.
#pragma once

#include <optional>
#include <string_view>

#include "cpt/core/time.h"
#include "cpt/report/report_model.h"

namespace cpt::report {

// A buyer's verdict on one area of the car.
enum class Verdict { good, attention, problem, unknown };
std::string_view to_string(Verdict verdict);
Tone verdict_tone(Verdict verdict);

// Tyre status code ("ok", "low", "high", "soft_warning", "hard_warning") from the car's warnings
// and the difference to the recommended pressure as displayed (display unit, display rounding).
// Limits: 0.2 bar below / 0.3 bar above, written per unit as 0.2/0.3 bar, 3/4 psi, 20/30 kPa.
std::string_view tyre_code(bool hard_warning, bool soft_warning,
                           std::optional<double> shown_difference, snapshot::PressureUnit unit);
Tone tyre_tone(std::string_view code);

// Whether a warranty is in force on the report's date: past its expiry date, or with the odometer
// at or past its distance limit (both as displayed), it has expired whatever the provider's list
// says.
snapshot::WarrantyState warranty_state_on(const snapshot::WarrantyItem& item,
                                          const Timestamp& report_date,
                                          std::optional<double> shown_odometer,
                                          std::optional<double> shown_limit);
// Whole days from the report date to the expiry (never negative).
std::int64_t days_left(const Timestamp& expires, const Timestamp& report_date);

// The battery verdict from the state-of-health estimate as displayed (whole percent), on
// BattGrade's published grade limits: 85 % and above good, 70-84 % attention, below 70 % a problem
// (70 % is also what Tesla's battery warranty guarantees).
Verdict soh_verdict(double shown_soh_pct);

}  // namespace cpt::report
