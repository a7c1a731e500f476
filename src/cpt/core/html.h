// Escaping text for HTML element content and quoted attribute values.
#pragma once

#include <string>
#include <string_view>

namespace cpt {

// Appends `text` to `out` with & < > " ' escaped, safe inside elements and quoted attributes.
void append_html_escaped(std::string& out, std::string_view text);

// `text` with & < > " ' escaped.
std::string html_escape(std::string_view text);

}  // namespace cpt
