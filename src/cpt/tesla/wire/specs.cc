#include "cpt/tesla/wire/specs.h"

#include "cpt/tesla/wire/parse_support.h"

namespace cpt::tesla::wire {
namespace {

using namespace detail;

const FieldTable<EquipmentPrice> kEquipmentPriceFields{
    field<&EquipmentPrice::code>("code"),
    field<&EquipmentPrice::name>("name"),
    field<&EquipmentPrice::price>("price"),
};

const FieldTable<VehicleSpecs> kVehicleSpecsFields{
    field<&VehicleSpecs::vin>("vin"),
    field<&VehicleSpecs::battery_soh>("batterySoH"),
    field<&VehicleSpecs::battery_capacity>("batteryCapacityKwh"),
    field<&VehicleSpecs::battery_soh_timestamp>("batterySoHTimestamp"),
    field<&VehicleSpecs::make>("make"),
    field<&VehicleSpecs::model>("model"),
    field<&VehicleSpecs::model_year>("modelYear"),
    field<&VehicleSpecs::body_type>("bodyType"),
    field<&VehicleSpecs::equipment_price>("equipmentPrice", kEquipmentPriceFields),
    field<&VehicleSpecs::trim>("trim"),
    field<&VehicleSpecs::type_of_drive>("typeOfDrive"),
    field<&VehicleSpecs::number_of_seats>("numberOfSeats"),
    field<&VehicleSpecs::number_of_doors>("numberOfDoors"),
    field<&VehicleSpecs::paint_code>("paintCode"),
    field<&VehicleSpecs::interior_code>("interiorCode"),
    field<&VehicleSpecs::third_row_seats_code>("thirdRowSeatsCode"),
    field<&VehicleSpecs::decor_code>("decorCode"),
    field<&VehicleSpecs::wheels_code>("wheelsCode"),
    field<&VehicleSpecs::rear_seats_name>("rearSeatsName"),
    field<&VehicleSpecs::seats_name>("seatsName"),
    field<&VehicleSpecs::towing_code>("towingCode"),
    field<&VehicleSpecs::total_price>("totalPrice"),
    field<&VehicleSpecs::vehicle_type>("vehicleType"),
    field<&VehicleSpecs::fuel_type>("fuelType"),
    field<&VehicleSpecs::transmission_type>("transmissionType"),
    field<&VehicleSpecs::number_of_gears>("numberOfGears"),
    field<&VehicleSpecs::autopilot_hardware_code>("autopilotHardwareCode"),
    field<&VehicleSpecs::autopilot_software_code>("autopilotSoftwareCode"),
    field<&VehicleSpecs::country_of_origin>("countryOfOrigin"),
    field<&VehicleSpecs::production_date>("productionDate"),
    field<&VehicleSpecs::max_power>("maxPowerInKw"),
    field<&VehicleSpecs::battery_range>("batteryRangeInKm"),
};

std::optional<double> number_in(const std::optional<std::string>& text) {
  return text ? leading_number(*text) : std::nullopt;
}

}  // namespace

Result<Parsed<VehicleSpecs>> parse_specs(std::string_view body) {
  auto parsed = parse_object(body, kVehicleSpecsFields, "specs");
  if (!parsed) return parsed;
  auto& specs = parsed->value;
  specs.battery_soh_percent = number_in(specs.battery_soh);
  specs.battery_capacity_kwh = number_in(specs.battery_capacity);
  specs.battery_range_km = number_in(specs.battery_range);
  return parsed;
}

}  // namespace cpt::tesla::wire
