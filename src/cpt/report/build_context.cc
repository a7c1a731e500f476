#include "cpt/report/build_context.h"

#include <type_traits>

namespace cpt::report {

using snapshot::ModuleOutcome;

BuildContext::BuildContext(const snapshot::VehicleSnapshot& snapshot, const Catalog& catalog,
                           Formatter formatter, Timestamp generated_at)
    : snapshot_(snapshot),
      catalog_(catalog),
      formatter_(std::move(formatter)),
      generated_at_(generated_at) {}

namespace {

double as_number(const Value& value) {
  if (const auto* d = std::get_if<double>(&value)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&value)) return static_cast<double>(*i);
  return 0.0;
}

}  // namespace

std::string BuildContext::display(const FieldDef& def, const Value& value) const {
  if (std::holds_alternative<std::monostate>(value)) return std::string(kMissing);
  switch (def.type) {
    case FieldType::text:
      if (const auto* s = std::get_if<std::string>(&value)) return *s;
      break;
    case FieldType::code:
      if (const auto* s = std::get_if<std::string>(&value)) return catalog_.code(def.code_ns, *s);
      break;
    case FieldType::integer:
      return formatter_.integer(static_cast<std::int64_t>(as_number(value)), def.grouping);
    case FieldType::quantity:
      return formatter_.quantity(as_number(value), def.unit, def.decimals);
    case FieldType::percent:
      return formatter_.percent(as_number(value), def.decimals);
    case FieldType::money:
      if (const auto* m = std::get_if<Money>(&value)) return formatter_.money(*m);
      break;
    case FieldType::cost:
      return formatter_.cost_micros(static_cast<std::int64_t>(as_number(value)));
    case FieldType::date:
      if (const auto* t = std::get_if<Timestamp>(&value)) {
        return def.site_local ? formatter_.site_date(*t) : formatter_.date(*t);
      }
      break;
    case FieldType::datetime:
      if (const auto* t = std::get_if<Timestamp>(&value)) {
        return def.site_local ? formatter_.site_datetime(*t) : formatter_.datetime(*t);
      }
      break;
    case FieldType::boolean:
      if (const auto* b = std::get_if<bool>(&value)) {
        return std::string(catalog_.text(*b ? "ui.yes" : "ui.no"));
      }
      break;
    case FieldType::list:
      if (const auto* items = std::get_if<std::vector<std::string>>(&value)) {
        if (items->empty()) return std::string(catalog_.text("ui.none"));
        std::string out;
        for (const auto& item : *items) {
          if (!out.empty()) out += ", ";
          out += def.code_ns.empty() ? item : catalog_.code(def.code_ns, item);
        }
        return out;
      }
      break;
  }
  return std::string(kMissing);
}

Cell BuildContext::cell(const FieldDef& def, Value value, Tone tone) const {
  Cell out;
  out.display = display(def, value);
  out.value = std::move(value);
  out.tone = tone;
  return out;
}

void BuildContext::add(Section& section, const FieldDef& def, Value value, Tone tone) const {
  if (std::holds_alternative<std::monostate>(value)) return;
  section.fields.push_back(
      {&def, std::string(catalog_.text(def.label_key())), cell(def, std::move(value), tone)});
}

Table BuildContext::table(std::string id, std::initializer_list<const FieldDef*> columns) const {
  Table out;
  out.title = std::string(catalog_.text("table", id));
  out.id = std::move(id);
  for (const FieldDef* def : columns) {
    out.columns.push_back({def, std::string(catalog_.text(def->label_key()))});
  }
  return out;
}

Chart BuildContext::chart(std::string id, ChartKind kind, Unit unit) const {
  Chart out;
  out.title = std::string(catalog_.text("chart", id));
  out.id = std::move(id);
  out.kind = kind;
  out.unit = unit;
  return out;
}

Status BuildContext::status(const snapshot::ModuleResult& result,
                            std::optional<snapshot::ModuleId> module) const {
  Status out;
  out.outcome = result.outcome;
  out.error_kind = result.error_kind;
  out.http_status = result.http_status;
  out.condition = result.condition;
  switch (result.outcome) {
    case ModuleOutcome::ok:
      break;
    case ModuleOutcome::empty: {
      // Said in the words of the module when the catalog has them ("No alerts recorded.").
      const std::string key =
          module ? catalog_key("empty", to_string(*module)) : std::string("status.empty");
      out.message =
          std::string(catalog_.has(key) ? catalog_.text(key) : catalog_.text("status.empty"));
      break;
    }
    case ModuleOutcome::not_in_package: {
      const std::string bought(catalog_.text("package", to_string(package())));
      out.message = catalog_.format("status.not_in_package", {{"package", bought}});
      break;
    }
    case ModuleOutcome::unavailable:
    case ModuleOutcome::failed: {
      // Why (the condition's sentence, else the error kind's), then what the finding layer noted
      // (e.g. how many invoices are missing), all from the catalog; the free-text reason stays in
      // logs.
      std::string reason = cause_text(result);
      if (!result.note.empty()) reason.append(1, ' ').append(note_text(result.note));
      const char* key =
          result.outcome == ModuleOutcome::failed ? "status.failed" : "status.unavailable";
      out.message = catalog_.format(key, {{"reason", reason}});
      break;
    }
  }
  return out;
}

std::optional<std::string> BuildContext::note(snapshot::ModuleId module) const {
  const auto& result = snapshot_.result(module);
  if (result.outcome == ModuleOutcome::ok) {
    const std::string message = ok_note(result);
    if (message.empty()) return std::nullopt;
    // A partial success (e.g. one invoice of many missing) keeps its note visible.
    return catalog_.format(
        "ui.module_note",
        {{"module", catalog_.text("module", to_string(module))}, {"message", message}});
  }
  // What the package did not include is said once, in the report's closing line.
  if (result.outcome == ModuleOutcome::not_in_package) return std::nullopt;
  const Status s = status(result, module);
  return catalog_.format("ui.module_note", {{"module", catalog_.text("module", to_string(module))},
                                            {"message", s.message}});
}

std::string BuildContext::cause_text(const snapshot::ModuleResult& result) const {
  // A condition the catalog words (Mobile Access off) is said instead of the error kind's sentence,
  // which would be false for it; one it does not know falls back to the kind.
  const std::string condition_key = catalog_key("condition", result.condition);
  if (!result.condition.empty() && catalog_.has(condition_key)) {
    return std::string(catalog_.text(condition_key));
  }
  return std::string(result.error_kind ? catalog_.text("error", to_string(*result.error_kind))
                                       : catalog_.text("note.unknown"));
}

std::string BuildContext::note_text(const snapshot::Note& note) const {
  const std::string key = catalog_key("note", note.code);
  // A code this catalog does not know is said in general words, never as the code's English.
  return catalog_.has(key) ? catalog_.format(key, note.params)
                           : std::string(catalog_.text("note.unknown"));
}

std::string BuildContext::ok_note(const snapshot::ModuleResult& result) const {
  if (!result.note.empty()) return note_text(result.note);
  // A free-text reason without a code (from an older layer) is English: said in general words.
  if (!result.reason.empty()) return std::string(catalog_.text("note.unknown"));
  return {};
}

void BuildContext::add_note(Section& section, snapshot::ModuleId module) const {
  if (auto text = note(module)) section.notes.push_back(std::move(*text));
}

}  // namespace cpt::report
