#include "cpt/acquire/history_walk.h"

#include <charconv>

namespace cpt::acquire {
namespace {

using tesla::Endpoint;

std::string page_key(std::size_t index) {
  return "charging_history/page/" + std::to_string(index);
}

// Pages kept by an earlier run of the same order, or nullopt when any is missing.
std::optional<std::vector<std::string>> stored_history(Fetcher& fetcher, const Fetched& marker) {
  std::size_t pages = 0;
  const std::string& text = *marker.body;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), pages);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  std::vector<std::string> bodies;
  for (std::size_t i = 0; i < pages; ++i) {
    auto page = fetcher.reuse(page_key(i));
    if (!page || !page->body) return std::nullopt;
    bodies.push_back(std::move(*page->body));
  }
  return bodies;
}

// One page of the walk: the answer an earlier run of the order kept, else Tesla's, kept as soon
// as it arrives so that a walk cut short (the service killed mid-walk, a 429 that outlasts the
// order) resumes at the page it stopped on instead of paying for the first ones again.
Result<tesla::RawResponse> history_page(tesla::FleetClient& client, Fetcher& fetcher, int page_no,
                                        int page_size) {
  const std::string key =
      "charging_history/answer/" + std::to_string(page_no) + "/" + std::to_string(page_size);
  if (auto kept = fetcher.reuse(key); kept && kept->body) {
    tesla::RawResponse answer;
    answer.endpoint = Endpoint::charging_history;
    answer.http_status = 200;
    answer.body = std::move(*kept->body);
    answer.attempts = 0;  // no request, nothing billed
    return answer;
  }
  auto answer = client.charging_history_page({}, page_no, page_size);
  // Only a page the walk can read is kept: a cut body must be asked again, not reused.
  if (answer && tesla::charging_session_ids(answer->body)) {
    fetcher.keep(key, "application/json", answer->body, fetcher.now());
  }
  return answer;
}

}  // namespace

void fetch_history(tesla::FleetClient& client, Fetcher& fetcher, AccountWork& account) {
  const std::string marker_key = "charging_history/pages";
  const std::string note_key = "charging_history/note";
  if (auto marker = fetcher.reuse(marker_key)) {
    if (auto pages = stored_history(fetcher, *marker)) {
      account.history_pages = std::move(*pages);
      account.history = std::move(*marker);
      if (auto note = fetcher.reuse(note_key); note && note->body) {
        account.history_note = std::move(*note->body);
      }
      return;
    }
  }
  const Timestamp at = fetcher.now();
  auto walk = client.charging_history_from([&](int page_no, int page_size) {
    return history_page(client, fetcher, page_no, page_size);
  });
  if (!walk) {
    account.history = fetcher.failed(Endpoint::charging_history, std::move(walk.error()), at);
    return;
  }
  const int requests = walk->requests;
  for (std::size_t i = 0; i < walk->pages.size(); ++i) {
    fetcher.keep(page_key(i), "application/json", walk->pages[i].body, at);
    account.history_pages.push_back(std::move(walk->pages[i].body));
  }
  if (walk->total_mismatch()) {
    account.history_note = "Tesla's charging history gave its total as " +
                           std::to_string(*walk->total_results) + " sessions; " +
                           std::to_string(walk->session_ids.size()) +
                           " were read (every page, up to an empty one).";
    fetcher.keep(note_key, "text/plain", account.history_note, at);
  }
  const auto page_count = std::to_string(account.history_pages.size());
  fetcher.keep(marker_key, "text/plain", page_count, at);
  Fetched done = fetcher.counted(requests, walk->billed_micros, at);
  done.body = page_count;
  account.history = std::move(done);
}

}  // namespace cpt::acquire
