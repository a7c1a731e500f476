#include "cpt/core/json_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <malloc.h>

#include <latch>
#include <thread>
#include <vector>

namespace cpt {
namespace {

using ::testing::ElementsAre;

struct Inner {
  std::optional<std::string> name;
  std::optional<double> amount;
};

struct Sample {
  std::optional<std::int64_t> id;
  std::optional<int> level;
  std::optional<double> range;
  std::optional<bool> flag;
  std::optional<std::string> text;
  std::optional<Timestamp> when;
  std::vector<std::string> tags;
  std::optional<Inner> inner;
  std::vector<Inner> items;
  std::map<std::string, Inner, std::less<>> by_key;
};

const FieldTable<Inner> kInner{
    field<&Inner::name>("name"),
    field<&Inner::amount>("amount"),
};

const FieldTable<Sample> kSample{
    field<&Sample::id>("id"),
    field<&Sample::level>("level"),
    field<&Sample::range>("range"),
    field<&Sample::flag>("flag"),
    field<&Sample::text>("text"),
    field<&Sample::when>("when"),
    field<&Sample::tags>("tags"),
    field<&Sample::inner>("inner", kInner),
    field<&Sample::items>("items", kInner),
    field<&Sample::by_key>("by_key", kInner),
};

Result<Parsed<Sample>> parse_sample(std::string_view body) {
  return parse_payload<Sample>(body, [](JsonReader& r, JsonValue top, Sample& out) -> Result<void> {
    auto root = payload_root(top);
    std::optional<JsonReader::Scope> scope;
    if (root.enveloped) scope.emplace(r, "response");
    if (!root.value.is_object()) return fail(ErrorKind::malformed, "not an object");
    r.read_fields(root.value, out, kSample);
    return {};
  });
}

Parsed<Sample> ok(std::string_view body) {
  auto parsed = parse_sample(body);
  EXPECT_TRUE(parsed.has_value()) << (parsed ? "" : parsed.error().describe());
  return parsed ? std::move(*parsed) : Parsed<Sample>{};
}

TEST(JsonReader, MissingFieldsAreAbsentWithoutWarnings) {
  auto p = ok(R"({"response":{"unknown":{"deep":[1,2,3]}}})");
  EXPECT_FALSE(p.value.id.has_value());
  EXPECT_FALSE(p.value.text.has_value());
  EXPECT_FALSE(p.value.inner.has_value());
  EXPECT_TRUE(p.warnings.empty());
}

TEST(JsonReader, NullIsAbsentWithoutWarning) {
  auto p = ok(R"({"id":null,"flag":null,"text":null,"inner":null,"items":null,"when":null})");
  EXPECT_FALSE(p.value.id.has_value());
  EXPECT_FALSE(p.value.flag.has_value());
  EXPECT_FALSE(p.value.inner.has_value());
  EXPECT_TRUE(p.value.items.empty());
  EXPECT_TRUE(p.warnings.empty());
}

TEST(JsonReader, ReadsNumbersGivenAsStrings) {
  auto p = ok(R"({"id":"12","level":" 7 ","range":"3.5"})");
  EXPECT_EQ(p.value.id, 12);
  EXPECT_EQ(p.value.level, 7);
  EXPECT_EQ(p.value.range, 3.5);
  EXPECT_TRUE(p.warnings.empty());
}

TEST(JsonReader, ReadsIntegralFloatsAsIntegers) {
  auto p = ok(R"({"id":50.0,"level":"1e3"})");
  EXPECT_EQ(p.value.id, 50);
  EXPECT_EQ(p.value.level, 1000);
  EXPECT_TRUE(p.warnings.empty());
}

TEST(JsonReader, ReadsBooleansFromStringsAndZeroOne) {
  EXPECT_EQ(ok(R"({"flag":"true"})").value.flag, true);
  EXPECT_EQ(ok(R"({"flag":"False"})").value.flag, false);
  EXPECT_EQ(ok(R"({"flag":1})").value.flag, true);
  EXPECT_EQ(ok(R"({"flag":0})").value.flag, false);
  auto bad = ok(R"({"flag":2})");
  EXPECT_FALSE(bad.value.flag.has_value());
  ASSERT_EQ(bad.warnings.size(), 1u);
  EXPECT_EQ(bad.warnings[0].path, "flag");
}

TEST(JsonReader, StringFieldsAcceptNumbersAndBooleans) {
  EXPECT_EQ(ok(R"({"text":2022})").value.text, "2022");
  EXPECT_EQ(ok(R"({"text":2022.5})").value.text, "2022.5");
  EXPECT_EQ(ok(R"({"text":18446744073709551615})").value.text, "18446744073709551615");
  EXPECT_EQ(ok(R"({"text":true})").value.text, "true");
}

TEST(JsonReader, StringsAreKeptAsSent) {
  EXPECT_EQ(ok(R"({"text":"2023.44.30.8 06f534d46010"})").value.text, "2023.44.30.8 06f534d46010");
  EXPECT_EQ(ok(R"({"text":" padded "})").value.text, " padded ");
}

TEST(JsonReader, InvalidPlaceholderAndBlanksAreAbsentWithoutWarning) {
  auto p = ok(R"({"text":"<invalid>","id":"","level":"   ","flag":"<invalid>","when":" "})");
  EXPECT_FALSE(p.value.text.has_value());
  EXPECT_FALSE(p.value.id.has_value());
  EXPECT_FALSE(p.value.level.has_value());
  EXPECT_FALSE(p.value.flag.has_value());
  EXPECT_FALSE(p.value.when.has_value());
  EXPECT_TRUE(p.warnings.empty());
  EXPECT_FALSE(ok(R"({"text":" "})").value.text.has_value());
}

TEST(JsonReader, LargeIntegersStayExact) {
  auto p = ok(R"({"id":26640707449551857,"text":26640707449551857})");
  EXPECT_EQ(p.value.id, 26640707449551857);
  EXPECT_EQ(p.value.text, "26640707449551857");
  EXPECT_EQ(ok(R"({"id":"9223372036854775807"})").value.id, 9223372036854775807);
  EXPECT_EQ(ok(R"({"id":-9223372036854775807})").value.id, -9223372036854775807);
}

TEST(JsonReader, IntegerOutOfRangeIsAWarning) {
  auto p = ok(R"({"id":18446744073709551615,"level":3000000000})");
  EXPECT_FALSE(p.value.id.has_value());
  EXPECT_FALSE(p.value.level.has_value());
  ASSERT_EQ(p.warnings.size(), 2u);
  EXPECT_EQ(p.warnings[0].path, "id");
  EXPECT_EQ(p.warnings[1].path, "level");
}

TEST(JsonReader, WrongTypeBecomesAbsentWithOneWarningAtItsPath) {
  auto p = ok(R"({"response":{"level":"bad value","text":{"a":1},"range":[1],"id":2.5}})");
  EXPECT_FALSE(p.value.level.has_value());
  EXPECT_FALSE(p.value.text.has_value());
  EXPECT_FALSE(p.value.range.has_value());
  EXPECT_FALSE(p.value.id.has_value());
  ASSERT_EQ(p.warnings.size(), 4u);
  EXPECT_EQ(p.warnings[0].path, "response.level");
  EXPECT_EQ(p.warnings[0].reason, "expected an integer, got a string that is not one");
  EXPECT_EQ(p.warnings[1].path, "response.text");
  EXPECT_EQ(p.warnings[1].reason, "expected a string, got an object");
  EXPECT_EQ(p.warnings[2].path, "response.range");
  EXPECT_EQ(p.warnings[3].path, "response.id");
}

TEST(JsonReader, WarningsNeverQuoteTheValue) {
  auto p = ok(R"({"level":"5YJSA1E41GF167745"})");
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0].reason.find("5YJ"), std::string::npos);
}

TEST(JsonReader, ReadsTimestampsInEveryTeslaForm) {
  EXPECT_EQ(ok(R"({"when":1704837600})").value.when->epoch_seconds(), 1704837600);
  EXPECT_EQ(ok(R"({"when":1705707520649})").value.when->epoch_millis(), 1705707520649);
  EXPECT_EQ(ok(R"({"when":"1705707520649"})").value.when->epoch_millis(), 1705707520649);
  auto iso = ok(R"({"when":"2023-07-27T11:43:45-07:00"})").value.when;
  ASSERT_TRUE(iso.has_value());
  EXPECT_EQ(iso->epoch_seconds(), 1690483425);
  EXPECT_EQ(iso->offset_minutes, -420);
  auto proto = ok(R"({"when":{"seconds":1788552190,"nanos":85000000}})").value.when;
  ASSERT_TRUE(proto.has_value());
  EXPECT_EQ(proto->epoch_millis(), 1788552190085);
  EXPECT_EQ(ok(R"({"when":{"seconds":1788552190}})").value.when->epoch_seconds(), 1788552190);
}

TEST(JsonReader, UnreadableTimestampIsAWarning) {
  auto p = ok(R"({"when":"2026-02-10T..."})");
  EXPECT_FALSE(p.value.when.has_value());
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0].path, "when");
  auto far = ok(R"({"when":{"seconds":99999999999999999}})");
  EXPECT_FALSE(far.value.when.has_value());
  EXPECT_EQ(far.warnings.size(), 1u);
  EXPECT_EQ(ok(R"({"when":true})").warnings.size(), 1u);
}

TEST(JsonReader, ReadsNestedObjectsListsAndMaps) {
  auto p = ok(R"({"inner":{"name":"a","amount":"1.25"},
                  "items":[{"name":"x"},null,{"amount":2}],
                  "by_key":{"k1":{"name":"v"}},
                  "tags":["a","<invalid>","",3]})");
  ASSERT_TRUE(p.value.inner.has_value());
  EXPECT_EQ(p.value.inner->name, "a");
  EXPECT_EQ(p.value.inner->amount, 1.25);
  ASSERT_EQ(p.value.items.size(), 2u);
  EXPECT_EQ(p.value.items[0].name, "x");
  EXPECT_EQ(p.value.items[1].amount, 2.0);
  EXPECT_EQ(p.value.by_key.at("k1").name, "v");
  EXPECT_THAT(p.value.tags, ElementsAre("a", "3"));
  EXPECT_TRUE(p.warnings.empty());
}

TEST(JsonReader, WarningPathsIndexListsAndRedactVinKeys) {
  auto p = ok(R"({"response":{"items":[{"name":"ok"},{"amount":"lots"},"str"],
                  "by_key":{"5YJSA1E41GF167745":{"amount":{}}},"inner":[1]}})");
  ASSERT_EQ(p.warnings.size(), 4u);
  EXPECT_EQ(p.warnings[0].path, "response.items[1].amount");
  EXPECT_EQ(p.warnings[1].path, "response.items[2]");
  EXPECT_EQ(p.warnings[1].reason, "expected an object, got a string");
  EXPECT_EQ(p.warnings[2].path, "response.by_key.5YJ\u20267745.amount");
  EXPECT_EQ(p.warnings[3].path, "response.inner");
}

TEST(JsonReader, WarningPathsMaskVinsInsideKeys) {
  auto p = ok(R"({"by_key":{"car-5YJSA1E41GF167745":{"amount":true},
                  "ABCDEFGHJKLMNPRSTUV":{"amount":false}}})");
  ASSERT_EQ(p.warnings.size(), 2u);
  EXPECT_EQ(p.warnings[0].path, "by_key.car-5YJ\u20267745.amount");
  EXPECT_EQ(p.warnings[1].path, "by_key.ABCDEFGHJKLMNPRSTUV.amount");  // no digit, not a VIN
}

TEST(JsonReader, RepairsInvalidUtf8AndKeepsTheRepairedText) {
  auto p = ok("{\"text\":\"caf\xe9 ok\"}");
  EXPECT_EQ(p.value.text, "caf\uFFFD ok");
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0].path, "");
  EXPECT_EQ(p.warnings[0].reason, "invalid UTF-8 replaced with U+FFFD");
  EXPECT_EQ(p.raw, "{\"text\":\"caf\uFFFD ok\"}");
}

TEST(JsonReader, RepairUtf8ReplacesMaximalSubparts) {
  EXPECT_EQ(repair_utf8("plain \u00e9\u2013\U0001F600"), "plain \u00e9\u2013\U0001F600");
  EXPECT_EQ(repair_utf8("\xc0\xaf"), "\uFFFD\uFFFD");            // overlong
  EXPECT_EQ(repair_utf8("\xed\xa0\x80"), "\uFFFD\uFFFD\uFFFD");  // surrogate
  EXPECT_EQ(repair_utf8("a\xe2\x82"), "a\uFFFD");                // truncated 3-byte sequence
  EXPECT_EQ(repair_utf8("\xf4\x90\x80\x80"), "\uFFFD\uFFFD\uFFFD\uFFFD");  // above U+10FFFF
}

TEST(JsonReader, NumbersBeyond64BitsAreKeptAsText) {
  auto p = ok(R"({"text":123456789012345678901234,"id":-99999999999999999999,"range":1e400})");
  EXPECT_EQ(p.value.text, "123456789012345678901234");
  EXPECT_FALSE(p.value.id.has_value());
  EXPECT_FALSE(p.value.range.has_value());
  ASSERT_EQ(p.warnings.size(), 3u);
  EXPECT_EQ(p.warnings[0].reason, "numbers out of range kept as text");
  EXPECT_EQ(p.warnings[1].path, "id");
  EXPECT_EQ(p.warnings[2].path, "range");
}

TEST(JsonReader, KeepsTheRawBody) {
  const std::string body = R"({"id":1,"not_modelled":{"x":[true]}})";
  EXPECT_EQ(ok(body).raw, body);
}

TEST(JsonReader, FailsOnlyWhenTheBodyIsNotJson) {
  auto empty = parse_sample("");
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().kind, ErrorKind::malformed);
  auto text = parse_sample("Retry in 37829 seconds");
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().kind, ErrorKind::malformed);
  EXPECT_FALSE(parse_sample(R"({"id":1)").has_value());
  EXPECT_FALSE(parse_sample("[1,2]").has_value());  // hopeless root, decided by the caller
}

TEST(JsonReader, PayloadRootUnwrapsTheResponseEnvelope) {
  auto doc = JsonDocument::parse(R"({"response":{"a":1}})");
  ASSERT_TRUE(doc.has_value());
  auto root = payload_root(doc->root());
  EXPECT_TRUE(root.enveloped);
  EXPECT_TRUE(root.value.find("a").has_value());
  auto bare = JsonDocument::parse(R"({"a":1})");
  ASSERT_TRUE(bare.has_value());
  EXPECT_FALSE(payload_root(bare->root()).enveloped);
  auto list = JsonDocument::parse(R"([{"a":1}])");
  ASSERT_TRUE(list.has_value());
  EXPECT_TRUE(payload_root(list->root()).value.is_array());
}

TEST(JsonReader, NestedDocumentsOnOneThreadStayValid) {
  auto outer = JsonDocument::parse(R"({"name":"outer"})");
  ASSERT_TRUE(outer.has_value());
  {
    auto inner = JsonDocument::parse(R"({"name":"inner"})");
    ASSERT_TRUE(inner.has_value());
    EXPECT_EQ(inner->root().find("name")->string(), "inner");
  }
  EXPECT_EQ(outer->root().find("name")->string(), "outer");
  auto again = JsonDocument::parse(R"({"name":"again"})");
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->root().find("name")->string(), "again");
  EXPECT_EQ(outer->root().find("name")->string(), "outer");
}

TEST(JsonReader, DefaultValueReadsAsNull) {
  JsonValue none;
  EXPECT_EQ(none.kind(), JsonKind::null);
  EXPECT_FALSE(none.find("x").has_value());
  EXPECT_EQ(none.size(), 0u);
}

TEST(JsonReaderDeathTest, DuplicateKeyInATableAbortsAtStartup) {
  EXPECT_DEATH((FieldTable<Inner>{field<&Inner::name>("x"), field<&Inner::amount>("x")}), "");
}

// A thread reuses its parser between documents, but does not keep a large document's worth of
// it: each of cpt serve's dozens of threads would otherwise hold its largest answer's parser for
// good (some 15 bytes per byte of JSON).
TEST(JsonDocument, AThreadDoesNotKeepALargeDocumentsParser) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "the sanitizer's allocator replaces glibc's: mallinfo2 does not see its heap";
#else
  std::string page = "[";  // about 26 KB, a charging-history page's size
  for (int i = 0; i < 1000; ++i)
    page += (i > 0 ? "," : "") + std::string(R"({"id":12345,"v":"abcdef"})");
  page += "]";
  const auto in_use = [] {
    const struct mallinfo2 info = ::mallinfo2();
    return info.uordblks + info.hblkhd;
  };
  constexpr int kThreads = 8;
  std::latch parsed(kThreads);
  std::latch measured(1);
  const std::size_t before = in_use();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      {
        auto doc = JsonDocument::parse(page);
        EXPECT_TRUE(doc.has_value());
      }
      parsed.count_down();
      measured.wait();  // the thread, and whatever it keeps, stays alive until measured
    });
  }
  parsed.wait();
  const std::size_t held = in_use() - std::min(before, in_use());
  measured.count_down();
  for (std::thread& t : threads) t.join();
  // Kept whole, the parsers would hold about 8 x 390 KB.
  EXPECT_LT(held, std::size_t{kThreads} * (64u << 10)) << held << " bytes held by idle threads";
#endif
}

}  // namespace
}  // namespace cpt
