// Small HTTP/1.1 wire helpers the server needs beside libmicrohttpd: raw refusals written on a
// socket MHD has not answered yet, and form decoding. Internal to cpt::http.
#pragma once

#include <string>
#include <string_view>

#include "cpt/http/message.h"

namespace cpt::http {

// "Not Found" for 404, ...; "Unknown" for a status outside the table.
const char* reason_phrase(int status);

// The bytes of a complete response that closes the connection (Content-Length, Connection: close).
std::string closing_response(const Response& res);
// A closing response with a small JSON error body, for refusals made before any request exists.
std::string closing_error(int status, std::string_view error, std::string_view description);

// Writes what fits without blocking, then stops both directions, so the client reads the answer
// and then an end of stream. The descriptor stays owned (and later closed) by the server.
void answer_and_shut(int fd, std::string_view bytes);

// Percent-decodes application/x-www-form-urlencoded text ('+' is a space) into `out`.
void parse_form(std::string_view text, QueryParams& out);

}  // namespace cpt::http
