#include "cpt/report/time_zone.h"

#include <unicode/locid.h>
#include <unicode/timezone.h>

#include <array>
#include <memory>
#include <utility>

namespace cpt::report {
namespace {

// One main zone per market: where most of its people live (docs/time-zones.md says why for the
// markets that span several).
constexpr std::array<std::pair<std::string_view, std::string_view>, 21> kMarketZones = {{
    {"US", "America/New_York"}, {"CA", "America/Toronto"},   {"MX", "America/Mexico_City"},
    {"GB", "Europe/London"},    {"IE", "Europe/Dublin"},     {"AU", "Australia/Sydney"},
    {"NZ", "Pacific/Auckland"}, {"FI", "Europe/Helsinki"},   {"SE", "Europe/Stockholm"},
    {"NO", "Europe/Oslo"},      {"DK", "Europe/Copenhagen"}, {"DE", "Europe/Berlin"},
    {"AT", "Europe/Vienna"},    {"CH", "Europe/Zurich"},     {"LU", "Europe/Luxembourg"},
    {"BE", "Europe/Brussels"},  {"FR", "Europe/Paris"},      {"ES", "Europe/Madrid"},
    {"IT", "Europe/Rome"},      {"NL", "Europe/Amsterdam"},  {"CN", "Asia/Shanghai"},
}};

std::string to_utf8(const icu::UnicodeString& text) {
  std::string out;
  text.toUTF8String(out);
  return out;
}

}  // namespace

bool is_known_time_zone(std::string_view zone) {
  if (zone.empty() || zone.size() > 64) return false;
  icu::UnicodeString canonical;
  UBool system = false;
  UErrorCode status = U_ZERO_ERROR;
  icu::TimeZone::getCanonicalID(icu::UnicodeString::fromUTF8(icu::StringPiece(
                                    zone.data(), static_cast<int32_t>(zone.size()))),
                                canonical, system, status);
  return U_SUCCESS(status) && system && canonical != UNICODE_STRING_SIMPLE("Etc/Unknown");
}

std::string_view market_time_zone(std::string_view market) {
  for (const auto& [country, zone] : kMarketZones) {
    if (country == market) return zone;
  }
  return "UTC";
}

std::string report_time_zone(const std::optional<std::string>& ordered, std::string_view market) {
  if (ordered && is_known_time_zone(*ordered)) return *ordered;
  return std::string(market_time_zone(market));
}

std::string time_zone_short_names(std::string_view zone, std::string_view icu_locale) {
  std::unique_ptr<icu::TimeZone> tz(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(
      icu::StringPiece(zone.data(), static_cast<int32_t>(zone.size())))));
  const icu::Locale locale(std::string(icu_locale).c_str());
  icu::UnicodeString standard;
  tz->getDisplayName(false, icu::TimeZone::SHORT, locale, standard);
  if (!tz->useDaylightTime()) return to_utf8(standard);
  icu::UnicodeString daylight;
  tz->getDisplayName(true, icu::TimeZone::SHORT, locale, daylight);
  if (daylight == standard) return to_utf8(standard);
  return to_utf8(standard) + "/" + to_utf8(daylight);
}

}  // namespace cpt::report
