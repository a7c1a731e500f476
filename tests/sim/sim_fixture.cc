#include "sim_fixture.h"

#include <regex>

#include "cpt/sim/crypto.h"

namespace cpt::sim::testing {

std::map<std::string, std::string> query_of(const std::string& url) {
  std::map<std::string, std::string> out;
  const auto q = url.find('?');
  if (q == std::string::npos) return out;
  httplib::Params params;
  httplib::detail::parse_query_text(url.substr(q + 1), params);
  for (const auto& [k, v] : params) out[k] = v;
  return out;
}

json jwt_payload(const std::string& token) {
  const auto first = token.find('.');
  const auto second = token.find('.', first + 1);
  auto payload = crypto::base64url_decode(token.substr(first + 1, second - first - 1));
  return payload ? json::parse(*payload, nullptr, false) : json();
}

void SimFixture::TearDown() {
  if (sim_) sim_->stop();
}

void SimFixture::start(SimOptions options) {
  using namespace std::chrono;
  clock_ = std::make_shared<FakeClock>(sys_days{year{2026} / February / 15} + hours{12});
  if (!options.clock) options.clock = clock_;
  auto started = Simulator::start(std::move(options));
  ASSERT_TRUE(started.has_value()) << started.error().describe();
  sim_ = std::move(*started);
}

httplib::Client SimFixture::client(const std::string& base_url) const {
  httplib::Client c(base_url);
  c.set_connection_timeout(5);
  c.set_read_timeout(10);
  return c;
}

httplib::Result SimFixture::get(const std::string& base_url, const std::string& path,
                                const std::string& token) const {
  auto c = client(base_url);
  httplib::Headers headers;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  return c.Get(path, headers);
}

httplib::Result SimFixture::post_json(const std::string& base_url, const std::string& path,
                                      const json& body, const std::string& token) const {
  auto c = client(base_url);
  httplib::Headers headers;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  return c.Post(path, headers, body.dump(), "application/json");
}

std::string SimFixture::authorize(const std::string& user_id, const std::string& scopes,
                                  const std::string& extra_query) {
  const auto& o = sim_->options();
  auto c = client(auth_host_.empty() ? sim_->urls().auth_base : auth_host_);
  const std::string path =
      "/oauth2/v3/authorize?response_type=code&client_id=" + o.client_id +
      "&redirect_uri=" + httplib::detail::encode_query_param(o.redirect_uris.front()) +
      "&scope=" + httplib::detail::encode_query_param(scopes) + "&state=st-123" + extra_query;
  auto page = c.Get(path);
  if (!page) return {};
  if (page->status == 302) return page->get_header_value("Location");
  std::smatch m;
  if (!std::regex_search(page->body, m, std::regex("name=\"consent\" value=\"([^\"]+)\"")))
    return {};
  std::string form = "consent=" + m[1].str() +
                     "&user=" + httplib::detail::encode_query_param(user_id) + "&decision=approve";
  std::istringstream in(scopes);
  for (std::string s; in >> s;) form += "&scope=" + s;
  auto answer = c.Post("/oauth2/v3/authorize", form, "application/x-www-form-urlencoded");
  if (!answer || answer->status != 302) return {};
  return answer->get_header_value("Location");
}

std::string SimFixture::code_for(const std::string& user_id, const std::string& scopes,
                                 const std::string& extra_query) {
  return query_of(authorize(user_id, scopes, extra_query))["code"];
}

httplib::Result SimFixture::token_request(const httplib::Params& form) {
  auto c = client(auth_host_.empty() ? sim_->urls().auth_base : auth_host_);
  return c.Post("/oauth2/v3/token", form);
}

Tokens SimFixture::tokens_from(const httplib::Result& result) {
  Tokens t;
  if (!result) return t;
  t.body = json::parse(result->body, nullptr, false);
  if (!t.body.is_object()) return t;
  t.access = t.body.value("access_token", "");
  t.refresh = t.body.value("refresh_token", "");
  t.id = t.body.value("id_token", "");
  return t;
}

Tokens SimFixture::login(const std::string& user_id, const std::string& scopes) {
  const User* u = sim_->world().find_user(user_id);
  const auto& o = sim_->options();
  auto result = token_request({{"grant_type", "authorization_code"},
                               {"client_id", o.client_id},
                               {"client_secret", o.client_secret},
                               {"code", code_for(user_id, scopes)},
                               {"redirect_uri", o.redirect_uris.front()},
                               {"audience", sim_->fleet_url(u ? u->region : Region::na)}});
  return tokens_from(result);
}

Tokens SimFixture::partner_token(Region region, const std::string& scopes) {
  const auto& o = sim_->options();
  httplib::Params form{{"grant_type", "client_credentials"},
                       {"client_id", o.client_id},
                       {"client_secret", o.client_secret},
                       {"audience", sim_->fleet_url(region)}};
  if (!scopes.empty()) form.emplace("scope", scopes);
  return tokens_from(token_request(form));
}

}  // namespace cpt::sim::testing
