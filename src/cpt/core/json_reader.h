// Tolerant reading of JSON that CPT does not control (Tesla's payloads): every field optional,
// numbers and booleans accepted as strings, placeholders ("<invalid>", blanks) read as absent, and
// a field of the wrong type becomes a warning instead of failing the payload. Built on simdjson's
// DOM (docs/decisions/0001), which stays out of this header.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cpt/core/error.h"
#include "cpt/core/time.h"

namespace cpt {

// Something in a payload that could not be read as documented; the payload itself still parsed.
// The reason never quotes the offending value (it could be a VIN or a secret). Value type.
struct ParseWarning {
  std::string path;    // "response.charge_state.minutes_to_full_charge"; "" for the whole body
  std::string reason;  // "expected an integer, got a string that is not a number"
  friend bool operator==(const ParseWarning&, const ParseWarning&) = default;
};

// A typed payload, the warnings met while reading it, and the body text it came from (unknown
// fields stay available there; after a repair it is the repaired, valid UTF-8 text). Value type.
template <class T>
struct Parsed {
  T value{};
  std::vector<ParseWarning> warnings;
  std::string raw;
};

// The JSON type of a value. Integers keep all 64 bits: `integer` fits int64, `unsigned_integer`
// is above INT64_MAX.
enum class JsonKind { null, boolean, integer, unsigned_integer, floating, string, array, object };

// A value inside a JsonDocument: a 16-byte copyable handle, valid only while its document lives.
// Thread-safe to read concurrently.
class JsonValue {
 public:
  JsonValue() = default;

  JsonKind kind() const;
  bool is_null() const { return kind() == JsonKind::null; }
  bool is_object() const { return kind() == JsonKind::object; }
  bool is_array() const { return kind() == JsonKind::array; }
  bool is_string() const { return kind() == JsonKind::string; }

  // Strict accessors: nullopt when the value is not of that JSON type (no tolerance applied).
  std::optional<std::string_view> string() const;
  std::optional<std::int64_t> int64() const;  // integer, or unsigned_integer that fits
  std::optional<bool> boolean() const;
  // Any JSON number as a double.
  std::optional<double> number() const;

  // An object member (linear scan; meant for envelope checks, not for field-by-field reading).
  std::optional<JsonValue> find(std::string_view key) const;
  // Members of an object or elements of an array; 0 for scalars.
  std::size_t size() const;

  // Visit members / elements in document order; no-op on other kinds. The key views stay valid as
  // long as the document does.
  using FieldVisitor = void (*)(void* context, std::string_view key, JsonValue value);
  using ElementVisitor = void (*)(void* context, std::size_t index, JsonValue value);
  void visit_fields(FieldVisitor visit, void* context) const;
  void visit_elements(ElementVisitor visit, void* context) const;

 private:
  friend struct JsonValueAccess;
  alignas(8) unsigned char bytes_[16]{};
};

// A parsed JSON text. Parsing borrows the calling thread's reusable simdjson parser (a nested
// parse on the same thread gets a private one). Move-only; use and destroy it on the thread that
// parsed it.
class JsonDocument {
 public:
  // Fails with ErrorKind::malformed only when the text is not JSON. Invalid UTF-8 is replaced by
  // U+FFFD, and numbers beyond 64 bits or the double range are kept as strings; each repair is
  // listed in repairs() and the text parsed is then repaired_text().
  static Result<JsonDocument> parse(std::string_view text);

  JsonDocument(JsonDocument&&) noexcept;
  JsonDocument& operator=(JsonDocument&&) noexcept;
  ~JsonDocument();

  JsonValue root() const;
  const std::vector<std::string>& repairs() const;
  bool repaired() const { return !repairs().empty(); }
  // The text actually parsed after a repair (empty when no repair was needed); movable out.
  std::string& repaired_text();

 private:
  struct Impl;
  explicit JsonDocument(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// `text` with every ill-formed UTF-8 sequence replaced by U+FFFD (maximal subparts, as Unicode
// recommends); well-formed text is returned unchanged.
std::string repair_utf8(std::string_view text);

class JsonReader;

// How one member of an object type S is read: its JSON key and a reader into S. `sub` is the
// field table of a nested type, when the member holds objects.
template <class S>
struct FieldSpec {
  std::string_view key;
  void (*read)(JsonReader& reader, JsonValue value, S& out, const void* sub) = nullptr;
  const void* sub = nullptr;
};

// The known fields of an object type, indexed by a hash of the key. Built once (a static in the
// parser's .cc); immutable afterwards and thread-safe.
template <class S>
class FieldTable {
 public:
  FieldTable(std::initializer_list<FieldSpec<S>> specs) : specs_(specs) {
    std::size_t slots = 16;
    while (slots < 2 * specs_.size()) slots *= 2;
    slots_.assign(slots, 0);
    for (std::size_t i = 0; i < specs_.size(); ++i) {
      std::size_t slot = hash(specs_[i].key) & (slots - 1);
      while (slots_[slot] != 0) {
        // A key listed twice is a programming error; fail at start-up, where every test sees it.
        if (specs_[slots_[slot] - 1].key == specs_[i].key) std::abort();
        slot = (slot + 1) & (slots - 1);
      }
      slots_[slot] = static_cast<std::uint32_t>(i + 1);
    }
  }

  // The spec for `key`, or nullptr. `hint` carries the position after the last match between calls:
  // payloads list keys in a stable order, so the next key is often the next entry.
  const FieldSpec<S>* find(std::string_view key, std::size_t& hint) const {
    if (hint < specs_.size() && specs_[hint].key == key) return &specs_[hint++];
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t slot = hash(key) & mask; slots_[slot] != 0; slot = (slot + 1) & mask) {
      const std::size_t index = slots_[slot] - 1;
      if (specs_[index].key == key) {
        hint = index + 1;
        return &specs_[index];
      }
    }
    return nullptr;
  }
  std::size_t size() const { return specs_.size(); }

 private:
  // FNV-1a: keys are short, so this costs about one comparison.
  static std::size_t hash(std::string_view key) {
    std::uint32_t h = 2166136261u;
    for (char c : key) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    return h;
  }
  std::vector<FieldSpec<S>> specs_;   // in the order written (the order Tesla sends them)
  std::vector<std::uint32_t> slots_;  // open addressing: index + 1, 0 = empty
};

template <class M>
struct MemberTraits;
template <class S, class T>
struct MemberTraits<T S::*> {
  using Owner = S;
  using Type = T;
};

// Reads JSON values into optional members under the tolerance rules, keeping the path of the
// value being read so that warnings say where they occurred. One per payload; not thread-safe.
class JsonReader {
 public:
  explicit JsonReader(std::vector<ParseWarning>& warnings) : warnings_(&warnings) {}

  // Scalars. null, "<invalid>", "" and blank strings leave `out` empty without a warning; a value
  // that cannot be read as the type leaves it empty and adds a warning.
  // Integers accept integral numbers, numeric strings and booleans (1/0).
  void read(JsonValue value, std::optional<std::int64_t>& out);
  void read(JsonValue value, std::optional<int>& out);
  // Doubles accept any number and numeric strings.
  void read(JsonValue value, std::optional<double>& out);
  // Booleans accept true/false, 0/1 and the strings "true"/"false"/"1"/"0" (any case).
  void read(JsonValue value, std::optional<bool>& out);
  // Strings accept numbers ("2022") and booleans ("true"); text is kept as sent (not trimmed).
  void read(JsonValue value, std::optional<std::string>& out);
  // Timestamps accept epoch seconds or milliseconds (numbers or digit strings), ISO-8601 text and
  // {"seconds": N, "nanos": M} objects.
  void read(JsonValue value, std::optional<Timestamp>& out);
  // A list of strings; absent elements are skipped. null leaves the list empty.
  void read(JsonValue value, std::vector<std::string>& out);

  // Nested objects, lists of objects and string-keyed maps of objects, read with `table`.
  template <class T>
  void read(JsonValue value, std::optional<T>& out, const FieldTable<T>& table) {
    if (value.is_null()) return;
    if (!value.is_object()) return warn_type("an object", value);
    read_fields(value, out.emplace(), table);
  }
  template <class T>
  void read(JsonValue value, std::vector<T>& out, const FieldTable<T>& table) {
    if (value.is_null()) return;
    if (!value.is_array()) return warn_type("a list", value);
    out.reserve(out.size() + value.size());
    each_element(value, [&](JsonValue element) {
      if (element.is_null()) return;
      if (!element.is_object()) return warn_type("an object", element);
      read_fields(element, out.emplace_back(), table);
    });
  }
  template <class T>
  void read(JsonValue value, std::map<std::string, T, std::less<>>& out,
            const FieldTable<T>& table) {
    if (value.is_null()) return;
    if (!value.is_object()) return warn_type("an object", value);
    each_field(value, [&](std::string_view key, JsonValue member) {
      if (member.is_null()) return;
      if (!member.is_object()) return warn_type("an object", member);
      read_fields(member, out[std::string(key)], table);
    });
  }

  // Reads the members of an object through `table` (unknown keys are ignored). Returns false and
  // warns when `value` is not an object.
  template <class S>
  bool read_fields(JsonValue value, S& out, const FieldTable<S>& table) {
    if (!value.is_object()) {
      warn_type("an object", value);
      return false;
    }
    std::size_t hint = 0;
    each_field(value, [&](std::string_view key, JsonValue member) {
      if (const auto* spec = table.find(key, hint)) spec->read(*this, member, out, spec->sub);
    });
    return true;
  }
  // The same, for an object whose members belong to two types (a struct and its embedded base).
  template <class S, class E>
  bool read_fields(JsonValue value, S& out, const FieldTable<S>& table, E& also,
                   const FieldTable<E>& also_table) {
    if (!value.is_object()) {
      warn_type("an object", value);
      return false;
    }
    std::size_t hint = 0, also_hint = 0;
    each_field(value, [&](std::string_view key, JsonValue member) {
      if (const auto* spec = table.find(key, hint)) {
        spec->read(*this, member, out, spec->sub);
      } else if (const auto* other = also_table.find(key, also_hint)) {
        other->read(*this, member, also, other->sub);
      }
    });
    return true;
  }

  // Iterate an object's members / an array's elements with the member's path pushed.
  // VIN-shaped keys are redacted in warning paths.
  template <class F>
  void each_field(JsonValue object, F&& f) {
    struct Context {
      JsonReader* self;
      F* f;
    } context{this, &f};
    object.visit_fields(
        [](void* c, std::string_view key, JsonValue member) {
          auto* ctx = static_cast<Context*>(c);
          ctx->self->push({key, 0, Segment::Kind::key});
          (*ctx->f)(key, member);
          ctx->self->pop();
        },
        &context);
  }
  template <class F>
  void each_element(JsonValue array, F&& f) {
    struct Context {
      JsonReader* self;
      F* f;
    } context{this, &f};
    array.visit_elements(
        [](void* c, std::size_t index, JsonValue element) {
          auto* ctx = static_cast<Context*>(c);
          ctx->self->push({{}, index, Segment::Kind::index});
          (*ctx->f)(element);
          ctx->self->pop();
        },
        &context);
  }

  // Pushes a key onto the path for the lifetime of the scope (e.g. "response").
  class Scope {
   public:
    Scope(JsonReader& reader, std::string_view key) : reader_(reader) {
      reader_.push({key, 0, Segment::Kind::key});
    }
    ~Scope() { reader_.pop(); }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    JsonReader& reader_;
  };

  // Adds a warning at the current path.
  void warn(std::string reason);
  // Adds "expected <what>, got <kind of value>" at the current path.
  void warn_type(std::string_view what, JsonValue got);
  // The current path as "response.data[0].fees[1].totalDue"; every run of exactly 17 [0-9A-Z]
  // characters with a digit (a VIN) inside a key is masked as "5YJ…7745".
  std::string path() const;

 private:
  struct Segment {
    enum class Kind : unsigned char { key, index };
    std::string_view key;
    std::size_t index = 0;
    Kind kind = Kind::key;
  };
  // The path is a fixed stack: pushing happens for every field read, and the schemas nest only a
  // few levels (deeper levels are still counted, just not named in warnings).
  static constexpr std::size_t kMaxDepth = 16;
  void push(Segment segment) {
    if (depth_ < kMaxDepth) path_[depth_] = segment;
    ++depth_;
  }
  void pop() { --depth_; }

  std::vector<ParseWarning>* warnings_;
  std::array<Segment, kMaxDepth> path_{};
  std::size_t depth_ = 0;
};

// A field spec for a scalar member: `field<&ChargeState::battery_level>("battery_level")`.
template <auto Member>
FieldSpec<typename MemberTraits<decltype(Member)>::Owner> field(std::string_view key) {
  using S = typename MemberTraits<decltype(Member)>::Owner;
  return {key, [](JsonReader& reader, JsonValue value, S& out, const void*) {
            reader.read(value, out.*Member);
          }};
}

// A field spec for a member holding objects (optional, list or map) read with `table`.
template <auto Member, class T>
FieldSpec<typename MemberTraits<decltype(Member)>::Owner> field(std::string_view key,
                                                                const FieldTable<T>& table) {
  using S = typename MemberTraits<decltype(Member)>::Owner;
  return {key,
          [](JsonReader& reader, JsonValue value, S& out, const void* sub) {
            reader.read(value, out.*Member, *static_cast<const FieldTable<T>*>(sub));
          },
          &table};
}

// The payload of a Fleet API body: the value of `response` when the top level is an object that
// holds one, else the top level itself.
struct PayloadRoot {
  JsonValue value;
  bool enveloped = false;
};
PayloadRoot payload_root(JsonValue top);

// Parses `body` and fills a T with `fill(JsonReader&, JsonValue top, T&) -> Result<void>`. Fails
// (malformed) only when the body is not JSON or `fill` finds a hopeless root; repairs of the text
// become warnings with an empty path.
template <class T, class Fill>
Result<Parsed<T>> parse_payload(std::string_view body, Fill&& fill) {
  auto doc = JsonDocument::parse(body);
  if (!doc) return std::unexpected(std::move(doc.error()));
  Parsed<T> out;
  for (const auto& repair : doc->repairs()) out.warnings.push_back({"", repair});
  JsonReader reader(out.warnings);
  if (auto filled = fill(reader, doc->root(), out.value); !filled) {
    return std::unexpected(std::move(filled.error()));
  }
  out.raw = doc->repaired() ? std::move(doc->repaired_text()) : std::string(body);
  return out;
}

}  // namespace cpt
