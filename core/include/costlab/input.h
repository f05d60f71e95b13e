// Reading untrusted text: files with a size limit enforced while reading (a device or a
// stream that never ends is cut at the limit), and JSON parse errors as "line L, column C:
// what was expected". The limits themselves are in costlab/limits.h.
#pragma once

#include <cstddef>
#include <string>

namespace costlab {

struct TextRead {
    std::string text;
    std::string error; // empty when the read succeeded; names the file, the limit and the size
    bool ok() const { return error.empty(); }
};

// Reads at most `max_bytes` of `path` ("-" is not special). A regular file larger than the
// limit is refused from its size before reading; anything else (a FIFO, /dev/zero) is read in
// chunks and refused as soon as one byte more than the limit has arrived, so memory stays
// bounded by the limit. `what` names the input in the message ("catalog file").
TextRead read_text_file(const std::string& path, size_t max_bytes, const char* what);

// "2000000 bytes, over the limit of 1048576 bytes (1 MiB) for a catalog": the message both the
// file reader and the parsers give for text that is too long. `at_least` says reading stopped
// at the limit, so `size` is what was read, not the whole input ("read 1048577 bytes, ...").
std::string over_limit_message(size_t size, size_t max_bytes, const char* what, bool at_least);

// Whether JSON text keeps within limits::kMaxJsonDepth and kMaxJsonValues, checked without
// building the document (for a parser that does not check them itself): "" when it does, or
// when it is not JSON at all (its own parser says why); else what it exceeds.
std::string json_shape_error(const std::string& text);

// A readable size ("1 MiB", "16 KiB", "300 bytes") for messages.
std::string format_bytes(size_t n);

// Text from an input, safe to print anywhere (a terminal, CSV, JSON, HTML, the canvas):
// control bytes (C0, DEL; ESC would let a label retitle or rewrite a terminal) become \xNN.
std::string printable(const std::string& text);

// What a message quotes of an offending input: printable(), and at most `max_bytes` of it (cut
// on a UTF-8 boundary) with "... (N bytes)" after, so a 128 KB flag gives a short message.
constexpr size_t kQuoteBytes = 40;
std::string quote_input(const std::string& text, size_t max_bytes = kQuoteBytes);

} // namespace costlab
