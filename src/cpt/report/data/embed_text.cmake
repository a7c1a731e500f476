# Writes OUT, a C++ file defining `std::string_view NAME()` in cpt::report that returns the text of
# IN, so the binary carries its reference tables wherever it runs. Run at build time (cmake -P).
file(READ "${IN}" text)
set(body "// Generated from ${IN} by embed_text.cmake: do not edit.\n#include <string_view>\n\n")
string(APPEND body "namespace cpt::report {\n\nstd::string_view ${NAME}() {\n")
string(APPEND body "  return R\"cpt_text(${text})cpt_text\";\n}\n\n}  // namespace cpt::report\n")
file(WRITE "${OUT}.tmp" "${body}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
