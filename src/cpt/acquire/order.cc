#include "cpt/acquire/order.h"

namespace cpt::acquire {

std::string_view to_string(Phase phase) {
  switch (phase) {
    case Phase::queued:
      return "queued";
    case Phase::account:
      return "account";
    case Phase::vehicle:
      return "vehicle";
    case Phase::modules:
      return "modules";
    case Phase::normalize:
      return "normalize";
    case Phase::invoices:
      return "invoices";
    case Phase::done:
      return "done";
    case Phase::failed:
      return "failed";
  }
  return "failed";
}

}  // namespace cpt::acquire
