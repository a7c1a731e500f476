// Lookups in a built report model: a section's field, a table by id, a column by definition.
// Shared by the summary builder, the renderers and the invariant checker.
#pragma once

#include <optional>
#include <string_view>

#include "cpt/report/report_model.h"

namespace cpt::report {

const Field* find_field(const Section& section, const FieldDef& def);
const Table* find_table(const Section& section, std::string_view id);
std::optional<std::size_t> column_of(const Table& table, const FieldDef& def);

}  // namespace cpt::report
