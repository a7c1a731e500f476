#include "cpt/sim/respond.h"

#include "cpt/http/router.h"

#include <nlohmann/json.hpp>

namespace cpt::sim {

using nlohmann::json;

std::string dump_json(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

void send_json(http::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(dump_json(body), "application/json; charset=utf-8");
}

void send_tesla_error(http::Response& res, int status, std::string_view error,
                      std::string_view description) {
  send_json(res, status,
            {{"response", nullptr}, {"error", error}, {"error_description", description}});
}

void send_vehicle_unavailable(http::Response& res) {
  send_tesla_error(res, 408, "vehicle unavailable: vehicle is offline or asleep", "");
}

void send_fault_status(http::Response& res, int status, int retry_after_s, int limit) {
  switch (status) {
    case 429: {
      const auto wait = std::to_string(retry_after_s);
      res.status = 429;
      res.set_header("Retry-After", wait);
      res.set_header("ratelimit-limit", std::to_string(limit > 0 ? limit : 60));
      res.set_header("ratelimit-remaining", "0");
      res.set_header("ratelimit-reset", wait);
      res.set_content("Retry in " + wait + " seconds", "text/plain; charset=utf-8");
      return;
    }
    case 408:
      send_vehicle_unavailable(res);
      return;
    case 500:
      send_tesla_error(res, 500, "internal server error", "");
      return;
    case 503:
      send_tesla_error(res, 503, "upstream internal error", "vehicle did not respond");
      return;
    case 504:
      send_tesla_error(res, 504, "gateway timeout", "");
      return;
    case 423:
      res.status = 423;
      return;  // Tesla sends no body
    default:
      send_tesla_error(res, status, "simulated_fault", "injected by the simulator");
      return;
  }
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::map<std::string, std::string> request_fields(const http::Request& req) {
  std::map<std::string, std::string> fields;
  for (const auto& [k, v] : req.params) fields.emplace(k, v);
  if (req.get_header_value("Content-Type").find("json") != std::string::npos) {
    json body = json::parse(req.body, nullptr, false);
    if (body.is_object()) {
      for (const auto& [k, v] : body.items()) {
        fields[k] = v.is_string() ? v.get<std::string>() : dump_json(v);
      }
    }
  }
  return fields;
}

std::string bearer_token(const http::Request& req) {
  const auto& header = req.get_header_value("Authorization");
  static constexpr std::string_view kPrefix = "Bearer ";
  if (header.size() <= kPrefix.size()) return {};
  for (std::size_t i = 0; i < kPrefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(header[i])) !=
        std::tolower(static_cast<unsigned char>(kPrefix[i]))) {
      return {};
    }
  }
  return header.substr(kPrefix.size());
}

}  // namespace cpt::sim
