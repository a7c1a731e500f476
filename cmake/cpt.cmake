# Project-wide compile settings and the helper that defines one library per layer.

add_library(cpt_options INTERFACE)
target_compile_options(cpt_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
  -Wno-sign-conversion -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual)
# What hiredis' and pango's pkg-config flags add to their users, for every target: the test
# binaries share one precompiled header, which GCC ignores when these differ between targets.
# -Winvalid-pch turns a silently ignored precompiled header into an error.
target_compile_options(cpt_options INTERFACE -pthread -Winvalid-pch)
target_compile_definitions(cpt_options INTERFACE _FILE_OFFSET_BITS=64)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  # GCC 12 reports false -Warray-bounds / -Wstringop-overread / -Wstringop-overflow positives
  # inside libstdc++'s std::string (memcpy in operator+ chains, GCC bugs 105329, 105651), which
  # come and go with inlining decisions (optimization level, precompiled headers); -Wrestrict
  # likewise for `"literal" + std::string&&` (GCC bug 105329).
  target_compile_options(cpt_options INTERFACE -Wno-array-bounds -Wno-stringop-overread
    -Wno-stringop-overflow -Wno-restrict)
endif()
if(CPT_WERROR)
  target_compile_options(cpt_options INTERFACE -Werror)
endif()
if(CPT_SANITIZE)
  # GCC 12 reports false -Wrestrict and -Wmaybe-uninitialized positives inside libstdc++ (string,
  # std::function in <regex>) once sanitizers are on; the release build keeps both warnings.
  target_compile_options(cpt_options INTERFACE -fsanitize=address,undefined
    -fno-sanitize-recover=undefined -fno-omit-frame-pointer -Wno-restrict -Wno-maybe-uninitialized)
  target_link_options(cpt_options INTERFACE -fsanitize=address,undefined)
endif()

if(CPT_TSAN)
  # ThreadSanitizer for the concurrent parts (./run tsan); GCC 12 raises the same false libstdc++
  # warnings under it as under ASan.
  target_compile_options(cpt_options INTERFACE -fsanitize=thread -fno-omit-frame-pointer
    -Wno-restrict -Wno-maybe-uninitialized -Wno-tsan)
  target_link_options(cpt_options INTERFACE -fsanitize=thread)
endif()

if(CPT_BUILD_FUZZ)
  # Coverage for every library; libFuzzer's main is linked only into the fuzz_* targets.
  # Clang 16 implements conditionally trivial special members (P0848) but does not advertise it,
  # and libstdc++ 12 hides std::expected without it: see docs/decisions/0002-fuzzing-with-clang-16.md.
  target_compile_options(cpt_options INTERFACE -fsanitize=fuzzer-no-link,address,undefined
    -U__cpp_concepts -D__cpp_concepts=202002L -Wno-builtin-macro-redefined)
  target_link_options(cpt_options INTERFACE -fsanitize=address,undefined)
endif()

# Precompiled headers: parsing the standard library, nlohmann/json, httplib and GoogleTest was most
# of every compile (a TU including only gtest + gmock took ~6 s), so each target precompiles the
# heavy headers its files use once. The fuzz build (clang) leaves them out.
set(CPT_PCH_STD <algorithm> <chrono> <expected> <functional> <map> <memory> <optional> <string>
  <string_view> <vector>)

# cpt_pch(TARGET headers...) precompiles the standard set plus `headers` for TARGET.
function(cpt_pch target)
  if(NOT CPT_BUILD_FUZZ)
    target_precompile_headers(${target} PRIVATE ${CPT_PCH_STD} ${ARGN})
  endif()
endfunction()

# cpt_layer(NAME [DEPS targets...] [PCH headers...]) builds src/cpt/NAME/**/*.cc (except main.cc
# files) into the static library cpt_NAME, precompiling the standard headers plus PCH. Sources are
# globbed so that a new file needs no CMake edit; CONFIGURE_DEPENDS re-runs the glob on every build.
function(cpt_layer name)
  cmake_parse_arguments(ARG "" "" "DEPS;PCH" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*.cc")
  list(FILTER sources EXCLUDE REGEX "/main\\.cc$")
  if(NOT sources)
    # A layer still without sources (work in progress) is a header-only interface library.
    add_library(cpt_${name} INTERFACE)
    target_include_directories(cpt_${name} INTERFACE "${CMAKE_SOURCE_DIR}/src")
    target_link_libraries(cpt_${name} INTERFACE cpt_options ${ARG_DEPS})
  else()
    add_library(cpt_${name} STATIC ${sources})
    target_include_directories(cpt_${name} PUBLIC "${CMAKE_SOURCE_DIR}/src")
    target_link_libraries(cpt_${name} PUBLIC cpt_options ${ARG_DEPS})
    cpt_pch(cpt_${name} ${ARG_PCH})
  endif()
  add_library(cpt::${name} ALIAS cpt_${name})
endfunction()
