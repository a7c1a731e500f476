#include "cpt/http/message.h"

#include <algorithm>
#include <cctype>
#include <iterator>

namespace cpt::http {
namespace {

template <class Map>
std::string value_at(const Map& map, const std::string& key, std::size_t id) {
  auto range = map.equal_range(key);
  auto it = range.first;
  for (std::size_t i = 0; i < id && it != range.second; ++i) ++it;
  return it == range.second ? std::string{} : it->second;
}

bool has_line_break(const std::string& s) {
  return s.find_first_of("\r\n") != std::string::npos;
}

}  // namespace

bool CaseInsensitiveLess::operator()(const std::string& a, const std::string& b) const {
  return std::lexicographical_compare(
      a.begin(), a.end(), b.begin(), b.end(),
      [](unsigned char x, unsigned char y) { return std::tolower(x) < std::tolower(y); });
}

bool Request::has_header(const std::string& key) const {
  return headers.find(key) != headers.end();
}

std::string Request::get_header_value(const std::string& key, std::size_t id) const {
  return value_at(headers, key, id);
}

std::size_t Request::get_header_value_count(const std::string& key) const {
  return headers.count(key);
}

bool Request::has_param(const std::string& key) const {
  return params.find(key) != params.end();
}

std::string Request::get_param_value(const std::string& key, std::size_t id) const {
  return value_at(params, key, id);
}

std::size_t Request::get_param_value_count(const std::string& key) const {
  return params.count(key);
}

bool Response::has_header(const std::string& key) const {
  return headers.find(key) != headers.end();
}

std::string Response::get_header_value(const std::string& key, std::size_t id) const {
  return value_at(headers, key, id);
}

void Response::set_header(const std::string& key, const std::string& value) {
  // A line break would let a value smuggle a header or a body into the response.
  if (has_line_break(key) || has_line_break(value)) return;
  headers.emplace(key, value);
}

void Response::set_content(const std::string& content, const std::string& content_type) {
  body = content;
  headers.erase("Content-Type");
  set_header("Content-Type", content_type);
}

void Response::set_content(std::string&& content, const std::string& content_type) {
  body = std::move(content);
  headers.erase("Content-Type");
  set_header("Content-Type", content_type);
}

void Response::set_redirect(const std::string& url, int status_code) {
  if (has_line_break(url)) return;
  headers.erase("Location");
  set_header("Location", url);
  status = (status_code >= 300 && status_code < 400) ? status_code : 302;
}

void Response::set_content_provider(std::size_t length, const std::string& content_type,
                                    ContentProvider provider) {
  headers.erase("Content-Type");
  set_header("Content-Type", content_type);
  content_length = length;
  content_provider = std::move(provider);
}

}  // namespace cpt::http
