# Program version and git commit, baked into a generated header. Included at configure time (so
# the header exists), and run again as a script at every build by the target twinsim_version
# (CMakeLists.txt), so that a build after a commit records that commit: configure_file rewrites
# the header only when its text changes, so an unchanged commit recompiles nothing.
if(NOT GIT_EXECUTABLE)
  find_program(GIT_EXECUTABLE git)
endif()
set(TWINSIM_GIT_COMMIT "unknown")
if(GIT_EXECUTABLE AND EXISTS "${PROJECT_SOURCE_DIR}/.git")
  execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse HEAD
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    OUTPUT_VARIABLE _commit OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE _rc)
  if(_rc EQUAL 0)
    set(TWINSIM_GIT_COMMIT "${_commit}")
  endif()
  execute_process(COMMAND ${GIT_EXECUTABLE} status --porcelain --untracked-files=no
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    OUTPUT_VARIABLE _dirty OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(_dirty)
    string(APPEND TWINSIM_GIT_COMMIT "-dirty")
  endif()
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/version.hpp.in ${PROJECT_BINARY_DIR}/generated/twinsim/version.hpp @ONLY)
