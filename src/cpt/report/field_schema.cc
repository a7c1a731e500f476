#include "cpt/report/field_schema.h"

#include "cpt/report/catalog.h"

namespace cpt::report {

std::string FieldDef::label_key() const {
  return catalog_key("field", key);
}

std::string_view to_string(FieldType type) {
  switch (type) {
    case FieldType::text:
      return "text";
    case FieldType::code:
      return "code";
    case FieldType::integer:
      return "integer";
    case FieldType::quantity:
      return "quantity";
    case FieldType::percent:
      return "percent";
    case FieldType::money:
      return "money";
    case FieldType::cost:
      return "cost";
    case FieldType::date:
      return "date";
    case FieldType::datetime:
      return "datetime";
    case FieldType::boolean:
      return "boolean";
    case FieldType::list:
      return "list";
  }
  return "text";
}

std::string_view canonical_unit_name(Unit unit) {
  switch (unit) {
    case Unit::none:
      return "";
    case Unit::distance:
      return "km";
    case Unit::temperature:
      return "C";
    case Unit::pressure:
    case Unit::pressure_delta:
      return "bar";
    case Unit::energy:
      return "kWh";
    case Unit::years:
      return "years";
    case Unit::days:
      return "days";
  }
  return "";
}

}  // namespace cpt::report
