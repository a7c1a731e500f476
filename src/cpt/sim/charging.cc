#include "cpt/sim/charging.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "cpt/core/money.h"
#include "cpt/core/time.h"

namespace cpt::sim {

using nlohmann::json;

namespace {

constexpr std::string_view kSortKeys[] = {"sessionId",          "vin",
                                          "siteLocationName",   "chargeStartDateTime",
                                          "chargeStopDateTime", "unlatchDateTime",
                                          "countryCode",        "billingType",
                                          "vehicleMakeType"};

std::optional<std::string> param(const std::multimap<std::string, std::string>& params,
                                 const char* name) {
  auto it = params.find(name);
  if (it == params.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

Result<int> int_param(const std::multimap<std::string, std::string>& params, const char* name,
                      int fallback, int min, int max) {
  auto text = param(params, name);
  if (!text) return fallback;
  int value = 0;
  for (char c : *text) {
    if (c < '0' || c > '9' || value > 10'000'000) {
      return fail(ErrorKind::invalid_argument, std::string(name) + " must be an integer");
    }
    value = value * 10 + (c - '0');
  }
  if (value < min || value > max) {
    return fail(ErrorKind::invalid_argument, std::string(name) + " must be between " +
                                                 std::to_string(min) + " and " +
                                                 std::to_string(max));
  }
  return value;
}

Result<std::optional<std::int64_t>> time_param(
    const std::multimap<std::string, std::string>& params, const char* name) {
  auto text = param(params, name);
  if (!text) return std::optional<std::int64_t>{};
  auto ts = parse_iso8601(*text);
  if (!ts) return fail(ErrorKind::invalid_argument, std::string(name) + " must be ISO-8601");
  return std::optional<std::int64_t>{ts->epoch_seconds()};
}

std::int64_t epoch_of(const std::string& iso) {
  auto ts = parse_iso8601(iso);
  return ts ? ts->epoch_seconds() : 0;
}

// Orders two sessions by `key`; equal keys fall back to sessionId so pages are stable.
bool less_by(const ChargingSession& a, const ChargingSession& b, std::string_view key) {
  auto tie = [&](auto x, auto y) { return x != y ? x < y : a.id < b.id; };
  if (key == "vin") return tie(a.vin, b.vin);
  if (key == "siteLocationName") return tie(a.site, b.site);
  if (key == "chargeStartDateTime") return tie(a.start_epoch_s, b.start_epoch_s);
  if (key == "chargeStopDateTime") return tie(epoch_of(a.stop), epoch_of(b.stop));
  if (key == "unlatchDateTime") return tie(epoch_of(a.unlatch), epoch_of(b.unlatch));
  if (key == "countryCode") return tie(a.country, b.country);
  return a.id < b.id;  // sessionId; billingType and vehicleMakeType are constant here
}

double major(std::int64_t minor, std::string_view currency) {
  return static_cast<double>(minor) / std::pow(10.0, currency_exponent(currency));
}

}  // namespace

Result<HistoryQuery> parse_history_query(const std::multimap<std::string, std::string>& params,
                                         const SimQuirks& quirks) {
  HistoryQuery q;
  q.vin = param(params, "vin");
  auto start = time_param(params, "startTime");
  if (!start) return std::unexpected(start.error());
  auto end = time_param(params, "endTime");
  if (!end) return std::unexpected(end.error());
  q.start_epoch_s = *start;
  q.end_epoch_s = *end;
  const bool from_zero = quirks.paging == HistoryPaging::zero_based;
  const int lowest = quirks.paging == HistoryPaging::one_based ? 1 : 0;
  auto page = int_param(params, "pageNo", from_zero ? 0 : 1, lowest, 1'000'000);
  if (!page) {
    return fail(ErrorKind::invalid_argument,
                page.error().log_message + " (pages start at " + std::to_string(lowest) + ")");
  }
  q.page_no = *page;
  q.page_index = from_zero ? *page : std::max(0, *page - 1);  // lenient: 0 reads as 1
  auto size = int_param(params, "pageSize", 50, 1, kMaxHistoryPageSize);
  if (!size) return std::unexpected(size.error());
  q.page_size = std::min(*size, std::max(1, quirks.history_page_cap));
  if (auto sort = param(params, "sortBy")) {
    std::string key = *sort == "start_datetime" ? "chargeStartDateTime" : *sort;
    if (std::find(std::begin(kSortKeys), std::end(kSortKeys), key) == std::end(kSortKeys)) {
      return fail(ErrorKind::invalid_argument,
                  "sortBy must be one of sessionId, vin, "
                  "siteLocationName, chargeStartDateTime, ...");
    }
    q.sort_by = key;
  }
  if (auto order = param(params, "sortOrder")) {
    std::string upper;
    for (char c : *order) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (upper != "ASC" && upper != "DESC") {
      return fail(ErrorKind::invalid_argument, "sortOrder must be ASC or DESC");
    }
    q.ascending = upper == "ASC";
  }
  return q;
}

HistoryPage query_history(const World& world, std::size_t user, const HistoryQuery& q) {
  std::vector<const ChargingSession*> matches;
  for (const auto& s : world.sessions) {
    if (s.user != user) continue;
    if (q.vin && s.vin != *q.vin) continue;
    if (q.start_epoch_s && s.start_epoch_s < *q.start_epoch_s) continue;
    if (q.end_epoch_s && s.start_epoch_s > *q.end_epoch_s) continue;
    matches.push_back(&s);
  }
  std::stable_sort(matches.begin(), matches.end(), [&](const auto* a, const auto* b) {
    return q.ascending ? less_by(*a, *b, q.sort_by) : less_by(*b, *a, q.sort_by);
  });
  HistoryPage page;
  page.total = matches.size();
  const auto first = static_cast<std::size_t>(q.page_index) * static_cast<std::size_t>(q.page_size);
  if (first >= matches.size()) return page;
  const auto last = std::min(matches.size(), first + static_cast<std::size_t>(q.page_size));
  page.sessions.assign(matches.begin() + static_cast<std::ptrdiff_t>(first),
                       matches.begin() + static_cast<std::ptrdiff_t>(last));
  return page;
}

json history_body(const HistoryPage& page, const SimQuirks& quirks) {
  json data = json::array();
  for (const auto* s : page.sessions) data.push_back(session_json(*s));
  // TeslaLogger loops "while totalResults > 0", as if it counted the page (FLEET-API §10.1).
  const std::size_t total = quirks.history_total_per_page ? page.sessions.size() : page.total;
  json body = {{"data", std::move(data)}, {"totalResults", total}};
  if (quirks.history_top_level) return body;
  return {{"response", std::move(body)}};
}

json session_json(const ChargingSession& s) {
  json fees = json::array();
  for (const auto& f : s.fees) {
    const double total = major(f.total_minor, s.currency);
    fees.push_back({{"sessionFeeId", f.id},
                    {"feeType", f.type},
                    {"currencyCode", s.currency},
                    {"pricingType", f.pricing_type},
                    {"rateBase", f.rate},
                    {"rateTier1", 0},
                    {"rateTier2", 0},
                    {"rateTier3", nullptr},
                    {"rateTier4", nullptr},
                    {"usageBase", f.usage},
                    {"usageTier1", 0},
                    {"usageTier2", 0},
                    {"usageTier3", nullptr},
                    {"usageTier4", nullptr},
                    {"totalBase", total},
                    {"totalTier1", 0},
                    {"totalTier2", 0},
                    {"totalTier3", 0},
                    {"totalTier4", 0},
                    {"totalDue", total},
                    {"netDue", major(f.net_minor, s.currency)},
                    {"uom", f.uom},
                    {"isPaid", true},
                    {"status", "PAID"}});
  }
  json invoices = json::array();
  if (s.invoice_id) {
    invoices.push_back(
        {{"fileName", s.invoice_file}, {"contentId", *s.invoice_id}, {"invoiceType", "IMMEDIATE"}});
  }
  return {{"sessionId", s.id},
          {"vin", s.vin},
          {"siteLocationName", s.site},
          {"chargeStartDateTime", s.start},
          {"chargeStopDateTime", s.stop},
          {"unlatchDateTime", s.unlatch},
          {"countryCode", s.country},
          {"fees", std::move(fees)},
          {"billingType", "IMMEDIATE"},
          {"invoices", std::move(invoices)},
          {"vehicleMakeType", "TSLA"}};
}

json business_session_json(const ChargingSession& s, const Vehicle& v) {
  std::int64_t total_minor = 0;
  std::int64_t net_minor = 0;
  for (const auto& f : s.fees) {
    total_minor += f.total_minor;
    net_minor += f.net_minor;
  }
  const double incl = major(total_minor, s.currency);
  const double excl = major(net_minor, s.currency);
  const double minutes = static_cast<double>(epoch_of(s.stop) - s.start_epoch_s) / 60.0;
  double kwh_price = 0;
  for (const auto& f : s.fees) {
    if (f.type == "CHARGING") kwh_price = f.rate;
  }
  return {
      {"id", std::to_string(s.id)},
      {"vin", s.vin},
      {"model", v.model_code},
      {"start_date_time", s.start},
      {"stop_date_time", s.stop},
      {"total_energy", s.energy_kwh},
      {"total_time", std::round(minutes * 10) / 10},
      {"total_cost",
       {{"excl_vat", excl}, {"incl_vat", incl}, {"vat", std::round((incl - excl) * 100) / 100}}},
      {"location", {{"country", s.country}, {"name", s.site}}},
      {"charging_periods",
       json::array(
           {{{"start_date_time", s.start},
             {"dimensions", json::array({{{"type", "ENERGY"}, {"volume", s.energy_kwh}}})}}})},
      {"tariffs",
       {{"currency", s.currency},
        {"elements",
         json::array(
             {{{"price_components",
                json::array({{{"type", "ENERGY"}, {"price", kwh_price}, {"step_size", 1}}})}}})}}}};
}

}  // namespace cpt::sim
