# CMake integration: a target that runs forkcheck on a target's sources.
#
#   find_package(forkcheck)  # an installed forkcheck (this file, with its path)
#   include(Forkcheck)       # or this file from forkcheck's cmake/ directory
#   forkcheck_add_check(app [SUMMARIES] [FORMAT text|json|sarif] [OUTPUT FILE]
#                       [OPTIONS OPTION...])
#
# adds a target `app-forkcheck`, built only on request
# (`cmake --build build --target app-forkcheck`), that fails when forkcheck
# reports findings (exit 1) or errors (exit 2). FORKCHECK_EXECUTABLE names the
# forkcheck to run (find_package sets it; else found on PATH).
#
# Without SUMMARIES the target runs forkcheck over the C and C++ sources of
# `app` with the build's compile database (and its summary cache).
# With SUMMARIES every compile of `app` also writes the file's summary (the
# C_CLANG_TIDY and CXX_CLANG_TIDY hooks, so the per-file steps run where the
# compiles run), and the target builds `app` and links its summaries.
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)

function(forkcheck_add_check target)
  cmake_parse_arguments(FC "SUMMARIES" "FORMAT;OUTPUT" "OPTIONS" ${ARGN})
  if(NOT FORKCHECK_EXECUTABLE)
    find_program(FORKCHECK_EXECUTABLE forkcheck)
  endif()
  if(NOT FORKCHECK_EXECUTABLE)
    message(FATAL_ERROR "forkcheck_add_check: forkcheck not found (set FORKCHECK_EXECUTABLE)")
  endif()
  set(args ${FC_OPTIONS})
  if(FC_FORMAT)
    list(APPEND args "--format=${FC_FORMAT}")
  endif()
  if(FC_OUTPUT)
    get_filename_component(output "${FC_OUTPUT}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
    list(APPEND args -o "${output}")
  endif()
  if(FC_SUMMARIES)
    _forkcheck_link_summaries(${target} "${args}")
  else()
    _forkcheck_run_sources(${target} "${args}")
  endif()
endfunction()

function(_forkcheck_run_sources target args)
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
  add_custom_target(${target}-forkcheck
    COMMAND "${FORKCHECK_EXECUTABLE}" ${args} -p "${CMAKE_BINARY_DIR}" ${files}
    WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}"
    COMMENT "forkcheck: ${target}"
    VERBATIM COMMAND_EXPAND_LISTS)
endfunction()

# The summaries go to a directory of the target's own; `clean` removes it, so
# a source taken out of the target leaves no summary behind.
function(_forkcheck_link_summaries target args)
  set(dir "${CMAKE_CURRENT_BINARY_DIR}/${target}.forkcheck")
  set(hook "${FORKCHECK_EXECUTABLE};--emit-summaries=${dir}")
  set_property(TARGET ${target} PROPERTY C_CLANG_TIDY "${hook}")
  set_property(TARGET ${target} PROPERTY CXX_CLANG_TIDY "${hook}")
  set_property(TARGET ${target} APPEND PROPERTY ADDITIONAL_CLEAN_FILES "${dir}")
  add_custom_target(${target}-forkcheck
    COMMAND sh -c "exec \"$0\" \"$@\" *.fcs" "${FORKCHECK_EXECUTABLE}" ${args}
    WORKING_DIRECTORY "${dir}"
    COMMENT "forkcheck: ${target} (its summaries)"
    VERBATIM COMMAND_EXPAND_LISTS)
  add_dependencies(${target}-forkcheck ${target})
endfunction()
