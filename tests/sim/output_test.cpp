#include "io/result_file.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <limits>
#include <regex>
#include <string>
#include <vector>
#include "tests/support/temp_dir.hpp"

#include "io/h5.hpp"
#include "sim/error.hpp"
#include "tests/support/file_bytes.hpp"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using test_support::file_bytes;

namespace {

using test_support::TempDir;

// Metrics deliberately not in alphabetical order: the file must keep this order.
sim::ResultTable make_table(std::size_t runs, std::size_t steps, double offset = 0.0) {
  sim::ResultTable table;
  table.resize({{"turnover", "EUR", "Total sales of all firms in the month"},
                {"employment", "1", "Number of workers employed"},
                {"assisted_share", "1", "Share of firms assisted by the project"}},
               runs, steps);
  for (std::size_t s = 0; s < steps; ++s) table.time[s] = static_cast<double>(s + 1);
  for (std::size_t r = 0; r < runs; ++r) table.seeds[r] = 0xfedcba9876543210ULL + r;
  for (std::size_t m = 0; m < table.metrics.size(); ++m) {
    for (std::size_t r = 0; r < runs; ++r) {
      auto series = table.series(m, r);
      for (std::size_t s = 0; s < steps; ++s) {
        series[s] = offset + 1000.0 * static_cast<double>(m) + static_cast<double>(r) +
                    0.1 * static_cast<double>(s);
      }
    }
  }
  // Values that a lossy or converting writer would not keep.
  table.series(0, 0)[0] = std::numeric_limits<double>::quiet_NaN();
  table.series(1, 1)[steps - 1] = -0.0;
  table.series(2, 0)[1] = std::numeric_limits<double>::infinity();
  table.series(2, runs - 1)[steps - 1] = std::numeric_limits<double>::denorm_min();
  return table;
}

sim::RunSetMeta make_meta() {
  sim::RunSetMeta meta;
  meta.scenario_name = "india_2006";
  meta.scenario_toml = "[project]\nbudget_eur = 3e6\nname = \"Pune – auto parts\"\n";
  meta.base_seed = std::numeric_limits<std::uint64_t>::max() - 7;
  meta.program_version = "0.1.0";
  meta.git_commit = "0123456789abcdef0123456789abcdef01234567";
  return meta;
}

bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!same_bits(a[i], b[i])) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("ResultTable::resize sizes every vector and fills values with NaN", "[output]") {
  sim::ResultTable table;
  table.resize({{"a", "1", "A"}, {"b", "1", "B"}}, 3, 4);
  CHECK(table.runs == 3);
  CHECK(table.steps == 4);
  CHECK(table.time == std::vector<double>(4, 0.0));
  CHECK(table.seeds == std::vector<std::uint64_t>(3, 0));
  REQUIRE(table.values.size() == 2 * 3 * 4);
  for (double value : table.values) CHECK(std::isnan(value));
  table.series(1, 2)[3] = 7.0;
  CHECK(table.values.back() == 7.0);
}

TEST_CASE("a result file reads back exactly what was written", "[output]") {
  TempDir dir("twinsim-output-test");
  const fs::path path = dir / "result.h5";
  // 20 runs: more than one chunk of 16 runs.
  const sim::ResultTable table = make_table(20, 12);
  const sim::RunSetMeta meta = make_meta();
  io::write_result_file(path, table, meta, false);

  // For tests/python/check_output.py: keep a copy of a real file where the caller asks.
  if (const char* keep = std::getenv("TWINSIM_KEEP_TEST_FILE"); keep != nullptr && *keep != '\0') {
    fs::copy_file(path, keep, fs::copy_options::overwrite_existing);
  }

  const sim::ResultTable back = io::read_result_table(path);
  REQUIRE(back.metrics.size() == table.metrics.size());
  for (std::size_t m = 0; m < table.metrics.size(); ++m) {
    CHECK(back.metrics[m].name == table.metrics[m].name);
    CHECK(back.metrics[m].unit == table.metrics[m].unit);
    CHECK(back.metrics[m].description == table.metrics[m].description);
  }
  CHECK(back.runs == table.runs);
  CHECK(back.steps == table.steps);
  CHECK(back.time == table.time);
  CHECK(back.seeds == table.seeds);
  CHECK(same_bits(back.values, table.values));

  const sim::RunSetMeta meta_back = io::read_result_meta(path);
  CHECK(meta_back.scenario_name == meta.scenario_name);
  CHECK(meta_back.scenario_toml == meta.scenario_toml);
  CHECK(meta_back.base_seed == meta.base_seed);
  CHECK(meta_back.program_version == meta.program_version);
  CHECK(meta_back.git_commit == meta.git_commit);
}

TEST_CASE("a result file has the documented root attributes and summary", "[output]") {
  TempDir dir("twinsim-output-test");
  const fs::path path = dir / "result.h5";
  const sim::ResultTable table = make_table(3, 5);
  io::write_result_file(path, table, make_meta(), false);

  const io::h5::File file = io::h5::File::open(path);
  CHECK(file.read_attribute<std::string>("format") == "twinsim/1");
  CHECK(file.read_attribute<std::uint64_t>("base_seed") == make_meta().base_seed);
  const std::regex iso_utc(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)");
  CHECK(std::regex_match(file.read_attribute<std::string>("created"), iso_utc));
  CHECK(file.read_attribute<std::vector<std::string>>("metrics") ==
        std::vector<std::string>{"turnover", "employment", "assisted_share"});

  CHECK(file.open_dataset("time").read_attribute<std::string>("units") == "months");
  CHECK(file.open_dataset("run").read<std::int64_t>() == std::vector<std::int64_t>{0, 1, 2});
  CHECK(file.open_dataset("run").read_attribute<std::string>("units") == "1");

  const io::h5::Dataset summary = file.open_dataset("summary/employment");
  CHECK(summary.read_attribute<std::string>("units") == "1");
  const std::vector<double> last = summary.read<double>();
  REQUIRE(last.size() == 3);
  for (std::size_t r = 0; r < 3; ++r) CHECK(same_bits(last[r], table.series(1, r).back()));
}

TEST_CASE("result datasets carry dimension scales /run and /time", "[output]") {
  TempDir dir("twinsim-output-test");
  const fs::path path = dir / "result.h5";
  const sim::ResultTable table = make_table(4, 6);
  io::write_result_file(path, table, make_meta(), false);

  const io::h5::File file = io::h5::File::open(path);
  const io::h5::Dataset time = file.open_dataset("time");
  const io::h5::Dataset run = file.open_dataset("run");
  CHECK(time.is_scale());
  CHECK(run.is_scale());
  for (const sim::MetricSpec& metric : table.metrics) {
    const io::h5::Dataset series = file.open_dataset("timeseries/" + metric.name);
    CHECK(series.is_scale_attached(run, 0));
    CHECK(series.is_scale_attached(time, 1));
    CHECK(file.open_dataset("summary/" + metric.name).is_scale_attached(run, 0));
  }
  CHECK(file.open_dataset("parameters/seed").is_scale_attached(run, 0));
}

TEST_CASE("timeseries are chunked by up to 16 runs and compressed", "[output]") {
  TempDir dir("twinsim-output-test");
  const std::size_t runs = GENERATE(3, 20);
  const fs::path path = dir / "result.h5";
  io::write_result_file(path, make_table(runs, 7), make_meta(), false);

  const io::h5::File file = io::h5::File::open(path);
  const io::h5::Dataset series = file.open_dataset("timeseries/turnover");
  CHECK(series.shape() == std::vector<std::size_t>{runs, 7});
  CHECK(series.chunk_shape() == std::vector<std::size_t>{std::min<std::size_t>(runs, 16), 7});
  CHECK(series.filter_count() > 0);
}

TEST_CASE("an existing result file is kept byte-identical unless overwrite is true", "[output]") {
  TempDir dir("twinsim-output-test");
  const fs::path path = dir / "result.h5";
  io::write_result_file(path, make_table(2, 3), make_meta(), false);
  const std::string before = file_bytes(path);

  const std::string expected = path.string() + ": output file exists; pass --force to overwrite it";
  CHECK_THROWS_AS(io::write_result_file(path, make_table(2, 3, 5.0), make_meta(), false),
                  sim::InputError);
  CHECK_THROWS_WITH(io::write_result_file(path, make_table(2, 3, 5.0), make_meta(), false),
                    expected);
  CHECK_THROWS_WITH(sim::check_output_path(path, false), expected);
  CHECK(file_bytes(path) == before);
  CHECK(dir.entries() == std::vector<std::string>{"result.h5"});

  CHECK_NOTHROW(sim::check_output_path(path, true));
  io::write_result_file(path, make_table(4, 3, 5.0), make_meta(), true);
  const sim::ResultTable back = io::read_result_table(path);
  CHECK(back.runs == 4);
  CHECK(same_bits(back.values, make_table(4, 3, 5.0).values));
  CHECK(dir.entries() == std::vector<std::string>{"result.h5"});
}

TEST_CASE("a successful write leaves no temporary file", "[output]") {
  TempDir dir("twinsim-output-test");
  io::write_result_file(dir / "a.h5", make_table(2, 2), make_meta(), false);
  CHECK(dir.entries() == std::vector<std::string>{"a.h5"});
}

TEST_CASE("a failed write leaves neither the final file nor a temporary one", "[output]") {
  TempDir dir("twinsim-output-test");
  const fs::path path = dir / "result.h5";
  // Two metrics with one name: HDF5 fails on the second dataset, after the temporary file exists.
  sim::ResultTable clash;
  clash.resize({{"sales", "EUR", "first"}, {"sales", "EUR", "second"}}, 2, 3);

  SECTION("when no file existed") {
    CHECK_THROWS_WITH(io::write_result_file(path, clash, make_meta(), false),
                      Contains("/timeseries/sales"));
    CHECK(dir.entries().empty());
  }
  SECTION("when overwriting: the old file survives intact") {
    io::write_result_file(path, make_table(2, 3), make_meta(), false);
    const std::string before = file_bytes(path);
    CHECK_THROWS_AS(io::write_result_file(path, clash, make_meta(), true), io::h5::Error);
    CHECK(file_bytes(path) == before);
    CHECK(dir.entries() == std::vector<std::string>{"result.h5"});
  }
  SECTION("when the folder is a regular file") {
    std::ofstream(dir / "plain") << "not a folder";
    const fs::path inside = dir / "plain" / "result.h5";
    CHECK_THROWS_AS(io::write_result_file(inside, make_table(2, 3), make_meta(), false),
                    sim::InputError);
    CHECK(dir.entries() == std::vector<std::string>{"plain"});
  }
}

TEST_CASE("check_output_path rejects unusable paths before any simulation", "[output]") {
  TempDir dir("twinsim-output-test");
  CHECK_NOTHROW(sim::check_output_path(dir / "new.h5", false));
  CHECK_THROWS_WITH(sim::check_output_path(dir / "no" / "such" / "x.h5", true),
                    Contains("does not exist"));
  CHECK_THROWS_WITH(sim::check_output_path(dir.path(), true), Contains("is a directory"));
  std::ofstream(dir / "plain") << "x";
  CHECK_THROWS_AS(sim::check_output_path(dir / "plain" / "x.h5", true), sim::InputError);
}

TEST_CASE("reading a file that is not a TwinSim result is an InputError", "[output]") {
  TempDir dir("twinsim-output-test");
  CHECK_THROWS_AS(io::read_result_table(dir / "absent.h5"), sim::InputError);
  const fs::path other = dir / "other.h5";
  {
    const io::h5::File file = io::h5::File::create(other);
    file.write_attribute("format", "netcdf");
  }
  CHECK_THROWS_WITH(io::read_result_meta(other), Contains("not a TwinSim result file"));
}

TEST_CASE("targets are written under /logframe and read back", "[output]") {
  TempDir dir("twinsim-output-test");
  sim::ResultTable t;
  t.resize({{"jobs", "employees", "Jobs"}, {"firms", "1", "Firms"}}, 3, 4);
  for (std::size_t r = 0; r < 3; ++r)
    for (std::size_t s = 0; s < 4; ++s) {
      t.series(0, r)[s] = 10.0 * static_cast<double>(r) + static_cast<double>(s);
      t.series(1, r)[s] = 1.0;
    }
  t.time = {1, 2, 3, 4};
  t.seeds = {1, 2, 3};
  t.targets = {{"more_jobs", "jobs", 2, 15.0, true, 5.0},
               {"few_firms", "firms", 3, 2.0, false, {}}};
  const auto path = dir / "targets.h5";
  io::write_result_file(path, t, {"s", "x = 1\n", 1, "0", "c"}, false);
  const auto back = io::read_result_table(path);
  REQUIRE(back.targets.size() == 2);
  CHECK(back.targets[0].name == "more_jobs");
  CHECK(back.targets[0].metric == "jobs");
  CHECK(back.targets[0].step == 2);
  CHECK(back.targets[0].target == 15.0);
  CHECK(back.targets[0].at_least);
  CHECK(back.targets[0].baseline == std::optional<double>(5.0));
  CHECK(back.targets[1].name == "few_firms");
  CHECK(!back.targets[1].at_least);
  CHECK(!back.targets[1].baseline);
  // The dataset holds each run's value of the metric at the target's step.
  const auto file = io::h5::File::open(path);
  CHECK(file.open_dataset("logframe/more_jobs").read<double>() == std::vector<double>{2, 12, 22});
  CHECK(file.open_dataset("logframe/more_jobs").read_attribute<double>("month") == 3.0);
  // An unknown metric is refused before anything is written under the final name.
  t.targets = {{"bad", "nope", 0, 1.0, true, {}}};
  CHECK_THROWS_AS(io::write_result_file(dir / "bad.h5", t, {"s", "", 1, "0", "c"}, false),
                  std::invalid_argument);
  CHECK(!fs::exists(dir / "bad.h5"));
}
