// The report-signing keys the service publishes and verifies with, and the public URL its verify
// links point to. Private to service/.
#pragma once

#include <memory>
#include <string>

#include "cpt/core/error.h"
#include "cpt/report/key_set.h"
#include "cpt/service/config.h"

namespace cpt::service {

// The retired keys of the configuration (previous_keys_json) plus the current signing key, valid
// from signing_key_since (open when unset) with no end. invalid_argument naming the setting.
Result<report::KeySet> published_key_set(const ServiceConfig& config,
                                         const report::SigningKey* current);

// The base of verify links: public_url, else the address the server answers on.
std::string verify_base_url(const ServiceConfig& config, const std::string& server_base_url);

}  // namespace cpt::service
