#include "cpt/sim/quirks.h"

namespace cpt::sim {
namespace {

struct Profile {
  std::string_view name;
  void (*apply)(SimQuirks&);
};

constexpr Profile kProfiles[] = {
    {"paging-0", [](SimQuirks& q) { q.paging = HistoryPaging::zero_based; }},
    {"paging-1-lenient", [](SimQuirks& q) { q.paging = HistoryPaging::one_based_lenient; }},
    {"page-cap-10", [](SimQuirks& q) { q.history_page_cap = 10; }},
    {"history-top-level", [](SimQuirks& q) { q.history_top_level = true; }},
    {"history-total-per-page", [](SimQuirks& q) { q.history_total_per_page = true; }},
    {"region-bare", [](SimQuirks& q) { q.region_body = RegionBody::bare; }},
    {"region-upper", [](SimQuirks& q) { q.region_body = RegionBody::wrapped_upper; }},
    {"wake-vehicle-cmds", [](SimQuirks& q) { q.wake_needs_vehicle_cmds = true; }},
    {"mobile-access-disabled", [](SimQuirks& q) { q.mobile_access_disabled = true; }},
    {"no-expires-in", [](SimQuirks& q) { q.token_without_expires_in = true; }},
    {"cn-auth-host", [](SimQuirks& q) { q.cn_auth_host = true; }},
};

std::string_view trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

}  // namespace

std::vector<std::string_view> quirk_names() {
  std::vector<std::string_view> names;
  for (const auto& profile : kProfiles) names.push_back(profile.name);
  return names;
}

Result<void> apply_quirks(std::string_view names, SimQuirks& quirks) {
  while (!names.empty()) {
    const auto comma = names.find(',');
    const std::string_view name = trim(names.substr(0, comma));
    names = comma == std::string_view::npos ? std::string_view() : names.substr(comma + 1);
    if (name.empty()) continue;
    const Profile* found = nullptr;
    for (const auto& profile : kProfiles) {
      if (profile.name == name) found = &profile;
    }
    if (found == nullptr) {
      std::string known;
      for (const auto& profile : kProfiles) {
        if (!known.empty()) known += ", ";
        known += profile.name;
      }
      return fail(ErrorKind::invalid_argument,
                  "unknown quirk profile '" + std::string(name) + "' (known: " + known + ")");
    }
    found->apply(quirks);
  }
  return {};
}

}  // namespace cpt::sim
