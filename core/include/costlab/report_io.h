// costlab report formats: a Report as JSON, CSV or an aligned text table, and readable
// units ("$0.0012", "3.4 mWh"). Shared by the CLI, the wasm API and (later) the panels.
#pragma once

#include "costlab/model.h"

#include <string>
#include <vector>

namespace costlab {

// {"text": {...workload fields...}, "image": {...}, "ratios": {...}, "fleet": {...},
//  "business": {...}}. Workload objects carry seconds_per_query, gpu_seconds_per_query,
// queries_per_second, output_tokens_per_second | images_per_second, gpu_energy_wh,
// it_energy_wh, facility_energy_wh, usd_per_query, co2_g_per_query, water_l_per_query
// (= water_onsite_l_per_query + water_offsite_l_per_query), embodied_co2_g_per_query (its
// own figure, not part of co2_g_per_query), bound, gpus, batch, memory_gb_needed, fits,
// phases[], warnings[].
std::string report_to_json(const Report& r, bool pretty = true);
std::string workload_to_json(const WorkloadReport& w, bool pretty = true);
std::string errors_to_json(const std::vector<FieldError>& errors);

// One header row, then one row per workload.
std::string report_to_csv(const Report& r);
std::string workload_to_csv(const WorkloadReport& w);

// Human-readable side-by-side table (the CLI's default output).
std::string report_to_table(const Report& r);
std::string workload_to_table(const WorkloadReport& w);

// Readable units: format_usd(0.00123) = "$0.0012", format_energy_wh(0.0034) = "3.4 mWh",
// format_seconds(0.012) = "12 ms", format_si(1.2e15, "FLOP/s") = "1.2 PFLOP/s".
std::string format_usd(double usd);
std::string format_energy_wh(double wh);
std::string format_seconds(double s);
std::string format_mass_g(double g);
std::string format_volume_l(double litres); // format_volume_l(0.017) = "17 mL"
std::string format_si(double value, const char* unit);

} // namespace costlab
