// Quirk profiles: the other answers Tesla might give where its documentation leaves a question
// open (FLEET-API §9, §10). The default simulator follows the settled evidence; each quirk turns
// one open question the other way, so the client's tests can disagree with the client's guess.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cpt/core/error.h"

namespace cpt::sim {

// How the charging history numbers its pages.
enum class HistoryPaging {
  one_based,          // pageNo 1 is the newest page; pageNo=0 is refused (400)
  zero_based,         // pageNo 0 is the newest page (the Kotlin SDK's test)
  one_based_lenient,  // pageNo 1 is the newest page and 0 is read as 1
};

// How GET /api/1/users/region answers.
enum class RegionBody {
  wrapped,        // {"response":{"region":"na","fleet_api_base_url":...}} (seen in the wild)
  bare,           // {"region":"eu","fleet_api_base_url":...} (the 2023 docs' example)
  wrapped_upper,  // {"response":{"region":"NA",...}}
};

// Every quirk the simulator can take. Value type; the default is the settled behaviour.
struct SimQuirks {
  HistoryPaging paging = HistoryPaging::one_based;
  int history_page_cap = 100;           // pageSize above this is served at this size
  bool history_top_level = false;       // {"data":[...],"totalResults":N} with no wrapper
  bool history_total_per_page = false;  // totalResults counts this page's rows, not all of them
  RegionBody region_body = RegionBody::wrapped;
  bool wake_needs_vehicle_cmds = false;   // wake_up asks for vehicle_cmds, not vehicle_device_data
  bool mobile_access_disabled = false;    // each user's last car answers 401 mobile_access_disabled
  bool token_without_expires_in = false;  // token responses leave out expires_in (JWT exp only)
  // China as its own realm (FLEET-API §10.7): CN accounts sign in and refresh only at a second auth
  // host (auth.tesla.cn), whose tokens only the CN Fleet host accepts; the global auth host knows
  // no CN account and refuses the CN audience.
  bool cn_auth_host = false;
};

// The profile names `cpt sim --quirks` accepts, in documentation order.
std::vector<std::string_view> quirk_names();
// Applies comma-separated profile names ("paging-0,page-cap-10") on top of `quirks`;
// invalid_argument names an unknown profile.
Result<void> apply_quirks(std::string_view names, SimQuirks& quirks);

}  // namespace cpt::sim
