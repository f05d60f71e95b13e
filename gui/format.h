// Every number the GUI shows goes through these helpers (core's report_io formatters plus the
// GUI's own: counts, ratios, percentages). A number that is not finite comes back as words
// ("n/a"), never as "nan" or "inf"; the tests read the drawn text back to check that.
#pragma once

#include "costlab/model.h"

#include <string>

namespace costlab::gui::fmt {

std::string usd(double usd);                  // "$0.0012", "$1.20", "$3.4 M"
std::string energy(double wh);                // "3.4 mWh", "2 Wh", "1.2 kWh"
std::string seconds(double s);                // "12 ms", "6.1 s", "2.5 h"
std::string mass(double g);                   // "31 mg", "747 mg", "1.2 t"
std::string si(double value, const char* unit); // "1.2 PFLOP/s"
std::string bytes(double b);                  // "35 GB"
std::string number(double v, int significant = 3); // "0.123", "1230", "n/a"
std::string count(double v);                  // "1,234", "12.5 million", "3 billion"
std::string multiple(double r);               // "18", "1.5", "0.25", "2,400"; "n/a" if undefined
std::string ratio(double r);                  // multiple() + "x"
std::string percent(double fraction);         // "85%", "-120%", "0.3%"
std::string per_day(double per_day, const char* what); // "1 billion chat replies a day"

// "$0.0012 per reply, $1.20 per 1,000 replies".
std::string usd_per_query(double usd, const char* one, const char* many);

// Why a workload's figures cannot be taken as numbers, in words; empty when they can.
// `dollars` asks about the money figures (a $0 price makes only those meaningless).
std::string untrusted_reason(const WorkloadReport& w, bool dollars);

// A message from the core (warnings, validation errors) made safe to show: a printed NaN or
// infinity in it ("inf%", "nan") becomes "n/a". The core's messages are words with numbers
// printed by printf, and an edge case (a fleet smaller than one replica) can print "inf".
std::string message(const std::string& core_text);

// printf into a std::string, for labels that hold only text or already formatted numbers.
std::string printf(const char* format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

} // namespace costlab::gui::fmt
