#include "cpt/service/service.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "cpt/http/curl_client.h"
#include "cpt/service/ids.h"
#include "cpt/service/report_artifacts.h"
#include "cpt/service/report_keys.h"
#include "cpt/service/router.h"
#include "cpt/service/service_state.h"
#include "cpt/store/redis/job_queue.h"
#include "cpt/store/redis/redis_cooldown.h"
#include "cpt/store/redis/redis_pace.h"
#include "cpt/store/redis/redis_store.h"
#include "cpt/store/sqlite_store.h"

namespace cpt::service {

namespace {

// The pieces that need keys: the token sealer (a generated one only in simulator mode, where
// load_config has already filled it) and the report-signing key.
Result<void> load_keys(ServiceState& s) {
  auto sealer = s.config.token_key.empty() && s.config.simulator
                    ? store::Sealer::generate()
                    : store::Sealer::from_text(s.config.token_key);
  if (!sealer) return fail(std::move(sealer.error()));
  s.sealer = std::make_shared<const store::Sealer>(std::move(*sealer));
  if (!s.config.signing_key_pem.empty()) {
    auto key = report::SigningKey::from_pem(s.config.signing_key_pem);
    if (!key) return fail(std::move(key.error()));
    s.signing_key = std::make_shared<const report::SigningKey>(std::move(*key));
  }
  auto published = published_key_set(s.config, s.signing_key.get());
  if (!published) return fail(std::move(published.error()));
  s.report_keys = std::make_shared<const report::KeySet>(std::move(*published));
  return {};
}

Result<std::shared_ptr<http::HttpClient>> default_http_client(const ServiceConfig& config) {
  http::CurlOptions options;
  options.ca_file = config.ca_file;
  auto curl = http::CurlHttpClient::create(options);
  if (!curl) return fail(std::move(curl.error()));
  return std::shared_ptr<http::HttpClient>(std::move(*curl));
}

// The configured backend: SQLite for one process, Redis when several instances share the state.
Result<std::shared_ptr<store::SessionStore>> open_store(const ServiceConfig& config) {
  if (config.storage_backend == "redis") {
    auto opened = store::RedisStore::open({.url = config.redis_url});
    if (!opened) return fail(std::move(opened.error()));
    return std::shared_ptr<store::SessionStore>(std::move(*opened));
  }
  auto opened = store::SqliteStore::open({.path = config.database});
  if (!opened) return fail(std::move(opened.error()));
  return std::shared_ptr<store::SessionStore>(std::move(*opened));
}

// Account-wide stops (a long 429, 412, 402, 423) honoured by every order: on Redis by every
// instance, else by this process.
std::shared_ptr<tesla::AccountCooldown> shared_cooldown(const ServiceState& s) {
  if (auto redis = std::dynamic_pointer_cast<store::RedisStore>(s.store)) {
    // The cool-down borrows the store's connections: keep the store alive as long as it.
    auto cooldown =
        std::make_shared<store::redis::RedisCooldown>(redis->client(), redis->key_prefix());
    return std::shared_ptr<tesla::AccountCooldown>(cooldown.get(), [cooldown, redis](auto*) {});
  }
  return std::make_shared<tesla::InProcessCooldown>();
}

// Each account's pace (its settled limit, its Retry-After pauses; decision 0007): on Redis shared
// by every instance; else none beyond the process, whose one limiter per account already holds
// it.
std::shared_ptr<tesla::AccountPace> shared_pace(const ServiceState& s) {
  if (auto redis = std::dynamic_pointer_cast<store::RedisStore>(s.store)) {
    // The pace borrows the store's connections: keep the store alive as long as it.
    // The account is the session: its pace goes with the session's keys (expiry, deletion).
    auto pace = std::make_shared<store::redis::RedisPace>(
        redis->client(), redis->key_prefix(),
        [store = redis.get()](std::string_view sid) { return store->session_key(sid); });
    return std::shared_ptr<tesla::AccountPace>(pace.get(), [pace, redis](auto*) {});
  }
  return nullptr;
}

// On Redis, orders wait on a stream that every instance reads (see OrderDeps::jobs). Each process
// is its own consumer, named so that an operator can tell instances apart in XINFO.
Result<void> attach_job_queue(const ServiceState& s, OrderDeps& deps) {
  auto redis = std::dynamic_pointer_cast<store::RedisStore>(s.store);
  if (!redis) return {};
  auto suffix = random_token(4);
  if (!suffix) return fail(std::move(suffix.error()));
  char host[256] = {};
  if (::gethostname(host, sizeof(host) - 1) != 0) std::snprintf(host, sizeof(host), "cpt");
  store::redis::JobQueueOptions options;
  options.stream = redis->key_prefix() + "jobs";
  options.group = "cpt-serve";
  options.consumer = std::string(host) + "-" + std::to_string(::getpid()) + "-" + *suffix;
  options.lease = s.config.job_lease;
  // The queue borrows the store's connections; the store outlives it (both live in OrderDeps).
  auto queue = std::make_shared<store::redis::JobQueue>(redis->client(), std::move(options));
  if (auto ready = queue->ensure_group(); !ready) return fail(std::move(ready.error()));
  deps.jobs = std::move(queue);
  deps.job_lease = s.config.job_lease;
  return {};
}

Result<WebAssets> load_assets(const ServiceConfig& config) {
  if (config.web_dir.empty()) return WebAssets::embedded();
  return WebAssets::from_dir(config.web_dir);
}

}  // namespace

Service::Service(std::unique_ptr<ServiceState> state) : state_(std::move(state)) {}

Service::~Service() {
  stop();
}

Result<std::unique_ptr<Service>> Service::create(ServiceConfig config, ServiceDeps deps) {
  if (auto valid = validate(config); !valid) return fail(std::move(valid.error()));
  auto s = std::make_unique<ServiceState>();
  s->config = std::move(config);
  s->clock =
      deps.clock ? deps.clock : std::shared_ptr<Clock>(&SystemClock::instance(), [](Clock*) {});
  s->logger = deps.log_sink ? std::make_shared<Logger>(deps.log_sink) : std::make_shared<Logger>();
  s->metrics = std::make_shared<Metrics>();
  if (auto keys = load_keys(*s); !keys) return fail(std::move(keys.error()));
  auto assets = load_assets(s->config);
  if (!assets) return fail(std::move(assets.error()));
  s->assets = std::move(*assets);

  auto opened = open_store(s->config);
  if (!opened) return fail(std::move(opened.error()));
  s->store = std::move(*opened);

  std::shared_ptr<http::HttpClient> client = deps.http;
  if (!client) {
    auto created = default_http_client(s->config);
    if (!created) return fail(std::move(created.error()));
    client = std::move(*created);
  }
  s->tesla = std::make_shared<const TeslaLink>(s->config, client, s->clock, shared_cooldown(*s),
                                               shared_pace(*s));
  s->oauth_limiter = std::make_unique<RateLimiter>(s->config.oauth_rate, *s->clock);
  s->verify_limiter = std::make_unique<RateLimiter>(s->config.verify_rate, *s->clock);
  s->trusted_proxies = *parse_cidrs(s->config.trusted_proxies);  // validated above
  if (!s->config.public_url.empty()) s->own_origins.push_back(origin_of(s->config.public_url));
  for (const std::string& uri : s->config.redirect_uris) s->own_origins.push_back(origin_of(uri));

  OrderDeps order_deps;
  order_deps.store = s->store;
  order_deps.sealer = s->sealer;
  order_deps.tesla = s->tesla;
  order_deps.runner = deps.runner ? deps.runner : default_order_runner(s->config.max_in_flight);
  // Verify links need the server's address, known once it listens: read at render time.
  auto verify_base = [state = s.get()] {
    return verify_base_url(state->config, state->server->base_url());
  };
  order_deps.renderer =
      deps.renderer ? deps.renderer : report_artifact_renderer(s->signing_key, verify_base);
  order_deps.metrics = s->metrics;
  order_deps.logger = s->logger;
  order_deps.clock = s->clock;
  order_deps.workers = s->config.order_workers;
  order_deps.budget_micros = s->config.order_budget_micros;
  order_deps.deadline = s->config.order_deadline;
  if (auto queued = attach_job_queue(*s, order_deps); !queued)
    return fail(std::move(queued.error()));
  s->orders = std::make_unique<OrderManager>(std::move(order_deps));

  http::ServerOptions server_options;
  server_options.host = s->config.listen_host;
  server_options.port = s->config.listen_port;
  // Routes hold their own body limits (the verify page takes whole reports); the server reads up
  // to the largest.
  server_options.payload_max_length =
      std::max(s->config.max_body_bytes, s->config.max_verify_bytes);
  server_options.max_threads = s->config.max_threads;
  s->server = std::make_unique<http::HttpServer>(server_options);
  Router router(s->server->routes(), *s);
  add_public_routes(router, *s);
  add_oauth_routes(router, *s);
  add_session_routes(router, *s);
  add_verify_routes(router, *s);
  router.install_error_handler();
  return std::unique_ptr<Service>(new Service(std::move(s)));
}

Result<int> Service::start() {
  auto port = state_->server->start();
  if (!port) return port;
  auto resumed = state_->orders->resume();
  state_->logger->info("", "service_started",
                       {{"port", *port},
                        {"simulator", state_->config.simulator},
                        {"resumed_orders", resumed ? *resumed : 0}});
  if (!state_->sweeper_thread.joinable()) {
    state_->sweeper_stop = false;
    state_->sweeper_thread = std::thread([this] { sweeper(); });
  }
  return port;
}

void Service::stop() {
  if (!state_) return;
  {
    std::lock_guard lock(state_->sweeper_mutex);
    state_->sweeper_stop = true;
  }
  state_->sweeper_cond.notify_all();
  if (state_->sweeper_thread.joinable()) state_->sweeper_thread.join();
  state_->server->stop();
  state_->orders->stop();
}

void Service::sweeper() {
  std::unique_lock lock(state_->sweeper_mutex);
  while (!state_->sweeper_cond.wait_for(lock, state_->config.sweep_interval,
                                        [this] { return state_->sweeper_stop; })) {
    lock.unlock();
    (void)sweep_now();
    lock.lock();
  }
}

Result<int> Service::sweep_now() {
  auto stats = state_->store->sweep(state_->clock->now());
  if (!stats) {
    state_->logger->error("", "sweep_failed", {{"error", stats.error().describe()}});
    return fail(std::move(stats.error()));
  }
  if (stats->sessions > 0 || stats->oauth_states > 0) {
    state_->metrics->sessions_expired(stats->sessions);
    state_->logger->info("", "sweep",
                         {{"sessions", stats->sessions}, {"oauth_states", stats->oauth_states}});
  }
  return stats->sessions;
}

bool Service::wait_for_orders(std::chrono::milliseconds timeout) {
  return state_->orders->wait_idle(timeout);
}

int Service::port() const {
  return state_->server->port();
}
std::string Service::base_url() const {
  return state_->server->base_url();
}
Metrics& Service::metrics() {
  return *state_->metrics;
}
const ServiceConfig& Service::config() const {
  return state_->config;
}

}  // namespace cpt::service
