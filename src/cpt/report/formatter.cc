#include "cpt/report/formatter.h"

#include "cpt/report/time_zone.h"

#include <unicode/datefmt.h>
#include <unicode/dtptngen.h>
#include <unicode/measunit.h>
#include <unicode/numberformatter.h>
#include <unicode/simpletz.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <optional>

namespace cpt::report {
namespace {

namespace number = icu::number;
using snapshot::DistanceUnit;
using snapshot::PressureUnit;
using snapshot::TemperatureUnit;

std::string to_utf8(const icu::UnicodeString& text) {
  std::string out;
  text.toUTF8String(out);
  return out;
}

std::optional<icu::MeasureUnit> measure_unit(Unit unit, const RegionContext& context) {
  switch (unit) {
    case Unit::distance:
      return context.distance == DistanceUnit::mi ? icu::MeasureUnit::getMile()
                                                  : icu::MeasureUnit::getKilometer();
    case Unit::temperature:
      return context.temperature == TemperatureUnit::fahrenheit ? icu::MeasureUnit::getFahrenheit()
                                                                : icu::MeasureUnit::getCelsius();
    case Unit::pressure:
    case Unit::pressure_delta:
      switch (context.pressure) {
        case PressureUnit::bar:
          return icu::MeasureUnit::getBar();
        case PressureUnit::psi:
          return icu::MeasureUnit::getPoundPerSquareInch();
        case PressureUnit::kpa:
          return icu::MeasureUnit::getKilopascal();
      }
      return icu::MeasureUnit::getBar();
    case Unit::energy:
      return icu::MeasureUnit::getKilowattHour();
    case Unit::years:
      return icu::MeasureUnit::getYear();
    case Unit::days:
      return icu::MeasureUnit::getDay();
    case Unit::none:
      return std::nullopt;
  }
  return std::nullopt;
}

enum class DatePattern { date, datetime, datetime_zone, month };

// Which clock a value is read on: the reader's zone, the offset the value was written with (a
// charging site's; the reader's zone without one), the calendar (the written offset, else UTC:
// a date as written), or UTC (a calendar month).
enum class ReadOn { reader, written, calendar, utc };

// Midnight in the offset the value was written with: a calendar date, not an instant.
bool is_calendar_date(const Timestamp& ts) {
  constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;
  const std::int64_t local = ts.epoch_millis() + ts.offset_minutes.value_or(0) * 60LL * 1000;
  return local % kDayMs == 0;
}

// The locale id of the language alone ("en", "nb"), without the market.
std::string language_locale(RegionContext context) {
  context.market.clear();
  return context.icu_locale();
}
enum class NumberKind { plain, percent, measure };

}  // namespace

struct Formatter::Impl {
  RegionContext context;
  // Numbers and money in the language's style; dates and the clock in the market's (en-GB:
  // day before month, 24 hours), so a figure reads the same in every market of a language.
  icu::Locale locale;
  icu::Locale date_locale;
  // Number formatters by (kind, unit, decimals); ICU formatters are costly to build, cheap to use.
  mutable std::map<std::array<int, 3>, number::LocalizedNumberFormatter> numbers;
  mutable std::map<std::string, number::LocalizedNumberFormatter> currencies;
  mutable std::array<std::unique_ptr<icu::SimpleDateFormat>, 4> dates;
  std::unique_ptr<icu::TimeZone> default_zone;
  std::unique_ptr<icu::TimeZone> utc_zone{icu::TimeZone::createTimeZone(u"UTC")};

  explicit Impl(RegionContext ctx)
      : context(std::move(ctx)),
        locale(language_locale(context).c_str()),
        date_locale(context.icu_locale().c_str()) {
    default_zone.reset(
        icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(context.time_zone)));
  }

  const number::LocalizedNumberFormatter& numeric(NumberKind kind, Unit unit, int decimals) const {
    const std::array<int, 3> key{static_cast<int>(kind), static_cast<int>(unit), decimals};
    auto it = numbers.find(key);
    if (it != numbers.end()) return it->second;
    auto formatter = number::NumberFormatter::withLocale(locale).precision(
        number::Precision::fixedFraction(decimals));
    if (kind == NumberKind::percent) formatter = formatter.unit(icu::MeasureUnit::getPercent());
    if (kind == NumberKind::measure) {
      if (auto measure = measure_unit(unit, context)) {
        formatter = formatter.unit(*measure).unitWidth(UNUM_UNIT_WIDTH_SHORT);
      }
    }
    return numbers.emplace(key, std::move(formatter)).first->second;
  }

  const number::LocalizedNumberFormatter& currency(const std::string& code, bool cost) const {
    const std::string key = code + (cost ? "/cost" : "");
    auto it = currencies.find(key);
    if (it != currencies.end()) return it->second;
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString ucode = icu::UnicodeString::fromUTF8(code);
    icu::CurrencyUnit unit(ucode.getTerminatedBuffer(), status);
    auto formatter = number::NumberFormatter::withLocale(locale).unit(unit);
    if (cost) formatter = formatter.precision(number::Precision::minMaxFraction(2, 4));
    return currencies.emplace(key, std::move(formatter)).first->second;
  }

  icu::SimpleDateFormat& date_format(DatePattern pattern) const {
    auto& slot = dates[static_cast<std::size_t>(pattern)];
    if (slot) return *slot;
    static constexpr std::array<const char16_t*, 4> kSkeletons = {u"yMMMd", u"yMMMdjm", u"yMMMdjmz",
                                                                  u"yMMM"};
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::DateTimePatternGenerator> generator(
        icu::DateTimePatternGenerator::createInstance(date_locale, status));
    icu::UnicodeString best;
    if (U_SUCCESS(status)) {
      best = generator->getBestPattern(kSkeletons[static_cast<std::size_t>(pattern)], status);
    }
    if (U_FAILURE(status) || best.isEmpty()) best = u"yyyy-MM-dd HH:mm";
    status = U_ZERO_ERROR;
    slot = std::make_unique<icu::SimpleDateFormat>(best, date_locale, status);
    return *slot;
  }

  std::string format_date(const Timestamp& ts, DatePattern pattern, ReadOn clock) const {
    icu::SimpleDateFormat& format = date_format(pattern);
    const bool own_offset = clock == ReadOn::written || clock == ReadOn::calendar;
    if (own_offset && ts.offset_minutes) {
      format.setTimeZone(icu::SimpleTimeZone(*ts.offset_minutes * 60 * 1000, u"offset"));
    } else if (clock == ReadOn::utc || clock == ReadOn::calendar) {
      format.setTimeZone(*utc_zone);
    } else {
      format.setTimeZone(*default_zone);
    }
    icu::UnicodeString out;
    format.format(static_cast<UDate>(ts.epoch_millis()), out);
    return to_utf8(out);
  }
};

Formatter::Formatter(RegionContext context) : impl_(std::make_unique<Impl>(std::move(context))) {}
Formatter::~Formatter() = default;
Formatter::Formatter(Formatter&&) noexcept = default;
Formatter& Formatter::operator=(Formatter&&) noexcept = default;

const RegionContext& Formatter::context() const {
  return impl_->context;
}

namespace {
std::string run(const number::LocalizedNumberFormatter& formatter, double value) {
  UErrorCode status = U_ZERO_ERROR;
  auto formatted = formatter.formatDouble(value, status);
  return U_SUCCESS(status) ? to_utf8(formatted.toString(status)) : std::string();
}
std::string run_decimal(const number::LocalizedNumberFormatter& formatter,
                        const std::string& decimal) {
  UErrorCode status = U_ZERO_ERROR;
  auto formatted = formatter.formatDecimal(decimal.c_str(), status);
  return U_SUCCESS(status) ? to_utf8(formatted.toString(status)) : decimal;
}
// Avoids "-0" when a small negative value rounds to zero.
double tidy(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  const double rounded = std::round(value * scale) / scale;
  return rounded == 0.0 ? 0.0 : rounded;
}
}  // namespace

std::string Formatter::number(double value, int decimals) const {
  return run(impl_->numeric(NumberKind::plain, Unit::none, decimals), tidy(value, decimals));
}

std::string Formatter::integer(std::int64_t value, bool grouping) const {
  if (!grouping) return std::to_string(value);
  return run(impl_->numeric(NumberKind::plain, Unit::none, 0), static_cast<double>(value));
}

std::string Formatter::percent(double value, int decimals) const {
  return run(impl_->numeric(NumberKind::percent, Unit::none, decimals), tidy(value, decimals));
}

int Formatter::display_decimals(Unit unit, int decimals) const {
  // psi and kPa are 14.5 and 100 times finer than bar: two fewer decimals say as much.
  const bool fine_pressure = (unit == Unit::pressure || unit == Unit::pressure_delta) &&
                             impl_->context.pressure != PressureUnit::bar;
  return fine_pressure ? std::max(0, decimals - 2) : decimals;
}

double Formatter::shown(double canonical, Unit unit, int decimals) const {
  return tidy(to_display(canonical, unit, impl_->context), display_decimals(unit, decimals));
}

std::string Formatter::displayed(double shown_value, Unit unit, int decimals) const {
  decimals = display_decimals(unit, decimals);
  return run(impl_->numeric(NumberKind::measure, unit, decimals), tidy(shown_value, decimals));
}

std::string Formatter::quantity(double canonical, Unit unit, int decimals) const {
  return displayed(shown(canonical, unit, decimals), unit, decimals);
}

std::string Formatter::money(const Money& amount) const {
  return run_decimal(impl_->currency(amount.currency, false), amount.to_decimal());
}

std::string Formatter::cost_micros(std::int64_t micros) const {
  const bool negative = micros < 0;
  const std::int64_t magnitude = negative ? -micros : micros;
  std::string fraction = std::to_string(magnitude % 1'000'000);
  fraction.insert(0, 6 - fraction.size(), '0');
  std::string decimal(negative ? "-" : "");
  decimal.append(std::to_string(magnitude / 1'000'000)).append(1, '.').append(fraction);
  return run_decimal(impl_->currency("USD", true), decimal);
}

std::string Formatter::date(const Timestamp& ts) const {
  return impl_->format_date(ts, DatePattern::date,
                            is_calendar_date(ts) ? ReadOn::calendar : ReadOn::reader);
}

std::string Formatter::datetime(const Timestamp& ts) const {
  return impl_->format_date(ts, DatePattern::datetime, ReadOn::reader);
}

std::string Formatter::datetime_zone(const Timestamp& ts) const {
  return impl_->format_date(ts, DatePattern::datetime_zone, ReadOn::reader);
}

std::string Formatter::site_datetime(const Timestamp& ts) const {
  return impl_->format_date(ts, DatePattern::datetime, ReadOn::written);
}

std::string Formatter::site_date(const Timestamp& ts) const {
  return impl_->format_date(ts, DatePattern::date, ReadOn::written);
}

std::string Formatter::month(const Timestamp& ts) const {
  return impl_->format_date(ts, DatePattern::month, ReadOn::utc);
}

std::string Formatter::zone_name() const {
  return impl_->context.time_zone + " (" +
         time_zone_short_names(impl_->context.time_zone, impl_->context.icu_locale()) + ")";
}

}  // namespace cpt::report
