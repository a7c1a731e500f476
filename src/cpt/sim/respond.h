// Response helpers shared by the simulator's hosts: JSON bodies, Tesla's error envelope, fault
// answers, URL encoding. Internal to cpt::sim; stateless and thread-safe.
#pragma once

#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "cpt/core/html.h"  // html_escape, for the pages

#include "cpt/http/router.h"

namespace cpt::sim {

// Serializes JSON that may carry text from outside (invalid UTF-8 is replaced, never thrown).
std::string dump_json(const nlohmann::json& value);
void send_json(http::Response& res, int status, const nlohmann::json& body);
// {"response":null,"error":ERROR,"error_description":DESCRIPTION}
void send_tesla_error(http::Response& res, int status, std::string_view error,
                      std::string_view description = "");
// A fault answer for `status`: 429 as Tesla sends it (plain text, Retry-After and lowercase
// ratelimit-* headers), 408/5xx with Tesla's bodies, anything else with a generic envelope.
void send_fault_status(http::Response& res, int status, int retry_after_s, int limit);
// The body Tesla sends for 408 when a car is asleep or offline.
void send_vehicle_unavailable(http::Response& res);

std::string url_encode(std::string_view text);
// Request parameters from the query string, a form body or a JSON object body (JSON wins).
std::map<std::string, std::string> request_fields(const http::Request& req);
// The bearer token of an Authorization header, or empty.
std::string bearer_token(const http::Request& req);

}  // namespace cpt::sim
