// libFuzzer target: the service's TOML configuration (config_loader.h: apply_config_text, what
// --config FILE reads), then validate() over whatever it set. Oracles: a refusal is
// invalid_argument with a user message, a parsed listen port is a port, and applying the same
// text twice gives the same configuration. Documents naming `*_file` secrets are skipped: those
// read other files by path, which is the file system's business, not the parser's.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cpt/service/config.h"
#include "cpt/service/config_loader.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (text.find("_file") != std::string_view::npos) return 0;
  cpt::service::ServiceConfig config;
  const auto applied = cpt::service::apply_config_text(text, "fuzz.toml", config);
  if (!applied) {
    const auto kind = applied.error().kind;
    cpt::fuzz::check(kind == cpt::ErrorKind::invalid_argument || kind == cpt::ErrorKind::io);
    cpt::fuzz::check(!applied.error().user_message.empty());
    return 0;
  }
  cpt::fuzz::check(config.listen_port >= 0 && config.listen_port <= 65535);
  cpt::service::ServiceConfig again;
  cpt::fuzz::check(cpt::service::apply_config_text(text, "fuzz.toml", again).has_value());
  cpt::fuzz::check(again.listen_host == config.listen_host &&
                   again.listen_port == config.listen_port && again.ui_path == config.ui_path &&
                   again.redirect_uris == config.redirect_uris &&
                   again.trusted_proxies == config.trusted_proxies);
  if (const auto valid = cpt::service::validate(config); !valid) {
    cpt::fuzz::check(valid.error().kind == cpt::ErrorKind::invalid_argument);
  }
  return 0;
}
