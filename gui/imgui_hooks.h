// Hooks into Dear ImGui for tests: failed IM_ASSERTs and the test-engine item hooks
// (IMGUI_ENABLE_TEST_ENGINE), which report every item's id, rectangle and label. The page never
// sets them: with no handler an assert is logged once to stderr and drawing goes on, and the
// item hooks stay off (ImGuiContext::TestEngineHookItems is false unless a test turns it on).
#pragma once

#include "imgui.h"

struct ImRect; // imgui_internal.h

namespace costlab::gui {

using ImGuiAssertHandler = void (*)(const char* expr, const char* file, int line);
// Returns the previous handler; nullptr restores the default (log to stderr, continue).
ImGuiAssertHandler set_imgui_assert_handler(ImGuiAssertHandler handler);

struct ImGuiItemHooks {
    void (*item_add)(void* user, ImGuiID id, const ImRect& bb) = nullptr;
    void (*item_info)(void* user, ImGuiID id, const char* label, int status_flags) = nullptr;
    void* user = nullptr;
};
// Installs the hooks and turns ImGui's item reporting on for the current context (off when
// both callbacks are null).
void set_imgui_item_hooks(const ImGuiItemHooks& hooks);

} // namespace costlab::gui
