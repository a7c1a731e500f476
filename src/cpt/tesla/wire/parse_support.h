// Internal to tesla/wire: the shapes every Fleet API parser shares (envelope handling, "the payload
// must be an object / a list", the field tables other parser files reuse). Not for other layers.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cpt/core/json_reader.h"
#include "cpt/tesla/model/vehicle_data.h"

namespace cpt::tesla::wire::detail {

// The failure for a payload whose root cannot hold `what` at all.
inline Error hopeless(std::string_view what, std::string_view why) {
  return make_error(ErrorKind::malformed, std::string(what) + ": " + std::string(why));
}

// The payload root of a body, with "response" pushed on the reader's path while it is in scope
// when the body was enveloped.
class PayloadScope {
 public:
  PayloadScope(JsonReader& reader, JsonValue top) : root_(payload_root(top)) {
    if (root_.enveloped) scope_.emplace(reader, "response");
  }
  JsonValue value() const { return root_.value; }
  bool enveloped() const { return root_.enveloped; }

 private:
  PayloadRoot root_;
  std::optional<JsonReader::Scope> scope_;
};

// Parses a body whose payload is one object read with `table` (vehicle, service_data, specs, ...).
template <class T>
Result<Parsed<T>> parse_object(std::string_view body, const FieldTable<T>& table,
                               std::string_view what) {
  return parse_payload<T>(body, [&](JsonReader& reader, JsonValue top, T& out) -> Result<void> {
    PayloadScope payload(reader, top);
    if (!payload.value().is_object()) {
      return std::unexpected(hopeless(what, "the payload is not an object"));
    }
    reader.read_fields(payload.value(), out, table);
    return {};
  });
}

// The `response` list of a listing body (or the body itself when it is a bare list).
inline Result<JsonValue> listing(JsonValue top, std::string_view what) {
  if (top.is_array()) return top;
  if (top.is_object()) {
    if (auto response = top.find("response"); response && response->is_array()) return *response;
  }
  return std::unexpected(hopeless(what, "the payload is not a list"));
}

// Parses a listing body (`{"response": [...], ...}` or a bare list) into `out.*items`, then lets
// `extra(reader, top, out)` read top-level members such as `count`.
template <class T, class Item, class Extra>
Result<Parsed<T>> parse_listing(std::string_view body, std::vector<Item> T::*items,
                                const FieldTable<Item>& table, std::string_view what,
                                Extra&& extra) {
  return parse_payload<T>(body, [&](JsonReader& reader, JsonValue top, T& out) -> Result<void> {
    auto list = listing(top, what);
    if (!list) return std::unexpected(std::move(list.error()));
    {
      std::optional<JsonReader::Scope> scope;
      if (top.is_object()) scope.emplace(reader, "response");
      reader.read(*list, out.*items, table);
    }
    extra(reader, top, out);
    return {};
  });
}

// Reads `object[key]` into `out` (with `key` on the path) when the member exists; `table` is
// given for members holding objects.
template <class T, class... Table>
void read_member(JsonReader& reader, JsonValue object, std::string_view key, T& out,
                 const Table&... table) {
  if (auto member = object.find(key)) {
    JsonReader::Scope scope(reader, key);
    reader.read(*member, out, table...);
  }
}

// Field tables shared between parser files (defined in vehicles.cc and vehicle_state.cc).
extern const FieldTable<Vehicle> kVehicleFields;
extern const FieldTable<VehicleData> kVehicleDataFields;
extern const FieldTable<VehicleState> kVehicleStateFields;
extern const FieldTable<VehicleConfig> kVehicleConfigFields;

// Takes the exact id from `id_s` when it holds one.
void finish_vehicle(Vehicle& vehicle);

// Fills `out` from an object that carries vehicle root fields and vehicle_data blocks.
void read_vehicle_data(JsonReader& reader, JsonValue object, VehicleData& out);

}  // namespace cpt::tesla::wire::detail
