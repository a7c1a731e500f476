// Charging payloads, typed as Tesla sends them: GET /api/1/dx/charging/history (Supercharger
// sessions with fees and invoices; account-wide, each session names its vin) and the business-only
// GET /api/1/dx/charging/sessions. Amounts arrive as JSON numbers and are kept as doubles; the
// Money accessors round them to the currency's minor unit. Value types; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cpt/core/money.h"
#include "cpt/core/time.h"

namespace cpt::tesla {

// One fee of a session (`fees[]`): CHARGING, PARKING, CONGESTION, ... Rates, usages and totals come
// per tier (base, then tiers 1-4); `uom` says whether usage is in "kwh" or "min".
struct ChargingFee {
  std::optional<std::int64_t> session_fee_id;  // sessionFeeId
  std::optional<std::string> fee_type;         // feeType
  std::optional<std::string> currency_code;    // currencyCode
  std::optional<std::string> pricing_type;     // pricingType: PAYMENT, NO_CHARGE
  std::optional<double> rate_base;
  std::optional<double> rate_tier1;
  std::optional<double> rate_tier2;
  std::optional<double> rate_tier3;
  std::optional<double> rate_tier4;
  std::optional<double> usage_base;
  std::optional<double> usage_tier1;
  std::optional<double> usage_tier2;
  std::optional<double> usage_tier3;
  std::optional<double> usage_tier4;
  std::optional<double> total_base;
  std::optional<double> total_tier1;
  std::optional<double> total_tier2;
  std::optional<double> total_tier3;
  std::optional<double> total_tier4;
  std::optional<double> total_due;  // totalDue
  std::optional<double> net_due;    // netDue
  std::optional<std::string> uom;
  std::optional<bool> is_paid;  // isPaid
  std::optional<std::string> status;

  // `amount` (one of this fee's fields) as Money in the fee's currency; nullopt when either the
  // amount or a valid currency is missing.
  std::optional<Money> money(const std::optional<double>& amount) const;
  std::optional<Money> total_due_money() const { return money(total_due); }
};

// One invoice of a session (`invoices[]`); `content_id` downloads the PDF.
struct ChargingInvoice {
  std::optional<std::string> file_name;     // fileName
  std::optional<std::string> content_id;    // contentId
  std::optional<std::string> invoice_type;  // invoiceType
};

// One Supercharger session (`data[]`). Times keep the site's UTC offset.
struct ChargingSession {
  std::optional<std::int64_t> session_id;  // sessionId
  std::optional<std::string> vin;
  std::optional<std::string> site_location_name;  // siteLocationName
  std::optional<Timestamp> charge_start;          // chargeStartDateTime
  std::optional<Timestamp> charge_stop;           // chargeStopDateTime
  std::optional<Timestamp> unlatch;               // unlatchDateTime
  std::optional<std::string> country_code;        // countryCode
  std::optional<std::string> billing_type;        // billingType
  std::optional<std::string> vehicle_make_type;   // vehicleMakeType
  std::vector<ChargingFee> fees;
  std::vector<ChargingInvoice> invoices;

  // The sum of the fees' totalDue per currency (fees without amount or currency are skipped, and
  // so is a fee that would overflow its currency's total).
  MoneyTotals total_due() const;
};

// Adds `amount` to `totals` unless that would overflow the currency's total; false when skipped.
bool add_checked(MoneyTotals& totals, const Money& amount);

// GET /api/1/dx/charging/history: the sessions of one page, whichever wrapper carried them
// (`data`, `response.data` or `response` as the list).
struct ChargingHistory {
  std::vector<ChargingSession> sessions;
};

// --- /api/1/dx/charging/sessions (business fleets; OCPI-like records) ---

// `total_cost` of a business session.
struct BusinessChargingCost {
  std::optional<double> excl_vat;
  std::optional<double> incl_vat;
  std::optional<double> vat;
};

// `location` of a business session.
struct BusinessChargingLocation {
  std::optional<std::string> country;
  std::optional<std::string> name;
};

// `charging_periods[].dimensions[]`: e.g. {"type": "ENERGY", "volume": 32.5}.
struct ChargingDimension {
  std::optional<std::string> type;
  std::optional<double> volume;
};

// `charging_periods[]`.
struct ChargingPeriod {
  std::optional<Timestamp> start_date_time;
  std::vector<ChargingDimension> dimensions;
};

// `tariffs.elements[].price_components[]`.
struct PriceComponent {
  std::optional<std::string> type;
  std::optional<double> price;
  std::optional<double> vat;
  std::optional<int> step_size;
};

// `tariffs.elements[]`.
struct TariffElement {
  std::vector<PriceComponent> price_components;
};

// `tariffs` (documented as one object; a list of them is read as well).
struct Tariff {
  std::optional<std::string> currency;
  std::vector<TariffElement> elements;
};

// One business charging session (`response.data[]`).
struct BusinessChargingSession {
  std::optional<std::string> id;
  std::optional<std::string> vin;
  std::optional<std::string> model;
  std::optional<Timestamp> start_date_time;
  std::optional<Timestamp> stop_date_time;
  std::optional<double> total_energy;
  std::optional<double> total_time;
  std::optional<BusinessChargingCost> total_cost;
  std::optional<BusinessChargingLocation> location;
  std::vector<ChargingPeriod> charging_periods;
  std::vector<Tariff> tariffs;
};

// GET /api/1/dx/charging/sessions.
struct BusinessChargingSessions {
  std::vector<BusinessChargingSession> sessions;
};

}  // namespace cpt::tesla
