#include "cpt/acquire/invoices.h"

#include "cpt/tesla/parallel.h"

namespace cpt::acquire {
namespace {

struct Download {
  std::size_t vehicle;
  snapshot::Invoice* invoice;
  Fetched fetched;
};

}  // namespace

void attach_invoices(std::vector<snapshot::VehicleSnapshot>& snapshots, tesla::FleetClient& client,
                     Fetcher& fetcher, int max_in_flight) {
  std::vector<Download> downloads;
  for (std::size_t v = 0; v < snapshots.size(); ++v) {
    auto& charging = snapshots[v].charging;
    if (!charging.data) continue;
    for (auto& session : charging.data->sessions) {
      for (auto& invoice : session.invoices) {
        if (!invoice.content_id.empty()) downloads.push_back({v, &invoice, {}});
      }
    }
  }
  tesla::run_bounded(downloads.size(), max_in_flight, [&](std::size_t i) {
    auto& d = downloads[i];
    const std::string id = d.invoice->content_id;
    d.fetched =
        fetcher.document("charging_invoice/" + id, tesla::Endpoint::charging_invoice,
                         "application/pdf", [&] { return client.charging_invoice_response(id); });
  });

  std::vector<int> wanted(snapshots.size(), 0), got(snapshots.size(), 0),
      calls(snapshots.size(), 0);
  std::vector<std::int64_t> cost(snapshots.size(), 0);
  std::vector<std::optional<Error>> last_error(snapshots.size());
  for (auto& d : downloads) {
    ++wanted[d.vehicle];
    calls[d.vehicle] += d.fetched.calls;
    cost[d.vehicle] += d.fetched.cost_micros;
    if (d.fetched.body) {
      d.invoice->bytes = std::move(*d.fetched.body);
      ++got[d.vehicle];
    } else if (d.fetched.error) {
      last_error[d.vehicle] = d.fetched.error;
    }
  }
  const Timestamp now = fetcher.now();
  for (std::size_t v = 0; v < snapshots.size(); ++v) {
    auto& result = snapshots[v].invoices;
    if (!snapshots[v].charging.data) continue;  // keeps the charging module's reason
    if (wanted[v] == 0) {
      result = snapshot::ModuleResult::empty("charging_invoice", now, 0, 0);
    } else if (got[v] == wanted[v]) {
      result = snapshot::ModuleResult::ok("charging_invoice", now, calls[v], cost[v]);
    } else {
      Error error = last_error[v].value_or(make_error(ErrorKind::internal, "invoice missing"));
      result =
          snapshot::ModuleResult::from_error(error, "charging_invoice", now, calls[v], cost[v]);
      const std::string missing = std::to_string(wanted[v] - got[v]);
      const std::string all = std::to_string(wanted[v]);
      result.reason =
          missing + " of " + all + " invoices could not be downloaded: " + error.user_message;
      result.note = {"invoices_missing", {{"missing", missing}, {"wanted", all}}};
    }
  }
}

}  // namespace cpt::acquire
