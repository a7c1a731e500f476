#include "support/service_flow.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

namespace cpt::flow {

using nlohmann::json;

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::pair<std::string, std::string> split_url(const std::string& url) {
  const auto scheme = url.find("://");
  const auto path = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (path == std::string::npos) return {url, "/"};
  return {url.substr(0, path), url.substr(path)};
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

bool make_signing_key(const std::filesystem::path& path, std::string& why) {
  const std::string keygen =
      "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " + path.string() +
      " 2>/dev/null";
  if (std::system(keygen.c_str()) == 0) return true;
  why = "openssl could not make a signing key";
  return false;
}

bool read_sim_env(e2e::ChildProcess& sim, std::map<std::string, std::string>& env,
                  std::chrono::seconds limit, std::string& why) {
  while (!env.contains("TESLA_DOMAIN")) {
    auto line = sim.read_line(limit);
    if (!line) {
      why = "cpt sim printed no environment";
      return false;
    }
    if (const auto eq = line->find('='); eq != std::string::npos && line->starts_with("TESLA_")) {
      env[line->substr(0, eq)] = line->substr(eq + 1);
    }
  }
  return true;
}

namespace {

// The simulator's consent page approved as `user`: the callback URL it redirects to.
std::optional<std::string> consent(const std::string& auth_url, const std::string& user,
                                   std::string& why) {
  const auto [auth_base, auth_path] = split_url(auth_url);
  httplib::Client sim(auth_base);
  sim.set_read_timeout(30, 0);
  auto page = sim.Get(auth_path);
  std::smatch found;
  if (!page || page->status != 200 ||
      !std::regex_search(page->body, found, std::regex(R"re(name="consent" value="([^"]+)")re"))) {
    why = "the simulator's consent page did not come";
    return std::nullopt;
  }
  std::string form = "consent=" + found[1].str() + "&decision=approve&user=" + user;
  const std::regex scope(R"re(name="scope" value="([^"]+)")re");
  for (auto it = std::sregex_iterator(page->body.begin(), page->body.end(), scope);
       it != std::sregex_iterator(); ++it) {
    form += "&scope=" + (*it)[1].str();
  }
  auto approved =
      sim.Post(auth_path.substr(0, auth_path.find('?')), form, "application/x-www-form-urlencoded");
  if (!approved || approved->status != 302) {
    why = "consent: " + (approved ? std::to_string(approved->status) : "no answer");
    return std::nullopt;
  }
  return approved->get_header_value("Location");
}

}  // namespace

std::optional<BrowserSession> login(const Send& send, const std::string& origin,
                                    const std::string& user, std::string& why) {
  auto initiated = send("POST", "/api/v1/tesla/oauth/initiate", {{"Origin", origin}}, "{}");
  if (!initiated || initiated->status != 200) {
    why = "initiate: " + (initiated ? std::to_string(initiated->status) : "no answer");
    return std::nullopt;
  }
  BrowserSession out;
  out.user = user;
  const std::string set_cookie = initiated->get_header_value("Set-Cookie");
  out.cookie = set_cookie.substr(0, set_cookie.find(';'));
  const json body = json::parse(initiated->body, nullptr, false);
  if (!body.is_object() || !body.contains("authUrl")) {
    why = "initiate: no authUrl";
    return std::nullopt;
  }
  auto callback = consent(body["authUrl"].get<std::string>(), user, why);
  if (!callback) return std::nullopt;
  const auto path = callback->find("/api/v1/tesla/oauth/callback");
  if (path == std::string::npos) {
    why = "consent: unexpected redirect";
    return std::nullopt;
  }
  auto done = send("GET", callback->substr(path), {{"Cookie", out.cookie}}, "");
  const std::string marker = "#session=";
  const std::string location = done ? done->get_header_value("Location") : "";
  if (!done || done->status != 302 || location.find(marker) == std::string::npos) {
    why = "callback: " + (done ? std::to_string(done->status) + " " + location : "no answer");
    return std::nullopt;
  }
  out.session = location.substr(location.find(marker) + marker.size());
  return out;
}

std::vector<std::pair<std::string, std::vector<std::string>>> sim_users(httplib::Client& sim) {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  auto res = sim.Get("/sim/world");
  if (!res || res->status != 200) return out;
  const json world =
      json::parse(res->body);  // named: a range-for over a temporary's member dangles
  for (const auto& user : world["users"]) {
    std::vector<std::string> vins;
    for (const auto& vehicle : user["vehicles"]) vins.push_back(vehicle["vin"]);
    out.emplace_back(user["id"], std::move(vins));
  }
  return out;
}

bool place_order(const Send& send, const std::string& origin, const BrowserSession& browser,
                 const std::string& package, std::string& why) {
  const json order = {{"vins", browser.vins}, {"package", package}, {"language", "en"}};
  auto placed = send("POST", "/api/v1/sessions/" + browser.session + "/order",
                     {{"Cookie", browser.cookie}, {"Origin", origin}}, order.dump());
  if (placed && placed->status == 202) return true;
  why = placed ? std::to_string(placed->status) + " " + placed->body : "no answer";
  return false;
}

}  // namespace cpt::flow
