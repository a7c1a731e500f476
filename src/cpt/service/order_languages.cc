// A language added to a finished order: the snapshots are built again from the Tesla answers
// the order stored (the acquisition reads its raw store before every call), then rendered in the
// new language. The order's own files stay as they are.
#include "cpt/service/orders.h"
#include "cpt/service/tesla_link.h"
#include "cpt/store/order_raw_store.h"
#include "cpt/store/token_vault.h"
#include "cpt/tesla/ledger.h"

namespace cpt::service {

namespace {

// Progress of a re-read order is not shown anywhere.
class NoProgress final : public acquire::ProgressSink {
 public:
  void on_progress(const acquire::VehicleProgress&) override {}
};

}  // namespace

Result<int> add_order_language(const OrderDeps& deps, const store::OrderRecord& record,
                               report::Language language) {
  auto spec = spec_from_json(record.spec_json);
  if (!spec) return fail(std::move(spec.error()));
  auto session = deps.store->find_session(record.session_id, deps.clock->now());
  if (!session) return fail(std::move(session.error()));
  if (!*session) return fail(ErrorKind::not_found, "session gone", "No such session.");
  const auto region = tesla::parse_region((*session)->region).value_or(tesla::Region::na);
  auto tokens = std::make_shared<store::EncryptedTokenStore>(deps.store, deps.sealer);
  OrderConnection link = deps.tesla->connect(record.session_id, region, tokens, deps.budget_micros);
  store::OrderRawStore raw(deps.store);
  NoProgress progress;

  acquire::Order order;
  order.id = record.id;  // the raw answers are keyed by the order
  order.vins = spec->vins;
  order.package = spec->package;
  order.language = std::string(report::to_string(spec->language));
  order.allow_wake = false;
  order.budget_micros = deps.budget_micros;
  auto snapshots = deps.runner(order, *link.connection, raw, progress);
  const int calls = link.ledger->billed_calls();
  deps.metrics->record_tesla_calls(link.ledger->records());
  if (!snapshots) return fail(std::move(snapshots.error()));

  auto files = deps.renderer(*snapshots, language, spec->time_zone);
  if (!files) return fail(std::move(files.error()));
  std::vector<store::Artifact> worded;
  for (store::Artifact& file : *files) {
    if (file.format == "invoices.zip") continue;  // the same in every language
    OrderSpec with_language = *spec;
    with_language.languages.push_back(language);
    file.format = artifact_format(with_language, language, file.format);
    worded.push_back(std::move(file));
  }
  if (auto put = deps.store->put_artifacts(record.session_id, worded); !put) {
    return fail(std::move(put.error()));
  }
  return calls;
}

}  // namespace cpt::service
