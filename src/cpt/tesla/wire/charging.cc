#include "cpt/tesla/wire/charging.h"

#include "cpt/tesla/wire/parse_support.h"

namespace cpt::tesla::wire {
namespace {

using namespace detail;

const FieldTable<ChargingFee> kChargingFeeFields{
    field<&ChargingFee::session_fee_id>("sessionFeeId"),
    field<&ChargingFee::fee_type>("feeType"),
    field<&ChargingFee::currency_code>("currencyCode"),
    field<&ChargingFee::pricing_type>("pricingType"),
    field<&ChargingFee::rate_base>("rateBase"),
    field<&ChargingFee::rate_tier1>("rateTier1"),
    field<&ChargingFee::rate_tier2>("rateTier2"),
    field<&ChargingFee::rate_tier3>("rateTier3"),
    field<&ChargingFee::rate_tier4>("rateTier4"),
    field<&ChargingFee::usage_base>("usageBase"),
    field<&ChargingFee::usage_tier1>("usageTier1"),
    field<&ChargingFee::usage_tier2>("usageTier2"),
    field<&ChargingFee::usage_tier3>("usageTier3"),
    field<&ChargingFee::usage_tier4>("usageTier4"),
    field<&ChargingFee::total_base>("totalBase"),
    field<&ChargingFee::total_tier1>("totalTier1"),
    field<&ChargingFee::total_tier2>("totalTier2"),
    field<&ChargingFee::total_tier3>("totalTier3"),
    field<&ChargingFee::total_tier4>("totalTier4"),
    field<&ChargingFee::total_due>("totalDue"),
    field<&ChargingFee::net_due>("netDue"),
    field<&ChargingFee::uom>("uom"),
    field<&ChargingFee::is_paid>("isPaid"),
    field<&ChargingFee::status>("status"),
};

const FieldTable<ChargingInvoice> kChargingInvoiceFields{
    field<&ChargingInvoice::file_name>("fileName"),
    field<&ChargingInvoice::content_id>("contentId"),
    field<&ChargingInvoice::invoice_type>("invoiceType"),
};

const FieldTable<ChargingSession> kChargingSessionFields{
    field<&ChargingSession::session_id>("sessionId"),
    field<&ChargingSession::vin>("vin"),
    field<&ChargingSession::site_location_name>("siteLocationName"),
    field<&ChargingSession::charge_start>("chargeStartDateTime"),
    field<&ChargingSession::charge_stop>("chargeStopDateTime"),
    field<&ChargingSession::unlatch>("unlatchDateTime"),
    field<&ChargingSession::country_code>("countryCode"),
    field<&ChargingSession::billing_type>("billingType"),
    field<&ChargingSession::vehicle_make_type>("vehicleMakeType"),
    field<&ChargingSession::fees>("fees", kChargingFeeFields),
    field<&ChargingSession::invoices>("invoices", kChargingInvoiceFields),
};

const FieldTable<BusinessChargingCost> kBusinessChargingCostFields{
    field<&BusinessChargingCost::excl_vat>("excl_vat"),
    field<&BusinessChargingCost::incl_vat>("incl_vat"),
    field<&BusinessChargingCost::vat>("vat"),
};

const FieldTable<BusinessChargingLocation> kBusinessChargingLocationFields{
    field<&BusinessChargingLocation::country>("country"),
    field<&BusinessChargingLocation::name>("name"),
};

const FieldTable<ChargingDimension> kChargingDimensionFields{
    field<&ChargingDimension::type>("type"),
    field<&ChargingDimension::volume>("volume"),
};

const FieldTable<ChargingPeriod> kChargingPeriodFields{
    field<&ChargingPeriod::start_date_time>("start_date_time"),
    field<&ChargingPeriod::dimensions>("dimensions", kChargingDimensionFields),
};

const FieldTable<PriceComponent> kPriceComponentFields{
    field<&PriceComponent::type>("type"),
    field<&PriceComponent::price>("price"),
    field<&PriceComponent::vat>("vat"),
    field<&PriceComponent::step_size>("step_size"),
};

const FieldTable<TariffElement> kTariffElementFields{
    field<&TariffElement::price_components>("price_components", kPriceComponentFields),
};

const FieldTable<Tariff> kTariffFields{
    field<&Tariff::currency>("currency"),
    field<&Tariff::elements>("elements", kTariffElementFields),
};

// Documented as one object; OCPI sends a list. Either way it becomes a list.
void read_tariffs(JsonReader& reader, JsonValue value, BusinessChargingSession& out, const void*) {
  if (value.is_object()) {
    reader.read_fields(value, out.tariffs.emplace_back(), kTariffFields);
  } else {
    reader.read(value, out.tariffs, kTariffFields);
  }
}

const FieldTable<BusinessChargingSession> kBusinessChargingSessionFields{
    field<&BusinessChargingSession::id>("id"),
    field<&BusinessChargingSession::vin>("vin"),
    field<&BusinessChargingSession::model>("model"),
    field<&BusinessChargingSession::start_date_time>("start_date_time"),
    field<&BusinessChargingSession::stop_date_time>("stop_date_time"),
    field<&BusinessChargingSession::total_energy>("total_energy"),
    field<&BusinessChargingSession::total_time>("total_time"),
    field<&BusinessChargingSession::total_cost>("total_cost", kBusinessChargingCostFields),
    field<&BusinessChargingSession::location>("location", kBusinessChargingLocationFields),
    field<&BusinessChargingSession::charging_periods>("charging_periods", kChargingPeriodFields),
    {"tariffs", &read_tariffs},
};

// Where a charging body keeps its list: `data` at the top, `response.data`, `response` itself or
// the bare body. An enveloped payload without `data` is an empty page; anything else is hopeless.
struct SessionList {
  JsonValue list;                 // null when the page is empty
  std::string_view outer, inner;  // path segments to push ("" = none)
};

std::optional<SessionList> find_session_list(JsonValue top) {
  if (top.is_array()) return SessionList{top, {}, {}};
  if (!top.is_object()) return std::nullopt;
  if (auto data = top.find("data")) return SessionList{*data, "data", {}};
  auto response = top.find("response");
  if (!response) return std::nullopt;
  if (response->is_array()) return SessionList{*response, "response", {}};
  if (!response->is_object()) return std::nullopt;
  return SessionList{response->find("data").value_or(JsonValue{}), "response", "data"};
}

template <class T, class Item>
Result<Parsed<T>> parse_session_page(std::string_view body, std::vector<Item> T::*sessions,
                                     const FieldTable<Item>& table, std::string_view what) {
  return parse_payload<T>(body, [&](JsonReader& reader, JsonValue top, T& out) -> Result<void> {
    auto found = find_session_list(top);
    if (!found) return std::unexpected(hopeless(what, "no session list in the payload"));
    std::optional<JsonReader::Scope> outer, inner;
    if (!found->outer.empty()) outer.emplace(reader, found->outer);
    if (!found->inner.empty()) inner.emplace(reader, found->inner);
    reader.read(found->list, out.*sessions, table);
    return {};
  });
}

}  // namespace

Result<Parsed<ChargingHistory>> parse_charging_history(std::string_view body) {
  return parse_session_page(body, &ChargingHistory::sessions, kChargingSessionFields,
                            "charging history");
}

Result<Parsed<BusinessChargingSessions>> parse_business_charging_sessions(std::string_view body) {
  return parse_session_page(body, &BusinessChargingSessions::sessions,
                            kBusinessChargingSessionFields, "charging sessions");
}

}  // namespace cpt::tesla::wire
