// The public verify page and its API: genuine reports, one changed digit, unknown and expired
// keys, the size limit, nine languages, the published key set, and that an upload leaves
// nothing behind (no file, no row, no log line that carries it).
#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include <map>

#include "cpt/report/key_set.h"
#include "cpt/report/renderers.h"
#include "cpt/service/config_loader.h"
#include "cpt/snapshot/sample.h"
#include "harness.h"
#include "openapi_check.h"

namespace cpt::service::testing {
namespace {

using nlohmann::json;

Timestamp at(std::string_view iso) {
  return *parse_iso8601(iso);
}

report::SigningKey fresh_key() {
  auto key = report::SigningKey::generate();
  EXPECT_TRUE(key.has_value());
  return std::move(*key);
}

class VerifyTest : public ServiceHarness {
 protected:
  // A retired key that signed until mid-2026, and the service's current key from then on.
  void SetUp() override {
    ServiceHarness::SetUp();
    report::KeySet previous;
    previous.add({retired_.public_key(), at("2025-01-01T00:00:00Z"), at("2026-06-30T23:59:59Z")});
    config_.previous_keys_json = previous.to_json();
    config_.signing_key_since = "2026-07-01T00:00:00Z";
    config_.max_verify_bytes = 1024 * 1024;
    current_ = std::make_unique<report::SigningKey>(
        *report::SigningKey::from_pem(config_.signing_key_pem));
  }

  static report::Report report_at(std::string_view when) {
    report::ReportOptions options(report::Language::en);
    options.generated_at = at(when);
    return report::build_report(snapshot::sample_eu_model3(), options);
  }

  // POST /api/v1/verify?lang=... with `bytes`; the JSON answer (status checked to be 200).
  json verify(const std::string& bytes, const std::string& lang = "en") {
    httplib::Client client("127.0.0.1", service_->port());
    auto res = client.Post("/api/v1/verify?lang=" + lang, bytes, "application/octet-stream");
    EXPECT_TRUE(res);
    if (!res) return json();
    EXPECT_EQ(res->status, 200) << res->body;
    return json::parse(res->body, nullptr, false);
  }

  report::SigningKey retired_ = fresh_key();
  std::unique_ptr<report::SigningKey> current_;
};

TEST_F(VerifyTest, ARealPdfAndJsonAreGenuineWithKeyDateVinAndOdometer) {
  start_service();
  const report::Report report = report_at("2026-08-01T10:00:00Z");
  const std::string vin = snapshot::sample_eu_model3().vin;
  for (const std::string& bytes : {*report::render_pdf(report, current_.get()),
                                   *report::render_json(report, current_.get())}) {
    const json answer = verify(bytes);
    EXPECT_EQ(answer["verdict"], "genuine") << answer.dump();
    EXPECT_EQ(answer["genuine"], true);
    EXPECT_EQ(answer["key_id"], current_->key_id());
    EXPECT_EQ(answer["vin_suffix"], vin.substr(13));
    const std::string message = answer["message"];
    EXPECT_EQ(message.find("Genuine: signed with key " + current_->key_id() +
                           " on 2026-08-01 for VIN \u2026" + vin.substr(13) + ", odometer "),
              0u)
        << message;
    EXPECT_NE(message.find(answer["odometer"].get<std::string>()), std::string::npos);
  }
}

TEST_F(VerifyTest, ACopyWithOneChangedDigitIsNotGenuine) {
  start_service();
  const report::Report report = report_at("2026-08-01T10:00:00Z");
  std::string json_text = *report::render_json(report, current_.get());
  std::string pdf = *report::render_pdf(report, current_.get());
  // A digit of the odometer's value in the JSON, and of the generation date inside the PDF's
  // embedded report.
  const auto odometer = json_text.find("\"value\"", json_text.find("\"condition.odometer\""));
  const auto digit = json_text.find_first_of("123456789", odometer);
  json_text[digit] = json_text[digit] == '9' ? '8' : static_cast<char>(json_text[digit] + 1);
  const auto date = pdf.find("2026-08-01T10", pdf.find("%CPT-SIGNED-UPDATE"));
  ASSERT_NE(date, std::string::npos);
  pdf[date + 3] = '7';
  for (const std::string& bytes : {json_text, pdf}) {
    const json answer = verify(bytes, "de");
    EXPECT_EQ(answer["verdict"], "altered") << answer.dump();
    EXPECT_EQ(answer["genuine"], false);
    EXPECT_EQ(answer["message"], "Nicht echt: Der Bericht wurde nach dem Signieren verändert.");
  }
}

TEST_F(VerifyTest, OldReportsOfTheRetiredKeyVerifyAndItsLaterSignaturesAreExpired) {
  start_service();
  const json old_report = verify(*report::render_pdf(report_at("2026-03-01T08:00:00Z"), &retired_));
  EXPECT_EQ(old_report["verdict"], "genuine") << old_report.dump();
  EXPECT_EQ(old_report["key_id"], retired_.key_id());
  const json late = verify(*report::render_json(report_at("2026-09-01T08:00:00Z"), &retired_));
  EXPECT_EQ(late["verdict"], "expired_key");
  EXPECT_EQ(late["message"], "Not genuine: key " + retired_.key_id() +
                                 " was not valid on 2026-09-01, the date the report gives.");
  // The current key did not sign before its period began.
  const json early =
      verify(*report::render_json(report_at("2026-05-01T08:00:00Z"), current_.get()));
  EXPECT_EQ(early["verdict"], "expired_key");
}

TEST_F(VerifyTest, AKeyTheServiceDoesNotPublishIsUnknown) {
  start_service();
  const report::SigningKey stranger = fresh_key();
  const json answer =
      verify(*report::render_pdf(report_at("2026-08-01T10:00:00Z"), &stranger), "fi");
  EXPECT_EQ(answer["verdict"], "unknown_key");
  EXPECT_EQ(answer["message"], "Ei aito: allekirjoitettu avaimella " + stranger.key_id() +
                                   ", jota tämä palvelu ei tunne.");
  EXPECT_EQ(verify("%PDF-1.5 nothing signed here")["verdict"], "unsigned");
  EXPECT_EQ(verify("not a report")["verdict"], "unreadable");
}

TEST_F(VerifyTest, UploadsAboveTheLimitAreRefusedWith413) {
  config_.max_verify_bytes = 200 * 1024;
  start_service();
  httplib::Client client("127.0.0.1", service_->port());
  auto too_big = client.Post("/api/v1/verify", std::string(300 * 1024, 'x'), "application/pdf");
  ASSERT_TRUE(too_big);
  EXPECT_EQ(too_big->status, 413);
  // Just under the limit is read (and is no report); other routes keep their own, smaller limit.
  auto under = client.Post("/api/v1/verify", std::string(199 * 1024, 'x'), "application/pdf");
  ASSERT_TRUE(under);
  EXPECT_EQ(under->status, 200);
  auto sign_in =
      client.Post("/api/v1/tesla/oauth/initiate", std::string(100 * 1024, 'x'), "application/json");
  ASSERT_TRUE(sign_in);
  EXPECT_EQ(sign_in->status, 413);
}

// Each check parses up to max_verify_bytes: an address gets a bucket of checks of its own,
// refused with 429 and Retry-After beyond it, which neither touches the sign-in bucket nor is
// touched by it.
TEST_F(VerifyTest, ChecksArePerAddressRateLimitedInABucketOfTheirOwn) {
  config_.verify_rate = {.per_minute = 1, .burst = 2};
  start_service();
  httplib::Client client("127.0.0.1", service_->port());
  for (int i = 0; i < 2; ++i) {
    auto res = client.Post("/api/v1/verify", "not a report", "application/pdf");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << i;
  }
  auto refused = client.Post("/api/v1/verify", "not a report", "application/pdf");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 429);
  EXPECT_EQ(json::parse(refused->body)["error"], "rate_limited") << refused->body;
  EXPECT_GE(std::stoi(refused->get_header_value("Retry-After")), 1);
  auto sign_in = client.Post("/api/v1/tesla/oauth/initiate", "{}", "application/json");
  ASSERT_TRUE(sign_in);
  EXPECT_EQ(sign_in->status, 200);
}

// Every file under the test's directory with its size, and every table's row count.
std::map<std::string, std::uintmax_t> files_under(const std::filesystem::path& dir) {
  std::map<std::string, std::uintmax_t> out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) out[entry.path().string()] = entry.file_size();
  }
  return out;
}

TEST_F(VerifyTest, AnUploadLeavesNoFileNoRowAndNoLogLineBehind) {
  start_service();
  const report::Report report = report_at("2026-08-01T10:00:00Z");
  const std::string pdf = *report::render_pdf(report, current_.get());
  const std::string vin = snapshot::sample_eu_model3().vin;
  SQLite::Database db(config_.database, SQLite::OPEN_READONLY);
  std::vector<std::string> tables;
  SQLite::Statement list(db, "SELECT name FROM sqlite_master WHERE type = 'table'");
  while (list.executeStep()) tables.push_back(list.getColumn(0).getString());
  ASSERT_FALSE(tables.empty());
  const auto rows = [&] {
    int total = 0;
    for (const auto& table : tables) total += count_rows(table);
    return total;
  };
  const int rows_before = rows();
  const auto files_before = files_under(dir_);
  const json answer = verify(pdf);
  ASSERT_EQ(answer["verdict"], "genuine");
  EXPECT_EQ(rows(), rows_before);
  EXPECT_EQ(files_under(dir_), files_before);
  std::lock_guard lock(log_mutex_);
  bool logged_request = false;
  for (const std::string& line : log_lines_) {
    if (line.find("/api/v1/verify") != std::string::npos) logged_request = true;
    EXPECT_EQ(line.find(vin.substr(13)), std::string::npos) << line;
    EXPECT_EQ(line.find(answer["fingerprint"].get<std::string>().substr(0, 16)), std::string::npos)
        << line;
    EXPECT_EQ(line.find(current_->key_id()), std::string::npos) << line;
    EXPECT_EQ(line.find("genuine"), std::string::npos) << line;
  }
  EXPECT_TRUE(logged_request);  // the access line itself, without what was uploaded
}

TEST_F(VerifyTest, ThePageSpeaksNineLanguagesFromTheQueryOrAcceptLanguage) {
  start_service();
  httplib::Client client("127.0.0.1", service_->port());
  const std::map<std::string, std::string> titles = {
      {"en", "Verify a vehicle report"},         {"fi", "Tarkista ajoneuvoraportti"},
      {"sv", "Verifiera en fordonsrapport"},     {"no", "Bekreft en kjøretøyrapport"},
      {"da", "Bekræft en køretøjsrapport"},      {"de", "Fahrzeugbericht prüfen"},
      {"fr", "Vérifier un rapport de véhicule"}, {"es", "Verificar un informe de vehículo"},
      {"it", "Verifica un rapporto del veicolo"}};
  for (const auto& [lang, title] : titles) {
    auto res = client.Get("/verify?lang=" + lang + "&fp=0123456789abcdef");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_NE(res->body.find("<html lang=\"" + lang + "\">"), std::string::npos) << lang;
    EXPECT_NE(res->body.find("<h1>" + title + "</h1>"), std::string::npos) << lang;
    EXPECT_EQ(res->body.find("{{"), std::string::npos) << lang;
    EXPECT_EQ(res->get_header_value("Content-Language"), lang);
  }
  auto accept = client.Get("/verify", {{"Accept-Language", "xx-YY, nb-NO;q=0.9, en;q=0.5"}});
  ASSERT_TRUE(accept);
  EXPECT_NE(accept->body.find("<html lang=\"no\">"), std::string::npos);
  auto plain = client.Get("/verify");
  ASSERT_TRUE(plain);
  EXPECT_NE(plain->body.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(plain->get_header_value("Content-Security-Policy").find("script-src 'self'"),
            std::string::npos);
  auto script = client.Get("/verify.js");
  ASSERT_TRUE(script);
  EXPECT_EQ(script->status, 200);
}

TEST_F(VerifyTest, TheKeySetListsTheRetiredAndTheCurrentKeyWithTheirPeriods) {
  start_service();
  httplib::Client client("127.0.0.1", service_->port());
  auto res = client.Get("/.well-known/cpt/report-signing-keys.json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  auto keys = report::KeySet::from_json(res->body);
  ASSERT_TRUE(keys.has_value()) << res->body;
  ASSERT_EQ(keys->keys().size(), 2u);
  const report::PublishedKey* old_key = keys->find(retired_.key_id());
  ASSERT_NE(old_key, nullptr);
  EXPECT_EQ(format_iso8601(*old_key->not_after), "2026-06-30T23:59:59Z");
  const report::PublishedKey* key = keys->find(current_->key_id());
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(format_iso8601(*key->not_before), "2026-07-01T00:00:00Z");
  EXPECT_FALSE(key->not_after.has_value());
  // The single-key PEM beside it is today's key.
  auto pem = client.Get("/.well-known/cpt/report-signing-key.pem");
  ASSERT_TRUE(pem);
  EXPECT_EQ(pem->body, current_->public_key().public_pem());
}

TEST_F(VerifyTest, KeyRotationSettingsComeFromTheEnvironmentAndABadKeySetStopsTheStart) {
  report::KeySet previous;
  previous.add({retired_.public_key(), at("2025-01-01T00:00:00Z"), at("2026-06-30T23:59:59Z")});
  ServiceConfig config;
  ASSERT_TRUE(apply_env(env_of({{"CPT_PUBLIC_URL", "https://reports.example.com"},
                                {"CPT_SIGNING_KEY_SINCE", "2026-07-01"},
                                {"CPT_PREVIOUS_SIGNING_KEYS", previous.to_json()}}),
                        config));
  EXPECT_EQ(config.public_url, "https://reports.example.com");
  EXPECT_EQ(config.signing_key_since, "2026-07-01");
  EXPECT_EQ(config.previous_keys_json, previous.to_json());
  config_.previous_keys_json = R"({"keys": [{"key_id": "00", "public_key": "x"}]})";
  auto refused = Service::create(config_, {});
  ASSERT_FALSE(refused.has_value());
  EXPECT_NE(refused.error().log_message.find("previous report-signing keys"), std::string::npos);
  config_.previous_keys_json.clear();
  config_.signing_key_since = "last spring";
  auto undated = Service::create(config_, {});
  ASSERT_FALSE(undated.has_value());
  EXPECT_EQ(undated.error().log_message, "configuration: signing key since is not a date");
}

TEST_F(VerifyTest, AnswersConformToTheOpenApiDocument) {
  config_.max_verify_bytes = 200 * 1024;
  start_service();
  httplib::Client client("127.0.0.1", service_->port());
  const OpenApiCheck check(json::parse(client.Get("/openapi.json")->body));
  const std::string genuine =
      *report::render_json(report_at("2026-08-01T10:00:00Z"), current_.get());
  const std::vector<std::pair<std::string, httplib::Result>> answers = [&] {
    std::vector<std::pair<std::string, httplib::Result>> out;
    out.emplace_back("/api/v1/verify",
                     client.Post("/api/v1/verify?lang=sv", genuine, "application/json"));
    out.emplace_back("/api/v1/verify",
                     client.Post("/api/v1/verify", "not a report", "application/octet-stream"));
    out.emplace_back("/api/v1/verify", client.Post("/api/v1/verify", std::string(300 * 1024, 'x'),
                                                   "application/pdf"));
    out.emplace_back("/verify", client.Get("/verify?lang=it"));
    out.emplace_back("/.well-known/cpt/report-signing-keys.json",
                     client.Get("/.well-known/cpt/report-signing-keys.json"));
    return out;
  }();
  for (const auto& [path, res] : answers) {
    ASSERT_TRUE(res) << path;
    const std::string method = path == "/api/v1/verify" ? "POST" : "GET";
    for (const std::string& problem :
         check.check(method, path, res->status, res->get_header_value("Content-Type"), res->body)) {
      ADD_FAILURE() << problem;
    }
  }
}

}  // namespace
}  // namespace cpt::service::testing
