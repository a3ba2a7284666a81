# CMake integration: a target that runs forkcheck on a target's sources.
#
#   include(Forkcheck)   # this file, from forkcheck's cmake/ or its installed copy
#   forkcheck_add_check(app [FORMAT text|json|sarif] [OUTPUT FILE] [OPTIONS OPTION...])
#
# adds a target `app-forkcheck`, built only on request
# (`cmake --build build --target app-forkcheck`), that runs forkcheck over the
# C and C++ sources of `app` with the build's compile database; it fails when
# forkcheck reports findings (exit 1) or errors (exit 2). FORKCHECK_EXECUTABLE
# names the forkcheck to run (default: found on PATH).
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)

function(forkcheck_add_check target)
  cmake_parse_arguments(FC "" "FORMAT;OUTPUT" "OPTIONS" ${ARGN})
  if(NOT FORKCHECK_EXECUTABLE)
    find_program(FORKCHECK_EXECUTABLE forkcheck)
  endif()
  if(NOT FORKCHECK_EXECUTABLE)
    message(FATAL_ERROR "forkcheck_add_check: forkcheck not found (set FORKCHECK_EXECUTABLE)")
  endif()
  get_target_property(sources ${target} SOURCES)
  get_target_property(source_dir ${target} SOURCE_DIR)
  set(files "")
  foreach(src IN LISTS sources)
    if(src MATCHES "^\\$<" OR NOT src MATCHES "\\.(c|cc|cpp|cxx)$")
      continue()
    endif()
    get_filename_component(abs "${src}" ABSOLUTE BASE_DIR "${source_dir}")
    list(APPEND files "${abs}")
  endforeach()
  set(args ${FC_OPTIONS})
  if(FC_FORMAT)
    list(APPEND args "--format=${FC_FORMAT}")
  endif()
  if(FC_OUTPUT)
    list(APPEND args -o "${FC_OUTPUT}")
  endif()
  add_custom_target(${target}-forkcheck
    COMMAND "${FORKCHECK_EXECUTABLE}" ${args} -p "${CMAKE_BINARY_DIR}" ${files}
    WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}"
    COMMENT "forkcheck: ${target}"
    VERBATIM COMMAND_EXPAND_LISTS)
endfunction()
