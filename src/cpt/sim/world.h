// The simulated world: Tesla accounts, their vehicles and charging history, generated
// deterministically from a seed. Immutable once generated (live state such as a car being asleep
// is kept by the Simulator), so it is safe to read from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cpt::sim {

// A Fleet API region: each has its own host and registration.
enum class Region { na, eu, cn };

std::string_view to_string(Region region);  // "na", "eu", "cn"
std::optional<Region> parse_region(std::string_view text);
// "NA", "EU", "CN": the access token's ou_code.
std::string ou_code(Region region);

// One Tesla account.
struct User {
  std::string id;  // uuid, the token subject
  std::string email;
  std::string full_name;
  std::string vault_uuid;
  Region region = Region::na;
  std::string country;    // ISO 3166 alpha-2 of the account ("US", "FI", "CN", ...)
  std::string locale;     // "en_US", "fi_FI", ...
  bool business = false;  // a business fleet owner: may read /api/1/dx/charging/sessions
  std::vector<std::size_t> vehicles;  // indexes into World::vehicles
};

// A warranty line as Tesla's warranty endpoint shows it.
struct Warranty {
  std::string type;             // "NEW_MFG_WARRANTY", "BATTERY_WARRANTY", ...
  std::string display_name;     // "Basic Vehicle Limited Warranty"
  std::string expiration_date;  // ISO-8601
  std::int64_t expiration_odometer = 0;
  std::string odometer_unit;  // "MI" or "KM"
  int coverage_age_years = 0;
  std::string bucket;  // "active", "upcoming", "expired"
};

// One recent alert of a vehicle.
struct Alert {
  std::string name;       // "UI_a212_AEBSFaulted"
  std::string time;       // ISO-8601
  std::string user_text;  // "Automatic Emergency Braking is unavailable"
  std::vector<std::string> audience;
};

// One option code row of /api/1/dx/vehicles/options.
struct OptionCode {
  std::string code;  // "$APBS"
  std::string display_name;
  std::optional<std::string> color_code;
};

// One vehicle and the facts every endpoint derives its body from.
struct Vehicle {
  std::int64_t id = 0;          // the Fleet API `id` (vehicle_tag)
  std::int64_t vehicle_id = 0;  // internal id
  std::string vin;              // 17 characters, valid check digit
  std::string display_name;
  std::size_t owner = 0;       // index into World::users
  std::string car_type;        // "model3", "modelY", "models", "modelx"
  std::string model_code;      // "m3", "my", "ms", "mx"
  int model_year = 0;          // VIN position 10
  std::string market;          // "US", "EU", "CN"
  std::string country;         // where the car is registered ("US", "FI", "NO", "CN", ...)
  std::string currency;        // the owner's home currency ("USD", "EUR", "NOK", "CNY")
  bool metric = false;         // km, °C, bar in gui_settings
  std::string initial_state;   // "online", "asleep", "offline"
  std::string car_version;     // "2025.44.25.4 7e1b0e1f2c9a"
  std::string trim_badging;    // "74d", "p74d", ...
  std::string exterior_color;  // "DeepBlue", ...
  std::string wheel_type;      // "Photon18", ...
  double odometer_mi = 0;
  int battery_level = 0;
  double battery_range_mi = 0;
  double latitude = 0, longitude = 0;
  int utc_offset_s = 0;
  bool drive_state_by_default = true;  // some cars leave drive_state out unless asked for it
  bool nested_release_notes = false;   // response.response.release_notes (Tesla's doc shape)
  bool service_populated = false;      // service_data holds a visit (most answer {})
  bool key_paired = false;
  bool command_protocol_required = true;
  std::string delivered;       // ISO date of delivery ("2023-05-02")
  int age_years = 0;           // whole years from the model year to the world's today
  std::string battery_soh_at;  // when Tesla last measured the pack (specs), before today
  std::string service_etc;     // estimated end of an open service visit, after today
  std::vector<OptionCode> options;
  std::vector<Warranty> warranties;
  std::vector<Alert> alerts;
};

// One fee line of a charging session.
struct ChargingFee {
  std::int64_t id = 0;
  std::string type;          // "CHARGING", "PARKING", "CONGESTION"
  std::string pricing_type;  // "PAYMENT", "NO_CHARGE"
  std::string uom;           // "kwh", "min"
  double rate = 0, usage = 0;
  std::int64_t total_minor = 0;  // total due in the currency's minor units
  std::int64_t net_minor = 0;    // without VAT
};

// One Supercharger session of an account (charging history is account-level).
struct ChargingSession {
  std::int64_t id = 0;
  std::size_t user = 0;
  std::string vin;
  std::string site;     // "Helsinki, Finland"
  std::string country;  // "FI"
  std::string currency;
  std::string start, stop, unlatch;  // ISO-8601 with the site's UTC offset
  std::int64_t start_epoch_s = 0;    // for filtering and sorting
  std::vector<ChargingFee> fees;
  std::optional<std::string> invoice_id;  // contentId, when an invoice exists
  std::string invoice_file;               // "ABC-123NN-US.pdf"
  double energy_kwh = 0;
};

// The fixed "today" worlds are generated for when a test asks for a fixed date: 2026-02-15.
inline constexpr std::int64_t kFixedToday = 1'771'113'600;

// Everything the simulator serves. Indexes are stable for the world's lifetime.
struct World {
  std::int64_t today_epoch_s = kFixedToday;  // midnight UTC of the world's today
  std::vector<User> users;
  std::vector<Vehicle> vehicles;
  std::vector<ChargingSession> sessions;  // sorted by start time

  // A vehicle by VIN or by its numeric id (Tesla's {vehicle_tag}).
  const Vehicle* find_vehicle(std::string_view tag) const;
  // A user by id or email (case-insensitive e-mail).
  const User* find_user(std::string_view id_or_email) const;
  const ChargingSession* find_invoice(std::string_view content_id) const;
};

// Generates a world: `users` accounts with 1..vehicles_per_user cars each (the first user always
// has vehicles_per_user), regions mixed NA/EU/CN, models and markets mixed. Every date in it is
// relative to `today_epoch_s` (rounded down to midnight UTC). Same seed and day, same world.
World generate_world(std::uint64_t seed, int users, int vehicles_per_user,
                     std::int64_t today_epoch_s = kFixedToday);

}  // namespace cpt::sim
