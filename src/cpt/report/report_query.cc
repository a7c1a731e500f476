#include "cpt/report/report_query.h"

namespace cpt::report {

const Field* find_field(const Section& section, const FieldDef& def) {
  for (const auto& field : section.fields) {
    if (field.def == &def || (field.def && field.def->key == def.key)) return &field;
  }
  return nullptr;
}

const Table* find_table(const Section& section, std::string_view id) {
  for (const auto& table : section.tables) {
    if (table.id == id) return &table;
  }
  return nullptr;
}

std::optional<std::size_t> column_of(const Table& table, const FieldDef& def) {
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    if (table.columns[i].def == &def || table.columns[i].def->key == def.key) return i;
  }
  return std::nullopt;
}

}  // namespace cpt::report
