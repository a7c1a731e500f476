// Service: the CPT web service (`cpt serve`): the HTTP API, OAuth with Tesla, background orders,
// downloads, metrics, the TTL sweeper and the web UI, on one embedded HTTP server.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "cpt/core/clock.h"
#include "cpt/core/error.h"
#include "cpt/http/client.h"
#include "cpt/service/config.h"
#include "cpt/service/logger.h"
#include "cpt/service/orders.h"

namespace cpt::service {

class Metrics;
struct ServiceState;

// Collaborators a test (or a benchmark) may replace; nulls get the production defaults.
struct ServiceDeps {
  std::shared_ptr<http::HttpClient> http;  // null: libcurl
  std::shared_ptr<Clock> clock;            // null: the system clock
  OrderRunner runner;                      // null: default_order_runner()
  ArtifactRenderer renderer;               // null: report/ renderers, signed
  Logger::Sink log_sink;                   // null: stderr
};

// One running service. create() opens the store and builds everything; start() binds, resumes
// orders left running by a previous process and starts serving and sweeping. Thread-safe.
class Service {
 public:
  static Result<std::unique_ptr<Service>> create(ServiceConfig config, ServiceDeps deps = {});
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  // Returns the bound port.
  Result<int> start();
  // Stops serving, the sweeper and the order workers (running orders resume on the next start).
  void stop();

  int port() const;
  std::string base_url() const;  // "http://127.0.0.1:PORT"

  // Deletes what expired now (the sweeper does this every sweep_interval).
  Result<int> sweep_now();
  // Waits until no order is queued or running (tests and benchmarks).
  bool wait_for_orders(std::chrono::milliseconds timeout);
  Metrics& metrics();
  const ServiceConfig& config() const;

 private:
  explicit Service(std::unique_ptr<ServiceState> state);
  void sweeper();
  std::unique_ptr<ServiceState> state_;
};

}  // namespace cpt::service
