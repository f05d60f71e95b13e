# costlab_embed(<out.cpp> NAMESPACE <ns> FILES <f>...): compiles files (catalog JSON, WGSL)
# into a C++ source defining `std::string_view ns::embedded_file(std::string_view name)`,
# where name is the file's base name. Regenerated when any input changes.
set(COSTLAB_EMBED_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/embed_files.cmake")
function(costlab_embed out)
  cmake_parse_arguments(E "" "NAMESPACE" "FILES" ${ARGN})
  add_custom_command(
    OUTPUT "${out}"
    COMMAND "${CMAKE_COMMAND}" "-DOUT=${out}" "-DNS=${E_NAMESPACE}" "-DFILES=${E_FILES}"
            -P "${COSTLAB_EMBED_SCRIPT}"
    DEPENDS ${E_FILES} "${COSTLAB_EMBED_SCRIPT}"
    COMMENT "Embedding ${E_NAMESPACE} files"
    VERBATIM)
endfunction()
