// FleetClient: every Fleet API endpoint CPT uses, as cheap-to-copy methods over a FleetConnection.
// Raw methods return the 2xx body; typed methods (fleet_client_typed.h) parse it with tesla/wire.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cpt/core/error.h"
#include "cpt/tesla/config.h"
#include "cpt/tesla/fleet_connection.h"

namespace cpt::tesla {

// vehicle_data blocks (Tesla's `endpoints` values). location_data needs vehicle_location.
inline constexpr std::string_view kVehicleDataBlocks[] = {
    "charge_state",  "climate_state",        "closures_state",
    "drive_state",   "gui_settings",         "vehicle_config",
    "vehicle_state", "charge_schedule_data", "preconditioning_schedule_data",
    "location_data",
};

// Filters for the charging history (all optional, as Tesla documents them). Value type.
struct ChargingHistoryQuery {
  std::string vin;         // filter only: history is account-level
  std::string start_time;  // ISO-8601 with offset
  std::string end_time;
  std::string sort_by;     // e.g. "chargeStartDateTime"
  std::string sort_order;  // "ASC" / "DESC"
};

// Why the page walk stopped.
enum class HistoryStop { empty_page, short_page, repeated_page, page_limit };
std::string_view to_string(HistoryStop stop);

// Every page of the charging history, raw, plus the sessions met. Value type.
struct ChargingHistoryPages {
  std::vector<RawResponse> pages;        // newest first; a page that added no session is not kept
  std::vector<std::string> session_ids;  // unique keys (sessionId, else a content key), in order
  HistoryStop stop = HistoryStop::empty_page;
  int first_page = 1;                         // the number of the newest page, as the server showed
  std::optional<std::int64_t> total_results;  // the server's totalResults, when it sent one
  int requests = 0;                           // HTTP requests of the walk, every page included
  std::int64_t billed_micros = 0;             // what they cost (refused and repeated pages too)

  // The server's total disagrees with the sessions the pages held.
  bool total_mismatch() const;
};

// The session keys of one charging-history page (read from `data`, `response.data` or
// `response`): the sessionId, or a content key (vin, start, stop, site) when it is missing;
// malformed when the body is not JSON.
Result<std::vector<std::string>> charging_session_ids(std::string_view body);

// The Fleet API for one account. Copies share the connection. Thread-safe.
class FleetClient {
 public:
  explicit FleetClient(std::shared_ptr<FleetConnection> connection);

  // --- account level ---
  Result<RawResponse> vehicles();
  Result<RawResponse> users_me();
  Result<RawResponse> users_region();
  Result<RawResponse> users_orders();
  Result<RawResponse> users_feature_config();
  // One page of the charging history (pageNo / pageSize as given).
  Result<RawResponse> charging_history_page(const ChargingHistoryQuery& query, int page_no,
                                            int page_size);
  // Walks every page until an empty one (or a page shorter than an earlier one, or a page that
  // only repeats sessions, or FleetOptions::history_max_pages). Pages may count from 0 or 1: a
  // refused or repeating pageNo=0 means 1; when the walk from 1 is not confirmed by totalResults,
  // page 0 is asked once. Any server page size; both body shapes (charging_history.cc).
  Result<ChargingHistoryPages> charging_history(const ChargingHistoryQuery& query = {});
  // One page of a walk (pageNo, pageSize): by default charging_history_page; a caller that keeps
  // each answer as it arrives passes its own, so that a walk cut short resumes where it stopped.
  using HistoryPageSource = std::function<Result<RawResponse>(int page_no, int page_size)>;
  // The same walk, every page read through `source`.
  Result<ChargingHistoryPages> charging_history_from(const HistoryPageSource& source);
  // An invoice PDF by contentId; malformed unless the body starts with "%PDF-".
  Result<std::string> charging_invoice(std::string_view content_id);
  // The same, with the call's attempts and cost (the body is the PDF).
  Result<RawResponse> charging_invoice_response(std::string_view content_id);
  Result<RawResponse> charging_sessions(std::string_view vin = {});

  // --- per vehicle ---
  Result<RawResponse> vehicle(std::string_view vin);
  // Always sends an explicit endpoints list (';' as %3B): `blocks`, or every block when empty.
  // location_data / location_state are dropped unless the token holds vehicle_location.
  Result<RawResponse> vehicle_data(std::string_view vin, std::span<const std::string> blocks = {});
  Result<RawResponse> service_data(std::string_view vin);
  Result<RawResponse> recent_alerts(std::string_view vin);
  Result<RawResponse> release_notes(std::string_view vin);
  Result<RawResponse> options(std::string_view vin);
  Result<RawResponse> warranty(std::string_view vin);
  Result<RawResponse> specs(std::string_view vin);  // partner token; billed $0.10
  Result<RawResponse> fleet_status(std::span<const std::string> vins);
  // Explicit wake only: re-posts wake_up every `interval` until `response.state` is "online";
  // vehicle_unavailable when the deadline passes first.
  Result<RawResponse> wake_up(std::string_view vin, const WakeOptions& wake);
  Result<RawResponse> wake_up(std::string_view vin);

  // --- partner (partner token of the connection's region) ---
  Result<RawResponse> partner_register(std::string_view domain);
  Result<RawResponse> partner_public_key(std::string_view domain);

  // The vehicle_data query value this account would send for `blocks` ("a;b;c").
  Result<std::string> vehicle_data_endpoints(std::span<const std::string> blocks);

  // Runs independent calls with at most FleetOptions::max_in_flight in flight; results keep the
  // order of `requests`.
  std::vector<Result<RawResponse>> call_all(std::span<const FleetRequest> requests);
  Result<RawResponse> call(const FleetRequest& request);

  FleetConnection& connection() const { return *connection_; }

 private:
  std::shared_ptr<FleetConnection> connection_;
};

}  // namespace cpt::tesla
