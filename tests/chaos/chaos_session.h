// One browser of the chaos run against `cpt serve` on loopback. Not thread-safe (one per driver).
#pragma once

#include <httplib.h>

#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "chaos/chaos.h"
#include "support/service_flow.h"

namespace cpt::chaos {

class Session {
 public:
  // `patience`: how long one request is retried while the service does not answer.
  Session(int port, std::string origin, std::chrono::seconds patience);

  // Signs in again and again for up to `limit` while Tesla refuses the inventory read.
  bool login(const std::string& user, const std::vector<std::string>& vins,
             std::chrono::seconds limit, std::string& why);
  bool order(const std::string& package, std::string& why);
  // Polls progress until "done"/"failed" or `limit`; collects the "waiting" reasons it gave.
  std::string wait(std::chrono::seconds limit, std::set<std::string>& waits);
  // Every format of every car and the order's invoices; the module rows of each JSON report.
  bool download_all(std::vector<ModuleRow>& rows, std::string& why);
  bool erase(std::string& why);

 private:
  httplib::Result send(const std::string& method, const std::string& path,
                       const httplib::Headers& headers, const std::string& body);
  flow::Send sender();

  int port_;
  std::string origin_;
  std::chrono::seconds patience_;
  flow::BrowserSession browser_;
};

}  // namespace cpt::chaos
