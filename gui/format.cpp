// The GUI's number formatting: core's readable units plus counts, ratios and percentages,
// each turning a non-finite input into words. See format.h.
#include "format.h"

#include "costlab/report_io.h"

#include <cctype>
#include <cmath>
#include <cstdarg>
#include <cstdio>

namespace costlab::gui::fmt {

namespace {
const char* kNotAvailable = "n/a";

// Two significant digits without exponent notation: 0.00012, 0.25, 3.5.
std::string small(double v) {
    double a = std::fabs(v);
    if (a == 0) return "0";
    int decimals = a >= 1 ? 1 : int(std::ceil(-std::log10(a))) + 1;
    if (decimals > 12) return "0";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}
} // namespace

std::string printf(const char* format, ...) {
    char buf[512];
    va_list args;
    va_start(args, format);
    std::vsnprintf(buf, sizeof buf, format, args);
    va_end(args);
    return buf;
}

std::string usd(double v) {
    if (!std::isfinite(v)) return kNotAvailable;
    // $544,658 rather than $544658 between ten thousand and a million
    if (std::fabs(v) >= 1e4 && std::fabs(v) < 1e6) return (v < 0 ? "-$" : "$") + count(std::fabs(v));
    return format_usd(v);
}
std::string energy(double wh) {
    return std::isfinite(wh) ? format_energy_wh(wh) : kNotAvailable;
}
std::string seconds(double s) {
    return std::isfinite(s) ? format_seconds(s) : kNotAvailable;
}
std::string mass(double g) {
    return std::isfinite(g) ? format_mass_g(g) : kNotAvailable;
}
std::string si(double value, const char* unit) {
    return std::isfinite(value) ? format_si(value, unit) : kNotAvailable;
}
std::string bytes(double b) {
    return si(b, "B");
}

std::string number(double v, int significant) {
    if (!std::isfinite(v)) return kNotAvailable;
    if (significant < 1) significant = 1;
    double a = std::fabs(v);
    // %g switches to exponent notation past its precision; plain digits read better up to 1e6
    if (a >= 1e6) return count(v);
    if (a >= std::pow(10.0, significant)) return printf("%.0f", v);
    if (a < 1e-3) return small(v);
    return printf("%.*g", significant, v);
}

std::string count(double v) {
    if (!std::isfinite(v)) return kNotAvailable;
    double a = std::fabs(v);
    if (a >= 1e15) return printf("%.3g quadrillion", v / 1e15);
    if (a >= 1e12) return printf("%.3g trillion", v / 1e12);
    if (a >= 1e9) return printf("%.3g billion", v / 1e9);
    if (a >= 1e6) return printf("%.3g million", v / 1e6);
    if (a < 10 && a != std::floor(a)) return small(v);
    // Thousands separators: 1,234,567
    long long n = std::llround(a);
    std::string digits = std::to_string(n), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return (v < 0 ? "-" : "") + out;
}

std::string multiple(double r) {
    if (!std::isfinite(r) || r < 0) return kNotAvailable;
    if (r >= 100) return count(r);
    if (r >= 10) return printf("%.0f", r);
    return small(r);
}

std::string ratio(double r) {
    const std::string m = multiple(r);
    return m == kNotAvailable ? m : m + "x";
}

std::string percent(double fraction) {
    if (!std::isfinite(fraction)) return kNotAvailable;
    double p = fraction * 100;
    if (std::fabs(p) >= 1e6) return count(p) + "%";
    if (std::fabs(p) >= 10 || p == 0) return printf("%.0f%%", p);
    return small(p) + "%";
}

std::string per_day(double v, const char* what) {
    return count(v) + " " + what + " a day";
}

std::string message(const std::string& text) {
    std::string out;
    size_t i = 0;
    while (i < text.size()) {
        const unsigned char c = (unsigned char)text[i];
        if (!std::isalpha(c)) {
            out += text[i++];
            continue;
        }
        size_t j = i;
        while (j < text.size() && std::isalpha((unsigned char)text[j]))
            ++j;
        std::string word = text.substr(i, j - i);
        std::string lower;
        for (char ch : word)
            lower += char(std::tolower((unsigned char)ch));
        if (lower == "nan" || lower == "inf" || lower == "infinity") {
            if (!out.empty() && (out.back() == '-' || out.back() == '+')) out.pop_back();
            out += "n/a";
            // "inf%": the unit went with the number
            if (j < text.size() && text[j] == '%') ++j;
        } else {
            out += word;
        }
        i = j;
    }
    return out;
}

std::string usd_per_query(double v, const char* one, const char* many) {
    if (!std::isfinite(v)) return kNotAvailable;
    return usd(v) + " per " + one + ", " + usd(v * 1000) + " per 1,000 " + many;
}

std::string untrusted_reason(const WorkloadReport& w, bool dollars) {
    if (!w.fits) {
        if (w.min_gpus_to_fit <= 0)
            return "does not fit in memory on any number of these GPUs";
        return "does not fit in memory: needs " + bytes(w.memory_gb_needed * 1e9) + ", " +
               bytes(w.memory_gb_available * 1e9) + " usable (" +
               count(w.min_gpus_to_fit) + " GPUs would hold it)";
    }
    if (!std::isfinite(w.seconds_per_query) || !std::isfinite(w.gpu_seconds_per_query) ||
        !std::isfinite(w.facility_energy_wh) || w.gpu_seconds_per_query <= 0)
        return "cannot run on this accelerator (no usable compute mode)";
    if (dollars && (!std::isfinite(w.usd_per_query) || w.usd_per_query <= 0))
        return "no price set ($0 per GPU-hour): dollar figures are not meaningful";
    return {};
}

} // namespace costlab::gui::fmt
