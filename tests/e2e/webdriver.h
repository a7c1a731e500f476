// A minimal W3C WebDriver client (chromedriver) for the browser test.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace cpt::e2e {

// One browser session. Calls fail the current test (ADD_FAILURE) on WebDriver errors and return
// null JSON. Not thread-safe.
class WebDriver {
 public:
  WebDriver(int port, std::vector<std::string> chrome_args);
  ~WebDriver();
  bool ok() const { return !session_.empty(); }

  void navigate(const std::string& url);
  std::string current_url();
  // The element id of the first match of a CSS selector, or nullopt.
  std::optional<std::string> find(const std::string& css);
  std::vector<std::string> find_all(const std::string& css);
  void click(const std::string& element);
  // Runs JavaScript in the page (synchronous) and returns its value.
  nlohmann::json script(const std::string& body, nlohmann::json args = nlohmann::json::array());
  // Runs JavaScript whose last argument is a callback (for fetch and other promises).
  nlohmann::json async_script(const std::string& body);
  // Polls the script until it returns true or `timeout` passes.
  bool wait_until(const std::string& condition, std::chrono::milliseconds timeout);
  // PNG bytes of the viewport.
  std::string screenshot_png();

 private:
  nlohmann::json call(const std::string& method, const std::string& path,
                      const nlohmann::json& body = nullptr);
  int port_;
  std::string session_;
};

}  // namespace cpt::e2e
