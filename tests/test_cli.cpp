// The costlab CLI, run in-process: every command, every format, and bad input giving exit
// code 2 with a message that names the flag, the field and the allowed range.
#include "cli.h"
#include "options.h"

#include "costlab/model.h"

#include <catch2/catch.hpp>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <string_view>

#ifndef __EMSCRIPTEN__
#include <csignal>
#include <fcntl.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#endif

using costlab::cli::run;
using nlohmann::json;

namespace {
json parse(const std::string& s) {
    return json::parse(s, nullptr, false);
}
bool contains(const std::string& hay, const std::string& needle) {
    return hay.find(needle) != std::string::npos;
}
std::string temp_file(const std::string& name, const std::string& content) {
    std::string path = "costlab_test_" + name;
    std::ofstream(path) << content;
    return path;
}
} // namespace

TEST_CASE("costlab compare prints the default comparison") {
    auto o = run({});
    CHECK(o.exit_code == 0);
    CHECK(contains(o.out, "One image costs as much as"));
    CHECK(contains(o.out, "cost per query"));
    auto same = run({"compare"});
    CHECK(same.out == o.out);
}

TEST_CASE("compare --format json equals the core report") {
    auto o = run({"compare", "--format", "json"});
    REQUIRE(o.exit_code == 0);
    json j = parse(o.out);
    REQUIRE(j.is_object());
    costlab::Report r = costlab::evaluate(costlab::Scenario{});
    CHECK(j["text"]["usd_per_query"].get<double>() == r.text.usd_per_query);
    CHECK(j["image"]["gpu_energy_wh"].get<double>() == r.image.gpu_energy_wh);
}

TEST_CASE("estimate --format json has the documented fields, for text and image") {
    auto t = run({"estimate", "--workload", "text", "--model", "llama-3.1-8b", "--gpu", "l4",
                  "--precision", "fp8", "--batch", "max", "--input-tokens", "1000",
                  "--output-tokens", "300", "--reasoning-tokens", "200", "--format", "json"});
    INFO(t.err);
    REQUIRE(t.exit_code == 0);
    json j = parse(t.out);
    CHECK(j["model"] == "llama-3.1-8b");
    CHECK(j["accelerator"] == "l4");
    CHECK(j["batch"].get<int>() > 1);
    CHECK(j.contains("output_tokens_per_second"));
    auto i = run({"estimate", "--workload", "image", "--model", "sdxl", "--steps", "30", "--width",
                  "768", "--height", "768", "--guidance", "off", "--format", "json"});
    REQUIRE(i.exit_code == 0);
    json ji = parse(i.out);
    CHECK(ji["model"] == "sdxl");
    CHECK(ji["images_per_second"].get<double>() > 0);
}

TEST_CASE("--model picks the workload from the catalog in compare") {
    auto o = run({"--model", "sd-1.5", "--model", "llama-3.1-8b", "--format", "json"});
    REQUIRE(o.exit_code == 0);
    json j = parse(o.out);
    CHECK(j["image"]["model"] == "sd-1.5");
    CHECK(j["text"]["model"] == "llama-3.1-8b");
}

TEST_CASE("fleet and list commands, all formats") {
    auto f = run({"fleet", "--images-per-day", "1e8", "--fleet-gpus", "100"});
    CHECK(f.exit_code == 0);
    CHECK(contains(f.out, "OVERLOADED"));
    CHECK(run({"fleet", "--format", "csv"}).out.rfind("workload,", 0) == 0);
    CHECK(parse(run({"fleet", "--format", "json"}).out).contains("image"));
    auto g = run({"list", "gpus"});
    for (const char* id : {"h100-sxm", "b200", "tpu-v5e", "mi300x"})
        CHECK(contains(g.out, id));
    CHECK(parse(run({"list", "models", "--format", "json"}).out)["image_models"].size() >= 8);
    CHECK(run({"list"}).exit_code == 2);
    CHECK(contains(run({"help"}).out, "usage: costlab"));
}

TEST_CASE("list fields: every scenario field with its default and source") {
    auto out = run({"list", "fields", "--format", "json"});
    REQUIRE(out.exit_code == 0);
    json j = parse(out.out);
    REQUIRE(j.is_array());
    CHECK(j.size() == costlab::scenario_fields().size());
    const costlab::Scenario defaults{};
    bool saw_pue = false;
    for (const auto& f : j) {
        CHECK(f.contains("json_path"));
        CHECK(f.contains("default"));
        if (f["json_path"] == "serving.pue") {
            saw_pue = true;
            CHECK(f["default"].get<double>() == defaults.serving.pue);
            CHECK(!f["source"].get<std::string>().empty());
        }
        if (f["json_path"] == "text.model") CHECK(f["default"] == defaults.text.model);
    }
    CHECK(saw_pue);
    CHECK(contains(run({"list", "fields"}).out, "assumptions.memory_bw_utilization"));
    CHECK(run({"list", "fields", "--format", "csv"}).out.rfind("json_path,", 0) == 0);
}

TEST_CASE("link prints a fragment that reopens the same scenario") {
    auto l = run({"link", "--model", "sdxl", "--steps", "25", "--pue", "1.1"});
    REQUIRE(l.exit_code == 0);
    std::string frag = l.out.substr(0, l.out.size() - 1);
    CHECK(frag.rfind("#v=2&", 0) == 0);
    auto a = run({"compare", "--format", "json", "--fragment", frag});
    auto b =
        run({"compare", "--format", "json", "--model", "sdxl", "--steps", "25", "--pue", "1.1"});
    CHECK(a.exit_code == 0);
    CHECK(a.out == b.out);
}

TEST_CASE("bad input exits 2 and names flag, field and range") {
    auto neg = run({"--batch", "-1", "--workload", "text", "estimate"});
    CHECK(neg.exit_code == 2);
    auto neg2 = run({"estimate", "--workload", "text", "--batch", "-1"});
    CHECK(neg2.exit_code == 2);
    CHECK(contains(neg2.err, "--batch (text.batch)"));
    CHECK(contains(neg2.err, "allowed 1 to 65536 sequences, or \"max\" (the largest that fits and "
                                 "keeps text.min_tokens_per_s_per_user per user)"));
    CHECK(contains(run({"--steps", "nan"}).err, "finite"));
    CHECK(contains(run({"--steps", "abc"}).err, "not a number"));
    CHECK(contains(run({"--width", "100000"}).err, "allowed 64 to 8192 px"));
    CHECK(contains(run({"--model", "gpt-9"}).err, "unknown model"));
    CHECK(contains(run({"--gpu", "h9000"}).err, "unknown accelerator"));
    CHECK(contains(run({"--precision", "fp7"}).err, "fp32, tf32"));
    CHECK(run({"--frobnicate", "1"}).exit_code == 2);
    CHECK(run({"launch"}).exit_code == 2);
    CHECK(run({"--format"}).exit_code == 2);
    CHECK(contains(run({"--fragment", "#v=1&to="}).err, "truncated"));
    CHECK(contains(run({"--set", "assumptions.pue=2"}).err, "unknown field"));
    CHECK(contains(run({"estimate", "--workload", "text", "--steps", "5"}).err, "does not apply"));
    CHECK(contains(run({"--scenario", "/nonexistent/s.json"}).err, "cannot read"));
}

TEST_CASE("--scenario and --catalog files, with bad ones rejected") {
    std::string sc = temp_file("s.json", R"({"version": 1, "text": {"output_tokens": 900},
                                            "serving": {"accelerator": "my-gpu"}})");
    std::string cat = temp_file("c.json", R"({"accelerators": [{"id": "my-gpu", "name": "Mine",
        "vendor": "Me", "peak_tflops": {"bf16": 100, "fp8": 200}, "memory_gb": 96,
        "memory_bandwidth_gb_per_s": 2000, "interconnect_gb_per_s": 64, "board_power_w": 400,
        "idle_power_w": 40, "usd_per_gpu_hour": 1.0}]})");
    auto ok = run({"estimate", "--scenario", sc, "--catalog", cat, "--format", "json"});
    INFO(ok.err);
    REQUIRE(ok.exit_code == 0);
    CHECK(parse(ok.out)["accelerator"] == "my-gpu");

    std::string bad = temp_file("bad.json", R"({"accelerators": [{"id": "new-gpu",
        "peak_tflops": {"bf16": 100}, "memory_gb": 96}]})");
    auto e = run({"--catalog", bad});
    CHECK(e.exit_code == 2);
    CHECK(contains(e.err, "accelerators[0].memory_bandwidth_gb_per_s: missing"));
    std::string badsc = temp_file("bad_s.json", R"({"text": {"batch": -2}})");
    auto e2 = run({"--scenario", badsc});
    CHECK(e2.exit_code == 2);
    CHECK(contains(e2.err, "text.batch"));
    for (const auto& f : {sc, cat, bad, badsc})
        std::remove(f.c_str());
}

TEST_CASE("estimate --format json works for every catalog model on every accelerator") {
    const costlab::Catalog& c = costlab::Catalog::builtin();
    int fitted = 0;
    for (const auto& acc : c.accelerators()) {
        for (const auto& m : c.text_models()) {
            auto o =
                run({"estimate", "--workload", "text", "--model", m.id, "--gpu", acc.id,
                     "--precision", "bf16", "--gpus", "8", "--batch", "max", "--format", "json"});
            INFO(acc.id << " " << m.id << " " << o.err);
            REQUIRE(o.exit_code == 0);
            json j = parse(o.out);
            for (const char* k :
                 {"seconds_per_query", "gpu_seconds_per_query", "queries_per_second",
                  "output_tokens_per_second", "gpu_energy_wh", "it_energy_wh", "facility_energy_wh",
                  "usd_per_query", "co2_g_per_query", "bound", "gpus", "batch", "memory_gb_needed",
                  "fits"})
                CHECK(j.contains(k));
            fitted += j["fits"].get<bool>();
        }
        for (const auto& m : c.image_models()) {
            auto o = run({"estimate", "--workload", "image", "--model", m.id, "--gpu", acc.id,
                          "--precision", "bf16", "--format", "json"});
            INFO(acc.id << " " << m.id << " " << o.err);
            REQUIRE(o.exit_code == 0);
            json j = parse(o.out);
            CHECK(j.contains("images_per_second"));
            if (j["fits"].get<bool>()) // a figure that cannot be shown is null (report_io.cpp)
                CHECK(j["usd_per_query"].get<double>() > 0);
            else
                CHECK(j["usd_per_query"].is_null());
            fitted += j["fits"].get<bool>();
        }
    }
    CHECK(fitted > 100); // most combinations fit on 8 GPUs / one GPU per image
}

TEST_CASE("numbers that cannot be trusted are marked in the table and flagged in JSON") {
    auto t = run({"estimate", "--workload", "text", "--model", "llama-3.1-405b", "--precision",
                  "bf16", "--gpus", "1"});
    REQUIRE(t.exit_code == 0);
    CHECK(contains(t.out, "cost per query            $"));
    CHECK(contains(t.out, " (!)"));
    CHECK(contains(t.out, "not trustworthy"));
    auto j = parse(run({"estimate", "--workload", "text", "--model", "llama-3.1-405b",
                        "--precision", "bf16", "--gpus", "1", "--format", "json"})
                       .out);
    CHECK(j["fits"] == false);
    auto free = parse(run({"estimate", "--usd-per-gpu-hour", "0", "--format", "json"}).out);
    CHECK(free["usd_trusted"] == false);
    CHECK_FALSE(contains(run({}).out, "(!)")); // the default comparison is all trustworthy
}

TEST_CASE("files over the size limit exit 2 naming the file, the limit and the size read") {
    const std::string limit = "over the limit of 1048576 bytes (1 MiB)";
    // A regular file one byte over: refused from its size, before parsing.
    std::string big = temp_file("big.json", std::string(1048577, ' '));
    auto c = run({"estimate", "--catalog", big});
    CHECK(c.exit_code == 2);
    CHECK(contains(c.err, "--catalog " + big + ": 1048577 bytes, " + limit + " for a catalog file"));
    auto s = run({"estimate", "--scenario", big});
    CHECK(s.exit_code == 2);
    CHECK(contains(s.err, "--scenario " + big + ": 1048577 bytes, " + limit));
    std::remove(big.c_str());
    // Exactly at the limit is read (and then fails as JSON: all spaces is no value).
    std::string edge = temp_file("edge.json", std::string(1048575, ' ') + "\n");
    auto e = run({"estimate", "--scenario", edge});
    CHECK(e.exit_code == 2);
    CHECK(contains(e.err, "not valid JSON: line 2, column 1: "));
    CHECK(contains(e.err, "unexpected end of input"));
    std::remove(edge.c_str());
    // A stream that never ends is cut at the limit.
    for (const char* flag : {"--catalog", "--scenario"}) {
        auto z = run({"estimate", flag, "/dev/zero"});
        CHECK(z.exit_code == 2);
        CHECK(contains(z.err, std::string(flag) + " /dev/zero: read 1048577 bytes, " + limit));
        CHECK(contains(z.err, "stopped reading"));
    }
}

#ifndef __EMSCRIPTEN__
TEST_CASE("a 300 MB file and an endless FIFO of spaces are refused at the limit") {
    // Sparse: 300 MB by its size, nothing written to disk.
    const std::string sparse = "costlab_test_sparse.json";
    {
        std::FILE* f = std::fopen(sparse.c_str(), "wb");
        REQUIRE(f);
        std::fseek(f, 300L * 1000 * 1000 - 1, SEEK_SET);
        std::fputc(' ', f);
        std::fclose(f);
    }
    auto r = run({"estimate", "--catalog", sparse});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "300000000 bytes, over the limit of 1048576 bytes (1 MiB)"));
    std::remove(sparse.c_str());

    // A FIFO fed with spaces by a writer that would go on to 300 MB: the reader stops after
    // 1 MiB + 1 byte and the writer sees the pipe close (EPIPE, not a signal).
    const std::string fifo = "costlab_test_fifo";
    std::remove(fifo.c_str());
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    auto old = std::signal(SIGPIPE, SIG_IGN);
    size_t written = 0;
    std::thread writer([&] {
        int fd = ::open(fifo.c_str(), O_WRONLY);
        if (fd < 0) return;
        const std::string spaces(65536, ' ');
        while (written < size_t(300) * 1000 * 1000) {
            ssize_t n = ::write(fd, spaces.data(), spaces.size());
            if (n <= 0) break;
            written += size_t(n);
        }
        ::close(fd);
    });
    auto f = run({"estimate", "--scenario", fifo});
    writer.join();
    std::signal(SIGPIPE, old);
    std::remove(fifo.c_str());
    CHECK(f.exit_code == 2);
    CHECK(contains(f.err, "--scenario " + fifo + ": read 1048577 bytes, over the limit"));
    CHECK(written < size_t(300) * 1000 * 1000);
}
#endif

TEST_CASE("JSON syntax errors give the line, the column and what was expected") {
    std::string sc = temp_file("syntax.json", "{\"text\":\n  {\"batch\": 3,,}}");
    auto r = run({"estimate", "--scenario", sc});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "--scenario " + sc + ": not valid JSON: line 2, column 15: "));
    CHECK(contains(r.err, "expected string literal"));
    std::string cat = temp_file("syntax_c.json", "{\"accelerators\": [\n\n  {\"id\" \"x\"}]}");
    auto c = run({"estimate", "--catalog", cat});
    CHECK(c.exit_code == 2);
    CHECK(contains(c.err, "--catalog " + cat + ": not valid JSON: line 3, column 9: "));
    CHECK(contains(c.err, "expected ':'"));
    for (const auto& f : {sc, cat})
        std::remove(f.c_str());
}

TEST_CASE("unknown flags are named as unknown, with the closest known flag") {
    auto v = run({"--verbose"});
    CHECK(v.exit_code == 2);
    CHECK(contains(v.err, "unknown flag --verbose; did you mean "));
    CHECK(!contains(v.err, "needs a value"));
    auto b = run({"estimate", "--bacth", "4"});
    CHECK(b.exit_code == 2);
    CHECK(contains(b.err, "unknown flag --bacth; did you mean --batch?"));
    CHECK(!contains(b.err, "unexpected argument")); // the value went with the unknown flag
    CHECK(contains(run({"--modle=sdxl"}).err, "unknown flag --modle; did you mean --model?"));
    CHECK(contains(run({"--scenari", "x.json"}).err, "did you mean --scenario?"));
    CHECK(contains(run({"--onwed"}).err, "did you mean --owned?"));
    CHECK(contains(run({"--catalog"}).err, "--catalog needs a value"));
}

TEST_CASE("--batch 0 exits 2 with the allowed range; max, auto and default are words") {
    auto z = run({"estimate", "--workload", "text", "--batch", "0"});
    CHECK(z.exit_code == 2);
    CHECK(contains(z.err, "--batch (text.batch): 0 is out of range: allowed 1 to 65536 "
                          "sequences, or \"max\" (the largest that fits and keeps "
                          "text.min_tokens_per_s_per_user per user)"));
    CHECK(run({"--steps", "0"}).exit_code == 2);
    CHECK(run({"--gpus", "0", "--workload", "text", "estimate"}).exit_code == 2);
    CHECK(contains(run({"--set", "image.batch=0"}).err, "allowed 1 to 1024 images, or \"max\""));
    auto words = run({"link", "--batch", "max", "--gpus", "auto", "--steps", "default"});
    INFO(words.err);
    REQUIRE(words.exit_code == 0);
    CHECK(words.out == "#v=2&tg=auto&ib=max\n");
    CHECK(run({"--set", "text.batch=max", "--format", "json"}).exit_code == 0);
    // A link made before version 2 still opens, with 0 read as max/auto.
    auto old = run({"link", "--fragment", "#v=1&tb=0&tg=0&im=gpt-image-1-high&igp=0&fg=3"});
    CHECK(old.exit_code == 0);
    CHECK(old.out == "#v=2&tg=auto&im=gpt-image-1-high&fg=3\n");
}

namespace costlab::validation_data {
std::string_view embedded_file(std::string_view name); // cli/CMakeLists.txt embeds the set
}

TEST_CASE("every flag the help text names is one the parser knows") {
    // Walks kUsage for --words: the help and the parser cannot drift apart again (the help
    // offered `validate --data FILE`, the parser called it an unknown flag).
    const std::string help = costlab::cli::kUsage;
    int walked = 0;
    for (size_t at = help.find("--"); at != std::string::npos; at = help.find("--", at + 2)) {
        size_t end = at + 2;
        while (end < help.size() && (std::isalnum((unsigned char)help[end]) || help[end] == '-'))
            ++end;
        const std::string flag = help.substr(at, end - at);
        if (flag.size() <= 2) continue;
        INFO(flag);
        auto o = run({"validate", flag, "x"});
        CHECK(!contains(o.err, "unknown flag"));
        ++walked;
    }
    CHECK(walked > 40);
}

TEST_CASE("validate --data FILE reads another validation set, as the help says") {
    const std::string set(costlab::validation_data::embedded_file("measurements.json"));
    const std::string path = temp_file("data.json", set);
    auto mine = run({"validate", "--in-sample", "--format", "json", "--data", path});
    INFO(mine.err);
    REQUIRE(mine.exit_code == 0);
    CHECK(mine.out == run({"validate", "--in-sample", "--format", "json"}).out);
    const std::string bad_path = temp_file("bad.json", "{");
    auto bad = run({"validate", "--in-sample", "--data", bad_path});
    CHECK(bad.exit_code == 2);
    CHECK(!contains(bad.err, "unknown flag"));
    // Its parser builds the whole document, so the shape is checked first (1 MiB of "[" built
    // half a million nested arrays, 84 MB, before failing).
    const std::string deep = temp_file("deep.json", std::string(1 << 20, '['));
    auto d = run({"validate", "--in-sample", "--data", deep});
    CHECK(d.exit_code == 2);
    CHECK(contains(d.err, "nested deeper than 32 levels"));
    std::remove(path.c_str());
    std::remove(bad_path.c_str());
    std::remove(deep.c_str());
}

TEST_CASE("messages quote a short prefix of a huge or hostile argument") {
    const std::string huge(128 * 1024, 'q');
    const std::vector<std::vector<std::string>> cases = {
        {"--" + huge},
        {"--" + huge + "=1"},
        {huge},
        {"compare", huge},
        {"compare", "--batch", huge},
        {"compare", "--pue", "1e999" + huge},
        {"compare", "--model", huge},
        {"compare", "--format", huge},
        {"compare", "--workload", huge},
        {"compare", "--precision", huge},
        {"compare", "--set", huge},
        {"compare", "--set", huge + "=1"},
        {"compare", "--set", "text.batch=" + huge},
        {"compare", "--fragment", "v=2&" + huge.substr(0, 15000) + "=1"},
        {"compare", "--fragment", "v=2&to=" + huge.substr(0, 15000)},
        {"compare", "--fragment", huge},
        {"compare", "--catalog", huge},
        {"compare", "--scenario", huge},
        {"compare", "--scenario", temp_file("huge_key.json", "{\"text\":{\"" + huge + "\":1}}")},
        {"compare", "--catalog", temp_file("huge_top.json", "{\"" + huge + "\":[]}")},
    };
    for (const auto& args : cases) {
        INFO(args.back().substr(0, 60));
        auto o = run(args);
        CHECK(o.exit_code == 2);
        CHECK(o.err.size() < 1200);
        CHECK(!contains(o.err, std::string(250, 'q'))); // paths: 200 bytes quoted
    }
    std::remove("costlab_test_huge_key.json");
    std::remove("costlab_test_huge_top.json");
}

TEST_CASE("control characters from arguments and catalogs never reach the terminal raw") {
    const std::string esc = "\x1b]0;pwned\x07\x1b[2J";
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"compare", "--model", esc},
          {"compare", "--" + esc},
          {"compare", "--batch", esc},
          {"compare", "--set", "text.batch=" + esc},
          {"compare", esc}}) {
        auto o = run(args);
        CHECK(o.exit_code == 2);
        CHECK(o.err.find('\x1b') == std::string::npos);
        CHECK(o.err.find('\x07') == std::string::npos);
        CHECK(contains(o.err, "\\x1B"));
    }
    // A catalog name with ESC or BEL (names reach every table and file) keeps them only as
    // escapes; one over 120 bytes is refused.
    const std::string cat = temp_file(
        "esc_catalog.json",
        "{\"accelerators\":[{\"id\":\"h100-sxm\",\"name\":\"H100\\u001b]0;x\\u0007\"}]}");
    for (const char* format : {"table", "csv", "json"}) {
        auto o = run({"list", "gpus", "--catalog", cat, "--format", format});
        CHECK(o.exit_code == 0);
        CHECK(contains(o.out, std::string(format) == "json" ? "H100\\\\x1B" : "H100\\x1B]0;x\\x07"));
        CHECK(o.out.find('\x1b') == std::string::npos);
        CHECK(o.out.find('\x07') == std::string::npos);
    }
    auto c = run({"compare", "--catalog", cat});
    CHECK(c.out.find('\x1b') == std::string::npos);
    const std::string long_name = temp_file(
        "long_name.json",
        "{\"accelerators\":[{\"id\":\"h100-sxm\",\"name\":\"" + std::string(5000, 'n') + "\"}]}");
    auto o = run({"list", "gpus", "--catalog", long_name});
    CHECK(o.exit_code == 2);
    CHECK(contains(o.err, "accelerators[0].name: longer than 120 bytes"));
    std::remove(cat.c_str());
    std::remove(long_name.c_str());
}

#ifndef __EMSCRIPTEN__
TEST_CASE("output that cannot be written (a full disk) exits non-zero with a message") {
    std::FILE* full = std::fopen("/dev/full", "w");
    if (!full) {
        WARN("no /dev/full here");
        return;
    }
    std::FILE* err = std::tmpfile();
    REQUIRE(err);
    const costlab::cli::Output o = run({"compare", "--format", "json"});
    REQUIRE(o.exit_code == 0);
    CHECK(costlab::cli::write_output(o, full, err) != 0);
    std::fclose(full);
    std::rewind(err);
    char buf[512] = {};
    const size_t n = std::fread(buf, 1, sizeof buf - 1, err);
    std::fclose(err);
    CHECK(contains(std::string(buf, n), "could not write the output"));
    // The same output to a file that takes it: the command's own status.
    std::FILE* ok = std::tmpfile();
    std::FILE* ok_err = std::tmpfile();
    CHECK(costlab::cli::write_output(o, ok, ok_err) == 0);
    std::fclose(ok);
    std::fclose(ok_err);
}
#endif

TEST_CASE("extreme but valid inputs: every figure printed is finite and in range, or a reason") {
    // A 1-GPU fleet against the largest demand, the slowest measured device allowed, a price
    // near the smallest allowed, the largest batches and contexts; every command and format.
    const std::vector<std::vector<std::string>> scenarios = {
        {"--fleet-gpus", "1", "--text-queries-per-day", "1e13", "--images-per-day", "1e13"},
        {"--fleet-gpus", "1", "--set", "text.model=llama-3.1-405b", "--with-video"},
        {"--fragment", "v=2&g=your-device&md=slow~0.001~0.001~0.1~1"},
        {"--usd-per-gpu-hour", "1e-9", "--usd-per-kwh", "1e-9"},
        {"--usd-per-gpu-hour", "1000", "--images-per-day", "1e13", "--text-queries-per-day",
         "1e13", "--peak-to-average", "100"},
    };
    // What must never reach a person or a file: inf, nan, int64's saturated maximum, a whole
    // part of 16+ digits, an exponent of 3 digits, or dollars written as nine zeros.
    const std::regex nonsense(
        R"((\binf\b|\bnan\b|9223372036854775807|(?:^|[^.\d])\d{16,}|e[+-]\d{3}|\$0\.0{9,}))",
        std::regex::icase);
    int outputs = 0;
    for (const auto& flags : scenarios) {
        for (const char* cmd : {"compare", "fleet", "estimate"}) {
            for (const char* format : {"table", "json", "csv"}) {
                std::vector<std::string> args{cmd, "--format", format};
                args.insert(args.end(), flags.begin(), flags.end());
                auto o = run(args);
                INFO(cmd << " " << format << " " << flags.back());
                INFO(o.err);
                REQUIRE(o.exit_code == 0);
                std::smatch m;
                const bool bad = std::regex_search(o.out, m, nonsense);
                INFO("found: " << (bad ? m.str() : std::string()));
                CHECK(!bad);
                ++outputs;
            }
        }
    }
    CHECK(outputs == 45);
    // The reasons are in words where the figure is not a number.
    auto t = run({"fleet", "--fleet-gpus", "1", "--set", "text.model=llama-3.1-70b",
                  "--text-queries-per-day", "1e12"});
    CHECK(contains(t.out, "no room for one replica"));
    CHECK(!contains(t.out, "inf%"));
    auto j = parse(run({"fleet", "--format", "json", "--fleet-gpus", "1", "--text-queries-per-day",
                        "1e12"}).out);
    CHECK(j["text"]["utilization"].is_null());
    CHECK(j["text"]["utilization_reason"] == "over the limit");
    CHECK(j["mix_utilization"].is_null());
    CHECK(contains(j["mix_utilization_reason"].get<std::string>(), "over the limit"));
    auto c = run({"fleet", "--format", "csv", "--fleet-gpus", "1", "--text-queries-per-day", "1e12"});
    CHECK(contains(c.out, ",reason\n"));
    CHECK(contains(c.out, "fleet smaller than one replica"));
    // Tiny (denormal) inputs are refused, not carried into "$0.000000000000".
    for (const char* v : {"1e-320", "4.9e-324", "1e-12"}) {
        auto o = run({"compare", "--usd-per-gpu-hour", v});
        CHECK(o.exit_code == 2);
        CHECK(contains(o.err, "too small to mean anything"));
    }
}
