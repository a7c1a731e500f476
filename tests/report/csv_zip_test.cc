#include <gtest/gtest.h>
#include <zip.h>

#include <map>

#include "cpt/report/renderers.h"
#include "cpt/snapshot/sample.h"
#include "report/report_test_support.h"

namespace cpt::report {
namespace {

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (auto pos = text.find("\r\n"); pos != std::string::npos; pos = text.find("\r\n", start)) {
    out.push_back(text.substr(start, pos - start));
    start = pos + 2;
  }
  return out;
}

TEST(CsvRender, OneRowPerSessionWithRfc4180QuotingOfCommasAndQuotes) {
  auto s = testing::bare_snapshot();
  snapshot::Charging charging;
  charging.sessions = {testing::session("7", "Kempele - \"Zeppelin\", Oulu", "EUR", 1234, 30.5,
                                        "2026-01-10T10:00:00+02:00")};
  s.charging.set(charging, snapshot::ModuleResult::ok("charging_history", {}));
  const auto rows = lines(render_csv(build_report(s, Language::fi)));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0],
            "vin,session_id,start,stop,site,country,energy_kwh,currency,charging_fee,parking_fee,"
            "congestion_fee,other_fees,total,paid,billing_type,invoices");
  EXPECT_EQ(rows[1],
            "5YJ3E1EA7KF317000,7,2026-01-10T10:00:00+02:00,,\"Kempele - \"\"Zeppelin\"\", Oulu\","
            "US,30.500,EUR,12.34,0.00,0.00,0.00,12.34,true,,");
}

TEST(CsvRender, FormulaLikeTextIsDefused) {
  auto s = testing::bare_snapshot();
  snapshot::Charging charging;
  charging.sessions = {
      testing::session("8", "=HYPERLINK(\"x\")", "USD", 100, 1.0, "2026-01-10T10:00:00Z")};
  s.charging.set(charging, snapshot::ModuleResult::ok("charging_history", {}));
  const auto rows = lines(render_csv(build_report(s, {})));
  EXPECT_NE(rows[1].find(",\"'=HYPERLINK(\"\"x\"\")\","), std::string::npos);
}

TEST(CsvRender, SampleHasAHeaderAndTwentyFourSessionRows) {
  const auto rows = lines(render_csv(build_report(snapshot::sample_eu_model3(), {})));
  EXPECT_EQ(rows.size(), 25u);
  EXPECT_EQ(lines(render_csv(build_report(snapshot::sample_all_failed(), {}))).size(), 1u);
}

std::map<std::string, std::string> unzip(const std::string& bytes) {
  std::map<std::string, std::string> entries;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* archive = zip_open_from_source(src, ZIP_RDONLY, &error);
  if (!archive) {
    zip_source_free(src);
    return entries;
  }
  for (zip_int64_t i = 0; i < zip_get_num_entries(archive, 0); ++i) {
    zip_stat_t st;
    zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &st);
    std::string data(st.size, '\0');
    zip_file_t* f = zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0);
    zip_fread(f, data.data(), st.size);
    zip_fclose(f);
    entries[st.name] = data;
  }
  zip_close(archive);
  return entries;
}

TEST(ZipRender, OrderZipHasInvoicePdfsInVinFoldersAndAnIndex) {
  const std::vector<Report> reports = {build_report(snapshot::sample_eu_model3(), {}),
                                       build_report(snapshot::sample_us_model_y(), {})};
  const auto zip = render_invoice_zip(reports);
  ASSERT_TRUE(zip.has_value());
  const auto entries = unzip(*zip);
  // 24 + 15 invoices (one US download failed) + the index.
  EXPECT_EQ(entries.size(), 24u + 15u + 1u);
  const std::string eu = reports[0].header.vin;
  const std::string us = reports[1].header.vin;
  const auto& first = reports[0].invoices.front();
  ASSERT_TRUE(entries.contains(eu + "/" + first.file_name));
  EXPECT_EQ(entries.at(eu + "/" + first.file_name), *first.bytes);
  EXPECT_TRUE(entries.at(eu + "/" + first.file_name).starts_with("%PDF-"));
  for (const auto& [name, data] : entries) {
    EXPECT_TRUE(name == "index.csv" || name.starts_with(eu + "/") || name.starts_with(us + "/"))
        << name;
  }
  const std::string& index = entries.at("index.csv");
  EXPECT_TRUE(index.starts_with("vin,session_id,file,status,sha256\r\n"));
  EXPECT_NE(index.find(",missing,\r\n"), std::string::npos);
}

TEST(ZipRender, ProviderFileNamesCannotEscapeTheirFolder) {
  auto s = testing::bare_snapshot();
  snapshot::Charging charging;
  auto a = testing::session("1", "A", "USD", 100, 1.0, "2026-01-10T10:00:00Z");
  a.invoices.push_back({"../../etc/passwd", "c1", {}, std::string("%PDF-1.4 a")});
  a.invoices.push_back({"../../etc/passwd", "c2", {}, std::string("%PDF-1.4 b")});
  charging.sessions = {a};
  s.charging.set(charging, snapshot::ModuleResult::ok("charging_history", {}));
  const std::vector<Report> reports = {build_report(s, {})};
  const auto entries = unzip(*render_invoice_zip(reports));
  EXPECT_TRUE(entries.contains("5YJ3E1EA7KF317000/_.._etc_passwd.pdf"));
  EXPECT_TRUE(entries.contains("5YJ3E1EA7KF317000/_.._etc_passwd-2.pdf"));
  for (const auto& [name, data] : entries) EXPECT_EQ(name.find("../"), std::string::npos);
}

TEST(NullSafe, ReportWhoseEveryModuleFailedRendersInEveryFormat) {
  const std::vector<Report> reports = {build_report(snapshot::sample_all_failed(), Language::it)};
  const Report& r = reports.front();
  auto json = render_json(r);
  ASSERT_TRUE(json.has_value());
  EXPECT_NE(json->find("\"outcome\": \"unavailable\""), std::string::npos);
  EXPECT_NE(json->find("Non disponibile: Il veicolo era in sospensione o non in linea."),
            std::string::npos);
  EXPECT_EQ(json->find("http_status"), std::string::npos);
  EXPECT_NE(render_html(r).find("Non disponibile"), std::string::npos);
  auto pdf = render_pdf(r);
  ASSERT_TRUE(pdf.has_value());
  EXPECT_TRUE(pdf->starts_with("%PDF-"));
  EXPECT_EQ(lines(render_csv(r)).size(), 1u);  // the header only
  auto zip = render_invoice_zip(reports);
  ASSERT_TRUE(zip.has_value());
  const auto entries = unzip(*zip);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries.at("index.csv"), "vin,session_id,file,status,sha256\r\n");
}

}  // namespace
}  // namespace cpt::report
