// HTML pages of the simulated Tesla sign-in: the consent form and the error page. Internal; pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cpt/sim/world.h"

namespace cpt::sim {

// Every scope the simulated auth server knows, with the text the consent page shows.
struct ScopeInfo {
  std::string_view name;
  std::string_view description;
};
const std::vector<ScopeInfo>& known_scopes();
bool is_known_scope(std::string_view scope);

// The consent form: pick one of `accounts` (the auth host's realm's), review (and untick)
// scopes, Approve or Deny. It posts back to /oauth2/v3/authorize with the pending consent's id.
std::string consent_page(std::string_view consent_id, std::string_view client_id,
                         const std::vector<std::string>& scopes, bool require_all_scopes,
                         const std::vector<const User*>& accounts);

// An error shown instead of redirecting (unknown client, unregistered redirect URI, ...).
std::string error_page(std::string_view title, std::string_view detail);

}  // namespace cpt::sim
