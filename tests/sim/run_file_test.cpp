// A result file filled run by run (sim/run_file.hpp), and the HDF5 pieces it rests on:
// preallocated datasets and fixed-length strings.
#include "io/run_file.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "io/h5.hpp"
#include "sim/error.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

using Catch::Matchers::Contains;
using test_support::TempDir;

// Two metrics, five runs of three months.
sim::ResultTable header() {
  sim::ResultTable t;
  t.metrics = {{"jobs", "jobs", "Jobs"}, {"links", "1", "Links"}};
  t.runs = 5;
  t.steps = 3;
  t.time = {1, 2, 3};
  t.seeds = {11, 12, 13, 14, 15};
  t.run_parameters.push_back({"growth", "market.growth_per_year", {0, 0, 0.1, 0.1, 0.2}});
  return t;
}

// Run r's values: jobs = 100 r + month, links = -(r + month).
sim::RunOutcome outcome(std::size_t r) {
  sim::RunOutcome o;
  o.run = r;
  for (double m = 1; m <= 3; ++m) o.values.push_back(100.0 * static_cast<double>(r) + m);
  for (double m = 1; m <= 3; ++m) o.values.push_back(-(static_cast<double>(r) + m));
  return o;
}

void make(const std::filesystem::path& path) {
  const sim::OutputLock lock(path);
  io::RunFile::create(lock, path, header(), {"demo", "horizon_months = 3", 11, "0.1.0", "abc"},
                      [](const io::h5::File& f) { f.write_attribute("experiment", "text"); });
}

}  // namespace

TEST_CASE("a preallocated dataset holds NaN or 0 until written, and is stored contiguous",
          "[h5][run_file]") {
  TempDir dir("twinsim-prealloc");
  const auto path = dir.path() / "p.h5";
  {
    const auto file = io::h5::File::create(path);
    const auto d = file.create_preallocated("x", io::h5::ElementType::float64, {2, 3});
    CHECK(d.chunk_shape().empty());
    CHECK(d.filter_count() == 0);
    d.write_block({1, 0}, {1, 3}, std::vector<double>{1, 2, 3});
    file.create_preallocated("n", io::h5::ElementType::int64, {4});
  }
  const auto file = io::h5::File::open(path);
  const auto x = file.open_dataset("x").read<double>();
  REQUIRE(x.size() == 6);
  CHECK(std::isnan(x[0]));
  CHECK(std::isnan(x[2]));
  CHECK(x[3] == 1);
  CHECK(x[5] == 3);
  CHECK(file.open_dataset("n").read<std::int64_t>() == std::vector<std::int64_t>(4, 0));
}

TEST_CASE("fixed-length strings round-trip, cut at a character boundary", "[h5][run_file]") {
  TempDir dir("twinsim-strings");
  const auto path = dir.path() / "s.h5";
  {
    const auto file = io::h5::File::create(path);
    const auto d = file.create_preallocated_strings("why", 3, 6);
    d.write_string(0, "short");
    d.write_string(2, "ab\xC3\xA9\xC3\xA9");  // "abéé": 6 bytes, fits
    CHECK_THROWS_WITH(d.write_string(3, "x"), Contains("element 3 of 3"));
  }
  {
    const auto file = io::h5::File::open_for_update(path);
    // "abcdé" is 6 bytes; "abcdeé" is 7: cut before the é, not inside it.
    file.open_dataset("why").write_string(1, "abcde\xC3\xA9");
  }
  const auto file = io::h5::File::open(path);
  CHECK(file.open_dataset("why").read_strings() ==
        std::vector<std::string>{"short", "abcde", "ab\xC3\xA9\xC3\xA9"});
}

TEST_CASE("a run file takes runs in any order and marks them completed at commit", "[run_file]") {
  TempDir dir("twinsim-runfile");
  const auto path = dir.path() / "sweep.h5.partial";
  make(path);
  {
    io::RunFile file(path);
    CHECK(file.runs() == 5);
    CHECK(file.steps() == 3);
    CHECK(file.metrics() == 2);
    CHECK(file.completed_count() == 0);
    file.add(outcome(3));
    file.add(outcome(1));
    file.add({2, {}, "metric jobs is NaN in month 2"});
    CHECK(file.pending() == 3);
    // Nothing of the pending runs is in the file yet. (Other processes reading it meanwhile:
    // tests/python/check_sweep_resume.py; HDF5 does not let this process open it twice.)
    CHECK(file.file().open_dataset("parameters/completed").read<std::int64_t>() ==
          std::vector<std::int64_t>(5, 0));
    file.commit();
    CHECK(file.pending() == 0);
    CHECK(file.completed_count() == 3);
    CHECK_FALSE(file.completed(0));
    CHECK(file.completed(2));
    CHECK_THROWS_AS(file.add(outcome(1)), std::invalid_argument);  // in the file already
    CHECK_THROWS_AS(file.add(outcome(5)), std::invalid_argument);  // no such run
    sim::RunOutcome short_run = outcome(0);
    short_run.values.pop_back();
    CHECK_THROWS_AS(file.add(short_run), std::invalid_argument);
    file.close();
  }
  const auto file = io::h5::File::open(path);
  const auto jobs = file.open_dataset("timeseries/jobs").read<double>();
  const auto links = file.open_dataset("timeseries/links").read<double>();
  CHECK(std::isnan(jobs[0]));                                         // run 0: not run
  CHECK(jobs[3 * 1 + 2] == 103);                                      // run 1, month 3
  CHECK(std::isnan(jobs[3 * 2]));                                     // run 2 failed
  CHECK(links[3 * 3 + 0] == -4);                                      // run 3, month 1
  CHECK(file.open_dataset("summary/jobs").read<double>()[3] == 303);  // its last month
  CHECK(file.open_dataset("parameters/completed").read<std::int64_t>() ==
        std::vector<std::int64_t>{0, 1, 1, 1, 0});
  const auto failed = file.open_dataset("parameters/failed").read<double>();
  CHECK(std::isnan(failed[0]));
  CHECK(failed[1] == 0);
  CHECK(failed[2] == 1);
  CHECK(file.open_dataset("parameters/failure").read_strings()[2] ==
        "metric jobs is NaN in month 2");
  CHECK(file.open_dataset("parameters/growth").read<double>()[4] == 0.2);
  CHECK(file.read_attribute<std::string>("experiment") == "text");
}

TEST_CASE("a run file resumes where it stopped and refuses a second writer", "[run_file]") {
  TempDir dir("twinsim-runfile");
  const auto path = dir.path() / "sweep.h5.partial";
  make(path);
  {
    io::RunFile file(path);
    file.add(outcome(0));
    file.add(outcome(4));
    file.commit();
    // Another writer is refused.
    CHECK_THROWS_WITH(io::RunFile(path), Contains("another process is writing this file"));
    file.add(outcome(1));  // never committed: as if the process were killed here
  }
  io::RunFile again(path);
  CHECK(again.completed_count() == 2);
  CHECK_FALSE(again.completed(1));
  for (std::size_t r : {1, 2, 3}) again.add(outcome(r));
  again.close();
  const auto file = io::h5::File::open(path);
  const auto jobs = file.open_dataset("summary/jobs").read<double>();
  CHECK(jobs == std::vector<double>{3, 103, 203, 303, 403});
}

TEST_CASE("a run file is not created over an existing file, nor opened from another file",
          "[run_file]") {
  TempDir dir("twinsim-runfile");
  const auto path = dir.path() / "sweep.h5.partial";
  make(path);
  CHECK_THROWS_AS(make(path), sim::InputError);
  const auto plain = dir.path() / "plain.h5";
  io::h5::File::create(plain).create_group("parameters");
  CHECK_THROWS_WITH(io::RunFile(plain), Contains("not a file a sweep fills run by run"));
}

namespace {
// The parts of a run file of 3 runs over 2 months with one metric, `jobs`, each of which a test
// can damage.
struct Parts {
  std::vector<std::size_t> time = {2};  // shape of /time
  std::size_t failed = 3;               // values of /parameters/failed
  bool failure_as_text = true;          // /parameters/failure fixed-length strings
  std::vector<std::size_t> series = {3, 2};
  io::h5::ElementType series_type = io::h5::ElementType::float64;
};

void write_parts(const std::filesystem::path& path, const Parts& p) {
  const auto file = io::h5::File::create(path);
  file.write_attribute("metrics", std::vector<std::string>{"jobs"});
  std::size_t steps = 1;
  for (std::size_t e : p.time) steps *= e;
  file.write_dataset("time", std::vector<double>(steps, 1.0), p.time);
  const auto parameters = file.create_group("parameters");
  parameters.create_preallocated("completed", io::h5::ElementType::int64, {3});
  parameters.create_preallocated("failed", io::h5::ElementType::float64, {p.failed});
  if (p.failure_as_text)
    parameters.create_preallocated_strings("failure", 3, 160);
  else
    parameters.create_preallocated("failure", io::h5::ElementType::float64, {3});
  file.create_group("summary").create_preallocated("jobs", io::h5::ElementType::float64, {3});
  file.create_group("timeseries").create_preallocated("jobs", p.series_type, p.series);
}
}  // namespace

TEST_CASE("a damaged run file is refused as bad input when opened, before any run is added",
          "[run_file]") {
  TempDir dir("twinsim-runfile");
  const auto path = dir.path() / "sweep.h5.partial";
  write_parts(path, {});
  CHECK(io::RunFile(path).runs() == 3);
  std::vector<Parts> damaged(5);
  damaged[0].time = {1, 2};
  damaged[1].failed = 2;
  damaged[2].failure_as_text = false;
  damaged[3].series = {2, 3};
  damaged[4].series_type = io::h5::ElementType::int64;
  for (const Parts& p : damaged) {
    write_parts(path, p);
    CHECK_THROWS_AS(io::RunFile(path), sim::InputError);
    CHECK_THROWS_WITH(io::RunFile(path),
                      Contains("not the file of an unfinished sweep or stress test"));
  }
}

TEST_CASE("a resumed run file is checked against what the sweep makes (--resume)", "[run_file]") {
  TempDir dir("twinsim-runfile");
  const auto path = dir.path() / "sweep.h5.partial";
  make(path);
  {
    io::RunFile file(path);
    for (std::size_t r : {0, 1, 3}) file.add(outcome(r));
    file.add({2, {}, "failed on purpose"});
    file.close();
  }
  // Damage written the way a disk, a hand or another program would.
  auto change = [&](const char* dataset, std::size_t index, double value) {
    const auto file = io::h5::File::open_for_update(path);
    const auto d = file.open_dataset(dataset);
    if (d.shape().size() == 2)
      d.write_block({index, 1}, {1, 1}, std::vector<double>{value});
    else
      d.write_block({index}, {1}, std::vector<double>{value});
  };

  SECTION("an undamaged file: nothing to run again") {
    CHECK(io::RunFile(path).check_against(header()).empty());
  }
  SECTION("a run marked done with a NaN or infinite value is run again, and marked so") {
    change("timeseries/jobs", 1, std::nan(""));
    change("summary/links", 3, std::numeric_limits<double>::infinity());
    {
      io::RunFile file(path);
      CHECK(file.check_against(header()) == std::vector<std::size_t>{1, 3});
      CHECK_FALSE(file.completed(1));
      CHECK(file.completed(0));
      CHECK(file.completed(2));  // failed: its NaN are what a failed run holds
      file.add(outcome(1));
      file.close();
    }
    CHECK(io::h5::File::open(path).open_dataset("parameters/completed").read<std::int64_t>() ==
          std::vector<std::int64_t>{1, 1, 1, 0, 0});
  }
  SECTION("a summary that is not the run's last month is damage too") {
    change("summary/jobs", 0, 7.0);
    CHECK(io::RunFile(path).check_against(header()) == std::vector<std::size_t>{0});
  }
  SECTION("flags outside {0, 1} are refused") {
    {
      const auto file = io::h5::File::open_for_update(path);
      file.open_dataset("parameters/completed").write_block({3}, {1}, std::vector<std::int64_t>{7});
    }
    CHECK_THROWS_WITH(io::RunFile(path).check_against(header()),
                      Contains("/parameters/completed of run 3 is 7, not 0 or 1"));
  }
  SECTION("completed with a NaN failed flag (cut while marked done): run again") {
    // What the file holds when commit() is cut after `completed` and before `failed`: NaN.
    change("parameters/failed", 3, std::nan(""));
    {
      io::RunFile file(path);
      CHECK(file.check_against(header()) == std::vector<std::size_t>{3});
      CHECK_FALSE(file.completed(3));
    }
    const auto file = io::h5::File::open(path);
    CHECK(file.open_dataset("parameters/completed").read<std::int64_t>()[3] == 0);
    CHECK(std::isnan(file.open_dataset("parameters/failed").read<double>()[3]));
  }
  // Killed after a failure's reason was written, before its run was marked done: the reason
  // goes, as the run may not fail again.
  SECTION("a reason left by a run not done is cleared") {
    {
      const auto file = io::h5::File::open_for_update(path);
      file.open_dataset("parameters/completed").write_block({2}, {1}, std::vector<std::int64_t>{0});
      file.open_dataset("parameters/failed")
          .write_block({2}, {1}, std::vector<double>{std::nan("")});
    }
    {
      io::RunFile file(path);
      CHECK(file.check_against(header()).empty());
      file.add(outcome(2));
      file.close();
    }
    const auto file = io::h5::File::open(path);
    CHECK(file.open_dataset("parameters/failure").read_strings()[2].empty());
    CHECK(file.open_dataset("parameters/failed").read<double>()[2] == 0);
  }
  SECTION("a completed run's failed flag outside {0, 1} is refused") {
    change("parameters/failed", 0, 0.5);
    CHECK_THROWS_AS(io::RunFile(path).check_against(header()), sim::InputError);
  }
  SECTION("design columns, seeds and months that differ from the sweep's are refused") {
    sim::ResultTable other = header();
    other.run_parameters[0].values[4] = 0.3;
    CHECK_THROWS_WITH(io::RunFile(path).check_against(other),
                      Contains("/parameters/growth differs") && Contains("entry 4"));
    other = header();
    other.seeds[2] = 99;
    CHECK_THROWS_WITH(io::RunFile(path).check_against(other), Contains("/parameters/seed differs"));
    other = header();
    other.time[0] = 0.5;
    CHECK_THROWS_WITH(io::RunFile(path).check_against(other), Contains("/time differs"));
    other = header();
    other.run_parameters.push_back({"missing", "x", std::vector<double>(5, 0.0)});
    CHECK_THROWS_AS(io::RunFile(path).check_against(other), io::h5::Error);
  }
}
