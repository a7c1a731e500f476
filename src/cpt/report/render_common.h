// Pieces the document renderers (HTML and PDF) share: which columns a reader sees, and the
// palette. Internal to the report layer.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "cpt/report/report_model.h"

namespace cpt::report {

// Indices of the columns meant for people (machine_only columns left out).
std::vector<std::size_t> visible_columns(const Table& table);

// Whether a field holds a number (right-aligned in tables): integer, quantity, percent, money.
bool is_numeric(const FieldDef& def);

// Appends one RFC 4180 field: quoted (quotes doubled) when it holds a comma, quote, CR or LF.
void append_csv_field(std::string& out, std::string_view text);

// An sRGB colour.
struct Rgb {
  double r, g, b;
};

// The brand palette, as used by both the CSS and the PDF.
namespace palette {
inline constexpr Rgb kNavy{0.063, 0.110, 0.200};      // #101c33 header band
inline constexpr Rgb kInk{0.118, 0.161, 0.231};       // #1e293b body text
inline constexpr Rgb kMutedInk{0.392, 0.455, 0.545};  // #64748b labels
inline constexpr Rgb kAccent{0.910, 0.267, 0.353};    // #e8445a the pulse
inline constexpr Rgb kTeal{0.051, 0.580, 0.533};      // #0d9488 charts
inline constexpr Rgb kRule{0.886, 0.910, 0.941};      // #e2e8f0 lines
inline constexpr Rgb kStripe{0.973, 0.980, 0.988};    // #f8fafc zebra rows
inline constexpr Rgb kGood{0.086, 0.639, 0.290};      // #16a34a
inline constexpr Rgb kWarn{0.851, 0.467, 0.024};      // #d97706
inline constexpr Rgb kBad{0.863, 0.149, 0.149};       // #dc2626
}  // namespace palette

// The text colour of a tone.
Rgb tone_colour(Tone tone);

}  // namespace cpt::report
