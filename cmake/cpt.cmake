# Project-wide compile settings and the helper that defines one library per layer.

add_library(cpt_options INTERFACE)
target_compile_options(cpt_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
  -Wno-sign-conversion -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual)
if(CPT_WERROR)
  target_compile_options(cpt_options INTERFACE -Werror)
endif()
if(CPT_SANITIZE)
  # GCC 12 reports false -Wrestrict positives inside libstdc++ string code once sanitizers are on.
  target_compile_options(cpt_options INTERFACE -fsanitize=address,undefined
    -fno-sanitize-recover=undefined -fno-omit-frame-pointer -Wno-restrict)
  target_link_options(cpt_options INTERFACE -fsanitize=address,undefined)
endif()

if(CPT_BUILD_FUZZ)
  # Coverage for every library; libFuzzer's main is linked only into the fuzz_* targets.
  # Clang 16 implements conditionally trivial special members (P0848) but does not advertise it,
  # and libstdc++ 12 hides std::expected without it: see docs/decisions/0002-fuzzing-with-clang-16.md.
  target_compile_options(cpt_options INTERFACE -fsanitize=fuzzer-no-link,address,undefined
    -U__cpp_concepts -D__cpp_concepts=202002L -Wno-builtin-macro-redefined)
  target_link_options(cpt_options INTERFACE -fsanitize=address,undefined)
endif()

# cpt_layer(NAME [DEPS targets...]) builds src/cpt/NAME/**/*.cc (except main.cc files) into the
# static library cpt_NAME. Sources are globbed so that a new file needs no CMake edit; CONFIGURE_DEPENDS
# re-runs the glob on every build.
function(cpt_layer name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
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
  endif()
  add_library(cpt::${name} ALIAS cpt_${name})
endfunction()
