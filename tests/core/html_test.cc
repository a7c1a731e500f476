#include "cpt/core/html.h"

#include <gtest/gtest.h>

namespace cpt {
namespace {

TEST(HtmlEscape, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(html_escape(R"(<a href="x">Tom & 'Jerry'</a>)"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
}

TEST(HtmlEscape, LeavesOtherTextAndUtf8Alone) {
  EXPECT_EQ(html_escape("Kärkölä 100 km/h"), "Kärkölä 100 km/h");
  EXPECT_EQ(html_escape(""), "");
}

TEST(HtmlEscape, AppendsAfterWhatIsThere) {
  std::string out = "<p>";
  append_html_escaped(out, "1 < 2");
  EXPECT_EQ(out, "<p>1 &lt; 2");
}

}  // namespace
}  // namespace cpt
