# Script mode (cmake -P), run after every web build: prints what the page costs to download,
# from the precompressed twins beside each served file (.br, Brotli, what browsers take; .gz,
# gzip, for hosts without Brotli). Groups: the first visit (index.html and what it loads: the
# files below), an embed's first visit, and "time my hardware" (hw/, fetched when the visitor
# presses the button: its modules and one of the two kernel modules). Budgets: a first visit
# (page or embed) <= 300 KB Brotli and <= 345 KB gzip (340 until the serving engines, ceilings
# and continuous batching of issue 27 added 2 KB), "time my hardware" <= 45 KB more
# Brotli; over any of them the build fails here, and the browser tests check the same against
# what Chromium really transfers.
# Usage: cmake -DSITE_DIR=<dir> -P site_size.cmake
set(_budget 300000)
set(_gz_budget 345000)
set(_hw_budget 45000)
get_filename_component(SITE_DIR "${SITE_DIR}" ABSOLUTE)

function(_size file out)
  if(EXISTS "${file}")
    file(SIZE "${file}" _s)
  else()
    set(_s 0)
  endif()
  set(${out} ${_s} PARENT_SCOPE)
endfunction()

function(_kb bytes out) # KB = 1000 bytes, one decimal
  math(EXPR _t "(${bytes} * 10 + 500) / 1000")
  math(EXPR _i "${_t} / 10")
  math(EXPR _d "${_t} % 10")
  set(${out} "${_i}.${_d} KB" PARENT_SCOPE)
endfunction()

# name;raw;gz;br lines for a list of files, and the totals.
function(_group title files prefix)
  set(_raw_t 0)
  set(_gz_t 0)
  set(_br_t 0)
  set(_lines "")
  foreach(_f IN LISTS files)
    _size("${_f}" _raw)
    _size("${_f}.gz" _gz)
    _size("${_f}.br" _br)
    math(EXPR _raw_t "${_raw_t} + ${_raw}")
    math(EXPR _gz_t "${_gz_t} + ${_gz}")
    math(EXPR _br_t "${_br_t} + ${_br}")
    file(RELATIVE_PATH _name "${SITE_DIR}" "${_f}")
    string(APPEND _lines "  ${_name}: ${_raw} bytes, ${_gz} gzip, ${_br} brotli\n")
  endforeach()
  _kb(${_raw_t} _r)
  _kb(${_gz_t} _g)
  _kb(${_br_t} _b)
  message("${title}\n${_lines}  total: ${_r} raw, ${_g} gzip, ${_b} brotli")
  set(${prefix}_gz ${_gz_t} PARENT_SCOPE)
  set(${prefix}_br ${_br_t} PARENT_SCOPE)
endfunction()

# What index.html and embed.html load (their <link>/<script> and app.js's costlab.js + wasm;
# noscript.css only with JavaScript off). The other pages (methodology, the example post) are
# visits of their own.
set(_page "")
foreach(_f index.html style.css print.css app.js costlab.js costlab.wasm)
  list(APPEND _page "${SITE_DIR}/${_f}")
endforeach()
_group("site size, first visit (${SITE_DIR}):" "${_page}" page)
set(_embed "")
foreach(_f embed.html embed.css style.css app.js costlab.js costlab.wasm)
  list(APPEND _embed "${SITE_DIR}/${_f}")
endforeach()
_group("site size, an embed's first visit:" "${_embed}" embed)

file(GLOB _hw "${SITE_DIR}/hw/*.js" "${SITE_DIR}/hw/*.wasm")
# The benchmark loads one kernel module (relaxed SIMD where the engine has it): count the larger.
set(_hw_files "")
set(_kernel "")
set(_kernel_size 0)
foreach(_f IN LISTS _hw)
  if(_f MATCHES "costlab_kernels[^/]*\\.wasm$")
    _size("${_f}.br" _s)
    if(_s GREATER _kernel_size)
      set(_kernel "${_f}")
      set(_kernel_size ${_s})
    endif()
  else()
    list(APPEND _hw_files "${_f}")
  endif()
endforeach()
if(_kernel)
  list(APPEND _hw_files "${_kernel}")
endif()
list(SORT _hw_files)
set(hw_gz 0)
set(hw_br 0)
if(_hw_files)
  _group("site size, \"time my hardware\" (loaded on demand):" "${_hw_files}" hw)
endif()

math(EXPR _all_br "${page_br} + ${hw_br}")
math(EXPR _all_gz "${page_gz} + ${hw_gz}")
_kb(${_all_br} _ab)
_kb(${_all_gz} _ag)
_kb(${page_br} _pb)
_kb(${_budget} _bud)
_kb(${_hw_budget} _hbud)
_kb(${page_gz} _pg)
_kb(${_gz_budget} _gbud)
if(page_br GREATER _budget OR embed_br GREATER _budget OR page_gz GREATER _gz_budget OR
   embed_gz GREATER _gz_budget OR hw_br GREATER _hw_budget)
  set(_verdict "OVER the ${_bud} Brotli / ${_gbud} gzip (+${_hbud}) budget")
  set(_over TRUE)
else()
  set(_verdict "within the ${_bud} Brotli / ${_gbud} gzip (+${_hbud}) budget")
endif()
message("site size: ${_pb} brotli (${_pg} gzip) on a first visit; ${_ab} brotli (${_ag} gzip) with \"time my hardware\": ${_verdict}")
if(_over)
  message(SEND_ERROR "site size over budget (web/site_size.cmake)")
endif()
