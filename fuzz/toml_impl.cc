// toml++'s parser compiled into fuzz_config_toml with coverage: Debian ships it as a shared
// library (TOML_HEADER_ONLY=0), which libFuzzer cannot see into. The executable's definitions
// take precedence over the library's at run time.
#define TOML_IMPLEMENTATION
#include <toml++/toml.h>
