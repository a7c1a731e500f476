// gMock doubles of the Fleet API seams, for tests of the layers above (acquire, service, cli).
// Include only from tests: it pulls in gmock.
#pragma once

#include <gmock/gmock.h>

#include "cpt/http/client.h"
#include "cpt/tesla/fleet_connection.h"

namespace cpt::tesla {

// Stands in for a whole connection: script call() per request.
class MockFleetConnection : public FleetConnection {
 public:
  MOCK_METHOD(Result<RawResponse>, call, (const FleetRequest& request), (override));
  MOCK_METHOD(Result<std::vector<std::string>>, granted_scopes, (), (override));
  MOCK_METHOD(const FleetOptions&, options, (), (const, override));
  MOCK_METHOD(std::string, base_url, (), (const, override));
  MOCK_METHOD(Clock&, clock, (), (const, override));
};

// Stands in for the request builder under a real connection (retry loop, tokens, ledger).
class MockFleetStub : public FleetStub {
 public:
  MOCK_METHOD(Result<http::HttpResponse>, send,
              (std::string_view base_url, const FleetRequest& request, std::string_view token),
              (override));
};

// Stands in for the transport.
class MockHttpClient : public http::HttpClient {
 public:
  MOCK_METHOD(Result<http::HttpResponse>, send, (const http::HttpRequest& request), (override));
};

}  // namespace cpt::tesla
