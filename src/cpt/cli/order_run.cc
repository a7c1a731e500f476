#include "cpt/cli/order_run.h"

#include <openssl/rand.h>
#include <cstring>
#include <iomanip>
#include <map>
#include <mutex>
#include <ostream>

#include "cpt/core/clock.h"
#include "cpt/core/redact.h"
#include "cpt/tesla/ledger.h"
#include "cpt/tesla/wire/vehicles.h"

namespace cpt::cli {

struct TerminalProgress::State {
  std::mutex mutex;
  std::size_t vehicles = 0;
  std::map<std::string, int> percent;  // per VIN
  std::map<std::string, acquire::Phase> phase;
};

TerminalProgress::TerminalProgress(std::ostream& out, bool interactive, std::size_t vehicles)
    : out_(out), interactive_(interactive), state_(std::make_shared<State>()) {
  state_->vehicles = vehicles;
}

void TerminalProgress::on_progress(const acquire::VehicleProgress& progress) {
  std::lock_guard lock(state_->mutex);
  auto previous = state_->phase.find(progress.vin);
  const bool phase_changed = previous == state_->phase.end() || previous->second != progress.phase;
  state_->phase[progress.vin] = progress.phase;
  state_->percent[progress.vin] = progress.percent;
  if (!interactive_) {
    if (phase_changed) {
      out_ << "vehicle " << redact::vin(progress.vin) << ": " << acquire::to_string(progress.phase)
           << " (" << progress.percent << "%)\n";
    }
    return;
  }
  int total = 0;
  for (const auto& [vin, pct] : state_->percent) total += pct;
  const std::size_t n = std::max<std::size_t>(state_->vehicles, 1);
  const int overall = static_cast<int>(static_cast<std::size_t>(total) / n);
  constexpr int kWidth = 30;
  const int filled = overall * kWidth / 100;
  out_ << "\r[" << std::string(static_cast<std::size_t>(filled), '#')
       << std::string(static_cast<std::size_t>(kWidth - filled), '.') << "] " << std::setw(3)
       << overall << "%  " << redact::vin(progress.vin) << ' ' << std::left << std::setw(10)
       << acquire::to_string(progress.phase) << std::right << std::flush;
}

void TerminalProgress::finish() {
  if (interactive_) out_ << "\n";
}

Result<std::vector<std::string>> account_vins(tesla::FleetClient& client, acquire::RawStore& store,
                                              const std::string& order_id) {
  auto answer = client.vehicles();
  if (!answer) return std::unexpected(answer.error());
  auto list = tesla::wire::parse_vehicles(answer->body);
  if (!list) return std::unexpected(list.error());
  std::vector<std::string> vins;
  for (const auto& v : list->value.vehicles) {
    if (v.vin && tesla::is_path_safe_vin(*v.vin)) vins.push_back(*v.vin);
  }
  const auto now =
      std::chrono::time_point_cast<std::chrono::milliseconds>(SystemClock::instance().now());
  acquire::StoredResponse stored{"vehicles", answer->http_status, "application/json", answer->body,
                                 Timestamp{now, {}}};
  // A failed put only means the run asks again; the VINs are still right.
  (void)store.put(order_id, stored);
  return vins;
}

void print_plan(std::ostream& out, const acquire::Plan& plan) {
  out << "Planned calls (nothing has been fetched):\n";
  for (const auto& call : plan.calls) {
    out << "  " << std::left << std::setw(18) << call.endpoint << std::setw(8)
        << (call.vin_suffix.empty() ? "account" : "…" + call.vin_suffix) << std::setw(7)
        << call.category << std::right << tesla::format_usd(call.price_micros) << "\n";
  }
  out << "Total: " << plan.calls.size() << " calls, at most "
      << tesla::format_usd(plan.total_micros)
      << " (more charging-history pages and invoice downloads cost $0.002 each)\n";
}

std::string new_order_id() {
  unsigned char bytes[8];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    const auto t = SystemClock::instance().now().time_since_epoch().count();
    std::memcpy(bytes, &t, sizeof bytes);
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id = "ord-";
  for (unsigned char b : bytes) {
    id += kHex[b >> 4];
    id += kHex[b & 15];
  }
  return id;
}

}  // namespace cpt::cli
