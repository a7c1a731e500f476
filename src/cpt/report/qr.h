// QR codes (libqrencode): a text as a square module matrix, for drawing as vector rectangles.
#pragma once

#include <string_view>
#include <vector>

#include "cpt/core/error.h"

namespace cpt::report {

// A QR symbol without its quiet zone. Value type.
struct QrMatrix {
  int size = 0;            // modules per side
  std::vector<bool> dark;  // row-major, size * size

  bool at(int x, int y) const {
    return dark[static_cast<std::size_t>(y) * static_cast<std::size_t>(size) +
                static_cast<std::size_t>(x)];
  }
};

// The QR code of `text` in byte mode at error-correction level M (readable with 15 % of the
// symbol damaged: enough for a printed page), the smallest version that fits. invalid_argument
// when the text is empty or too long for any version.
Result<QrMatrix> encode_qr(std::string_view text);

}  // namespace cpt::report
