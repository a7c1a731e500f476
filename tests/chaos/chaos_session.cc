// One chaos session, as a browser lives it through the public HTTP API: sign in at the
// simulator's consent page, order, poll progress, download every format, delete; every step
// retried while `cpt serve` is down (killed and restarting).
#include "chaos/chaos_session.h"

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

namespace cpt::chaos {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

bool retryable(const httplib::Result& res) {
  return !res || res->status == 502 || res->status == 503 || res->status == 504;
}

std::vector<ModuleRow> module_rows(const std::string& body, const std::string& user,
                                   const std::string& vin) {
  std::vector<ModuleRow> out;
  const json report = json::parse(body, nullptr, false);
  if (!report.is_object() || !report.contains("sections")) return out;
  for (const json& section : report["sections"]) {
    if (!section.contains("tables")) continue;
    for (const json& table : section["tables"]) {
      if (table.value("id", "") != "provenance.modules") continue;
      std::map<std::string, std::size_t> column;
      for (std::size_t i = 0; i < table["columns"].size(); ++i) {
        column[table["columns"][i].value("key", "")] = i;
      }
      auto cell = [&](const json& row, const char* key) -> std::string {
        const auto it = column.find(key);
        if (it == column.end() || it->second >= row.size() || !row[it->second].is_object()) {
          return "";
        }
        const json& value = row[it->second].value("value", json());
        return value.is_string() ? value.get<std::string>() : "";
      };
      for (const json& row : table["rows"]) {
        out.push_back({user, vin, cell(row, "provenance.module"), cell(row, "provenance.outcome"),
                       cell(row, "provenance.source"), cell(row, "provenance.reason")});
      }
    }
  }
  return out;
}

}  // namespace

Session::Session(int port, std::string origin, std::chrono::seconds patience)
    : port_(port), origin_(std::move(origin)), patience_(patience) {}

httplib::Result Session::send(const std::string& method, const std::string& path,
                              const httplib::Headers& headers, const std::string& body) {
  const auto give_up = std::chrono::steady_clock::now() + patience_;
  for (;;) {
    httplib::Client client("127.0.0.1", port_);
    client.set_connection_timeout(2, 0);
    client.set_read_timeout(30, 0);
    httplib::Result res = method == "POST" ? client.Post(path, headers, body, "application/json")
                          : method == "DELETE" ? client.Delete(path, headers)
                                               : client.Get(path, headers);
    if (!retryable(res) || std::chrono::steady_clock::now() >= give_up) return res;
    std::this_thread::sleep_for(200ms);
  }
}

flow::Send Session::sender() {
  return [this](const std::string& method, const std::string& path, const httplib::Headers& h,
                const std::string& body) { return send(method, path, h, body); };
}

bool Session::login(const std::string& user, const std::vector<std::string>& vins,
                    std::chrono::seconds limit, std::string& why) {
  // A sign-in reads the inventory from Tesla, which the storm may refuse (a 5xx, the region
  // unregistered for a while): the person signs in again, a little later.
  const auto give_up = std::chrono::steady_clock::now() + limit;
  do {
    if (auto browser = flow::login(sender(), origin_, user, why)) {
      browser_ = std::move(*browser);
      browser_.vins = vins;
      return true;
    }
    std::this_thread::sleep_for(500ms);
  } while (std::chrono::steady_clock::now() < give_up);
  return false;
}

bool Session::order(const std::string& package, std::string& why) {
  std::string error;
  if (flow::place_order(sender(), origin_, browser_, package, error)) return true;
  // 409: an earlier attempt was taken just before the service died: the order exists.
  if (error.starts_with("409")) return true;
  why = "order: " + error;
  return false;
}

std::string Session::wait(std::chrono::seconds limit, std::set<std::string>& waits) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  std::string status;
  while (std::chrono::steady_clock::now() < deadline) {
    auto res = send("GET", "/api/v1/sessions/" + browser_.session + "/progress",
                    {{"Cookie", browser_.cookie}}, "");
    if (res && res->status == 200) {
      const json doc = json::parse(res->body, nullptr, false);
      if (doc.is_object()) {
        status = doc.value("status", "");
        if (doc.contains("waiting") && doc["waiting"].is_object()) {
          waits.insert(doc["waiting"].value("reason", ""));
        }
      }
    }
    if (status == "done" || status == "failed") return status;
    std::this_thread::sleep_for(200ms);
  }
  return status;
}

bool Session::download_all(std::vector<ModuleRow>& rows, std::string& why) {
  const std::string base = "/api/v1/sessions/" + browser_.session;
  const httplib::Headers cookie{{"Cookie", browser_.cookie}};
  std::vector<std::string> paths{base + "/invoices.zip"};
  for (const std::string& vin : browser_.vins) {
    for (const char* format : {"json", "html", "pdf", "csv"}) {
      paths.push_back(base + "/reports/" + vin + "." + format);
    }
    paths.push_back(base + "/reports/" + vin + "/invoices.zip");
  }
  for (const std::string& path : paths) {
    auto res = send("GET", path, cookie, "");
    if (!res || res->status != 200 || res->body.empty()) {
      why = "download " + path.substr(base.size()) + ": " +
            (res ? std::to_string(res->status) : std::string("no answer"));
      return false;
    }
    if (path.ends_with(".json")) {
      const std::string vin = path.substr(base.size() + 9, path.size() - base.size() - 14);
      auto found = module_rows(res->body, browser_.user, vin);
      rows.insert(rows.end(), found.begin(), found.end());
    }
  }
  return true;
}

bool Session::erase(std::string& why) {
  auto res = send("DELETE", "/api/v1/sessions/" + browser_.session,
                  {{"Cookie", browser_.cookie}, {"Origin", origin_}}, "");
  // 404: a delete the killed service carried out before its answer was lost, then retried.
  if (res && (res->status == 200 || res->status == 204 || res->status == 404)) return true;
  why = "delete: " + (res ? std::to_string(res->status) : std::string("no answer"));
  return false;
}

}  // namespace cpt::chaos
