// The parts of a running service, shared by its route files. Private to service/.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "cpt/core/clock.h"
#include "cpt/http/server.h"
#include "cpt/report/key_set.h"
#include "cpt/report/signing.h"
#include "cpt/service/client_address.h"
#include "cpt/service/config.h"
#include "cpt/service/logger.h"
#include "cpt/service/metrics.h"
#include "cpt/service/orders.h"
#include "cpt/service/rate_limiter.h"
#include "cpt/service/tesla_link.h"
#include "cpt/service/web_assets.h"
#include "cpt/store/sealer.h"
#include "cpt/store/session_store.h"

namespace cpt::service {

struct ServiceState {
  ServiceConfig config;
  std::shared_ptr<Clock> clock;
  std::shared_ptr<Logger> logger;
  std::shared_ptr<Metrics> metrics;
  std::shared_ptr<store::SessionStore> store;
  std::shared_ptr<const store::Sealer> sealer;
  std::shared_ptr<const TeslaLink> tesla;
  std::shared_ptr<const report::SigningKey> signing_key;
  std::shared_ptr<const report::KeySet> report_keys;  // published, and what /verify trusts
  std::unique_ptr<RateLimiter> oauth_limiter;
  std::unique_ptr<RateLimiter> verify_limiter;
  std::vector<Cidr> trusted_proxies;     // config.trusted_proxies, parsed
  std::vector<std::string> own_origins;  // public URL and redirect URIs: where our pages live
  std::unique_ptr<OrderManager> orders;
  WebAssets assets;
  std::unique_ptr<http::HttpServer> server;

  std::mutex sweeper_mutex;
  std::condition_variable sweeper_cond;
  bool sweeper_stop = false;
  std::thread sweeper_thread;
};

}  // namespace cpt::service
