#include "cpt/tesla/wire/modules.h"

#include "cpt/tesla/wire/parse_support.h"

namespace cpt::tesla::wire {
namespace {

using namespace detail;

const FieldTable<ServiceData> kServiceDataFields{
    field<&ServiceData::service_status>("service_status"),
    field<&ServiceData::service_etc>("service_etc"),
    field<&ServiceData::service_visit_number>("service_visit_number"),
    field<&ServiceData::status_id>("status_id"),
};

const FieldTable<Alert> kAlertFields{
    field<&Alert::name>("name"),
    field<&Alert::time>("time"),
    field<&Alert::audience>("audience"),
    field<&Alert::user_text>("user_text"),
};

const FieldTable<ReleaseNote> kReleaseNoteFields{
    field<&ReleaseNote::title>("title"),
    field<&ReleaseNote::subtitle>("subtitle"),
    field<&ReleaseNote::description>("description"),
    field<&ReleaseNote::customer_version>("customer_version"),
    field<&ReleaseNote::icon>("icon"),
    field<&ReleaseNote::show_in_history>("show_in_history"),
    field<&ReleaseNote::image_url>("image_url"),
    field<&ReleaseNote::light_image_url>("light_image_url"),
    field<&ReleaseNote::is_fallback>("is_fallback"),
};

const FieldTable<ReleaseNotes> kReleaseNotesFields{
    field<&ReleaseNotes::release_notes>("release_notes", kReleaseNoteFields),
    field<&ReleaseNotes::deployed_version>("deployed_version"),
    field<&ReleaseNotes::staged_version>("staged_version"),
    field<&ReleaseNotes::release_notes_version>("release_notes_version"),
};

const FieldTable<OptionCode> kOptionCodeFields{
    field<&OptionCode::code>("code"),
    field<&OptionCode::display_name>("displayName"),
    field<&OptionCode::is_active>("isActive"),
    field<&OptionCode::color_code>("colorCode"),
};

const FieldTable<Warranty> kWarrantyFields{
    field<&Warranty::warranty_type>("warrantyType"),
    field<&Warranty::warranty_display_name>("warrantyDisplayName"),
    field<&Warranty::expiration_date>("expirationDate"),
    field<&Warranty::expiration_odometer>("expirationOdometer"),
    field<&Warranty::odometer_unit>("odometerUnit"),
    field<&Warranty::warranty_expired_on>("warrantyExpiredOn"),
    field<&Warranty::coverage_age_in_years>("coverageAgeInYears"),
};

const FieldTable<FleetVehicleInfo> kFleetVehicleInfoFields{
    field<&FleetVehicleInfo::firmware_version>("firmware_version"),
    field<&FleetVehicleInfo::vehicle_command_protocol_required>(
        "vehicle_command_protocol_required"),
    field<&FleetVehicleInfo::discounted_device_data>("discounted_device_data"),
    field<&FleetVehicleInfo::fleet_telemetry_version>("fleet_telemetry_version"),
    field<&FleetVehicleInfo::total_number_of_keys>("total_number_of_keys"),
    field<&FleetVehicleInfo::safety_screen_streaming_toggle_enabled>(
        "safety_screen_streaming_toggle_enabled"),
};

const FieldTable<FleetStatus> kFleetStatusFields{
    field<&FleetStatus::key_paired_vins>("key_paired_vins"),
    field<&FleetStatus::unpaired_vins>("unpaired_vins"),
    field<&FleetStatus::vehicle_info>("vehicle_info", kFleetVehicleInfoFields),
};

const FieldTable<WarrantyDetails> kWarrantyDetailsFields{
    field<&WarrantyDetails::active>("activeWarranty", kWarrantyFields),
    field<&WarrantyDetails::upcoming>("upcomingWarranty", kWarrantyFields),
    field<&WarrantyDetails::expired>("expiredWarranty", kWarrantyFields),
};

// A payload that is a list of items under `key` (`{"recent_alerts": [...]}`), or the bare list.
template <class T, class Item>
Result<Parsed<T>> parse_keyed_list(std::string_view body, std::string_view key,
                                   std::vector<Item> T::*items, const FieldTable<Item>& table,
                                   std::string_view what) {
  return parse_payload<T>(body, [&](JsonReader& reader, JsonValue top, T& out) -> Result<void> {
    PayloadScope payload(reader, top);
    if (payload.value().is_array()) {
      reader.read(payload.value(), out.*items, table);
    } else if (payload.value().is_object()) {
      read_member(reader, payload.value(), key, out.*items, table);
    } else {
      return std::unexpected(hopeless(what, "the payload is neither an object nor a list"));
    }
    return {};
  });
}

}  // namespace

Result<Parsed<ServiceData>> parse_service_data(std::string_view body) {
  return parse_object(body, kServiceDataFields, "service_data");
}

Result<Parsed<RecentAlerts>> parse_recent_alerts(std::string_view body) {
  return parse_keyed_list(body, "recent_alerts", &RecentAlerts::alerts, kAlertFields,
                          "recent_alerts");
}

Result<Parsed<ReleaseNotes>> parse_release_notes(std::string_view body) {
  return parse_payload<ReleaseNotes>(
      body, [](JsonReader& reader, JsonValue top, ReleaseNotes& out) -> Result<void> {
        PayloadScope payload(reader, top);
        JsonValue notes = payload.value();
        if (!notes.is_object()) {
          return std::unexpected(hopeless("release_notes", "the payload is not an object"));
        }
        // Tesla's own example wraps the payload twice: response.response.release_notes.
        std::optional<JsonReader::Scope> nested;
        if (!notes.find("release_notes")) {
          if (auto inner = notes.find("response"); inner && inner->is_object()) {
            nested.emplace(reader, "response");
            notes = *inner;
          }
        }
        reader.read_fields(notes, out, kReleaseNotesFields);
        return {};
      });
}

Result<Parsed<VehicleOptions>> parse_vehicle_options(std::string_view body) {
  return parse_keyed_list(body, "codes", &VehicleOptions::codes, kOptionCodeFields, "options");
}

Result<Parsed<WarrantyDetails>> parse_warranty_details(std::string_view body) {
  return parse_object(body, kWarrantyDetailsFields, "warranty details");
}

Result<Parsed<FleetStatus>> parse_fleet_status(std::string_view body) {
  return parse_object(body, kFleetStatusFields, "fleet_status");
}

}  // namespace cpt::tesla::wire
