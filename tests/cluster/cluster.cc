#include "cluster/cluster.h"

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <sstream>
#include <thread>

#include "cpt/store/redis/redis_client.h"

namespace cpt::cluster {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

using flow::read_text;

bool replace_once(std::string& text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) return false;
  text.replace(at, from.size(), to);
  return true;
}

std::string random_hex(std::size_t bytes) {
  std::random_device device;
  std::string out;
  const char* digits = "0123456789abcdef";
  for (std::size_t i = 0; i < bytes; ++i) {
    const auto byte = static_cast<unsigned>(device() & 0xffu);
    out.push_back(digits[byte >> 4]);
    out.push_back(digits[byte & 0xf]);
  }
  return out;
}

// Requests through nginx, as a browser sends them.
flow::Send through(const Cluster& cluster) {
  return [&cluster](const std::string& method, const std::string& path,
                    const httplib::Headers& headers, const std::string& body) {
    auto nginx = cluster.through_nginx();
    if (method == "POST") return nginx->Post(path, headers, body, "application/json");
    return nginx->Get(path, headers);
  };
}

}  // namespace

std::unique_ptr<Cluster> Cluster::start(const ClusterOptions& options, std::string& why) {
  std::unique_ptr<Cluster> c(new Cluster());
  char pattern[] = "/tmp/cpt-cluster-XXXXXX";
  if (::mkdtemp(pattern) == nullptr) {
    why = "no temp dir";
    return nullptr;
  }
  c->dir_ = pattern;
  c->redis_ = store::testing::RedisServer::start(why);
  if (!c->redis_) return nullptr;
  c->nginx_port_ = e2e::free_port();
  c->origin_ = "https://localhost:" + std::to_string(c->nginx_port_);
  if (!c->start_sim(options, why) || !c->start_instances(options, why) || !c->start_nginx(why)) {
    return nullptr;
  }
  return c;
}

Cluster::~Cluster() {
  if (nginx_running_) {
    std::ifstream pid_file(dir_ / "nginx.pid");
    pid_t pid = 0;
    if (pid_file >> pid && pid > 0) ::kill(pid, SIGQUIT);
  }
  instances_.clear();
  sim_.reset();
  redis_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

bool Cluster::start_sim(const ClusterOptions& options, std::string& why) {
  std::vector<std::string> argv{CPT_BINARY,        "sim",
                                "--registered",    "--print-env",
                                "--redirect-uri",  origin_ + "/api/v1/tesla/oauth/callback",
                                "--users",         std::to_string(options.sim_users),
                                "--latency-ms",    std::to_string(options.sim_latency_ms),
                                "--wake-delay-ms", "10"};
  if (options.auto_approve) argv.emplace_back("--auto-approve");
  auto sim = e2e::ChildProcess::spawn(argv, {}, (dir_ / "sim.log").string());
  if (!sim) {
    why = "cannot start cpt sim";
    return false;
  }
  sim_.emplace(std::move(*sim));
  if (!flow::read_sim_env(*sim_, sim_env_, 20s, why)) {
    why += ": " + read_text(dir_ / "sim.log");
    return false;
  }
  return true;
}

bool Cluster::start_instances(const ClusterOptions& options, std::string& why) {
  // Every instance shares the token key (any instance opens any session's tokens) and the report
  // signing key (one published key set).
  const auto key = dir_ / "report-signing.pem";
  if (!flow::make_signing_key(key, why)) return false;
  std::map<std::string, std::string> env = sim_env_;
  env["CPT_STORAGE_BACKEND"] = "redis";
  env["CPT_REDIS_URL"] = redis_->url();
  env["CPT_JOB_LEASE_SECONDS"] = std::to_string(options.job_lease_seconds);
  env["CPT_SESSION_TTL"] = std::to_string(options.session_ttl_seconds);
  env["CPT_TOKEN_KEY"] = random_hex(32);
  env["CPT_SIGNING_KEY_FILE"] = key.string();
  env["CPT_PUBLIC_URL"] = origin_;
  // Every sign-in reaches the instances from nginx's one address: the per-address OAuth limit
  // is raised for the test's twenty browsers, as an operator would for a known front.
  const auto config = dir_ / "cpt.toml";
  std::ofstream(config) << "[limits]\noauth_per_minute = 6000.0\noauth_burst = 200.0\n";
  for (int i = 0; i < options.instances; ++i) {
    const int port = e2e::free_port();
    auto serve =
        e2e::ChildProcess::spawn({CPT_BINARY, "serve", "--simulator", "--config", config.string(),
                                  "--listen", "127.0.0.1:" + std::to_string(port)},
                                 env, (dir_ / ("serve-" + std::to_string(i) + ".log")).string());
    if (!serve || !e2e::wait_for_http(port, "/health", 20s)) {
      why = "cpt serve " + std::to_string(i) +
            " did not come up: " + read_text(dir_ / ("serve-" + std::to_string(i) + ".log"));
      return false;
    }
    instances_.emplace_back(std::move(*serve));
    instance_ports_.push_back(port);
  }
  return true;
}

bool Cluster::start_nginx(std::string& why) {
  const std::string cert =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
      "-nodes -days 1 -subj /CN=localhost -addext "
      "subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout " +
      (dir_ / "privkey.pem").string() + " -out " + (dir_ / "fullchain.pem").string() +
      " >/dev/null 2>&1";
  if (std::system(cert.c_str()) != 0) {
    why = "openssl could not make a test certificate";
    return false;
  }
  // The operator's site config, with this cluster's port, certificate and instances.
  std::string site = read_text(std::filesystem::path(CPT_SOURCE_DIR) / "deploy/nginx/cpt.conf");
  std::string upstream;
  for (int port : instance_ports_) {
    upstream += "    server 127.0.0.1:" + std::to_string(port) + " max_fails=2 fail_timeout=5s;\n";
  }
  const bool shaped =
      replace_once(site, "listen 443 ssl http2;",
                   "listen 127.0.0.1:" + std::to_string(nginx_port_) + " ssl http2;") &&
      replace_once(site, "listen 80;",
                   "listen 127.0.0.1:" + std::to_string(e2e::free_port()) + ";") &&
      replace_once(site, "/etc/ssl/cpt/fullchain.pem", (dir_ / "fullchain.pem").string()) &&
      replace_once(site, "/etc/ssl/cpt/privkey.pem", (dir_ / "privkey.pem").string()) &&
      replace_once(site, "    server 127.0.0.1:8081 max_fails=2 fail_timeout=5s;\n", upstream) &&
      replace_once(site, "    server 127.0.0.1:8082 max_fails=2 fail_timeout=5s;\n", "");
  if (!shaped) {
    why = "deploy/nginx/cpt.conf changed shape: the cluster test cannot fill it in";
    return false;
  }
  const std::string proxy =
      (std::filesystem::path(CPT_SOURCE_DIR) / "deploy/nginx/cpt-proxy.conf").string();
  while (replace_once(site, "include /etc/nginx/cpt-proxy.conf;", "include " + proxy + ";")) {
  }
  std::ofstream(dir_ / "cpt.conf") << site;
  std::ofstream(dir_ / "nginx.conf")
      << (::geteuid() == 0 ? std::string("user root;\n") : std::string())
      << "worker_processes 1;\npid " << (dir_ / "nginx.pid").string() << ";\nerror_log "
      << (dir_ / "nginx-error.log").string() << " warn;\nevents { worker_connections 1024; }\n"
      << "http {\n  access_log " << (dir_ / "nginx-access.log").string() << ";\n"
      << "  client_body_temp_path " << (dir_ / "client_body").string() << ";\n"
      << "  proxy_temp_path " << (dir_ / "proxy").string() << ";\n"
      << "  fastcgi_temp_path " << (dir_ / "fastcgi").string() << ";\n"
      << "  uwsgi_temp_path " << (dir_ / "uwsgi").string() << ";\n"
      << "  scgi_temp_path " << (dir_ / "scgi").string() << ";\n"
      << "  include " << (dir_ / "cpt.conf").string() << ";\n}\n";
  const std::string run = "nginx -p " + dir_.string() + " -c " + (dir_ / "nginx.conf").string() +
                          " -e " + (dir_ / "nginx-error.log").string() + " 2>>" +
                          (dir_ / "nginx-error.log").string();
  if (std::system(run.c_str()) != 0) {
    why = "nginx did not start: " + read_text(dir_ / "nginx-error.log");
    return false;
  }
  nginx_running_ = true;
  for (int i = 0; i < 100; ++i) {
    auto client = through_nginx();
    if (auto res = client->Get("/health"); res && res->status == 200) return true;
    std::this_thread::sleep_for(100ms);
  }
  why = "nothing answers through nginx: " + read_text(dir_ / "nginx-error.log");
  return false;
}

std::unique_ptr<httplib::SSLClient> Cluster::through_nginx() const {
  auto client = std::make_unique<httplib::SSLClient>("localhost", nginx_port_);
  client->set_ca_cert_path((dir_ / "fullchain.pem").c_str());
  client->enable_server_certificate_verification(true);
  client->set_connection_timeout(5, 0);
  client->set_read_timeout(30, 0);
  return client;
}

httplib::Client Cluster::sim_auth() const {
  return httplib::Client(flow::split_url(sim_env_.at("TESLA_AUTH_URL")).first);
}

std::optional<BrowserSession> Cluster::login(const std::string& user, std::string& why) {
  return flow::login(through(*this), origin_, user, why);
}

std::vector<BrowserSession> Cluster::login_everyone(std::string& why) {
  const auto everyone = users();
  std::vector<std::future<std::optional<BrowserSession>>> logins;
  std::vector<std::string> errors(everyone.size());
  for (std::size_t i = 0; i < everyone.size(); ++i) {
    logins.push_back(std::async(std::launch::async, [this, &everyone, &errors, i] {
      auto browser = login(everyone[i].first, errors[i]);
      if (browser) browser->vins = everyone[i].second;
      return browser;
    }));
  }
  std::vector<BrowserSession> out;
  for (std::size_t i = 0; i < logins.size(); ++i) {
    auto browser = logins[i].get();
    if (!browser) {
      why = everyone[i].first + ": " + errors[i];
      out.clear();
    } else if (why.empty()) {
      out.push_back(std::move(*browser));
    }
  }
  if (everyone.empty()) why = "the simulator lists no users";
  return out;
}

bool Cluster::place_order(const BrowserSession& browser, const std::string& package,
                          std::string& why) {
  return flow::place_order(through(*this), origin_, browser, package, why);
}

std::string Cluster::wait_for_order(const BrowserSession& browser, std::chrono::seconds limit) {
  auto nginx = through_nginx();
  std::string status;
  const auto deadline = std::chrono::steady_clock::now() + limit;
  do {
    auto progress = nginx->Get("/api/v1/sessions/" + browser.session + "/progress",
                               {{"Cookie", browser.cookie}});
    if (progress && progress->status == 200) {
      status = json::parse(progress->body)["status"].get<std::string>();
    }
    // The session is gone (its TTL ran out): waiting longer cannot change that.
    if (progress && progress->status == 404) return "session gone";
    if (status == "done" || status == "failed") return status;
    std::this_thread::sleep_for(100ms);
  } while (std::chrono::steady_clock::now() < deadline);
  return status;
}

std::int64_t Cluster::redis_used_memory() {
  auto client = store::redis::RedisClient::connect({.url = redis_->url()});
  if (!client) return -1;
  auto info = (*client)->command({"INFO", "memory"});
  if (!info) return -1;
  const std::string key = "used_memory:";
  const auto at = info->text.find(key);
  if (at == std::string::npos) return -1;
  return std::stoll(info->text.substr(at + key.size()));
}

std::vector<std::pair<std::string, std::vector<std::string>>> Cluster::users() {
  auto sim = sim_auth();
  return flow::sim_users(sim);
}

std::vector<std::string> Cluster::billed_requests() {
  std::vector<std::string> out;
  auto sim = sim_auth();
  auto res = sim.Get("/sim/ledger?entries=1");
  if (!res || res->status != 200) return out;
  const json ledger =
      json::parse(res->body);  // named: a range-for over a temporary's member dangles
  for (const auto& entry : ledger["requests"]) {
    if (entry["billed"].get<bool>()) {
      out.push_back(entry["method"].get<std::string>() + " " + entry["path"].get<std::string>());
    }
  }
  return out;
}

void Cluster::kill_instance(int index) {
  auto& process = instances_.at(static_cast<std::size_t>(index));
  if (!process) return;
  ::kill(process->pid(), SIGKILL);
  process->stop();  // reaps it (the SIGTERM it sends goes to a process already dead)
  process.reset();
}

std::vector<std::string> Cluster::redis_keys() {
  std::vector<std::string> keys;
  auto client = store::redis::RedisClient::connect({.url = redis_->url()});
  if (!client) return keys;
  std::string cursor = "0";
  for (int round = 0; round < 1000; ++round) {
    auto r = (*client)->command({"SCAN", cursor, "COUNT", "1000"});
    if (!r || r->elements.size() != 2) break;
    for (const auto& key : r->elements[1].elements) keys.push_back(key.text);
    cursor = r->elements[0].text;
    if (cursor == "0") break;
  }
  return keys;
}

}  // namespace cpt::cluster
