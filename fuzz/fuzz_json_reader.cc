// libFuzzer target: the tolerant reader itself. Every value of any document is read as every
// scalar type (tolerance paths, warnings), and the UTF-8 repair must be idempotent and valid.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cpt/core/json_reader.h"
#include "fuzz_check.h"

namespace {

void read_everything(cpt::JsonReader& reader, cpt::JsonValue value, int depth) {
  if (depth > 64) return;
  std::optional<std::int64_t> i64;
  std::optional<int> i32;
  std::optional<double> d;
  std::optional<bool> b;
  std::optional<std::string> s;
  std::optional<cpt::Timestamp> ts;
  std::vector<std::string> list;
  reader.read(value, i64);
  reader.read(value, i32);
  reader.read(value, d);
  reader.read(value, b);
  reader.read(value, s);
  reader.read(value, ts);
  reader.read(value, list);
  if (ts) (void)cpt::format_iso8601(*ts);
  reader.each_field(value, [&](std::string_view, cpt::JsonValue member) {
    read_everything(reader, member, depth + 1);
  });
  reader.each_element(value,
                      [&](cpt::JsonValue element) { read_everything(reader, element, depth + 1); });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string repaired = cpt::repair_utf8(text);
  cpt::fuzz::check(cpt::repair_utf8(repaired) == repaired);
  auto doc = cpt::JsonDocument::parse(text);
  if (!doc) {
    cpt::fuzz::check(doc.error().kind == cpt::ErrorKind::malformed);
    return 0;
  }
  std::vector<cpt::ParseWarning> warnings;
  cpt::JsonReader reader(warnings);
  read_everything(reader, doc->root(), 0);
  (void)cpt::payload_root(doc->root());
  for (const auto& warning : warnings) cpt::fuzz::check(!cpt::fuzz::has_vin_run(warning.path));
  return 0;
}
