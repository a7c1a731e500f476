// Parse throughput of the tolerant wire parsers (goal: >= 100 MB/s per payload family): the Home
// Assistant vehicle_data fixture and a generated 1,000-session charging history. Prints bytes/s
// and the time per payload.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "cpt/tesla/wire/charging.h"
#include "cpt/tesla/wire/vehicle_data.h"
#include "cpt/tesla/wire/vehicles.h"

namespace {

std::string read_fixture(const std::string& name) {
  const std::string path = std::string(CPT_TEST_DATA_DIR) + "/public/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "bench_parse: cannot open " << path << "\n";
    std::exit(1);
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A charging history page shaped like Tesla's documented example: fees with tiers, an invoice,
// local ISO-8601 times.
std::string charging_history(int sessions) {
  std::string body = R"({"response":{"data":[)";
  for (int i = 0; i < sessions; ++i) {
    if (i > 0) body += ',';
    const int minute = i % 60, hour = 8 + i % 12, day = 1 + i % 28;
    body += fmt::format(
        R"({{"sessionId":{},"vin":"5YJ3E1EA7KF{:06d}","siteLocationName":"Helsinki, Finland",)"
        R"("chargeStartDateTime":"2025-03-{:02d}T{:02d}:{:02d}:00+02:00",)"
        R"("chargeStopDateTime":"2025-03-{:02d}T{:02d}:{:02d}:30+02:00",)"
        R"("unlatchDateTime":"2025-03-{:02d}T{:02d}:{:02d}:45+02:00","countryCode":"FI",)"
        R"("fees":[{{"sessionFeeId":{},"feeType":"CHARGING","currencyCode":"EUR",)"
        R"("pricingType":"PAYMENT","rateBase":0.39,"rateTier1":0.29,"usageBase":{}.5,)"
        R"("usageTier1":4,"totalBase":{}.68,"totalTier1":1.16,"totalDue":{}.84,"netDue":{}.2,)"
        R"("uom":"kwh","isPaid":true,"status":"PAID"}},)"
        R"({{"sessionFeeId":{},"feeType":"PARKING","currencyCode":"EUR","pricingType":"NO_CHARGE",)"
        R"("rateBase":0,"usageBase":0,"totalBase":0,"totalDue":0,"netDue":0,"uom":"min",)"
        R"("isPaid":true,"status":"PAID"}}],"billingType":"IMMEDIATE",)"
        R"("invoices":[{{"fileName":"INV-{}-FI.pdf","contentId":"c0ffee-{:08d}",)"
        R"("invoiceType":"IMMEDIATE"}}],"vehicleMakeType":"TSLA"}})",
        100000000 + i, i, day, hour, minute, day, hour, minute, day, hour, minute,
        200000000 + 2 * i, 20 + i % 30, 8 + i % 12, 9 + i % 12, 7 + i % 12, 200000001 + 2 * i, i,
        i);
  }
  body += "]}}";
  return body;
}

template <class Parse>
void run(benchmark::State& state, const std::string& body, Parse parse) {
  for (auto _ : state) {
    auto parsed = parse(body);
    if (!parsed) {
      state.SkipWithError("parse failed");
      break;
    }
    benchmark::DoNotOptimize(parsed->value);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(body.size()));
  state.counters["payload_bytes"] = static_cast<double>(body.size());
}

void BM_ParseVehicleData(benchmark::State& state) {
  static const std::string body = read_fixture("home-assistant/vehicle_data.json");
  run(state, body, cpt::tesla::wire::parse_vehicle_data);
}
BENCHMARK(BM_ParseVehicleData);

void BM_ParseVehicleDataModelS2020(benchmark::State& state) {
  static const std::string body = read_fixture("timdorr-tesla-api/vehicle_data_model_s_2020.json");
  run(state, body, cpt::tesla::wire::parse_vehicle_data);
}
BENCHMARK(BM_ParseVehicleDataModelS2020);

void BM_ParseProducts(benchmark::State& state) {
  static const std::string body = read_fixture("home-assistant/products.json");
  run(state, body, cpt::tesla::wire::parse_products);
}
BENCHMARK(BM_ParseProducts);

void BM_ParseChargingHistory1000(benchmark::State& state) {
  static const std::string body = charging_history(1000);
  run(state, body, cpt::tesla::wire::parse_charging_history);
}
BENCHMARK(BM_ParseChargingHistory1000)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
