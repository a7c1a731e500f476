#include "cpt/report/render_common.h"

namespace cpt::report {

std::vector<std::size_t> visible_columns(const Table& table) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    if (!table.columns[i].def->machine_only) out.push_back(i);
  }
  return out;
}

bool is_numeric(const FieldDef& def) {
  switch (def.type) {
    case FieldType::integer:
    case FieldType::quantity:
    case FieldType::percent:
    case FieldType::money:
    case FieldType::cost:
      return true;
    default:
      return false;
  }
}

void append_csv_field(std::string& out, std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += text;
    return;
  }
  out += '"';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

Rgb tone_colour(Tone tone) {
  switch (tone) {
    case Tone::good:
      return palette::kGood;
    case Tone::warn:
      return palette::kWarn;
    case Tone::bad:
      return palette::kBad;
    case Tone::muted:
      return palette::kMutedInk;
    case Tone::normal:
      return palette::kInk;
  }
  return palette::kInk;
}

}  // namespace cpt::report
