#include "cpt/report/qr.h"

#include <qrencode.h>

#include <memory>
#include <string>

namespace cpt::report {

Result<QrMatrix> encode_qr(std::string_view text) {
  if (text.empty()) return fail(ErrorKind::invalid_argument, "nothing to encode as a QR code");
  // Byte mode takes the text as it is (URLs hold lower-case letters the alphanumeric mode lacks);
  // libqrencode wants a NUL-terminated string, so a text with a NUL inside is refused.
  const std::string data(text);
  if (data.find('\0') != std::string::npos) {
    return fail(ErrorKind::invalid_argument, "a QR text must not contain NUL");
  }
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString8bit(data.c_str(), 0, QR_ECLEVEL_M), &QRcode_free);
  if (!code) return fail(ErrorKind::invalid_argument, "the text does not fit in a QR code");
  QrMatrix out;
  out.size = code->width;
  const auto cells = static_cast<std::size_t>(code->width) * static_cast<std::size_t>(code->width);
  out.dark.resize(cells);
  // Bit 0 of each byte is the module's colour; the other bits describe its role.
  for (std::size_t i = 0; i < cells; ++i) out.dark[i] = (code->data[i] & 1U) != 0;
  return out;
}

}  // namespace cpt::report
