// Test doubles shared by the client tests: a scripted token endpoint and a failing token store.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "cpt/http/client.h"
#include "cpt/tesla/auth/jwt.h"
#include "cpt/tesla/auth/token_store.h"

namespace cpt::tesla::testing {

// A JWT whose payload is `claims` (signature is a dummy: CPT never verifies it).
inline std::string make_jwt(const nlohmann::json& claims) {
  return auth::base64url_encode(R"({"alg":"RS256","typ":"JWT"})") + "." +
         auth::base64url_encode(claims.dump()) + ".c2lnbmF0dXJl";
}

// Parses an application/x-www-form-urlencoded body.
inline std::map<std::string, std::string> parse_form(std::string_view body) {
  std::map<std::string, std::string> out;
  while (!body.empty()) {
    const auto amp = body.find('&');
    const std::string_view part = body.substr(0, amp);
    const auto eq = part.find('=');
    out[http::url_decode(part.substr(0, eq))] =
        eq == std::string_view::npos ? "" : http::url_decode(part.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    body = body.substr(amp + 1);
  }
  return out;
}

inline http::HttpResponse json_response(int status, std::string body) {
  http::HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers = {{"content-type", "application/json"}};
  return response;
}

// A token endpoint with rotating single-use refresh tokens, counting every grant. Thread-safe.
class FakeTokenEndpoint {
 public:
  std::atomic<int> refreshes{0};
  std::atomic<int> client_credentials{0};
  std::atomic<int> exchanges{0};
  std::chrono::milliseconds refresh_delay{0};  // widens the window for concurrent callers
  std::atomic<bool> revoked{false};
  std::string last_form_body;

  // The currently valid refresh token.
  std::string current_refresh() {
    std::lock_guard lock(mutex_);
    return refresh_;
  }
  void set_refresh(std::string token) {
    std::lock_guard lock(mutex_);
    refresh_ = std::move(token);
  }

  std::shared_ptr<http::HttpClient> client() {
    return std::make_shared<http::FunctionHttpClient>(
        [this](const http::HttpRequest& request) { return handle(request); });
  }

  Result<http::HttpResponse> handle(const http::HttpRequest& request) {
    auto form = parse_form(request.body);
    {
      std::lock_guard lock(mutex_);
      last_form_body = request.body;
    }
    const std::string grant = form["grant_type"];
    if (grant == "refresh_token") {
      ++refreshes;
      if (refresh_delay.count() > 0) std::this_thread::sleep_for(refresh_delay);
      std::lock_guard lock(mutex_);
      if (revoked || form["refresh_token"] != refresh_) {
        return json_response(401, R"({"error":"login_required"})");
      }
      ++generation_;
      refresh_ = "refresh-" + std::to_string(generation_);
      return json_response(200, token_body("access-" + std::to_string(generation_), refresh_));
    }
    if (grant == "client_credentials") {
      const int n = ++client_credentials;
      return json_response(200, nlohmann::json{{"access_token", "partner-" + std::to_string(n)},
                                               {"token_type", "Bearer"},
                                               {"expires_in", 28800}}
                                    .dump());
    }
    if (grant == "authorization_code") {
      ++exchanges;
      if (form["code"] != "good-code") {
        return json_response(400, R"({"error":"invalid_auth_code"})");
      }
      return json_response(200, token_body("access-code", "refresh-code"));
    }
    return json_response(400, R"({"error":"unsupported_grant_type"})");
  }

  static std::string token_body(const std::string& access, const std::string& refresh) {
    return nlohmann::json{{"access_token", access},
                          {"refresh_token", refresh},
                          {"id_token", "id"},
                          {"token_type", "Bearer"},
                          {"expires_in", 28800}}
        .dump();
  }

 private:
  std::mutex mutex_;
  std::string refresh_ = "refresh-0";
  int generation_ = 0;
};

// A store that can be told to fail its saves (a full disk, a read-only volume). Thread-safe.
class FlakyTokenStore final : public auth::TokenStore {
 public:
  std::atomic<bool> fail_saves{false};
  std::atomic<int> saves{0};

  Result<std::optional<auth::TokenSet>> load(std::string_view account) override {
    return inner_.load(account);
  }
  Result<void> save(std::string_view account, const auth::TokenSet& tokens) override {
    ++saves;
    if (fail_saves) return fail(ErrorKind::io, "disk full");
    return inner_.save(account, tokens);
  }

 private:
  auth::InMemoryTokenStore inner_;
};

}  // namespace cpt::tesla::testing
