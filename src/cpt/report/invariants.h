// The report's invariants, named in one place, and the checker that runs them on a built report.
// A report that keeps them cannot contradict itself: every status agrees with the value printed
// beside it, dated facts agree with the report's own date, totals are the sums of their rows, and
// so on. The tests run the checker on every report they build (see set_build_observer).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cpt/report/report_model.h"

namespace cpt::report {

namespace invariant {
// A status, tone or verdict agrees with the value displayed beside it (one rounding, one unit).
inline constexpr std::string_view kStatusAgreesWithValue = "status-agrees-with-value";
// A displayed difference equals the difference of the displayed values it is taken from.
inline constexpr std::string_view kDifferenceOfDisplayed = "difference-of-displayed-values";
// Dated facts agree with the report's date: nothing in force past its expiry date or distance.
inline constexpr std::string_view kDatesAgreeWithReportDate = "dates-agree-with-report-date";
// Totals equal the sum of their rows (energy, sessions, money, the monthly chart).
inline constexpr std::string_view kTotalsEqualRows = "totals-equal-sum-of-rows";
// Shares and percentages stay within 0-100 %.
inline constexpr std::string_view kSharesWithinRange = "shares-within-0-100";
// A count equals the rows it counts.
inline constexpr std::string_view kCountEqualsRows = "count-equals-rows";
// One unit per quantity kind in a report (never km beside mi, bar beside psi).
inline constexpr std::string_view kOneUnitPerKind = "one-unit-per-quantity-kind";
// No operator figure (price of a call, call count, HTTP status) in the customer's report.
inline constexpr std::string_view kNoOperatorFigures = "no-operator-figures";
// The VIN is written one way: whole, the same in the header, on page one and in the identity.
inline constexpr std::string_view kOneVinForm = "one-vin-form";
// Page one says what the sections say (same figures, same verdicts).
inline constexpr std::string_view kSummaryAgrees = "summary-agrees-with-sections";
// No estimate without its method: an estimated figure comes with the words that explain it.
inline constexpr std::string_view kNumberHasMethod = "no-number-without-method";
// Standard equipment (list price zero) is not priced as if it were worth nothing.
inline constexpr std::string_view kStandardEquipmentUnpriced = "standard-equipment-unpriced";
}  // namespace invariant

inline constexpr std::array<std::string_view, 12> kInvariants = {
    invariant::kStatusAgreesWithValue,
    invariant::kDifferenceOfDisplayed,
    invariant::kDatesAgreeWithReportDate,
    invariant::kTotalsEqualRows,
    invariant::kSharesWithinRange,
    invariant::kCountEqualsRows,
    invariant::kOneUnitPerKind,
    invariant::kNoOperatorFigures,
    invariant::kOneVinForm,
    invariant::kSummaryAgrees,
    invariant::kNumberHasMethod,
    invariant::kStandardEquipmentUnpriced,
};

// One broken invariant: which, where, and the values that break it. Value type.
struct Violation {
  std::string invariant;
  std::string section;  // "tyres", "charging", ...
  std::string detail;   // the values, as displayed

  // "status-agrees-with-value in tyres: ..."
  std::string describe() const;
};

// Every violation of every invariant in `report`; empty when it keeps them all.
std::vector<Violation> check_invariants(const Report& report);

// A displayed number read back the way the report's language wrote it ("−0,20 bar" in Finnish
// is -0.2, "1,234 mi" in English is 1234); nullopt when the text holds no number.
std::optional<double> parse_displayed(std::string_view text, Language language);

// Called with every report build_report() returns (tests install the invariant checker here).
// Not thread-safe to set while reports are being built.
using BuildObserver = void (*)(const Report&);
void set_build_observer(BuildObserver observer);
void notify_built(const Report& report);

}  // namespace cpt::report
