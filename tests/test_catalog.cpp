// Catalog: the built-in data has the required ids and a source and date for every number;
// user catalogs add or override entries, validated field by field, all-or-nothing.
#include "costlab/catalog.h"

#include <catch2/catch.hpp>

using namespace costlab;

namespace {
bool has_error(const std::vector<CatalogError>& errors, const std::string& path,
               const std::string& text = "") {
    for (const auto& e : errors)
        if (e.path == path && e.message.find(text) != std::string::npos) return true;
    return false;
}

const char* kNewGpu = R"({"accelerators": [{
  "id": "my-gpu", "name": "My GPU", "vendor": "Me",
  "peak_tflops": {"bf16": 100, "fp32": 20},
  "memory_gb": 32, "memory_bandwidth_gb_per_s": 1000, "interconnect_gb_per_s": 32,
  "board_power_w": 300, "idle_power_w": 30, "usd_per_gpu_hour": 1.5}]})";
} // namespace

TEST_CASE("built-in catalog has every id scripts and links rely on") {
    const Catalog& c = Catalog::builtin();
    for (const char* id :
         {"h100-sxm", "h100-pcie", "h200", "b200", "a100-sxm-80gb", "a100-sxm-40gb", "l4", "l40s",
          "rtx-4090", "mi300x", "mi325x", "tpu-v5e"}) {
        INFO(id);
        CHECK(c.accelerator(id) != nullptr);
    }
    for (const char* id : {"llama-3.1-8b", "llama-3.1-70b", "llama-3.1-405b", "llama-2-70b",
                           "mixtral-8x7b", "deepseek-v3", "deepseek-r1"}) {
        INFO(id);
        CHECK(c.text_model(id) != nullptr);
    }
    for (const char* id : {"sd-1.5", "sdxl", "sd-3.5-medium", "sd-3.5-large", "flux.1-dev",
                           "gpt-image-1-low", "gpt-image-1-medium", "gpt-image-1-high"}) {
        INFO(id);
        CHECK(c.image_model(id) != nullptr);
    }
}

TEST_CASE("every built-in number carries a unit, a source and a date") {
    auto check_sources = [](const std::string& id, const std::map<std::string, Citation>& src,
                            size_t at_least) {
        INFO(id);
        CHECK(src.size() >= at_least);
        for (const auto& [field, c] : src) {
            INFO(field);
            CHECK(!c.unit.empty());
            CHECK(c.source.size() > 10);
            CHECK(c.date.size() >= 4);
        }
    };
    const Catalog& c = Catalog::builtin();
    for (const auto& a : c.accelerators())
        check_sources(a.id, a.sources, 7);
    for (const auto& m : c.text_models())
        check_sources(m.id, m.sources, 12);
    for (const auto& m : c.image_models())
        check_sources(m.id, m.sources, 4);
}

TEST_CASE("built-in figures are physically consistent") {
    const Catalog& c = Catalog::builtin();
    for (const auto& a : c.accelerators()) {
        INFO(a.id);
        CHECK(a.peak_flops_per_s[int(Precision::bf16)] > 1e13);
        CHECK(a.memory_bytes >= 16e9);
        CHECK(a.idle_power_w < a.board_power_w);
        CHECK(a.usd_per_gpu_hour > 0);
    }
    for (const auto& m : c.text_models()) {
        INFO(m.id);
        CHECK(m.params_active <= m.params_total);
        // 12 L d^2-style check: layer weights account for most parameters
        CHECK(m.kv_bytes_per_token(2) > 0);
    }
    const auto& h100 = *c.accelerator("h100-sxm");
    CHECK(h100.peak_flops_per_s[int(Precision::bf16)] == Approx(989e12).epsilon(0.01));
    CHECK(h100.memory_bytes_per_s == Approx(3.35e12).epsilon(0.01));
    const auto& l70 = *c.text_model("llama-3.1-70b");
    CHECK(l70.kv_bytes_per_token(2) == Approx(2.0 * 80 * 8 * 128 * 2));
}

TEST_CASE("a user catalog adds an accelerator; bare numbers are cited as 'user catalog'") {
    Catalog c = Catalog::builtin();
    auto errors = c.merge_json(kNewGpu);
    REQUIRE(errors.empty());
    const Accelerator* a = c.accelerator("my-gpu");
    REQUIRE(a);
    CHECK(a->memory_bytes == 32e9);
    CHECK(a->peak_flops_per_s[int(Precision::bf16)] == 100e12);
    CHECK(a->sources.at("memory_gb").source == "user catalog");
}

TEST_CASE("a user catalog overrides one field of a built-in entry") {
    Catalog c = Catalog::builtin();
    REQUIRE(c.merge_json(R"({"accelerators": [{"id": "h100-sxm", "usd_per_gpu_hour": 1.99}]})")
                .empty());
    CHECK(c.accelerator("h100-sxm")->usd_per_gpu_hour == 1.99);
    CHECK(c.accelerator("h100-sxm")->memory_bytes ==
          Catalog::builtin().accelerator("h100-sxm")->memory_bytes);
}

TEST_CASE("bad user catalogs are rejected field by field and change nothing") {
    Catalog c = Catalog::builtin();
    size_t before = c.accelerators().size();
    SECTION("missing field in a new entry") {
        std::string doc = kNewGpu;
        doc.replace(doc.find("\"memory_gb\": 32, "), 17, "");
        auto e = c.merge_json(doc);
        CHECK(has_error(e, "accelerators[0].memory_gb", "missing"));
    }
    SECTION("wrong unit") {
        auto e = c.merge_json(R"({"accelerators": [{"id": "h100-sxm",
            "memory_gb": {"value": 80, "unit": "GiB", "source": "x", "date": "2024"}}]})");
        CHECK(has_error(e, "accelerators[0].memory_gb.unit", "\"GB\""));
    }
    SECTION("out of range and NaN-like values") {
        auto e = c.merge_json(R"({"accelerators": [{"id": "h100-sxm", "memory_gb": -5}]})");
        CHECK(has_error(e, "accelerators[0].memory_gb.value", "out of range"));
        auto e2 = c.merge_json(R"({"accelerators": [{"id": "h100-sxm", "memory_gb": "lots"}]})");
        CHECK(has_error(e2, "accelerators[0].memory_gb"));
    }
    SECTION("unknown field, bad id, bad JSON, unknown backbone") {
        CHECK(has_error(c.merge_json(R"({"accelerators": [{"id": "h100-sxm", "memroy_gb": 5}]})"),
                        "accelerators[0].memroy_gb", "unknown"));
        CHECK(has_error(c.merge_json(R"({"accelerators": [{"id": "H 100"}]})"),
                        "accelerators[0].id"));
        CHECK(!c.merge_json("{\"accelerators\": [").empty());
        CHECK(has_error(c.merge_json(R"({"image_models": [{"id": "gpt-image-1-low",
            "backbone_model": "nope"}]})"),
                        "image_models[0].backbone_model", "not a text model"));
    }
    SECTION("one bad entry rejects the whole file") {
        std::string doc = R"({"accelerators": [)" + std::string(kNewGpu).substr(18);
        doc = doc.substr(0, doc.size() - 2) + R"(, {"id": "h100-sxm", "memory_gb": -1}]})";
        CHECK(!c.merge_json(doc).empty());
        CHECK(c.accelerator("my-gpu") == nullptr);
    }
    CHECK(c.accelerators().size() == before);
}
