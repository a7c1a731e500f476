// libFuzzer target: the JSON bodies the service parses: the order (spec_from_json, also how a
// queued job is read back) and the language added to an order (language_from_body). Oracles: a
// refusal is invalid_argument with a user message, an accepted order is normalized (unique
// upper-case VINs, `language` first of unique `languages`) and survives spec_to_json unchanged.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cpt/core/vin.h"
#include "cpt/service/orders.h"
#include "cpt/service/request_bodies.h"
#include "fuzz_check.h"

namespace {

template <class T>
bool unique(std::vector<T> items) {
  std::sort(items.begin(), items.end());
  return std::adjacent_find(items.begin(), items.end()) == items.end();
}

void check_order(std::string_view body) {
  const auto spec = cpt::service::spec_from_json(body);
  if (!spec) {
    cpt::fuzz::check(spec.error().kind == cpt::ErrorKind::invalid_argument);
    cpt::fuzz::check(!spec.error().user_message.empty());
    return;
  }
  cpt::fuzz::check(!spec->vins.empty() && unique(spec->vins));
  for (const std::string& vin : spec->vins) {
    const auto parsed = cpt::Vin::parse(vin);
    cpt::fuzz::check(parsed && parsed->str() == vin);
  }
  cpt::fuzz::check(!spec->languages.empty() && spec->language == spec->languages.front());
  cpt::fuzz::check(unique(spec->languages));
  const std::string stored = cpt::service::spec_to_json(*spec);
  const auto again = cpt::service::spec_from_json(stored);
  cpt::fuzz::check(again.has_value());
  cpt::fuzz::check(again->vins == spec->vins && again->package == spec->package);
  cpt::fuzz::check(again->language == spec->language && again->languages == spec->languages);
  cpt::fuzz::check(cpt::service::spec_to_json(*again) == stored);
}

void check_language(std::string_view body) {
  const auto language = cpt::service::language_from_body(body);
  if (!language) return;
  // Whatever was accepted names a language the reports are written in, by its own code.
  const std::string code(cpt::report::to_string(*language));
  cpt::fuzz::check(cpt::report::parse_language(code) == language);
  cpt::fuzz::check(cpt::service::language_from_body(R"({"language":")" + code + "\"}") == language);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  check_order(body);
  check_language(body);
  return 0;
}
