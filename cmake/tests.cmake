# tests.cmake - every test is found by its file name, so adding a test is
# adding a file:
#   tests/unit/test_NAME.c   a C program linked with libgisa  -> ctest "unit.NAME"
#   tests/sh/NAME.sh         a bash script                    -> ctest "sh.NAME"
#                            (tests/sh/lib.sh is their helper, not a test)
# Each runs from the source tree with GISA_SRC, GISA_BIN, GISA_SHARED and
# GISA_BUILD set. Exit 77 means "skipped" (for example ../shared absent).
# Tests labelled "slow" (a file containing "ctest-label: slow") are left
# out by `ctest -LE slow`.

set(GISA_TEST_ENV
  "GISA_SRC=${CMAKE_SOURCE_DIR}"
  "GISA_BIN=$<TARGET_FILE:gisa>"
  "GISA_BUILD=${CMAKE_BINARY_DIR}"
  "GISA_SHARED=${GISA_SHARED}"
  "ASAN_OPTIONS=detect_leaks=1:abort_on_error=1"
  "UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1")

add_library(gisa-testlib STATIC ${CMAKE_SOURCE_DIR}/tests/unit/testlib.c)
target_link_libraries(gisa-testlib PUBLIC libgisa)
target_include_directories(gisa-testlib PUBLIC ${CMAKE_SOURCE_DIR}/tests/unit)

function(gisa_test_props test file)
  file(READ ${file} text)
  set(labels "")
  string(REGEX MATCHALL "ctest-label: [a-z]+" found "${text}")
  foreach(l ${found})
    string(REPLACE "ctest-label: " "" l "${l}")
    list(APPEND labels ${l})
  endforeach()
  set_tests_properties(${test} PROPERTIES
    ENVIRONMENT "${GISA_TEST_ENV}"
    SKIP_RETURN_CODE 77
    TIMEOUT 300
    LABELS "${labels}")
endfunction()

file(GLOB GISA_UNIT_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/unit/test_*.c)
foreach(src ${GISA_UNIT_TESTS})
  get_filename_component(name ${src} NAME_WE)
  string(REGEX REPLACE "^test_" "" short ${name})
  add_executable(${name} ${src})
  target_link_libraries(${name} PRIVATE gisa-testlib)
  add_test(NAME unit.${short} COMMAND ${name} WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  gisa_test_props(unit.${short} ${src})
endforeach()

file(GLOB GISA_SH_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/sh/*.sh)
list(REMOVE_ITEM GISA_SH_TESTS ${CMAKE_SOURCE_DIR}/tests/sh/lib.sh)
foreach(src ${GISA_SH_TESTS})
  get_filename_component(name ${src} NAME_WE)
  add_test(NAME sh.${name} COMMAND bash ${src} WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  gisa_test_props(sh.${name} ${src})
endforeach()
