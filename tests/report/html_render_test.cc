#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "cpt/report/renderers.h"
#include "cpt/snapshot/sample.h"
#include "report/report_test_support.h"

namespace cpt::report {
namespace {

// Checks that every element is closed in order (void elements and "/>" aside). Returns the first
// problem, or "" when the tags balance.
std::string tag_balance_problem(std::string_view html) {
  static const std::set<std::string> kVoid = {"meta", "br", "link", "img", "hr", "input"};
  std::vector<std::string> open;
  std::size_t pos = 0;
  while ((pos = html.find('<', pos)) != std::string_view::npos) {
    const auto end = html.find('>', pos);
    if (end == std::string_view::npos) return "unterminated tag";
    std::string_view tag = html.substr(pos + 1, end - pos - 1);
    pos = end + 1;
    if (tag.starts_with('!')) continue;  // doctype
    const bool closing = tag.starts_with('/');
    const bool self_closing = tag.ends_with('/');
    if (closing) tag.remove_prefix(1);
    const std::string name(tag.substr(0, tag.find_first_of(" /")));
    if (name == "style") {  // CSS may hold '>' (child selectors): skip to </style>
      pos = html.find("</style>", pos);
      if (pos == std::string_view::npos) return "unterminated style";
      pos += 8;
      continue;
    }
    if (self_closing || kVoid.contains(name)) continue;
    if (!closing) {
      open.push_back(name);
    } else if (open.empty() || open.back() != name) {
      return "unexpected </" + name + "> after <" + (open.empty() ? "" : open.back()) + ">";
    } else {
      open.pop_back();
    }
  }
  return open.empty() ? "" : "unclosed <" + open.back() + ">";
}

TEST(HtmlRender, IsOneBalancedHtml5DocumentInTheReportsLanguage) {
  const std::string html = render_html(build_report(snapshot::sample_eu_model3(), Language::sv));
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>\n<html lang=\"sv\">"));
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_EQ(tag_balance_problem(html), "");
  EXPECT_NE(html.find("Batteri och räckvidd"), std::string::npos);
}

TEST(HtmlRender, IsSelfContainedWithInlineSvgChartsAndPrintStyles) {
  const std::string html = render_html(build_report(snapshot::sample_eu_model3(), {}));
  EXPECT_EQ(html.find(" src="), std::string::npos);
  EXPECT_EQ(html.find("href=\"http"), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
  EXPECT_NE(html.find("<svg viewBox=\"0 0 960 230\""), std::string::npos);  // monthly energy
  EXPECT_NE(html.find("<svg viewBox=\"0 0 960 74\""), std::string::npos);   // battery gauge
}

TEST(HtmlRender, EveryTextFromTheDataIsEscaped) {
  auto s = testing::bare_snapshot();
  snapshot::Charging charging;
  charging.sessions = {testing::session("1", "<script>alert(\"x\")</script> & 'Co'", "USD", 100,
                                        5.0, "2026-01-10T10:00:00Z")};
  s.charging.set(charging, snapshot::ModuleResult::ok("charging_history", {}));
  snapshot::Identity identity;
  identity.display_name = "My <b>car</b>";
  s.identity.set(identity, snapshot::ModuleResult::ok("vehicle", {}));
  const std::string html = render_html(build_report(s, {}));
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_EQ(html.find("<b>car"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39;"),
            std::string::npos);
  EXPECT_NE(html.find("My &lt;b&gt;car&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(tag_balance_problem(html), "");
}

TEST(HtmlRender, ShowsRangeInMilesForAnAmericanCar) {
  const std::string html = render_html(build_report(snapshot::sample_us_model_y(), {}));
  EXPECT_NE(html.find("<dt>Rated range</dt><dd>178 mi</dd>"), std::string::npos);
  // One VIN form: whole, in the masthead as on page one.
  const std::string vin = snapshot::sample_us_model_y().vin;
  EXPECT_NE(html.find("VIN <b>" + vin + "</b>"), std::string::npos);
  EXPECT_EQ(html.find("5YJ\u2026"), std::string::npos);
}

TEST(HtmlRender, AllFailedReportStillRendersEverySectionWithItsReason) {
  const std::string html = render_html(build_report(snapshot::sample_all_failed(), {}));
  EXPECT_EQ(tag_balance_problem(html), "");
  EXPECT_NE(html.find("<p class=\"status unavailable\">Not available: The vehicle was asleep or "
                      "offline.</p>"),
            std::string::npos);
  EXPECT_NE(html.find("<p class=\"status failed\">Not available: the request failed. Tesla&#39;s "
                      "service had a problem; try again later.</p>"),
            std::string::npos);
  for (std::string_view id : {"identity", "battery", "charging", "warranty", "specs"}) {
    EXPECT_NE(html.find("<section class=\"card\" id=\"" + std::string(id) + "\">"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace cpt::report
