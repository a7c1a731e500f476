// The shared test precompiled header (tests/CMakeLists.txt: cpt_test_pch) is built for this file.
