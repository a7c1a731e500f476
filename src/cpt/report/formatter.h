// Formatter: numbers, quantities, money and dates written the way a RegionContext's language
// writes them, by ICU 72.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "cpt/core/money.h"
#include "cpt/core/time.h"
#include "cpt/report/region_context.h"

namespace cpt::report {

// Locale-aware formatting. Caches ICU formatters, so one instance serves a whole report.
// Not thread-safe (use one per thread).
class Formatter {
 public:
  explicit Formatter(RegionContext context);
  ~Formatter();
  Formatter(Formatter&&) noexcept;
  Formatter& operator=(Formatter&&) noexcept;

  const RegionContext& context() const;

  std::string number(double value, int decimals) const;
  std::string integer(std::int64_t value, bool grouping = true) const;
  // 74 -> "74%" (en), "74 %" (fi).
  std::string percent(double value, int decimals) const;
  // A canonical quantity converted to the context's unit and written with ICU's unit symbol:
  // 402.3 km -> "250 mi" for a miles context. Unit::none writes a plain number.
  std::string quantity(double canonical, Unit unit, int decimals) const;
  // The number quantity() writes, as a number in the display unit, rounded as displayed: every
  // status is judged on this value, never on the unrounded canonical one.
  double shown(double canonical, Unit unit, int decimals) const;
  // Writes a number that is already in the display unit and rounded (a difference of two shown
  // values), with the unit's symbol.
  std::string displayed(double shown_value, Unit unit, int decimals) const;
  // The decimals a quantity of `unit` is shown with (pressures lose two in psi and kPa).
  int display_decimals(Unit unit, int decimals) const;
  // Exact, from the minor units: USD 1840 -> "$18.40" (en), "18,40 $" (fi).
  std::string money(const Money& amount) const;
  // Micro-dollars as US dollars with two to four decimals: 172000 -> "$0.172".
  std::string cost_micros(std::int64_t micros) const;
  // Date and time in the context's time zone (ICU converts; a UTC offset the value was written
  // with does not matter).
  std::string datetime(const Timestamp& ts) const;
  // A date in the context's time zone; a calendar date (midnight in the offset it was written
  // with, e.g. a warranty's "2027-05-01") is shown as written, never shifted to the day before.
  std::string date(const Timestamp& ts) const;
  // Date, time and zone: "Feb 20, 2026, 10:16 AM UTC".
  std::string datetime_zone(const Timestamp& ts) const;
  // The local time of the place the value was written at (a charging site's clock, in the UTC
  // offset Tesla gave); a value without an offset is shown in the context's time zone.
  std::string site_datetime(const Timestamp& ts) const;
  std::string site_date(const Timestamp& ts) const;
  // Month and year of a calendar month ("Jan 2026"), from an instant inside it, read in UTC.
  std::string month(const Timestamp& ts) const;
  // "Europe/Helsinki (EET/EEST)": the context's zone and its short names in the date locale.
  std::string zone_name() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cpt::report
