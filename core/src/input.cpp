// Bounded file reads (costlab/input.h). std::FILE rather than iostreams: the read loop stops at
// the limit instead of slurping the whole stream, and it works the same under Emscripten.
#include "costlab/input.h"

#include "costlab/limits.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sys/stat.h>

namespace costlab {

std::string format_bytes(size_t n) {
    char buf[64];
    if (n >= (size_t(1) << 20) && n % (size_t(1) << 20) == 0)
        std::snprintf(buf, sizeof buf, "%zu MiB", n >> 20);
    else if (n >= 1024 && n % 1024 == 0)
        std::snprintf(buf, sizeof buf, "%zu KiB", n >> 10);
    else
        std::snprintf(buf, sizeof buf, "%zu bytes", n);
    return buf;
}

namespace {
// Counts depth and values and stops at the first limit; keeps nothing.
struct ShapeCounter {
    using json = nlohmann::json;
    size_t depth = 0, values = 0;
    std::string error;
    bool value() {
        if (++values <= limits::kMaxJsonValues) return true;
        error = "more than " + std::to_string(limits::kMaxJsonValues) + " values (the limit)";
        return false;
    }
    bool open() {
        if (!value()) return false;
        if (++depth <= limits::kMaxJsonDepth) return true;
        error = "nested deeper than " + std::to_string(limits::kMaxJsonDepth) + " levels (the limit)";
        return false;
    }
    bool null() { return value(); }
    bool boolean(bool) { return value(); }
    bool number_integer(json::number_integer_t) { return value(); }
    bool number_unsigned(json::number_unsigned_t) { return value(); }
    bool number_float(json::number_float_t, const json::string_t&) { return value(); }
    bool string(json::string_t&) { return value(); }
    bool binary(json::binary_t&) { return value(); }
    bool start_object(size_t) { return open(); }
    bool key(json::string_t&) { return true; }
    bool end_object() { return --depth, true; }
    bool start_array(size_t) { return open(); }
    bool end_array() { return --depth, true; }
    bool parse_error(size_t, const std::string&, const nlohmann::detail::exception&) {
        return false;
    }
};
} // namespace

std::string json_shape_error(const std::string& text) {
    ShapeCounter counter;
    nlohmann::json::sax_parse(text, &counter);
    return counter.error;
}

std::string printable(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (unsigned char c : text) {
        if (c >= 0x20 && c != 0x7f) {
            out += char(c);
            continue;
        }
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\x%02X", c);
        out += buf;
    }
    return out;
}

std::string quote_input(const std::string& text, size_t max_bytes) {
    if (text.size() <= max_bytes) return printable(text);
    size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut; // not inside a UTF-8 sequence
    return printable(text.substr(0, cut)) + "... (" + std::to_string(text.size()) + " bytes)";
}

std::string over_limit_message(size_t size, size_t max_bytes, const char* what, bool at_least) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "%s%zu bytes, over the limit of %zu bytes (%s) for a %s",
                  at_least ? "read " : "", size, max_bytes, format_bytes(max_bytes).c_str(), what);
    return buf;
}

TextRead read_text_file(const std::string& path, size_t max_bytes, const char* what) {
    TextRead r;
    // A path is input too (a 128 KB argument); real ones fit in 200 bytes.
    const std::string shown = quote_input(path, 200);
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            r.error = shown + ": is a directory, not a " + std::string(what);
            return r;
        }
        // A regular file announces its size: refuse it before reading a byte.
        if (S_ISREG(st.st_mode) && size_t(st.st_size) > max_bytes) {
            r.error = shown + ": " + over_limit_message(size_t(st.st_size), max_bytes, what, false);
            return r;
        }
    }
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) {
        r.error = "cannot read " + shown + ": " + std::strerror(errno);
        return r;
    }
    char chunk[64 * 1024];
    for (;;) {
        // Never ask for more than one byte past the limit: that byte is enough to know.
        const size_t room = max_bytes + 1 - r.text.size();
        const size_t want = room < sizeof chunk ? room : sizeof chunk;
        const size_t got = std::fread(chunk, 1, want, f);
        r.text.append(chunk, got);
        if (r.text.size() > max_bytes) {
            r.error = shown + ": " + over_limit_message(r.text.size(), max_bytes, what, true) +
                      "; stopped reading there";
            r.text.clear();
            r.text.shrink_to_fit();
            break;
        }
        if (got < want) {
            if (std::ferror(f)) {
                r.error = "cannot read " + shown + ": " + std::strerror(errno);
                r.text.clear();
            }
            break;
        }
    }
    std::fclose(f);
    return r;
}

} // namespace costlab
