// The charging-history walk (FleetClient::charging_history). It does not depend on the open
// questions of FLEET-API §9: pages may start at 0 or 1 (learnt from the answers), the server may
// serve fewer rows than asked, the list may sit at the top level or under `response`, and
// `totalResults` may be missing or disagree with what the pages hold.
#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>

#include "cpt/tesla/fleet_client.h"

namespace cpt::tesla {
namespace {

std::string scalar_text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
  if (value.is_number_unsigned()) return std::to_string(value.get<std::uint64_t>());
  return {};
}

// The session list wherever a client in the wild has found it; `null` reads as no list.
const nlohmann::json* session_list(const nlohmann::json& json) {
  if (!json.is_object()) return nullptr;
  if (auto data = json.find("data"); data != json.end() && data->is_array()) return &*data;
  if (auto response = json.find("response"); response != json.end()) {
    if (response->is_array()) return &*response;
    if (response->is_object()) {
      if (auto data = response->find("data"); data != response->end() && data->is_array()) {
        return &*data;
      }
    }
  }
  return nullptr;
}

// totalResults at the top level or beside `response.data`.
std::optional<std::int64_t> total_results(const nlohmann::json& json) {
  if (!json.is_object()) return std::nullopt;
  const nlohmann::json* holders[] = {&json, nullptr};
  if (auto response = json.find("response"); response != json.end() && response->is_object()) {
    holders[1] = &*response;
  }
  for (const auto* holder : holders) {
    if (holder == nullptr) continue;
    auto total = holder->find("totalResults");
    if (total != holder->end() && total->is_number_integer()) return total->get<std::int64_t>();
  }
  return std::nullopt;
}

// A session's identity: its sessionId, or (without one) what makes it that session, so two
// id-less sessions on different pages are not taken for one.
std::string session_key(const nlohmann::json& session) {
  if (auto id = session.find("sessionId"); id != session.end()) {
    if (auto text = scalar_text(*id); !text.empty()) return text;
  }
  std::string key = "content:";
  for (const char* field :
       {"vin", "chargeStartDateTime", "chargeStopDateTime", "siteLocationName"}) {
    if (auto value = session.find(field); value != session.end()) key += scalar_text(*value);
    key += '|';
  }
  if (key == "content:||||") key += session.dump();  // nothing to go by: the whole record
  return key;
}

struct PageContent {
  std::vector<std::string> keys;
  std::optional<std::int64_t> total;
};

Result<PageContent> read_page(std::string_view body) {
  auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded()) return fail(ErrorKind::malformed, "charging history is not JSON");
  PageContent page;
  page.total = total_results(json);
  if (const nlohmann::json* list = session_list(json)) {
    for (const auto& session : *list) {
      if (session.is_object()) page.keys.push_back(session_key(session));
    }
  }
  return page;
}

// A server that numbers pages from 1 refuses pageNo=0 with a 4xx (400 in the simulator).
bool refuses_page(const Error& error) {
  return error.kind == ErrorKind::invalid_argument || error.kind == ErrorKind::not_found;
}

// A refused page: its requests and cost still count.
void count_refusal(const Error& error, ChargingHistoryPages& out) {
  auto attempts = error.get("attempts");
  out.requests += attempts ? std::max(1, std::atoi(std::string(*attempts).c_str())) : 1;
  out.billed_micros += billed_micros_of(error);
}

// A walk that failed part-way: its error carries what every page before it cost too.
std::unexpected<Error> walk_failed(Error error, const ChargingHistoryPages& out) {
  ChargingHistoryPages total = out;
  count_refusal(error, total);
  return std::unexpected(std::move(error)
                             .with("attempts", std::to_string(total.requests))
                             .with("billed_micros", std::to_string(total.billed_micros)));
}

// The walk's running state.
class Walk {
 public:
  explicit Walk(ChargingHistoryPages& out) : out_(out) {}

  // Adds a page's new sessions; the count of sessions not met before.
  std::size_t add(RawResponse page, const PageContent& content, bool in_front) {
    std::vector<std::string> fresh;
    for (const auto& key : content.keys) {
      if (seen_.insert(key).second) fresh.push_back(key);
    }
    out_.requests += page.attempts;
    out_.billed_micros += page.billed_micros;
    if (!out_.total_results && content.total) out_.total_results = content.total;
    if (fresh.empty()) return 0;
    const auto at = in_front ? 0 : out_.pages.size();
    out_.pages.insert(out_.pages.begin() + static_cast<std::ptrdiff_t>(at), std::move(page));
    out_.session_ids.insert(in_front ? out_.session_ids.begin() : out_.session_ids.end(),
                            fresh.begin(), fresh.end());
    return fresh.size();
  }

 private:
  ChargingHistoryPages& out_;
  std::set<std::string> seen_;
};

}  // namespace

std::string_view to_string(HistoryStop stop) {
  switch (stop) {
    case HistoryStop::empty_page:
      return "empty_page";
    case HistoryStop::short_page:
      return "short_page";
    case HistoryStop::repeated_page:
      return "repeated_page";
    case HistoryStop::page_limit:
      return "page_limit";
  }
  return "empty_page";
}

bool ChargingHistoryPages::total_mismatch() const {
  return total_results && *total_results != static_cast<std::int64_t>(session_ids.size());
}

Result<std::vector<std::string>> charging_session_ids(std::string_view body) {
  auto page = read_page(body);
  if (!page) return std::unexpected(page.error());
  return std::move(page->keys);
}

Result<ChargingHistoryPages> FleetClient::charging_history(const ChargingHistoryQuery& query) {
  return charging_history_from([this, &query](int page_no, int page_size) {
    return charging_history_page(query, page_no, page_size);
  });
}

Result<ChargingHistoryPages> FleetClient::charging_history_from(const HistoryPageSource& source) {
  const FleetOptions& options = connection_->options();
  const int page_size = std::max(1, options.history_page_size);
  ChargingHistoryPages out;
  Walk walk(out);
  int start = options.history_first_page == 0 ? 0 : 1;
  bool zero_refused = false;
  std::size_t longest = 0;
  out.stop = HistoryStop::page_limit;
  for (int n = 0; n < options.history_max_pages; ++n) {
    const int page_no = start + n;
    auto page = source(page_no, page_size);
    if (!page && page_no == 0 && refuses_page(page.error())) {
      // Pages start at 1 here: begin again there (nothing was read yet).
      count_refusal(page.error(), out);
      zero_refused = true;
      start = 1;
      n = -1;
      continue;
    }
    if (!page) return walk_failed(std::move(page.error()), out);
    auto content = read_page(page->body);
    if (!content) return std::unexpected(content.error());
    const std::size_t rows = content->keys.size();
    if (rows == 0) {
      if (out.pages.empty()) out.pages.push_back(*page);  // the evidence of an empty history
      if (!out.total_results) out.total_results = content->total;
      out.requests += page->attempts;
      out.billed_micros += page->billed_micros;
      out.stop = HistoryStop::empty_page;
      break;
    }
    const std::size_t fresh = walk.add(std::move(*page), *content, false);
    if (fresh == 0 && page_no == 1 && start == 0) {
      out.first_page = 1;  // 0 was read as 1: the pages count from 1; go on at 2
      continue;
    }
    if (fresh == 0) {
      out.stop = HistoryStop::repeated_page;
      break;
    }
    if (page_no == 0) out.first_page = 0;
    // Servers page at one size: a page shorter than an earlier one is the last.
    if (rows < longest) {
      out.stop = HistoryStop::short_page;
      break;
    }
    longest = std::max(longest, rows);
  }
  if (start == 1 && !zero_refused && (!out.total_results || out.total_mismatch())) {
    // Walked from 1 without a total confirming the count: a server counting from 0 would have
    // kept its newest page at 0. Ask for it once; a refusal or a repeat of page 1 settles it.
    auto probe = source(0, page_size);
    if (!probe) {
      if (!refuses_page(probe.error())) return walk_failed(std::move(probe.error()), out);
      count_refusal(probe.error(), out);
      return out;
    }
    auto content = read_page(probe->body);
    if (!content) return std::unexpected(content.error());
    if (walk.add(std::move(*probe), *content, true) > 0) out.first_page = 0;
  }
  return out;
}

}  // namespace cpt::tesla
