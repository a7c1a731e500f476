#include "cpt/core/redact.h"

#include <array>
#include <cctype>

namespace cpt::redact {
namespace {

bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' ||
         c == '@' || c == '+' || c == '=';
}

bool looks_like_vin(std::string_view word) {
  if (word.size() != 17) return false;
  bool digit = false, letter = false;
  for (char c : word) {
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c >= 'A' && c <= 'Z' && c != 'I' && c != 'O' && c != 'Q') {
      letter = true;
    } else {
      return false;
    }
  }
  return digit && letter;
}

bool looks_like_email(std::string_view word) {
  auto at = word.find('@');
  if (at == std::string_view::npos || at == 0) return false;
  auto dot = word.find('.', at);
  return dot != std::string_view::npos && dot + 1 < word.size();
}

// JWTs ("eyJ..." with dots) and long opaque strings that mix letters and digits.
bool looks_like_token(std::string_view word) {
  if (word.size() >= 20 && word.starts_with("ey") && word.find('.') != std::string_view::npos) {
    return true;
  }
  if (word.size() < 32) return false;
  bool digit = false, alpha = false;
  for (char c : word) {
    if (std::isdigit(static_cast<unsigned char>(c))) digit = true;
    if (std::isalpha(static_cast<unsigned char>(c))) alpha = true;
  }
  return digit && alpha;
}

constexpr std::array<std::string_view, 8> kSecretParams = {
    "code=",         "token=",         "access_token=", "refresh_token=",
    "client_secret=", "code_verifier=", "state=",        "id_token="};

// Replaces the value of a secret-named parameter (`code=abc` → `code=[redacted]`); '?' and '&'
// separate words, so each parameter arrives alone.
std::string redact_query_values(std::string_view word) {
  std::string out;
  std::size_t i = 0;
  while (i < word.size()) {
    bool matched = false;
    if (i == 0) {
      for (auto name : kSecretParams) {
        if (word.substr(i).starts_with(name)) {
          out += name;
          out += "[redacted]";
          i += name.size();
          i = word.size();
          matched = true;
          break;
        }
      }
    }
    if (!matched) out += word[i++];
  }
  return out;
}

}  // namespace

std::string vin(std::string_view text) {
  if (text.size() < 8) return "\u2026";
  return std::string(text.substr(0, 3)) + "\u2026" + std::string(text.substr(text.size() - 4));
}

std::string vin_suffix(std::string_view text) {
  return std::string(text.size() <= 4 ? text : text.substr(text.size() - 4));
}

std::string email(std::string_view text) {
  auto at = text.find('@');
  if (at == std::string_view::npos || at == 0) return "[redacted email]";
  return std::string(text.substr(0, 1)) + "\u2026" + std::string(text.substr(at));
}

std::string secret(std::string_view text) {
  return "[redacted, " + std::to_string(text.size()) + " chars]";
}

std::string text(std::string_view input) {
  std::string out;
  out.reserve(input.size());
  std::size_t i = 0;
  while (i < input.size()) {
    if (!is_word_char(input[i])) {
      out += input[i++];
      continue;
    }
    std::size_t start = i;
    while (i < input.size() && is_word_char(input[i])) ++i;
    std::string_view word = input.substr(start, i - start);
    // Trailing sentence punctuation is not part of the word.
    std::size_t trail = 0;
    while (trail < word.size() && (word[word.size() - 1 - trail] == '.')) ++trail;
    std::string_view core = word.substr(0, word.size() - trail);
    if (looks_like_vin(core)) {
      out += vin(core);
    } else if (looks_like_email(core)) {
      out += email(core);
    } else if (looks_like_token(core)) {
      out += secret(core);
    } else if (core.find('=') != std::string_view::npos) {
      out += redact_query_values(core);
    } else {
      out += core;
    }
    out += word.substr(core.size());
  }
  return out;
}

}  // namespace cpt::redact
