// Small non-throwing helpers over nlohmann::json (the core is built with JSON_NOEXCEPTION:
// every access must check types first, never call at() or get<T>() on the wrong type).
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace costlab::detail {

using json = nlohmann::json;

inline const json* find(const json& obj, const char* key) {
    if (!obj.is_object()) return nullptr;
    auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
}

inline std::string string_or(const json& obj, const char* key, const char* fallback) {
    const json* v = find(obj, key);
    return v && v->is_string() ? v->get<std::string>() : std::string(fallback);
}

// Serializes without throwing on invalid UTF-8 (replaces it) and writes non-finite
// numbers as null (nlohmann's default too, stated here because reports rely on it).
inline std::string dump(const json& j, bool pretty) {
    return j.dump(pretty ? 2 : -1, ' ', false, json::error_handler_t::replace);
}

} // namespace costlab::detail
