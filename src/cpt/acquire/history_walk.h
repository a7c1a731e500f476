// The charging history's walk for one order: account-level, walked once, every page kept as it
// arrives so that a restarted order resumes where it stopped instead of paying again.
#pragma once

#include "cpt/acquire/assemble.h"
#include "cpt/acquire/fetcher.h"
#include "cpt/tesla/fleet_client.h"

namespace cpt::acquire {

// Fills account.history, history_pages and history_note: from pages an earlier run of the order
// kept, else by walking Tesla's pages (a page kept by an earlier, cut-short run is reused).
void fetch_history(tesla::FleetClient& client, Fetcher& fetcher, AccountWork& account);

}  // namespace cpt::acquire
