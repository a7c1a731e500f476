#include "cpt/tesla/wire/vehicles.h"

#include <charconv>

#include "cpt/tesla/wire/parse_support.h"

namespace cpt::tesla::wire {
namespace detail {

namespace {
const FieldTable<GranularAccess> kGranularAccessFields{
    field<&GranularAccess::hide_private>("hide_private"),
};

}  // namespace

const FieldTable<Vehicle> kVehicleFields{
    field<&Vehicle::id>("id"),
    field<&Vehicle::id_s>("id_s"),
    field<&Vehicle::user_id>("user_id"),
    field<&Vehicle::vehicle_id>("vehicle_id"),
    field<&Vehicle::vin>("vin"),
    field<&Vehicle::display_name>("display_name"),
    field<&Vehicle::color>("color"),
    field<&Vehicle::access_type>("access_type"),
    field<&Vehicle::option_codes>("option_codes"),
    field<&Vehicle::granular_access>("granular_access", kGranularAccessFields),
    field<&Vehicle::state>("state"),
    field<&Vehicle::in_service>("in_service"),
    field<&Vehicle::calendar_enabled>("calendar_enabled"),
    field<&Vehicle::api_version>("api_version"),
    field<&Vehicle::ble_autopair_enrolled>("ble_autopair_enrolled"),
    field<&Vehicle::command_signing>("command_signing"),
    field<&Vehicle::release_notes_supported>("release_notes_supported"),
};

void finish_vehicle(Vehicle& vehicle) {
  if (!vehicle.id_s) return;
  const std::string& text = *vehicle.id_s;
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec == std::errc{} && end == text.data() + text.size()) vehicle.id = id;
}

namespace {

const FieldTable<Pagination> kPaginationFields{
    field<&Pagination::previous>("previous"), field<&Pagination::next>("next"),
    field<&Pagination::current>("current"),   field<&Pagination::per_page>("per_page"),
    field<&Pagination::count>("count"),       field<&Pagination::pages>("pages"),
};

const FieldTable<EnergySite> kEnergySiteFields{
    field<&EnergySite::energy_site_id>("energy_site_id"),
    field<&EnergySite::id>("id"),
    field<&EnergySite::resource_type>("resource_type"),
    field<&EnergySite::site_name>("site_name"),
    field<&EnergySite::gateway_id>("gateway_id"),
    field<&EnergySite::battery_type>("battery_type"),
    field<&EnergySite::energy_left>("energy_left"),
    field<&EnergySite::total_pack_energy>("total_pack_energy"),
    field<&EnergySite::percentage_charged>("percentage_charged"),
    field<&EnergySite::backup_capable>("backup_capable"),
};

// A product is a vehicle when it names one; energy sites carry energy_site_id instead.
bool is_energy_site(JsonValue product) {
  return product.find("energy_site_id").has_value() && !product.find("vin").has_value() &&
         !product.find("vehicle_id").has_value();
}

}  // namespace
}  // namespace detail

Result<Parsed<VehicleList>> parse_vehicles(std::string_view body) {
  return detail::parse_listing(body, &VehicleList::vehicles, detail::kVehicleFields, "vehicles",
                               [](JsonReader& reader, JsonValue top, VehicleList& out) {
                                 for (auto& vehicle : out.vehicles) detail::finish_vehicle(vehicle);
                                 detail::read_member(reader, top, "pagination", out.pagination,
                                                     detail::kPaginationFields);
                                 detail::read_member(reader, top, "count", out.count);
                               });
}

Result<Parsed<Vehicle>> parse_vehicle(std::string_view body) {
  auto parsed = detail::parse_object(body, detail::kVehicleFields, "vehicle");
  if (parsed) detail::finish_vehicle(parsed->value);
  return parsed;
}

Result<Parsed<Products>> parse_products(std::string_view body) {
  return parse_payload<Products>(
      body, [](JsonReader& reader, JsonValue top, Products& out) -> Result<void> {
        auto list = detail::listing(top, "products");
        if (!list) return std::unexpected(std::move(list.error()));
        {
          std::optional<JsonReader::Scope> scope;
          if (top.is_object()) scope.emplace(reader, "response");
          reader.each_element(*list, [&](JsonValue product) {
            if (product.is_null()) return;
            if (!product.is_object()) return reader.warn_type("an object", product);
            if (detail::is_energy_site(product)) {
              reader.read_fields(product, out.energy_sites.emplace_back(),
                                 detail::kEnergySiteFields);
            } else {
              detail::read_vehicle_data(reader, product, out.vehicles.emplace_back());
            }
          });
        }
        detail::read_member(reader, top, "count", out.count);
        return {};
      });
}

}  // namespace cpt::tesla::wire
