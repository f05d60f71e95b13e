// Headless harness (see harness.h).
#include "harness.h"

#include "fonts.h"

#include "imgui_hooks.h"
#include "imgui_internal.h"
#include "screen_text.h"

#include <cstdio>

namespace costlab::gui::test {

namespace {
int g_assert_failures = 0;
std::string g_first_assert;

void record_assert(const char* expr, const char* file, int line) {
    if (g_assert_failures++ == 0) {
        char buf[512];
        std::snprintf(buf, sizeof buf, "%s (%s:%d)", expr, file, line);
        g_first_assert = buf;
    }
    std::fprintf(stderr, "IM_ASSERT failed: %s (%s:%d)\n", expr, file, line);
}
} // namespace

int Harness::assert_failures() {
    return g_assert_failures;
}
const std::string& Harness::first_assert() {
    return g_first_assert;
}

Harness::Harness(float width, float height, const std::string& fragment) {
    set_imgui_assert_handler(&record_assert);
    ctx_ = ImGui::CreateContext();
    ImGui::SetCurrentContext(ctx_);
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(width, height);
    io.DeltaTime = 1.0f / 60;
    // The page's faces (fonts.h), so layout tests measure the text the visitor sees. Build the
    // atlas as a renderer would (ImGui refuses to draw without it); no texture.
    add_fonts(*io.Fonts, 1.0f);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    io.Fonts->SetTexID((ImTextureID)(intptr_t)1);
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    platform.fragment = fragment;
    app_ = new App(platform);
    app_->start();
}

Harness::~Harness() {
    ImGui::SetCurrentContext(ctx_);
    set_imgui_item_hooks({});
    delete app_;
    ImGui::DestroyContext(ctx_);
}

void Harness::on_item_add(void* user, ImGuiID id, const ImRect& bb) {
    auto* self = static_cast<Harness*>(user);
    self->building_.push_back({id, bb.Min.x, bb.Min.y, bb.Max.x, bb.Max.y, {}, 0});
}

void Harness::on_item_info(void* user, ImGuiID id, const char* label, int flags) {
    auto* self = static_cast<Harness*>(user);
    for (auto it = self->building_.rbegin(); it != self->building_.rend(); ++it)
        if (it->id == id) {
            it->label = label ? label : "";
            it->status_flags = flags;
            return;
        }
}

void Harness::frame(float dt) {
    ImGui::SetCurrentContext(ctx_);
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = dt;
    ImGuiItemHooks hooks;
    hooks.item_add = &on_item_add;
    hooks.item_info = &on_item_info;
    hooks.user = this;
    set_imgui_item_hooks(hooks);
    building_.clear();
    ImGui::NewFrame();
    app_->frame();
    ImGui::Render();
    items_.swap(building_);
    drawn_ = decode_draw_data(ImGui::GetDrawData(), ImGui::GetFont());
}

void Harness::resize(float width, float height) {
    ImGui::SetCurrentContext(ctx_);
    ImGui::GetIO().DisplaySize = ImVec2(width, height);
}

void Harness::mouse_move(float x, float y) {
    ImGui::SetCurrentContext(ctx_);
    ImGui::GetIO().AddMousePosEvent(x, y);
}

void Harness::mouse_button(bool down) {
    ImGui::SetCurrentContext(ctx_);
    ImGui::GetIO().AddMouseButtonEvent(0, down);
}

void Harness::click(float x, float y) {
    mouse_move(x, y);
    frame();
    mouse_button(true);
    frame();
    mouse_button(false);
    frame();
    frame(); // what the click did (requests, recompute) shows from this frame on
}

void Harness::wheel(float dy) {
    ImGui::SetCurrentContext(ctx_);
    ImGui::GetIO().AddMouseWheelEvent(0, dy);
}

void Harness::key(ImGuiKey k) {
    ImGui::SetCurrentContext(ctx_);
    ImGui::GetIO().AddKeyEvent(k, true);
    frame();
    ImGui::GetIO().AddKeyEvent(k, false);
    frame();
}

void Harness::type(const std::string& s) {
    ImGui::SetCurrentContext(ctx_);
    ImGui::GetIO().AddInputCharactersUTF8(s.c_str());
    frame();
}

const Item* Harness::find(const std::string& label) const {
    for (const Item& it : items_)
        if (it.label == label) return &it;
    return nullptr;
}

const Item* Harness::find_containing(const std::string& part) const {
    for (const Item& it : items_)
        if (it.label.find(part) != std::string::npos) return &it;
    return nullptr;
}

bool Harness::click_item(const std::string& label) {
    const Item* it = find(label);
    if (!it) return false;
    const float x = (it->x0 + it->x1) / 2, y = (it->y0 + it->y1) / 2;
    click(x, y);
    return true;
}

std::string Harness::drawn_joined() const {
    std::string out;
    for (const auto& s : drawn_)
        out += s + "\n";
    return out;
}

std::vector<std::string> Harness::active_panels() const {
    std::vector<std::string> out;
    ImGuiContext& g = *ctx_;
    for (ImGuiWindow* w : g.Windows) {
        if (!w->WasActive || !(w->Flags & ImGuiWindowFlags_ChildWindow)) continue;
        if (!w->ParentWindow || std::string(w->ParentWindow->Name) != "costlab") continue;
        // Child names are "<parent>/<label>_<id>"
        std::string name = w->Name;
        size_t slash = name.find('/'), us = name.rfind('_');
        if (slash != std::string::npos && us != std::string::npos && us > slash)
            out.push_back(name.substr(slash + 1, us - slash - 1));
    }
    return out;
}

} // namespace costlab::gui::test
