// Small non-throwing helpers over nlohmann::json (the core is built with JSON_NOEXCEPTION:
// every access must check types first, never call at() or get<T>() on the wrong type).
#pragma once

#include "costlab/limits.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>

namespace costlab::detail {

using json = nlohmann::json;

// json::parse(..., allow_exceptions=false) only says "discarded". This SAX handler builds the
// same document through nlohmann's own DOM builder and keeps the parse error: its byte offset
// and nlohmann's reason ("syntax error while parsing object - unexpected '}'; expected string
// literal"), without throwing (the core is built with JSON_NOEXCEPTION).
class ErrorKeepingSax {
  public:
    // Limits on the document's shape, checked as it is read (costlab/limits.h says why).
    static constexpr std::size_t kMaxDepth = limits::kMaxJsonDepth;
    static constexpr std::size_t kMaxValues = limits::kMaxJsonValues;

    explicit ErrorKeepingSax(json& out) : dom_(out, /*allow_exceptions=*/false) {}
    bool null() { return count() && dom_.null(); }
    bool boolean(bool v) { return count() && dom_.boolean(v); }
    bool number_integer(json::number_integer_t v) { return count() && dom_.number_integer(v); }
    bool number_unsigned(json::number_unsigned_t v) { return count() && dom_.number_unsigned(v); }
    bool number_float(json::number_float_t v, const json::string_t& s) {
        return count() && dom_.number_float(v, s);
    }
    bool string(json::string_t& v) { return count() && dom_.string(v); }
    bool binary(json::binary_t& v) { return count() && dom_.binary(v); }
    bool start_object(std::size_t n) { return enter() && dom_.start_object(n); }
    bool key(json::string_t& v) { return dom_.key(v); }
    bool end_object() {
        --depth_;
        return dom_.end_object();
    }
    bool start_array(std::size_t n) { return enter() && dom_.start_array(n); }
    bool end_array() {
        --depth_;
        return dom_.end_array();
    }
    template <class Exception>
    bool parse_error(std::size_t byte_offset, const std::string& token, const Exception& ex) {
        offset = byte_offset;
        last_token = token;
        reason = ex.what();
        // nlohmann's text is "[json.exception.parse_error.101] parse error at line 1, column
        // 5: syntax error ...": keep the reason; the position is recomputed from the offset.
        if (size_t at = reason.find("syntax error"); at != std::string::npos)
            reason = reason.substr(at);
        errored = true;
        return dom_.parse_error(byte_offset, token, ex);
    }

    bool errored = false;
    std::size_t offset = 0;
    std::string last_token; // the token that failed, as nlohmann shows it
    std::string reason;
    std::string limit_error; // set when the document broke a shape limit (no position known)

  private:
    bool count() {
        if (++values_ <= kMaxValues) return true;
        limit_error = "more than " + std::to_string(kMaxValues) + " values (the limit)";
        return false;
    }
    bool enter() {
        if (!count()) return false;
        if (++depth_ <= kMaxDepth) return true;
        limit_error = "nested deeper than " + std::to_string(kMaxDepth) + " levels (the limit)";
        return false;
    }
    std::size_t depth_ = 0, values_ = 0;
  private:
    nlohmann::detail::json_sax_dom_parser<json> dom_;
};

// Parses `text`; on failure returns a discarded value and sets `error` to
// "line L, column C: <what was expected>" (1-based, columns in bytes).
inline json parse(const std::string& text, std::string& error) {
    json out;
    ErrorKeepingSax sax(out);
    const bool ok = json::sax_parse(text, &sax);
    if (!sax.limit_error.empty()) {
        error = sax.limit_error;
        return json(json::value_t::discarded);
    }
    if (ok && !sax.errored) return out;
    // nlohmann reports the offset just past the token that failed: point at its last byte, or
    // for a string literal at its opening quote. (Only a string's token text is reliable:
    // after a number nlohmann's token text also holds the bytes read before, e.g. "3,,".)
    size_t at = sax.offset > 0 ? sax.offset - 1 : 0;
    const std::string& tok = sax.last_token;
    if (!tok.empty() && tok[0] == '"' && tok.size() <= sax.offset &&
        text.compare(sax.offset - tok.size(), tok.size(), tok) == 0)
        at = sax.offset - tok.size();
    if (at > text.size()) at = text.size();
    size_t line = 1, line_start = 0;
    for (size_t i = 0; i < at; ++i)
        if (text[i] == '\n') {
            ++line;
            line_start = i + 1;
        }
    char pos[64];
    std::snprintf(pos, sizeof pos, "line %zu, column %zu: ", line, at - line_start + 1);
    error = pos + (sax.reason.empty() ? std::string("not valid JSON") : sax.reason);
    return json(json::value_t::discarded);
}

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
