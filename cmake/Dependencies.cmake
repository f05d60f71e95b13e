# Header-only dependencies from Debian packages (scripts/deps.sh installs them).
# Native: their CMake packages. WebAssembly: a folder of links to just those headers, because
# adding /usr/include to a wasm compile pulls glibc headers into the wasm sysroot.
if(EMSCRIPTEN)
  set(_shim "${CMAKE_BINARY_DIR}/sysdeps/include")
  file(MAKE_DIRECTORY "${_shim}")
  foreach(_dir catch2 glm nlohmann)
    if(EXISTS "/usr/include/${_dir}" AND NOT EXISTS "${_shim}/${_dir}")
      file(CREATE_LINK "/usr/include/${_dir}" "${_shim}/${_dir}" SYMBOLIC)
    endif()
  endforeach()
  add_library(costlab_json INTERFACE)
  target_include_directories(costlab_json SYSTEM INTERFACE "${_shim}")
  add_library(costlab_catch2 INTERFACE)
  target_include_directories(costlab_catch2 SYSTEM INTERFACE "${_shim}")
else()
  find_package(nlohmann_json 3 REQUIRED)
  find_package(Catch2 2 REQUIRED)
  add_library(costlab_json INTERFACE)
  target_link_libraries(costlab_json INTERFACE nlohmann_json::nlohmann_json)
  add_library(costlab_catch2 INTERFACE)
  target_link_libraries(costlab_catch2 INTERFACE Catch2::Catch2)
endif()

# Node for running wasm test binaries (TOOLCHAIN.md: the toolchain's default emulator flag
# is rejected by node 20, and old glue needs fetch off to read .wasm from disk).
if(EMSCRIPTEN)
  # Emscripten's glue is CommonJS; the repo's package.json says "type": "module" for our own
  # scripts, so the build tree declares itself CommonJS for node.
  file(WRITE "${CMAKE_BINARY_DIR}/package.json" "{\"type\": \"commonjs\"}\n")
  find_program(COSTLAB_NODE node REQUIRED)
  set(CMAKE_CROSSCOMPILING_EMULATOR "${COSTLAB_NODE};--no-experimental-fetch" CACHE STRING "" FORCE)
endif()
