// What a report says, apart from when and how it was fetched: for tests that compare the reports
// of two runs (quirk profiles, an order taken over by another instance).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace cpt::testing {

// Keys whose values depend on when or how often a report was fetched, not on what it says.
inline bool volatile_report_key(std::string_view key) {
  for (std::string_view k :
       {"fetched_at", "generated_at", "generated_display", "calls", "cost_micros", "cost",
        "fingerprint", "signature", "report_id", "order_id", "id"}) {
    if (key == k) return true;
  }
  return false;
}

// Removes every volatile key, at any depth.
inline void strip_volatile(nlohmann::json& value) {
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end();) {
      if (volatile_report_key(it.key())) {
        it = value.erase(it);
      } else {
        strip_volatile(*it);
        ++it;
      }
    }
  } else if (value.is_array()) {
    for (auto& item : value) strip_volatile(item);
  }
}

// Lists up to `limit` JSON paths where two values differ.
inline void json_differences(const nlohmann::json& a, const nlohmann::json& b,
                             const std::string& path, std::vector<std::string>& out,
                             std::size_t limit = 8) {
  if (out.size() >= limit || a == b) return;
  if (a.is_object() && b.is_object()) {
    for (const auto& [key, value] : a.items()) {
      json_differences(value, b.contains(key) ? b[key] : nlohmann::json(), path + "/" + key, out,
                       limit);
    }
    for (const auto& [key, value] : b.items()) {
      if (!a.contains(key)) out.push_back(path + "/" + key + " only in the second");
    }
    return;
  }
  if (a.is_array() && b.is_array() && a.size() == b.size()) {
    for (std::size_t i = 0; i < a.size(); ++i) {
      json_differences(a[i], b[i], path + "/" + std::to_string(i), out, limit);
    }
    return;
  }
  out.push_back(path + ": " + a.dump().substr(0, 120) + " vs " + b.dump().substr(0, 120));
}

}  // namespace cpt::testing
