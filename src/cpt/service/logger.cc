#include "cpt/service/logger.h"

#include <unistd.h>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <chrono>

#include "cpt/core/redact.h"

namespace cpt::service {

namespace {

// Length of the valid UTF-8 sequence starting at text[i], or 0 when it is not one.
std::size_t utf8_sequence(std::string_view text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  std::size_t length = 0;
  if (lead >= 0xC2 && lead <= 0xDF)
    length = 2;
  else if (lead >= 0xE0 && lead <= 0xEF)
    length = 3;
  else if (lead >= 0xF0 && lead <= 0xF4)
    length = 4;
  if (length == 0 || i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return 0;
  }
  return length;
}

}  // namespace

std::string_view to_string(LogLevel level) {
  switch (level) {
    case LogLevel::debug:
      return "debug";
    case LogLevel::info:
      return "info";
    case LogLevel::warn:
      return "warn";
    case LogLevel::error:
      return "error";
  }
  return "info";
}

void append_json_string(std::string& out, std::string_view text) {
  out.push_back('"');
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c == '\n') {
      out += "\\n";
    } else if (c < 0x20) {
      out += fmt::format("\\u{:04x}", c);
    } else if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (const std::size_t n = utf8_sequence(text, i); n > 0) {
      out.append(text.substr(i, n));
      i += n - 1;
    } else {
      out += "\xEF\xBF\xBD";
    }
  }
  out.push_back('"');
}

Logger::Logger()
    : Logger([](std::string_view line) {
        // One write per line keeps lines whole when several processes share stderr.
        [[maybe_unused]] const auto n = ::write(2, line.data(), line.size());
      }) {}

Logger::Logger(Sink sink, LogLevel min_level) : sink_(std::move(sink)), min_level_(min_level) {}

void Logger::log(LogLevel level, std::string_view request_id, std::string_view event,
                 std::initializer_list<LogField> fields) {
  if (static_cast<int>(level) < static_cast<int>(min_level_)) return;
  const auto now =
      std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  std::string line = fmt::format(R"({{"ts":"{:%Y-%m-%dT%H:%M:%S}Z","level":"{}","request_id":)",
                                 now, to_string(level));
  append_json_string(line, request_id);
  line += ",\"event\":";
  append_json_string(line, event);
  for (const LogField& field : fields) {
    line.push_back(',');
    append_json_string(line, field.key);
    line.push_back(':');
    if (const auto* text = std::get_if<std::string_view>(&field.value)) {
      append_json_string(line, redact::text(*text));
    } else if (const auto* integer = std::get_if<long long>(&field.value)) {
      line += std::to_string(*integer);
    } else if (const auto* number = std::get_if<double>(&field.value)) {
      line += fmt::format("{:.3f}", *number);
    } else {
      line += std::get<bool>(field.value) ? "true" : "false";
    }
  }
  line += "}\n";
  std::lock_guard lock(mutex_);
  sink_(line);
}

}  // namespace cpt::service
