// Implementations of the hooks declared by imconfig_costlab.h (IM_ASSERT) and by ImGui's
// IMGUI_ENABLE_TEST_ENGINE (item add/info/log, debug label); tests install handlers through
// imgui_hooks.h. Part of costlab_imgui because imgui.cpp references them.
#include "imgui_hooks.h"

#include "imgui_internal.h"

#include <cstdio>

namespace {
costlab::gui::ImGuiAssertHandler g_assert_handler = nullptr;
costlab::gui::ImGuiItemHooks g_item_hooks;
int g_logged_asserts = 0;
} // namespace

void costlab_imgui_assert_failed(const char* expr, const char* file, int line) {
    if (g_assert_handler) {
        g_assert_handler(expr, file, line);
        return;
    }
    // A few lines are enough to find the bug; a broken frame must not flood the console.
    if (g_logged_asserts < 8) {
        ++g_logged_asserts;
        std::fprintf(stderr, "ImGui assert failed: %s (%s:%d)\n", expr, file, line);
    }
}

void ImGuiTestEngineHook_ItemAdd(ImGuiContext*, ImGuiID id, const ImRect& bb,
                                 const ImGuiLastItemData*) {
    if (g_item_hooks.item_add) g_item_hooks.item_add(g_item_hooks.user, id, bb);
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext*, ImGuiID id, const char* label,
                                  ImGuiItemStatusFlags flags) {
    if (g_item_hooks.item_info) g_item_hooks.item_info(g_item_hooks.user, id, label, flags);
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) {
    return nullptr;
}

namespace costlab::gui {

ImGuiAssertHandler set_imgui_assert_handler(ImGuiAssertHandler handler) {
    ImGuiAssertHandler old = g_assert_handler;
    g_assert_handler = handler;
    return old;
}

void set_imgui_item_hooks(const ImGuiItemHooks& hooks) {
    g_item_hooks = hooks;
    if (ImGuiContext* ctx = ImGui::GetCurrentContext())
        ctx->TestEngineHookItems = hooks.item_add != nullptr || hooks.item_info != nullptr;
}

} // namespace costlab::gui
