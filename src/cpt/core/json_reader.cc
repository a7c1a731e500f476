#include "cpt/core/json_reader.h"

#include <simdjson.h>

#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include "cpt/core/json_text.h"
#include "cpt/core/redact.h"

namespace cpt {

namespace dom = simdjson::dom;
using namespace json_text;  // the text repairs and scalar conversions (core-internal)

// JsonValue keeps a dom::element as plain bytes so that simdjson.h stays out of the header.
struct JsonValueAccess {
  static_assert(std::is_trivially_copyable_v<dom::element>);
  static_assert(sizeof(dom::element) <= sizeof(JsonValue::bytes_));
  static_assert(alignof(dom::element) <= 8);

  // A default-constructed JsonValue (all zero bytes) reads as null; a real element never is all
  // zeros because it points at its document.
  static bool empty(const JsonValue& v) {
    static constexpr unsigned char kZero[sizeof(JsonValue::bytes_)] = {};
    return std::memcmp(v.bytes_, kZero, sizeof kZero) == 0;
  }
  static dom::element get(const JsonValue& v) {
    dom::element e;
    std::memcpy(static_cast<void*>(&e), v.bytes_, sizeof e);
    return e;
  }
  static JsonValue make(dom::element e) {
    JsonValue v;
    std::memcpy(v.bytes_, static_cast<const void*>(&e), sizeof e);
    return v;
  }
};

namespace {

using Access = JsonValueAccess;

std::string_view kind_phrase(JsonKind kind) {
  switch (kind) {
    case JsonKind::null:
      return "null";
    case JsonKind::boolean:
      return "a boolean";
    case JsonKind::integer:
    case JsonKind::unsigned_integer:
    case JsonKind::floating:
      return "a number";
    case JsonKind::string:
      return "a string";
    case JsonKind::array:
      return "a list";
    case JsonKind::object:
      return "an object";
  }
  return "a value";
}

bool is_vin_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

// Appends `key` with every VIN-shaped run (exactly 17 of [0-9A-Z], with a digit) masked: VIN-keyed
// maps (fleet_status.vehicle_info) must not put a full VIN into a warning.
void append_redacted_key(std::string& out, std::string_view key) {
  std::size_t i = 0;
  while (i < key.size()) {
    if (!is_vin_char(key[i])) {
      out += key[i++];
      continue;
    }
    std::size_t end = i;
    bool digit = false;
    while (end < key.size() && is_vin_char(key[end])) digit |= key[end++] <= '9';
    const std::string_view run = key.substr(i, end - i);
    if (run.size() == 17 && digit) {
      out += redact::vin(run);
    } else {
      out += run;
    }
    i = end;
  }
}

// Sets `out` to `value`, or warns with `reason` when there is none.
template <class T>
void assign_or_warn(JsonReader& reader, std::optional<T>& out, std::optional<T> value,
                    const char* reason) {
  if (value) {
    out = std::move(value);
  } else {
    reader.warn(reason);
  }
}

// The string branch of the scalar readers: placeholders are absent, the rest must parse.
template <class T, class Parse>
void read_text(JsonReader& reader, JsonValue value, std::optional<T>& out, Parse parse,
               const char* reason) {
  const auto text = *value.string();
  if (!is_placeholder(text)) assign_or_warn(reader, out, parse(text), reason);
}

// ---- the per-thread parser --------------------------------------------------------------------

struct ParserSlot {
  dom::parser parser;
  bool busy = false;
};

ParserSlot& thread_slot() {
  thread_local ParserSlot slot;
  return slot;
}

// A parser holds about 15 bytes per byte of the largest document it took (tape, structural
// indexes, string buffer): a 20 KB charging-history page leaves some 320 KB per thread, and the
// service has dozens of threads, each of which would otherwise keep its largest document's worth
// for good (heaptrack of cpt serve at rest after 400 chaos orders: 11.7 MiB over 35 order threads,
// the whole of the heap's growth from the first hundred). A parser grown past a small answer's
// size (a vehicle list, a region) gives its memory back when its document is done.
constexpr std::size_t kKeepCapacity = 4u << 10;

}  // namespace

// ---- JsonValue --------------------------------------------------------------------------------

JsonKind JsonValue::kind() const {
  if (Access::empty(*this)) return JsonKind::null;
  switch (Access::get(*this).type()) {
    case dom::element_type::ARRAY:
      return JsonKind::array;
    case dom::element_type::OBJECT:
      return JsonKind::object;
    case dom::element_type::INT64:
      return JsonKind::integer;
    case dom::element_type::UINT64:
      return JsonKind::unsigned_integer;
    case dom::element_type::DOUBLE:
      return JsonKind::floating;
    case dom::element_type::STRING:
      return JsonKind::string;
    case dom::element_type::BOOL:
      return JsonKind::boolean;
    case dom::element_type::NULL_VALUE:
      return JsonKind::null;
  }
  return JsonKind::null;
}

std::optional<std::string_view> JsonValue::string() const {
  std::string_view s;
  if (Access::empty(*this) || Access::get(*this).get_string().get(s)) return std::nullopt;
  return s;
}

std::optional<std::int64_t> JsonValue::int64() const {
  std::int64_t i = 0;
  if (Access::empty(*this) || Access::get(*this).get_int64().get(i)) return std::nullopt;
  return i;
}

std::optional<bool> JsonValue::boolean() const {
  bool b = false;
  if (Access::empty(*this) || Access::get(*this).get_bool().get(b)) return std::nullopt;
  return b;
}

std::optional<double> JsonValue::number() const {
  if (Access::empty(*this)) return std::nullopt;
  const auto e = Access::get(*this);
  switch (e.type()) {
    case dom::element_type::DOUBLE:
      return e.get_double().value_unsafe();
    case dom::element_type::INT64:
      return static_cast<double>(e.get_int64().value_unsafe());
    case dom::element_type::UINT64:
      return static_cast<double>(e.get_uint64().value_unsafe());
    default:
      return std::nullopt;
  }
}

std::optional<JsonValue> JsonValue::find(std::string_view key) const {
  dom::object object;
  if (Access::empty(*this) || Access::get(*this).get_object().get(object)) return std::nullopt;
  dom::element member;
  if (object.at_key(key).get(member)) return std::nullopt;
  return Access::make(member);
}

std::size_t JsonValue::size() const {
  if (Access::empty(*this)) return 0;
  const auto e = Access::get(*this);
  dom::array array;
  if (!e.get_array().get(array)) return array.size();
  dom::object object;
  if (!e.get_object().get(object)) return object.size();
  return 0;
}

void JsonValue::visit_fields(FieldVisitor visit, void* context) const {
  dom::object object;
  if (Access::empty(*this) || Access::get(*this).get_object().get(object)) return;
  for (dom::key_value_pair member : object) visit(context, member.key, Access::make(member.value));
}

void JsonValue::visit_elements(ElementVisitor visit, void* context) const {
  dom::array array;
  if (Access::empty(*this) || Access::get(*this).get_array().get(array)) return;
  std::size_t index = 0;
  for (dom::element element : array) visit(context, index++, Access::make(element));
}

// ---- JsonDocument -----------------------------------------------------------------------------

struct JsonDocument::Impl {
  ParserSlot* slot = nullptr;        // the thread's parser, when it was free
  std::unique_ptr<dom::parser> own;  // else a private one
  dom::element root;
  std::string repaired;
  std::vector<std::string> repairs;

  ~Impl() {
    if (slot == nullptr) return;
    if (slot->parser.capacity() > kKeepCapacity) slot->parser = dom::parser{};
    slot->busy = false;
  }
};

JsonDocument::JsonDocument(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
JsonDocument::JsonDocument(JsonDocument&&) noexcept = default;
JsonDocument& JsonDocument::operator=(JsonDocument&&) noexcept = default;
JsonDocument::~JsonDocument() = default;

JsonValue JsonDocument::root() const {
  return Access::make(impl_->root);
}
const std::vector<std::string>& JsonDocument::repairs() const {
  return impl_->repairs;
}
std::string& JsonDocument::repaired_text() {
  return impl_->repaired;
}

Result<JsonDocument> JsonDocument::parse(std::string_view text) {
  auto impl = std::make_unique<Impl>();
  ParserSlot& slot = thread_slot();
  dom::parser* parser = nullptr;
  if (!slot.busy) {
    slot.busy = true;
    impl->slot = &slot;
    parser = &slot.parser;
  } else {
    impl->own = std::make_unique<dom::parser>();
    parser = impl->own.get();
  }
  std::string_view current = text;
  bool utf8_done = false, numbers_done = false;
  while (true) {
    const auto error = parser->parse(current.data(), current.size(), true).get(impl->root);
    if (!error) return JsonDocument(std::move(impl));
    if (error == simdjson::UTF8_ERROR && !utf8_done) {
      utf8_done = true;
      std::string fixed = repair_utf8(current);
      impl->repaired = std::move(fixed);
      current = impl->repaired;
      impl->repairs.emplace_back("invalid UTF-8 replaced with U+FFFD");
      continue;
    }
    if (error == simdjson::NUMBER_ERROR && !numbers_done) {
      numbers_done = true;
      if (auto fixed = quote_out_of_range_numbers(current)) {
        impl->repaired = std::move(*fixed);
        current = impl->repaired;
        impl->repairs.emplace_back("numbers out of range kept as text");
        continue;
      }
    }
    if (error == simdjson::EMPTY)
      return fail(ErrorKind::malformed, "empty body where JSON was expected");
    return fail(ErrorKind::malformed,
                std::string("body is not JSON: ") + simdjson::error_message(error));
  }
}

std::string repair_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  std::size_t i = 0;
  while (i < text.size()) {
    const int n = utf8_sequence(text, i);
    if (n > 0) {
      out.append(text.substr(i, static_cast<std::size_t>(n)));
      i += static_cast<std::size_t>(n);
    } else {
      out += "\xEF\xBF\xBD";
      i += static_cast<std::size_t>(-n);
    }
  }
  return out;
}

// ---- JsonReader -------------------------------------------------------------------------------

void JsonReader::warn(std::string reason) {
  warnings_->push_back({path(), std::move(reason)});
}

void JsonReader::warn_type(std::string_view what, JsonValue got) {
  std::string reason = "expected ";
  reason += what;
  reason += ", got ";
  reason += kind_phrase(got.kind());
  warn(std::move(reason));
}

std::string JsonReader::path() const {
  std::string out;
  for (std::size_t i = 0; i < depth_ && i < kMaxDepth; ++i) {
    const Segment& segment = path_[i];
    if (segment.kind == Segment::Kind::index) {
      out += '[';
      out += std::to_string(segment.index);
      out += ']';
      continue;
    }
    if (!out.empty()) out += '.';
    append_redacted_key(out, segment.key);
  }
  return out;
}

void JsonReader::read(JsonValue value, std::optional<std::int64_t>& out) {
  switch (value.kind()) {
    case JsonKind::null:
      return;
    case JsonKind::boolean:
      out = *value.boolean() ? 1 : 0;
      return;
    case JsonKind::integer:
      out = value.int64();
      return;
    case JsonKind::unsigned_integer:
      return warn("expected an integer, got a number out of range");
    case JsonKind::floating:
      return assign_or_warn(*this, out, integral_double(*value.number()),
                            "expected an integer, got a fractional or out-of-range number");
    case JsonKind::string:
      return read_text(*this, value, out, parse_int_text,
                       "expected an integer, got a string that is not one");
    case JsonKind::array:
    case JsonKind::object:
      return warn_type("an integer", value);
  }
}

void JsonReader::read(JsonValue value, std::optional<int>& out) {
  std::optional<std::int64_t> wide;
  const auto before = warnings_->size();
  read(value, wide);
  if (!wide) return;
  if (*wide < std::numeric_limits<int>::min() || *wide > std::numeric_limits<int>::max()) {
    if (warnings_->size() == before) warn("expected an integer, got a number out of range");
    return;
  }
  out = static_cast<int>(*wide);
}

void JsonReader::read(JsonValue value, std::optional<double>& out) {
  switch (value.kind()) {
    case JsonKind::null:
      return;
    case JsonKind::integer:
    case JsonKind::unsigned_integer:
    case JsonKind::floating:
      out = value.number();
      return;
    case JsonKind::string:
      return read_text(*this, value, out, parse_double_text,
                       "expected a number, got a string that is not one");
    case JsonKind::boolean:
    case JsonKind::array:
    case JsonKind::object:
      return warn_type("a number", value);
  }
}

void JsonReader::read(JsonValue value, std::optional<bool>& out) {
  switch (value.kind()) {
    case JsonKind::null:
      return;
    case JsonKind::boolean:
      out = value.boolean();
      return;
    case JsonKind::integer:
    case JsonKind::unsigned_integer:
    case JsonKind::floating: {
      const double d = *value.number();
      return assign_or_warn(*this, out,
                            d == 0.0 || d == 1.0 ? std::optional(d == 1.0) : std::nullopt,
                            "expected a boolean, got a number other than 0 or 1");
    }
    case JsonKind::string:
      return read_text(*this, value, out, parse_bool_text,
                       "expected a boolean, got a string that is not one");
    case JsonKind::array:
    case JsonKind::object:
      return warn_type("a boolean", value);
  }
}

void JsonReader::read(JsonValue value, std::optional<std::string>& out) {
  switch (value.kind()) {
    case JsonKind::null:
      return;
    case JsonKind::string: {
      const auto text = *value.string();
      if (!is_placeholder(text)) out.emplace(text);
      return;
    }
    case JsonKind::integer:
      out = std::to_string(*value.int64());
      return;
    case JsonKind::unsigned_integer: {
      std::uint64_t u = 0;
      if (!Access::get(value).get_uint64().get(u)) out = std::to_string(u);
      return;
    }
    case JsonKind::floating:
      out = number_text(*value.number());
      return;
    case JsonKind::boolean:
      out = *value.boolean() ? "true" : "false";
      return;
    case JsonKind::array:
    case JsonKind::object:
      return warn_type("a string", value);
  }
}

void JsonReader::read(JsonValue value, std::optional<Timestamp>& out) {
  std::optional<Timestamp> ts;
  switch (value.kind()) {
    case JsonKind::null:
      return;
    case JsonKind::integer:
      ts = checked(from_epoch_auto(*value.int64()));
      break;
    case JsonKind::unsigned_integer:
      break;
    case JsonKind::floating:
      ts = timestamp_from_double(*value.number());
      break;
    case JsonKind::string: {
      const auto text = *value.string();
      if (is_placeholder(text)) return;
      ts = timestamp_from_text(text);
      break;
    }
    case JsonKind::object: {
      std::optional<std::int64_t> seconds, nanos;
      std::vector<ParseWarning> ignored;
      JsonReader inner(ignored);
      if (auto s = value.find("seconds")) inner.read(*s, seconds);
      if (auto n = value.find("nanos")) inner.read(*n, nanos);
      constexpr std::int64_t kMaxSeconds = 1'000'000'000'000;
      if (seconds && *seconds > -kMaxSeconds && *seconds < kMaxSeconds) {
        ts = checked(from_seconds_nanos(*seconds, nanos.value_or(0)));
      }
      break;
    }
    case JsonKind::boolean:
    case JsonKind::array:
      return warn_type("a timestamp", value);
  }
  if (ts) {
    out = ts;
  } else {
    warn("expected a timestamp, got a value that is not one");
  }
}

void JsonReader::read(JsonValue value, std::vector<std::string>& out) {
  if (value.is_null()) return;
  if (!value.is_array()) return warn_type("a list", value);
  out.reserve(out.size() + value.size());
  each_element(value, [&](JsonValue element) {
    std::optional<std::string> text;
    read(element, text);
    if (text) out.push_back(std::move(*text));
  });
}

PayloadRoot payload_root(JsonValue top) {
  if (top.is_object()) {
    if (auto response = top.find("response")) return {*response, true};
  }
  return {top, false};
}

}  // namespace cpt
