// Time zones of reports: which IANA zones are known (ICU's tz data), the main zone of each market
// the service sells in, and the sentence that names a report's zone.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cpt::report {

// Whether `zone` is an IANA zone id ICU knows ("Europe/Helsinki", "UTC"); false for "", for
// unknown ids and for ICU's "Etc/Unknown". Thread-safe.
bool is_known_time_zone(std::string_view zone);

// The main zone of a market (ISO 3166 country): "FI" -> "Europe/Helsinki", "US" ->
// "America/New_York" (one per market, listed in docs/time-zones.md); "UTC" for an unknown or
// empty market.
std::string_view market_time_zone(std::string_view market);

// The zone a report uses: `ordered` when it names a known zone, else the market's main zone.
std::string report_time_zone(const std::optional<std::string>& ordered, std::string_view market);

// The zone's short names in `icu_locale` as ICU writes them: "EET/EEST" (standard/daylight, en-GB),
// "GMT+8" for a zone without daylight saving time, "UTC" for UTC.
std::string time_zone_short_names(std::string_view zone, std::string_view icu_locale);

}  // namespace cpt::report
