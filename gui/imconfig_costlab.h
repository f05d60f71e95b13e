// costlab's Dear ImGui configuration (IMGUI_USER_CONFIG, set by gui/CMakeLists.txt for every
// user of ImGui, so the library, panels, platform and tests agree). IM_ASSERT goes to a hook
// (imgui_hooks.h) instead of assert(): the tests count failed asserts in release builds too,
// and the page logs them instead of aborting the visitor's session.
#pragma once

void costlab_imgui_assert_failed(const char* expr, const char* file, int line);

#if defined(COSTLAB_IMGUI_NO_ASSERTS)
#define IM_ASSERT(_EXPR) ((void)0) // -DCOSTLAB_IMGUI_ASSERTS=OFF: no checks at all
#elif defined(COSTLAB_IMGUI_ASSERT_TEXT)
#define IM_ASSERT(_EXPR)                                                                          \
    ((_EXPR) ? (void)0 : costlab_imgui_assert_failed(#_EXPR, __FILE__, __LINE__))
#else
// wasm: no expression text, keeping a few thousand strings out of the download; file:line
// still names the check.
#define IM_ASSERT(_EXPR) ((_EXPR) ? (void)0 : costlab_imgui_assert_failed("", __FILE__, __LINE__))
#endif

// 32-bit vertex indices: the whole layout is one window at wide sizes and can pass 65,536
// vertices (ASan + random-input GUI test found it). WebGL2 draws GL_UNSIGNED_INT indices, and
// imgui_impl_opengl3 on ES3 cannot use the vertex-offset path that would split draws instead.
#define ImDrawIdx unsigned int
