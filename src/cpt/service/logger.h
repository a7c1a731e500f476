// Logger: structured JSON log lines, each carrying the request id it belongs to.
#pragma once

#include <functional>
#include <initializer_list>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace cpt::service {

enum class LogLevel { debug, info, warn, error };
std::string_view to_string(LogLevel level);

// One field of a log line. Values are written as JSON strings, integers, numbers or booleans.
struct LogField {
  using Value = std::variant<std::string_view, long long, double, bool>;
  std::string_view key;
  Value value;

  LogField(std::string_view k, std::string_view v) : key(k), value(v) {}
  LogField(std::string_view k, const std::string& v) : key(k), value(std::string_view(v)) {}
  LogField(std::string_view k, const char* v) : key(k), value(std::string_view(v)) {}
  LogField(std::string_view k, int v) : key(k), value(static_cast<long long>(v)) {}
  LogField(std::string_view k, long v) : key(k), value(static_cast<long long>(v)) {}
  LogField(std::string_view k, long long v) : key(k), value(v) {}
  LogField(std::string_view k, double v) : key(k), value(v) {}
  LogField(std::string_view k, bool v) : key(k), value(v) {}
};

// Writes one JSON object per line: {"ts","level","request_id","event",...fields}. Callers pass
// VIN suffixes only, never tokens or e-mails; string values are additionally passed through
// cpt::redact::text so a secret that slips in is masked. Thread-safe.
class Logger {
 public:
  using Sink = std::function<void(std::string_view line)>;

  // Logs to stderr.
  Logger();
  explicit Logger(Sink sink, LogLevel min_level = LogLevel::info);

  void log(LogLevel level, std::string_view request_id, std::string_view event,
           std::initializer_list<LogField> fields = {});
  void info(std::string_view request_id, std::string_view event,
            std::initializer_list<LogField> fields = {}) {
    log(LogLevel::info, request_id, event, fields);
  }
  void warn(std::string_view request_id, std::string_view event,
            std::initializer_list<LogField> fields = {}) {
    log(LogLevel::warn, request_id, event, fields);
  }
  void error(std::string_view request_id, std::string_view event,
             std::initializer_list<LogField> fields = {}) {
    log(LogLevel::error, request_id, event, fields);
  }

 private:
  std::mutex mutex_;
  Sink sink_;
  LogLevel min_level_;
};

// Appends `text` to `out` as a JSON string literal (quotes and escapes included; invalid UTF-8
// bytes become U+FFFD).
void append_json_string(std::string& out, std::string_view text);

}  // namespace cpt::service
