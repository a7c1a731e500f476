#include "cpt/tesla/wire/errors.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <vector>

#include "cpt/core/json_reader.h"

namespace cpt::tesla::wire {
namespace {

constexpr std::size_t kMaxText = 4096;

std::string_view trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  const auto first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

// Position just after `marker` in `text`, ignoring ASCII case; npos when absent.
std::size_t find_after(std::string_view text, std::string_view marker) {
  auto it = std::search(text.begin(), text.end(), marker.begin(), marker.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
  });
  if (it == text.end()) return std::string_view::npos;
  return static_cast<std::size_t>(it - text.begin()) + marker.size();
}

// The URL-like word after `marker`: up to a comma, whitespace or quote, minus a trailing '/' or
// '.'.
std::optional<std::string> url_after(std::string_view text, std::string_view marker) {
  auto start = find_after(text, marker);
  if (start == std::string_view::npos) return std::nullopt;
  text.remove_prefix(start);
  text = text.substr(std::min(text.size(), text.find_first_not_of(" \t")));
  text = text.substr(0, text.find_first_of(", \t\r\n\"'"));
  while (!text.empty() && (text.back() == '/' || text.back() == '.')) text.remove_suffix(1);
  if (!text.starts_with("https://") && !text.starts_with("http://")) return std::nullopt;
  return std::string(text);
}

void read_messages(JsonReader& reader, JsonValue value, ErrorBody& out, const void*) {
  if (value.is_array()) return reader.read(value, out.messages[""]);
  reader.each_field(value, [&](std::string_view key, JsonValue problems) {
    auto& list = out.messages[std::string(key)];
    if (problems.is_array()) return reader.read(problems, list);
    std::optional<std::string> one;
    reader.read(problems, one);
    if (one) list.push_back(std::move(*one));
  });
}

const FieldTable<ErrorBody> kErrorBodyFields{
    field<&ErrorBody::error>("error"),
    field<&ErrorBody::error_description>("error_description"),
    field<&ErrorBody::error_uri>("error_uri"),
    {"messages", &read_messages},
};

// A bounded, valid UTF-8 copy of a text body (a proxy's HTML error page can be large).
std::string bounded_text(std::string_view text) {
  if (text.size() > kMaxText) {
    std::size_t cut = kMaxText;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text = text.substr(0, cut);
  }
  return repair_utf8(text);
}

void extract_facts(ErrorBody& body) {
  for (const auto* text : {&body.error, &body.error_description, &body.text}) {
    if (!*text) continue;
    if (!body.base_url) body.base_url = base_url_in(**text);
    if (!body.region_base_url) body.region_base_url = url_after(**text, "current region ");
    if (!body.retry_after_seconds) body.retry_after_seconds = retry_seconds_in(**text);
  }
}

}  // namespace

std::optional<std::string> base_url_in(std::string_view text) {
  return url_after(text, "use base URL: ");
}

std::optional<std::int64_t> retry_seconds_in(std::string_view text) {
  auto start = find_after(text, "retry in ");
  if (start == std::string_view::npos) return std::nullopt;
  text.remove_prefix(start);
  std::int64_t seconds = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (ec != std::errc{} || seconds < 0) return std::nullopt;
  std::string_view unit = trim(text.substr(static_cast<std::size_t>(end - text.data())));
  if (find_after(unit.substr(0, 6), "second") != 6) return std::nullopt;
  return seconds;
}

ErrorBody parse_error_body(std::string_view body) {
  ErrorBody out;
  const std::string_view trimmed = trim(body);
  if (trimmed.empty()) return out;
  out.empty = false;
  auto doc = JsonDocument::parse(trimmed);
  if (doc && doc->root().is_object()) {
    out.json = true;
    std::vector<ParseWarning> ignored;  // an error body is best effort: nothing to warn about
    JsonReader reader(ignored);
    reader.read_fields(doc->root(), out, kErrorBodyFields);
  } else if (doc && doc->root().is_string()) {
    out.text = bounded_text(*doc->root().string());
  } else {
    out.text = bounded_text(trimmed);
  }
  extract_facts(out);
  return out;
}

}  // namespace cpt::tesla::wire
