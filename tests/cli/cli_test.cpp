// End to end: the `twinsim` binary as a user runs it, its exit status, what it prints and the
// files it writes (read back through the same reader later tools use).
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "io/h5.hpp"
#include "io/result_file.hpp"
#include "tests/support/file_bytes.hpp"

namespace fs = std::filesystem;
using test_support::file_bytes;

namespace {

struct Result {
  int status;
  std::string output;  // stdout and stderr together
};

// Runs twinsim with `args` (after `env`, e.g. "env PATH=/x", when given); captures stdout, and
// stderr too unless `stdout_only`.
Result twinsim(const std::string& args, bool stdout_only = false, const std::string& env = "") {
  const std::string cmd = (env.empty() ? "" : env + " ") + std::string(TWINSIM_EXE) + " " + args +
                          (stdout_only ? " 2>/dev/null" : " 2>&1");
  FILE* pipe = popen(cmd.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  char buf[4096];
  while (std::size_t n = fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  const int raw = pclose(pipe);
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, out};
}

// A fresh folder for one test case.
fs::path scratch(const std::string& name) {
  const fs::path dir = fs::path(TWINSIM_TEST_TMP) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

fs::path write(const fs::path& path, const std::string& text) {
  std::ofstream(path) << text;
  return path;
}

const std::string kScenario = std::string(TWINSIM_SCENARIO_DIR) + "/default.toml";
const std::string kSmall =
    " --set horizon_months=12 --set sectors.manufacturing.firms_north=20 "
    "--set sectors.manufacturing.firms_south=30";
const std::string kQuick = kSmall + " --replicates 2";

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("run writes an HDF5 file and prints a summary", "[cli]") {
  const auto dir = scratch("run");
  const auto out = dir / "out.h5";
  const auto r = twinsim("run " + kScenario + kQuick + " -o " + out.string());
  INFO(r.output);
  REQUIRE(r.status == 0);
  CHECK(contains(r.output, "jobs_south"));
  CHECK(contains(r.output, "90% interval"));
  CHECK(contains(r.output, "Logframe"));  // default.toml states KPIs
  CHECK(contains(r.output, "southern_jobs"));
  CHECK(!contains(r.output, "\r"));  // no progress bar when stdout is not a terminal
  const auto t = io::read_result_table(out);
  CHECK(t.runs == 2);
  CHECK(t.steps == 12);
  CHECK(t.time.front() == 1.0);
  CHECK(t.time.back() == 12.0);
  CHECK(t.seeds == std::vector<std::uint64_t>{1, 2});
  const auto meta = io::read_result_meta(out);
  CHECK(meta.scenario_name == "default");
  CHECK(meta.base_seed == 1);
  CHECK(contains(meta.scenario_toml, "months = 12"));
  // No temporary file is left next to it.
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
  CHECK(files == 1);
}

TEST_CASE("a file re-runs exactly: same resolved scenario and seed in, same numbers out", "[cli]") {
  const auto dir = scratch("rerun");
  const auto first = dir / "first.h5", again = dir / "again.h5";
  REQUIRE(twinsim("run " + kScenario + kQuick + " --seed 77 -o " + first.string()).status == 0);
  const auto r = twinsim("run " + first.string() + " -o " + again.string());
  INFO(r.output);
  REQUIRE(r.status == 0);
  const auto a = io::read_result_table(first), b = io::read_result_table(again);
  CHECK(a.seeds == b.seeds);
  REQUIRE(a.values.size() == b.values.size());
  CHECK(std::memcmp(a.values.data(), b.values.data(), a.values.size() * sizeof(double)) == 0);
  CHECK(io::read_result_meta(first).scenario_toml == io::read_result_meta(again).scenario_toml);
}

TEST_CASE("results do not depend on the number of threads", "[cli]") {
  const auto dir = scratch("threads");
  REQUIRE(
      twinsim("run " + kScenario + kSmall + " --replicates 4 -j 1 -o " + (dir / "one.h5").string())
          .status == 0);
  REQUIRE(
      twinsim("run " + kScenario + kSmall + " --replicates 4 -j 2 -o " + (dir / "two.h5").string())
          .status == 0);
  const auto a = io::read_result_table(dir / "one.h5"), b = io::read_result_table(dir / "two.h5");
  CHECK(std::memcmp(a.values.data(), b.values.data(), a.values.size() * sizeof(double)) == 0);
}

TEST_CASE("recording the firm panel adds it to the file, and a bad interval is bad input",
          "[cli]") {
  const auto dir = scratch("record");
  const auto out = dir / "panel.h5";
  auto r = twinsim("run " + kScenario + kQuick + " --record firms:4 -o " + out.string());
  INFO(r.output);
  REQUIRE(r.status == 0);
  const auto t = io::read_result_table(out);
  REQUIRE(t.panels.size() == 1);
  CHECK(t.panels[0].population == "firms");
  CHECK(t.panels[0].snapshots() == 3);  // months 4, 8, 12
  CHECK(t.panels[0].slots() >= 50);     // 20 + 30 firms at the start
  for (const char* bad : {"firms:0", "firms:x", "workers", "firms:"}) {
    r = twinsim("run " + kScenario + kQuick + " --record " + bad + " -o " +
                (dir / "bad.h5").string());
    CHECK(r.status == 2);
    CHECK(contains(r.output, "--record"));
  }
  CHECK(!fs::exists(dir / "bad.h5"));
}

TEST_CASE("re-running a file that is not a TwinSim result is bad input", "[cli]") {
  const auto dir = scratch("not_h5");
  const auto fake = write(dir / "fake.h5", "not an HDF5 file");
  const auto r = twinsim("run " + fake.string() + " -o " + (dir / "out.h5").string());
  INFO(r.output);
  CHECK(r.status == 2);
  CHECK(contains(r.output, fake.string()));
  CHECK(!fs::exists(dir / "out.h5"));
}

TEST_CASE("an existing output file is not overwritten without --force", "[cli]") {
  const auto dir = scratch("force");
  const auto out = write(dir / "out.h5", "precious");
  const auto r = twinsim("run " + kScenario + kQuick + " -o " + out.string());
  CHECK(r.status == 2);
  CHECK(contains(r.output, "--force"));
  CHECK(file_bytes(out) == "precious");
  REQUIRE(twinsim("run " + kScenario + kQuick + " --force -o " + out.string()).status == 0);
  CHECK(io::read_result_table(out).runs == 2);
}

namespace {
const std::string kCompareWorld =
    " --set horizon_months=40 --set sectors.manufacturing.firms_north=20 "
    "--set sectors.manufacturing.firms_south=60 --set project.assisted_firms=8 --replicates 2";

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}
}  // namespace

TEST_CASE("compare: the same scenario in both worlds gives effects of exactly 0",
          "[cli][compare]") {
  const auto dir = scratch("compare_same");
  const auto out = dir / "same.h5";
  const auto r = twinsim("compare " + kScenario + " --against " + kScenario + kCompareWorld +
                         " -o " + out.string());
  INFO(r.output);
  REQUIRE(r.status == 0);
  CHECK(contains(r.output, "net additional effect"));
  const io::h5::File file = io::h5::File::open(out);
  const io::h5::Group impact = file.open_group("impact");
  std::size_t checked = 0;
  for (const std::string& name : impact.members()) {
    if (ends_with(name, "_additional") || ends_with(name, "_displacement") ||
        ends_with(name, "_net") || ends_with(name, "_leakage")) {
      const auto v = impact.open_dataset(name).read<double>();
      REQUIRE(v.size() == 2 * 40);
      for (double x : v) CHECK(x == 0.0);
      ++checked;
    }
    if (ends_with(name, "_gross")) {
      const std::string outcome = name.substr(0, name.size() - 6);
      CHECK(impact.open_dataset(name).read<double>() ==
            impact.open_dataset(outcome + "_deadweight").read<double>());
    }
  }
  CHECK(checked == 6 * 4);  // six outcomes
  // Not a comparison of empty sets: the project had clients, with jobs.
  const auto clients = impact.open_dataset("jobs_clients_intervention").read<double>();
  CHECK(clients.back() > 0);
}

TEST_CASE("compare: both worlds in the standard layout, the project's effects under /impact",
          "[cli][compare]") {
  const auto dir = scratch("compare");
  const auto out = dir / "c.h5";
  const auto r = twinsim("compare " + kScenario + kCompareWorld + " -o " + out.string());
  INFO(r.output);
  REQUIRE(r.status == 0);
  CHECK(contains(r.output, "against no project"));
  CHECK(contains(r.output, "displacement ratio"));
  const io::h5::File file = io::h5::File::open(out);
  CHECK(file.read_attribute<std::string>("format") == "twinsim-compare/1");
  const auto assisted = [&](const std::string& world) {
    return file.open_group(world)
        .open_group("timeseries")
        .open_dataset("jobs_south_assisted")
        .read<double>();
  };
  CHECK(assisted("intervention").back() > 0);
  CHECK(assisted("counterfactual").back() == 0);
  const auto additional = file.open_group("impact").open_dataset("jobs_additional").read<double>();
  CHECK(additional.back() != 0);
  // `run` does not pretend to re-run a comparison.
  const auto rerun = twinsim("run " + out.string() + " -o " + (dir / "again.h5").string());
  CHECK(rerun.status == 2);
  CHECK(contains(rerun.output, "a comparison written by twinsim compare"));
}

TEST_CASE("compare --plot draws the figures as PNG and SVG, labelled for a slide",
          "[cli][compare][plot]") {
  const auto dir = scratch("compare_plot");
  const auto figures = dir / "figures";
  const auto r = twinsim("compare " + kScenario + kCompareWorld + " -o " + (dir / "c.h5").string() +
                         " --plot " + figures.string());
  INFO(r.output);
  REQUIRE(r.status == 0);
  CHECK(contains(r.output, "Figures (PNG and SVG)"));
  for (const std::string name : {"jobs", "displacement_ratio", "net_effect", "links"}) {
    const std::string png = file_bytes(figures / (name + ".png"));
    REQUIRE(png.size() > 1000);
    CHECK(png.compare(1, 3, "PNG") == 0);
    const std::string svg = file_bytes(figures / (name + ".svg"));
    CHECK(contains(svg, "<svg"));
    CHECK(contains(svg, "Month (since the start of the simulation)"));
    CHECK(contains(svg, "2 replicates paired by seed"));  // the caption
    CHECK(contains(svg, "Scenario default against no project"));
    CHECK(fs::exists(figures / (name + ".dat")));
    CHECK(fs::exists(figures / (name + ".gp")));
  }
  const std::string jobs = file_bytes(figures / "jobs.svg");
  CHECK(contains(jobs, "Jobs (employees)"));
  CHECK(contains(jobs, "the same firms without it"));  // the legend
  CHECK(contains(jobs, "Non-assisted southern firms"));
  // Drawn again only with --force.
  const auto again = twinsim("compare " + kScenario + kCompareWorld + " -o " +
                             (dir / "d.h5").string() + " --plot " + figures.string());
  CHECK(again.status == 2);
  CHECK(contains(again.output, "--force"));
  CHECK(!fs::exists(dir / "d.h5"));
}

TEST_CASE("compare --plot without gnuplot stops before simulating", "[cli][compare][plot]") {
  const auto dir = scratch("compare_no_gnuplot");
  const auto r = twinsim("compare " + kScenario + kCompareWorld + " -o " + (dir / "c.h5").string() +
                             " --plot " + (dir / "figures").string(),
                         false, "env PATH=/nonexistent");
  CHECK(r.status == 2);
  CHECK(contains(r.output, "gnuplot"));
  CHECK(!fs::exists(dir / "c.h5"));
  CHECK(!fs::exists(dir / "figures"));
}

TEST_CASE("compare: bad input stops with exit status 2 and writes nothing", "[cli][compare]") {
  const auto dir = scratch("compare_bad");
  const auto out = dir / "c.h5";
  const auto other = write(dir / "short.toml", "horizon_months = 30\n");
  // Overrides apply to both worlds; the files differ in their horizons (120 and 30 months).
  auto r = twinsim("compare " + kScenario + " --against " + other.string() + " -o " + out.string());
  CHECK(r.status == 2);
  CHECK(contains(r.output, "same horizon"));
  r = twinsim("compare " + kScenario + " --against " + (dir / "missing.toml").string() + " -o " +
              out.string());
  CHECK(r.status == 2);
  CHECK(!fs::exists(out));
  write(out, "precious");
  r = twinsim("compare " + kScenario + kCompareWorld + " -o " + out.string());
  CHECK(r.status == 2);
  CHECK(contains(r.output, "--force"));
  CHECK(file_bytes(out) == "precious");
}

namespace {
// A small experiment over the default scenario, written into `dir`.
fs::path experiment(const fs::path& dir, const std::string& body) {
  return write(dir / "exp.toml", "base = \"" + kScenario + "\"\n" + body);
}
const std::string kSweepGrid =
    "replicates = 2\nseed = 5\n"
    "[vary.growth]\nkey = \"market.growth_per_year\"\nlevels = [-0.02, 0.04]\n"
    "[vary.firms]\nkey = \"sectors.manufacturing.firms_south\"\nlevels = [20, 30]\n";
}  // namespace

TEST_CASE("sweep runs every design point with its replicates, each as twinsim run would",
          "[cli][sweep]") {
  const auto dir = scratch("sweep");
  const auto exp = experiment(dir, "horizon_months_is_not_here = 1\n");
  // An unknown key is bad input, with its place.
  auto r = twinsim("sweep " + exp.string() + " -o " + (dir / "bad.h5").string());
  CHECK(r.status == 2);
  CHECK(contains(r.output, exp.string() + ":2:1"));
  CHECK(!fs::exists(dir / "bad.h5"));

  write(dir / "exp.toml", "base = \"" + kScenario + "\"\n" + kSweepGrid);
  const auto out1 = dir / "one.h5", out2 = dir / "two.h5";
  r = twinsim("sweep " + (dir / "exp.toml").string() + " -j 1 -o " + out1.string() + " --log " +
              (dir / "failed.tsv").string());
  INFO(r.output);
  REQUIRE(r.status == 0);
  CHECK(contains(r.output, "4 points x 2 replicates = 8 runs"));
  REQUIRE(twinsim("sweep " + (dir / "exp.toml").string() + " -j 2 -o " + out2.string()).status ==
          0);
  const sim::ResultTable one = io::read_result_table(out1), two = io::read_result_table(out2);
  REQUIRE(one.runs == 8);
  CHECK(one.values == two.values);  // whatever the thread count

  const io::h5::File file = io::h5::File::open(out1);
  const auto growth = file.open_group("parameters").open_dataset("growth").read<double>();
  const auto firms = file.open_group("parameters").open_dataset("firms").read<double>();
  const auto seeds = file.open_group("parameters").open_dataset("seed").read<std::uint64_t>();
  CHECK(growth == std::vector<double>{-0.02, -0.02, -0.02, -0.02, 0.04, 0.04, 0.04, 0.04});
  CHECK(firms == std::vector<double>{20, 20, 30, 30, 20, 20, 30, 30});
  CHECK(seeds == std::vector<std::uint64_t>{5, 6, 5, 6, 5, 6, 5, 6});
  // No run failed: the flags are 0, the reasons empty, the log has its header only; every run is
  // completed and the partial file is gone.
  CHECK(file.open_group("parameters").open_dataset("failed").read<double>() ==
        std::vector<double>(8, 0.0));
  CHECK(file.open_group("parameters").open_dataset("failure").read_strings() ==
        std::vector<std::string>(8, ""));
  CHECK(file.open_group("parameters").open_dataset("completed").read<std::int64_t>() ==
        std::vector<std::int64_t>(8, 1));
  CHECK(!fs::exists(dir / "one.h5.partial"));
  CHECK(file_bytes(dir / "failed.tsv") == "run\tpoint\treplicate\treason\n");
  // `run` does not pretend to re-run a sweep file.
  const auto rerun = twinsim("run " + out1.string() + " -o " + (dir / "again.h5").string());
  CHECK(rerun.status == 2);
  CHECK(contains(rerun.output, "a sweep written by twinsim sweep"));
  // Run 7 (growth 0.04, 30 firms, seed 6) is what twinsim run gives for that point and seed.
  const auto single = dir / "single.h5";
  REQUIRE(twinsim("run " + kScenario +
                  " --set market.growth_per_year=0.04 --set sectors.manufacturing.firms_south=30"
                  " --seed 6 --replicates 1 -o " +
                  single.string())
              .status == 0);
  const sim::ResultTable s = io::read_result_table(single);
  for (std::size_t m = 0; m < s.metrics.size(); ++m) {
    const auto a = s.series(m, 0), b = one.series(m, 7);
    CHECK(std::equal(a.begin(), a.end(), b.begin(), b.end(),
                     [](double x, double y) { return x == y || (x != x && y != y); }));
  }
}

TEST_CASE("a failed run fails alone: NaN rows, its reason in the file and the log",
          "[cli][sweep]") {
  const auto dir = scratch("sweep_failures");
  const auto exp = experiment(dir, kSweepGrid);
  const auto out = dir / "f.h5", log = dir / "failed.tsv";
  // TWINSIM_FAIL_RUNS makes runs 1 and 6 fail after simulating them (a test hook, docs/sweeps.md).
  const auto r =
      twinsim("sweep " + exp.string() + " -j 2 -o " + out.string() + " --log " + log.string(),
              false, "env TWINSIM_FAIL_RUNS=1,6");
  INFO(r.output);
  REQUIRE(r.status == 0);
  CHECK(contains(r.output, "2 of 8 runs failed"));
  CHECK(contains(r.output, "First: run 1: failed on purpose"));
  const io::h5::File file = io::h5::File::open(out);
  const auto parameters = file.open_group("parameters");
  CHECK(parameters.open_dataset("failed").read<double>() ==
        std::vector<double>{0, 1, 0, 0, 0, 0, 1, 0});
  const auto reasons = parameters.open_dataset("failure").read_strings();
  CHECK(reasons[1] == "failed on purpose (TWINSIM_FAIL_RUNS lists run 1)");
  CHECK(reasons[0].empty());
  const auto jobs = file.open_group("summary").open_dataset("jobs_south").read<double>();
  CHECK(std::isnan(jobs[6]));
  CHECK(std::isfinite(jobs[5]));
  CHECK(file_bytes(log) ==
        "run\tpoint\treplicate\treason\n"
        "1\t0\t1\tfailed on purpose (TWINSIM_FAIL_RUNS lists run 1)\n"
        "6\t3\t0\tfailed on purpose (TWINSIM_FAIL_RUNS lists run 6)\n");
  // A bad list is bad input.
  const auto bad = twinsim("sweep " + exp.string() + " -o " + (dir / "g.h5").string(), false,
                           "env TWINSIM_FAIL_RUNS=1,x");
  CHECK(bad.status == 2);
  CHECK(contains(bad.output, "'x' is not a run number"));
}

TEST_CASE("a summary-only sweep writes each run's last month and no time series", "[cli][sweep]") {
  const auto dir = scratch("sweep_summary");
  const auto exp =
      experiment(dir,
                 "design = \"lhs\"\nsamples = 5\nrecord = \"summary\"\n"
                 "[vary.firms]\nkey = \"sectors.manufacturing.firms_south\"\nmin = 20\nmax = 40\n");
  const auto out = dir / "s.h5";
  const auto r = twinsim("sweep " + exp.string() + " -o " + out.string());
  INFO(r.output);
  REQUIRE(r.status == 0);
  const io::h5::File file = io::h5::File::open(out);
  const auto members = file.members();
  CHECK(std::find(members.begin(), members.end(), "timeseries") == members.end());
  CHECK(file.open_group("summary").open_dataset("jobs_south").read<double>().size() == 5);
  std::set<double> strata;
  for (double x : file.open_group("parameters").open_dataset("firms").read<double>()) {
    CHECK(x == static_cast<double>(static_cast<long>(x)));  // an integer key takes integers
    strata.insert(x);
  }
  CHECK(strata.size() >= 4);  // five strata of [20, 40]; rounding may join two neighbours
}

TEST_CASE("a Morris sweep records each run's trajectory, step and moved parameter",
          "[cli][sweep]") {
  const auto dir = scratch("sweep_morris");
  const auto exp =
      experiment(dir,
                 "design = \"morris\"\nsamples = 3\nrecord = \"summary\"\n"
                 "[vary.growth]\nkey = \"market.growth_per_year\"\nmin = -0.05\nmax = 0.05\n"
                 "[vary.budget]\nkey = \"project.budget_eur\"\nmin = 1000000.0\nmax = 5000000.0\n");
  const auto out = dir / "m.h5";
  const auto r = twinsim("sweep " + exp.string() + " -o " + out.string());
  INFO(r.output);
  REQUIRE(r.status == 0);
  CHECK(contains(r.output, "9 points x 1 replicate = 9 runs"));
  const io::h5::Group p = io::h5::File::open(out).open_group("parameters");
  const auto step = p.open_dataset("morris_step").read<double>();
  const auto moved = p.open_dataset("morris_factor").read<double>();
  const auto growth = p.open_dataset("growth").read<double>();
  const auto budget = p.open_dataset("budget").read<double>();
  CHECK(step == std::vector<double>{0, 1, 2, 0, 1, 2, 0, 1, 2});
  for (std::size_t i = 0; i < 9; ++i) {
    if (step[i] == 0) {
      CHECK(moved[i] == -1);
      continue;
    }
    // The moved parameter changed by delta = 2/3 of its range, the other did not.
    const bool g = moved[i] == 0;
    CHECK(std::abs(growth[i] - growth[i - 1]) == Approx(g ? 0.1 * 2 / 3 : 0.0).margin(1e-12));
    CHECK(std::abs(budget[i] - budget[i - 1]) == Approx(g ? 0.0 : 4e6 * 2 / 3).margin(1e-6));
  }
}

TEST_CASE("sweep: bad experiments stop with exit status 2, the place and what was expected",
          "[cli][sweep]") {
  const auto dir = scratch("sweep_bad");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"[vary.g]\nkey = \"market.growth_per_yer\"\nlevels = [0.0]\n",
       ":3:7: vary.g.key: not a scenario key; did you mean 'market.growth_per_year'?"},
      {"[vary.g]\nkey = \"market.growth_per_year\"\nlevels = [0.0, 5.0]\n",
       ":4:16: vary.g.levels: for market.growth_per_year: must be in"},
      {"[vary.n]\nkey = \"project.assisted_firms\"\nlevels = [2.5]\n",
       "vary.n.levels: project.assisted_firms is an integer; got 2.5"},
      {"design = \"lhs\"\n[vary.g]\nkey = \"market.growth_per_year\"\nmin = 0.1\nmax = 0.0\n",
       "lhs design needs samples >= 1"},
      {"design = \"random\"\nsamples = 3\n[vary.g]\nkey = \"market.growth_per_year\"\n"
       "min = 0.1\nmax = 0.0\n",
       "vary.g.max: must be greater than min (0.1)"},
      {"[vary.g]\nkey = \"sectors.textiles.firms_south\"\nlevels = [3]\n",
       "the base scenario has no sectors 'textiles'"},
      {"replicates = 2\n", "vary: missing: at least one [vary.NAME] table"},
      {"design = \"morris\"\nsamples = 2\nmorris_levels = 5\n[vary.g]\n"
       "key = \"market.growth_per_year\"\nmin = 0.0\nmax = 0.1\n",
       ":4:17: morris_levels: must be even"},
      {"design = \"random\"\nsamples = 10000000\nreplicates = 3\n[vary.g]\n"
       "key = \"market.growth_per_year\"\nmin = 0.0\nmax = 0.1\n",
       "10000000 points x 3 replicates is more than 10000000 runs"},
  };
  for (const auto& [body, expected] : cases) {
    const auto exp = experiment(dir, body);
    const auto r = twinsim("sweep " + exp.string() + " -o " + (dir / "x.h5").string());
    INFO(body << "\n" << r.output);
    CHECK(r.status == 2);
    CHECK(contains(r.output, expected));
    CHECK(!fs::exists(dir / "x.h5"));
  }
}

TEST_CASE("bad scenario files stop with exit status 2, the place and what was expected", "[cli]") {
  const auto dir = scratch("bad");
  struct Case {
    std::string name, text, expect_place, expect_message;
  };
  const std::vector<Case> cases = {
      {"typo", "[market]\ncycle_amplitude = 0.1\ngrowth_per_yer = 0.1\n", ":3:1",
       "market.growth_per_year"},
      {"type", "[sectors.textiles]\nfirms_south = \"many\"\n", ":2:15", "integer"},
      {"field", "[sectors.textiles]\nfirms_suoth = 3\n", ":2:1", "sectors.textiles.firms_south"},
      {"range", "horizon_months = 0\n", ":1:18", "horizon_months"},
      {"table", "[sooth]\nwage = 3\n", ":1:", "south"},
      {"syntax", "[south\nwage = 3\n", ":1:", ""},
      {"lists", "[market]\nshock_months = [3.0, 4.0]\nshock_factors = [0.5]\n", ":3:17",
       "one factor per shock month"},
      {"months", "[market]\nshock_months = [3.5]\nshock_factors = [0.5]\n", ":2:16",
       "whole numbers"},
      {"kpi", "[kpis.jobs]\nmetric = \"jobs_sout\"\ntarget = 1.0\n", ":2:10",
       "no recorded metric named 'jobs_sout'; did you mean 'jobs_south'?"},
      {"sector", "[project]\nsectors = [\"manufacturing\", \"textile\"]\n", ":2:29",
       "no sector named 'textile'; the scenario has: manufacturing"},
      {"tiers", "[sectors.auto]\ntier_shares = [0.5, 0.3]\n", ":2:15",
       "sectors.auto.tier_shares: shares must sum to 1, got 0.8"},
      {"tier_count", "[sectors.auto]\ntier_shares = [0.2, 0.2, 0.2, 0.2, 0.2]\n", ":2:15",
       "needs 2 to 4 shares"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    const auto scenario = write(dir / (c.name + ".toml"), c.text);
    const auto out = dir / (c.name + ".h5");
    const auto r = twinsim("run " + scenario.string() + " -o " + out.string());
    INFO(r.output);
    CHECK(r.status == 2);
    CHECK(contains(r.output, scenario.string() + c.expect_place));
    CHECK(contains(r.output, c.expect_message));
    CHECK(!fs::exists(out));
    CHECK(twinsim("check " + scenario.string()).status == 2);
  }
}

TEST_CASE("overrides given with --set are validated like the file", "[cli]") {
  const auto dir = scratch("set");
  const auto out = dir / "out.h5";
  auto r = twinsim("run " + kScenario + " --set south.wage=-3 -o " + out.string());
  CHECK(r.status == 2);
  CHECK(contains(r.output, "south.wage"));
  r = twinsim("run " + kScenario + " --set south.wgae=3 -o " + out.string());
  CHECK(r.status == 2);
  CHECK(contains(r.output, "south.wage"));  // the nearest valid key
  CHECK(!fs::exists(out));
}

TEST_CASE("check prints the resolved scenario, which checks again to the same text", "[cli]") {
  const auto dir = scratch("check");
  const auto r = twinsim("check " + kScenario + " --set horizon_months=7");
  REQUIRE(r.status == 0);
  CHECK(contains(r.output, "horizon_months = 7"));
  CHECK(contains(r.output, "labour_productivity"));  // defaults are filled in
  const auto first = twinsim("check " + kScenario + " --set horizon_months=7", true);
  const auto resolved = write(dir / "resolved.toml", first.output);
  const auto second = twinsim("check " + resolved.string(), true);
  REQUIRE(second.status == 0);
  CHECK(second.output == first.output);
}

TEST_CASE("usage errors exit with 2, help and version with 0", "[cli]") {
  CHECK(twinsim("").status == 2);
  CHECK(twinsim("frobnicate").status == 2);
  CHECK(twinsim("run").status == 2);
  CHECK(twinsim("run " + kScenario + " --replicates zero").status == 2);
  CHECK(twinsim("run does-not-exist.toml -o /tmp/never.h5").status == 2);
  const auto v = twinsim("--version");
  CHECK(v.status == 0);
  CHECK(contains(v.output, "twinsim 0."));
  for (const char* sub : {"", "run ", "check ", "docs "}) {
    const auto h = twinsim(std::string(sub) + "--help");
    CHECK(h.status == 0);
    CHECK(contains(h.output, "Usage"));
  }
}

TEST_CASE("the reference docs match the declarations", "[cli][docs]") {
  const std::string scenarios_doc =
      file_bytes(std::string(TWINSIM_SOURCE_DIR) + "/docs/scenarios.md");
  const std::string output_doc =
      file_bytes(std::string(TWINSIM_SOURCE_DIR) + "/docs/output-format.md");
  const auto params = twinsim("docs scenarios");
  const auto metrics = twinsim("docs metrics");
  REQUIRE(params.status == 0);
  REQUIRE(metrics.status == 0);
  INFO("regenerate with scripts/update-docs.sh (see CONTRIBUTING.md)");
  CHECK(contains(scenarios_doc, params.output));
  CHECK(contains(output_doc, metrics.output));
}

namespace {

// The keys a row of a reason table in docs/model.md names (tables headed "| Parameter | Default |
// Reason |"): the backticked names of its first cell, where a name without a dot takes the group of
// the one before it (`firms.closure_rate_per_year`, `young_months`) and "north/south.x" names both.
std::set<std::string> keys_with_reasons(const std::string& doc) {
  std::set<std::string> keys;
  std::istringstream lines(doc);
  std::string line;
  bool in_table = false;
  while (std::getline(lines, line)) {
    if (line.rfind("| Parameter | Default | Reason |", 0) == 0) {
      in_table = true;
      continue;
    }
    if (line.empty() || line[0] != '|') in_table = false;
    if (!in_table || line.rfind("| `", 0) != 0) continue;
    const std::string cell = line.substr(1, line.find('|', 1) - 1);
    std::string group;
    std::size_t open = 0, close = 0;
    while ((open = cell.find('`', close)) != std::string::npos &&
           (close = cell.find('`', open + 1)) != std::string::npos) {
      const std::string name = cell.substr(open + 1, close - open - 1);
      ++close;
      const std::size_t dot = name.rfind('.');
      if (dot != std::string::npos) group = name.substr(0, dot);
      if (group.empty()) continue;
      const std::string last = dot == std::string::npos ? name : name.substr(dot + 1);
      std::istringstream alternatives(group);
      std::string g;
      while (std::getline(alternatives, g, '/')) keys.insert(g + "." + last);
    }
  }
  return keys;
}

}  // namespace

TEST_CASE("every parameter's default has a documented reason", "[cli][docs]") {
  const std::string doc = file_bytes(std::string(TWINSIM_SOURCE_DIR) + "/docs/model.md");
  const auto reference = twinsim("docs scenarios", true);
  REQUIRE(reference.status == 0);
  std::set<std::string> keys;
  std::istringstream lines(reference.output);
  std::string line;
  while (std::getline(lines, line))
    if (line.rfind("| `", 0) == 0) keys.insert(line.substr(3, line.find('`', 3) - 3));
  REQUIRE(keys.size() > 100);
  // The scenario's own settings (what is simulated and reported): no reason needed.
  const std::set<std::string> settings = {
      "horizon_months",  "scenario.name",      "scenario.description", "run.replicates",
      "run.seed",        "kpis.NAME.metric",   "kpis.NAME.target",     "kpis.NAME.direction",
      "kpis.NAME.month", "kpis.NAME.baseline", "project.enabled",      "project.sectors"};
  // Explained with the initialisation (docs/model.md, section 5), not in a table of section 7.
  const std::set<std::string> initialisation = {"north.employees_mean", "south.employees_mean",
                                                "north.employees_dispersion",
                                                "south.employees_dispersion"};
  const std::size_t from = doc.find("## 5."), to = doc.find("## 6.");
  REQUIRE(to != std::string::npos);
  REQUIRE(from < to);
  const std::string section5 = doc.substr(from, to - from);
  const std::set<std::string> reasons = keys_with_reasons(doc);
  std::string missing, unknown;
  for (const auto& k : keys) {
    const bool explained =
        initialisation.count(k) && contains(section5, "`" + k.substr(k.rfind('.') + 1) + "`");
    if (!reasons.count(k) && !settings.count(k) && !explained) missing += " " + k;
  }
  for (const auto& named : {reasons, settings, initialisation})
    for (const auto& k : named)
      if (!keys.count(k)) unknown += " " + k;
  {
    INFO(
        "give each new parameter a row (| `key` | default | reason |) in docs/model.md, section 7");
    CHECK(missing == "");
  }
  {
    INFO("a reason row or list names a key `twinsim docs scenarios` does not have (renamed?)");
    CHECK(unknown == "");
  }
}

TEST_CASE("analyze: bad input stops with exit status 2 and says what was expected",
          "[cli][analyze]") {
  const auto dir = scratch("analyze");
  auto r = twinsim("analyze " + (dir / "none.h5").string());
  CHECK(r.status == 2);
  CHECK(contains(r.output, "none.h5: no such file"));
  r = twinsim("analyze " + kScenario);
  CHECK(r.status == 2);
  CHECK(contains(r.output, "default.toml: not an HDF5 file"));
  const auto out = dir / "run.h5";
  REQUIRE(twinsim("run " + kScenario + kQuick + " -o " + out.string()).status == 0);
  r = twinsim("analyze " + out.string() + " --metric jobs_sooth");
  CHECK(r.status == 2);
  CHECK(contains(r.output, "--metric jobs_sooth: no such metric in the file (it has: "));
  // Figures need gnuplot: without it on PATH, nothing is drawn and the status is 2.
  r = twinsim("analyze " + out.string() + " --plot " + (dir / "figs").string(), false,
              "env PATH=/nonexistent");
  CHECK(r.status == 2);
  CHECK(contains(r.output, "--plot needs gnuplot"));
  CHECK(!fs::exists(dir / "figs"));
  // A report is not written into a missing folder, nor over a file without --force.
  r = twinsim("analyze " + out.string() + " --report " + (dir / "no" / "r.html").string());
  CHECK(r.status == 2);
  CHECK(contains(r.output, "does not exist"));
  write(dir / "r.html", "mine");
  r = twinsim("analyze " + out.string() + " --report " + (dir / "r.html").string());
  CHECK(r.status == 2);
  CHECK(contains(r.output, "r.html: exists; pass --force"));
  CHECK(file_bytes(dir / "r.html") == "mine");
  // A run file: the table over its 2 runs.
  r = twinsim("analyze " + out.string() + " --metric jobs_south");
  INFO(r.output);
  CHECK(r.status == 0);
  CHECK(contains(r.output, "2 runs of 12 months"));
  CHECK(contains(r.output, "jobs_south  employees     2"));
}

TEST_CASE("analyze of a comparison file gives the report compare printed, from the file",
          "[cli][analyze]") {
  const auto dir = scratch("analyze_compare");
  const auto out = dir / "c.h5";
  const auto printed = twinsim("compare " + kScenario + kQuick + " -o " + out.string(), true);
  REQUIRE(printed.status == 0);
  const auto read = twinsim("analyze " + out.string(), true);
  INFO(read.output);
  REQUIRE(read.status == 0);
  CHECK(contains(read.output, "The intervention world at the end of month 12"));
  CHECK(contains(read.output, "The counterfactual world at the end of month 12"));
  // The accounting table of jobs, recomputed from /impact, is the one compare printed.
  auto block = [](const std::string& text) {
    const auto at = text.find("jobs (employees)");
    return at == std::string::npos ? std::string() : text.substr(at, text.find("\n\n", at) - at);
  };
  REQUIRE(!block(printed.output).empty());
  CHECK(block(read.output) == block(printed.output));
}

TEST_CASE(
    "stress: bad uncertainties and strategies stop with exit status 2 and say what was "
    "expected",
    "[cli][stress]") {
  const auto dir = scratch("stress_bad");
  const std::string fast = std::string(TWINSIM_SCENARIO_DIR) + "/stress/strategies/fast_track.toml";
  const std::string first =
      std::string(TWINSIM_SCENARIO_DIR) + "/stress/strategies/cluster_first.toml";
  const std::string vary = "[vary.g]\nkey = \"market.growth_per_year\"\nmin = -0.02\nmax = 0.02\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"base = \"x.toml\"\nsamples = 2\n" + vary, ":1:1: base: unknown key"},
      {"design = \"saltelli\"\nsamples = 2\n" + vary,
       ":1:10: design: must be one of: grid, random, lhs, sobol"},
      {vary, "samples: a lhs design needs samples >= 1"},
      {"samples = 2\n[vary.f]\nkey = \"sectors.textiles.firms_south\"\nmin = 1\nmax = 5\n",
       "vary.f.key: strategy fast_track has no sectors 'textiles'"},
      {"samples = 2\nset = [\"donor.crisis=maybe\"]\n" + vary,
       ":2:8: set: donor.crisis: expected a boolean, got a string (\"maybe\")"},
      {"samples = 2\nrecord = \"summary\"\n" + vary,
       ":2:10: record: \"summary\" keeps only month 120, but KPI cross_border_links of strategy "
       "fast_track is measured at month 60"},
      {"samples = 2\n" + vary + "scale = 0\n", "vary.g.scale: must not be 0"},
  };
  for (const auto& [body, expected] : cases) {
    const auto u = write(dir / "u.toml", body);
    const auto r = twinsim("stress " + fast + " " + first + " -u " + u.string() + " -o " +
                           (dir / "x.h5").string());
    INFO(body << "\n" << r.output);
    CHECK(r.status == 2);
    CHECK(contains(r.output, expected));
    CHECK(!fs::exists(dir / "x.h5"));
    CHECK(!fs::exists(dir / "x.h5.partial"));
  }
  const auto u = write(dir / "u.toml", "samples = 2\n" + vary);
  // Strategies named by their files: the same one twice is refused, and so are two horizons.
  auto r = twinsim("stress " + fast + " " + fast + " -u " + u.string() + " -o " +
                   (dir / "x.h5").string());
  CHECK(r.status == 2);
  CHECK(contains(r.output, "two strategies named 'fast_track'"));
  std::string shorter = file_bytes(first);
  shorter.replace(shorter.find("horizon_months = 120"), 20, "horizon_months = 100");
  const auto other = write(dir / "short.toml", shorter);
  r = twinsim("stress " + fast + " " + other.string() + " -u " + u.string() + " -o " +
              (dir / "x.h5").string());
  CHECK(r.status == 2);
  CHECK(contains(r.output, "short.toml: horizon_months = 100, but"));
  r = twinsim("stress " + fast + " " + (dir / "none.toml").string() + " -u " + u.string());
  CHECK(r.status == 2);
  CHECK(contains(r.output, "none.toml: no such strategy file"));
  r = twinsim("stress " + fast);
  CHECK(r.status == 2);
  CHECK(contains(r.output, "--uncertainties is required"));
  r = twinsim("stress " + fast + " -u " + u.string() + " --metric jobs_sooth -o " +
              (dir / "x.h5").string());
  CHECK(r.status == 2);
  CHECK(contains(r.output, "--metric jobs_sooth: no such metric"));
  CHECK(!contains(r.output, "Simulated"));
  CHECK(!fs::exists(dir / "x.h5"));
  // One strategy is a stress test too (2 conditions, 2 runs); its file is not a scenario to re-run.
  r = twinsim("stress " + fast + " -u " + u.string() + " -o " + (dir / "ok.h5").string());
  INFO(r.output);
  REQUIRE(r.status == 0);
  CHECK(contains(r.output, "2 conditions x 1 strategy x 1 replicate = 2 runs"));
  r = twinsim("run " + (dir / "ok.h5").string() + " -o " + (dir / "again.h5").string());
  CHECK(r.status == 2);
  CHECK(contains(r.output, "ok.h5: a stress test written by twinsim stress"));
}

TEST_CASE("a damaged or foreign file given to analyze or --resume is bad input, exit status 2",
          "[cli][analyze][sweep]") {
  const auto dir = scratch("damaged");
  // HDF5 with TwinSim's format attribute, and nothing else of a result file (fuzz/README.md).
  const auto hollow = dir / "hollow.h5";
  io::h5::File::create(hollow).write_attribute("format", std::string_view("twinsim/1"));
  auto r = twinsim("analyze " + hollow.string());
  INFO(r.output);
  CHECK(r.status == 2);
  CHECK(contains(r.output, "hollow.h5: /: cannot read attribute 'metrics'"));
  CHECK(contains(r.output, "expected a run file (twinsim run) as TwinSim writes it"));
  // Its format attribute a list, not one text (fuzz/regressions: analyze_format_not_scalar).
  const auto listed = dir / "listed.h5";
  io::h5::File::create(listed).write_attribute("format",
                                               std::vector<std::string>{"twinsim/1", "twinsim/1"});
  r = twinsim("analyze " + listed.string());
  CHECK(r.status == 2);
  CHECK(contains(r.output, "listed.h5: /: cannot read attribute 'format'"));
  // A sweep's file whose end was lost (a full disk, a copy cut short) is not resumed.
  const auto exp = experiment(dir, kSweepGrid);
  write(dir / "out.h5.partial", "HDF5 it is not");
  r = twinsim("sweep " + exp.string() + " --resume -o " + (dir / "out.h5").string());
  CHECK(r.status == 2);
  CHECK(contains(r.output, "out.h5.partial: /: cannot open file"));
  CHECK(contains(r.output, "expected the partial file of an unfinished sweep"));
  CHECK(file_bytes(dir / "out.h5.partial") == "HDF5 it is not");
  CHECK(!fs::exists(dir / "out.h5"));
}

TEST_CASE("stress: a strategy whose every run failed is reported, not a failure of the analysis",
          "[cli][stress]") {
  const auto dir = scratch("stress_failed");
  const std::string fast = std::string(TWINSIM_SCENARIO_DIR) + "/stress/strategies/fast_track.toml";
  const auto u = write(dir / "u.toml",
                       "samples = 2\n[vary.g]\nkey = \"market.growth_per_year\"\nmin = -0.02\n"
                       "max = 0.02\n");
  // Both runs fail (TWINSIM_FAIL_RUNS, docs/sweeps.md): the logframe has no run to be met in.
  const auto r = twinsim("stress " + fast + " -u " + u.string() + " -o " + (dir / "s.h5").string(),
                         false, "env TWINSIM_FAIL_RUNS=0,1");
  INFO(r.output);
  CHECK(r.status == 0);
  CHECK(contains(r.output, "2 of 2 runs failed"));
  CHECK(contains(r.output, "fast_track has no run with a value (failed, or not run yet)"));
  CHECK(twinsim("analyze " + (dir / "s.h5").string()).status == 0);
}
