#include "webdriver.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <openssl/evp.h>

#include <thread>

namespace cpt::e2e {

using nlohmann::json;

namespace {

// The W3C key under which an element reference travels.
constexpr const char* kElementKey = "element-6066-11e4-a52e-4f735466cecf";

std::string base64_decode(const std::string& text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return {};
  std::size_t padding = 0;
  for (auto it = text.rbegin(); it != text.rend() && *it == '='; ++it) ++padding;
  out.resize(static_cast<std::size_t>(n) - padding);
  return out;
}

}  // namespace

WebDriver::WebDriver(int port, std::vector<std::string> chrome_args) : port_(port) {
  const json caps = {
      {"capabilities",
       {{"alwaysMatch",
         {{"browserName", "chrome"},
          {"goog:chromeOptions", {{"binary", "/usr/bin/chromium"}, {"args", chrome_args}}}}}}}};
  const json answer = call("POST", "/session", caps);
  if (answer.is_object() && answer.contains("sessionId")) session_ = answer["sessionId"];
}

WebDriver::~WebDriver() {
  if (!session_.empty()) call("DELETE", "/session/" + session_);
}

json WebDriver::call(const std::string& method, const std::string& path, const json& body) {
  httplib::Client client("127.0.0.1", port_);
  client.set_read_timeout(120, 0);
  const std::string payload = body.is_null() ? "{}" : body.dump();
  httplib::Result res = method == "GET"    ? client.Get(path)
                        : method == "POST" ? client.Post(path, payload, "application/json")
                                           : client.Delete(path);
  if (!res) {
    ADD_FAILURE() << "webdriver " << method << " " << path << ": no answer";
    return nullptr;
  }
  const json doc = json::parse(res->body, nullptr, false);
  if (res->status != 200 || !doc.is_object()) {
    ADD_FAILURE() << "webdriver " << method << " " << path << ": " << res->status << " "
                  << res->body.substr(0, 400);
    return nullptr;
  }
  return doc.value("value", json(nullptr));
}

void WebDriver::navigate(const std::string& url) {
  call("POST", "/session/" + session_ + "/url", {{"url", url}});
}

std::string WebDriver::current_url() {
  const json v = call("GET", "/session/" + session_ + "/url");
  return v.is_string() ? v.get<std::string>() : "";
}

std::optional<std::string> WebDriver::find(const std::string& css) {
  auto all = find_all(css);
  if (all.empty()) return std::nullopt;
  return all.front();
}

std::vector<std::string> WebDriver::find_all(const std::string& css) {
  const json v = call("POST", "/session/" + session_ + "/elements",
                      {{"using", "css selector"}, {"value", css}});
  std::vector<std::string> out;
  if (v.is_array()) {
    for (const json& e : v) {
      if (e.contains(kElementKey) && e[kElementKey].is_string()) {
        out.push_back(e[kElementKey].get<std::string>());
      } else {
        ADD_FAILURE() << "webdriver: unexpected element reference " << e.dump();
      }
    }
  }
  return out;
}

void WebDriver::click(const std::string& element) {
  call("POST", "/session/" + session_ + "/element/" + element + "/click");
}

json WebDriver::script(const std::string& body, json args) {
  return call("POST", "/session/" + session_ + "/execute/sync",
              {{"script", body}, {"args", std::move(args)}});
}

json WebDriver::async_script(const std::string& body) {
  return call("POST", "/session/" + session_ + "/execute/async",
              {{"script", body}, {"args", json::array()}});
}

bool WebDriver::wait_until(const std::string& condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (script("return Boolean(" + condition + ");") == json(true)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return false;
}

std::string WebDriver::screenshot_png() {
  const json v = call("GET", "/session/" + session_ + "/screenshot");
  return v.is_string() ? base64_decode(v.get<std::string>()) : std::string();
}

}  // namespace cpt::e2e
