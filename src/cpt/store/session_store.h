// SessionStore: everything the service keeps about a browser's order session (OAuth states,
// sessions, sealed tokens, orders and their raw Tesla answers, rendered reports), each expiring.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cpt/acquire/raw_store.h"
#include "cpt/core/error.h"

namespace cpt::store {

using TimePoint = std::chrono::system_clock::time_point;

// A pending OAuth login: single-use, bound to the browser that started it. Holds a secret (the
// PKCE verifier). Value type.
struct OAuthState {
  std::string state;
  std::string owner;  // hash of the browser cookie that initiated the login
  std::string code_verifier;
  std::string redirect_uri;
  TimePoint expires_at{};
};

// One signed-in order session. `inventory_json` is the vehicle list as the API serves it; the
// store does not read it. Value type.
struct SessionRecord {
  std::string id;      // >= 128 random bits, URL-safe
  std::string owner;   // hash of the browser cookie; only that browser may use the session
  std::string region;  // "na", "eu", "cn"
  std::string inventory_json;
  TimePoint created_at{};
  TimePoint expires_at{};
};

// Where an order stands as a whole.
enum class OrderStatus { running, done, failed };
std::string_view to_string(OrderStatus status);
std::optional<OrderStatus> parse_order_status(std::string_view text);

// An order of a session (one per session). `spec_json` and `progress_json` are the service's
// JSON documents; the store keeps them as text. Value type.
struct OrderRecord {
  std::string id;
  std::string session_id;
  std::string spec_json;
  OrderStatus status = OrderStatus::running;
  std::string progress_json = "{}";
  std::string error;  // user-safe reason when failed
  TimePoint created_at{};
  TimePoint updated_at{};
};

// A rendered download: one format of one vehicle's report, or an order-level file (vin empty).
// Value type.
struct Artifact {
  std::string vin;     // empty for order-level files (invoices.zip of the whole order)
  std::string format;  // "json", "html", "pdf", "csv", "invoices.zip"
  std::string content_type;
  std::string bytes;
};

// What a sweep removed.
struct SweepStats {
  int sessions = 0;
  int oauth_states = 0;
};

// Storage of sessions and everything hanging off them. Deleting (or expiring) a session removes
// its tokens, order, raw answers and artifacts in one step. Implementations are thread-safe.
class SessionStore {
 public:
  virtual ~SessionStore() = default;

  // --- OAuth states ---
  virtual Result<void> put_oauth_state(const OAuthState& state) = 0;
  // Removes the state and returns it when it existed and had not expired at `now`: a state can be
  // taken once, whatever happens next.
  virtual Result<std::optional<OAuthState>> take_oauth_state(std::string_view state,
                                                             TimePoint now) = 0;

  // --- sessions and their sealed tokens ---
  // Creates the session and stores its sealed token blob (account = session id) atomically:
  // either both exist afterwards or neither does.
  virtual Result<void> create_session(const SessionRecord& session,
                                      std::string_view sealed_tokens) = 0;
  // The session when it exists and has not expired at `now`.
  virtual Result<std::optional<SessionRecord>> find_session(std::string_view id, TimePoint now) = 0;
  // Removes the session and everything of it. False when there was none.
  virtual Result<bool> delete_session(std::string_view id) = 0;
  // The sealed token blob of an account (a session id).
  virtual Result<std::optional<std::string>> load_tokens(std::string_view account) = 0;
  // Replaces the sealed blob of an existing session's account (not_found without the session).
  virtual Result<void> save_tokens(std::string_view account, std::string_view sealed) = 0;

  // --- orders ---
  // conflict when the session already has an order; not_found when the session is gone.
  virtual Result<void> create_order(const OrderRecord& order) = 0;
  virtual Result<std::optional<OrderRecord>> find_order_of_session(std::string_view session_id) = 0;
  virtual Result<void> update_order(std::string_view order_id, OrderStatus status,
                                    std::string_view progress_json, std::string_view error,
                                    TimePoint now) = 0;
  // Orders still running whose session has not expired: what a restarted service resumes.
  virtual Result<std::vector<OrderRecord>> running_orders(TimePoint now) = 0;

  // --- raw Tesla answers of an order (not_found when the order is gone) ---
  virtual Result<std::optional<acquire::StoredResponse>> find_raw(std::string_view order_id,
                                                                  std::string_view key) = 0;
  virtual Result<void> put_raw(std::string_view order_id,
                               const acquire::StoredResponse& response) = 0;
  virtual Result<void> erase_raw(std::string_view order_id) = 0;
  virtual Result<int> count_raw(std::string_view order_id) = 0;

  // --- rendered downloads ---
  // Stores all artifacts of a session at once (replacing ones with the same vin and format).
  virtual Result<void> put_artifacts(std::string_view session_id,
                                     const std::vector<Artifact>& artifacts) = 0;
  virtual Result<std::optional<Artifact>> find_artifact(std::string_view session_id,
                                                        std::string_view vin,
                                                        std::string_view format) = 0;

  // --- expiry ---
  // Deletes every session (and all of it) and OAuth state that expired at or before `now`.
  virtual Result<SweepStats> sweep(TimePoint now) = 0;
};

}  // namespace cpt::store
