#include "sim/panel.hpp"

#include <bit>
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>
#include "tests/support/temp_dir.hpp"

#include "io/h5.hpp"
#include "io/result_file.hpp"
#include "sim/ensemble.hpp"
#include "sim/population.hpp"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using sim::AgentId;
using sim::kNoAgent;

namespace {

using test_support::TempDir;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

// Variables deliberately not in alphabetical order: the file must keep this order.
std::vector<sim::MetricSpec> firm_variables() {
  return {{"size", "employees", "Employees of the firm"},
          {"cash", "EUR", "Cash at the end of the month"},
          {"age", "months", "Months since the firm entered"}};
}

// A deterministic toy world with entries and exits, so that slots are freed, reused and grow.
// Its draws depend on the seed only (a 64-bit LCG), as a model's named streams do.
struct World {
  sim::Population population;
  std::vector<double> size;
  std::vector<double> cash;
  std::vector<int> age;
  std::uint64_t state;

  explicit World(std::uint64_t seed) : state(seed * 2862933555777941757ULL + 3037000493ULL) {
    population.column(size, 1.0);
    population.column(cash, 100.0);
    population.column(age, 0);
  }
  std::uint64_t draw() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  }
  void step() {
    const std::size_t entries = 1 + draw() % 4;
    for (std::size_t e = 0; e < entries; ++e) population.add();
    for (std::size_t slot = 0; slot < population.slots(); ++slot) {
      if (!population.alive(static_cast<sim::Slot>(slot))) continue;
      size[slot] += static_cast<double>(draw() % 3);
      cash[slot] *= 1.0 + static_cast<double>(draw() % 100) / 1000.0;
      ++age[slot];
      if (draw() % 5 == 0) population.remove(static_cast<sim::Slot>(slot));
    }
  }
};

sim::RunRecord simulate(std::uint64_t seed, std::size_t steps, std::size_t every) {
  World world(seed);
  sim::RunRecord record{sim::Recorder({{"firms", "1", "Live firms"}}, steps), {}};
  sim::PanelRecorder panel("firms", firm_variables(), every, steps);
  for (std::size_t step = 0; step < steps; ++step) {
    world.step();
    const std::vector<double> metrics{static_cast<double>(world.population.size())};
    record.series.record(step, metrics);
    if (panel.due(step)) {
      panel.begin_snapshot(step, world.population);
      panel.column(0, world.size);
      panel.column(1, world.cash);
      panel.column(2, world.age);  // int: converted
    }
  }
  record.panels.push_back(std::move(panel));
  return record;
}

sim::ResultTable make_table(std::size_t runs, std::size_t steps) {
  sim::ResultTable table;
  table.resize({{"firms", "1", "Live firms"}}, runs, steps);
  for (std::size_t s = 0; s < steps; ++s) table.time[s] = static_cast<double>(s + 1);
  for (std::size_t r = 0; r < runs; ++r) table.seeds[r] = 1000 + r;
  return table;
}

// A table with two panels filled by run_ensemble, values included that a lossy writer would not
// keep.
sim::ResultTable make_panel_table(std::size_t runs, std::size_t steps, unsigned threads = 1) {
  sim::ResultTable table = make_table(runs, steps);
  table.panels.resize(2);
  table.panels[0].resize("firms", firm_variables(), 3, steps, runs);
  table.panels[1].resize("banks", {{"loans", "EUR", "Outstanding loans"}}, 4, steps, runs);
  sim::run_ensemble(
      table, threads,
      [&](std::size_t r) {
        sim::RunRecord record = simulate(table.seeds[r], steps, 3);
        sim::PanelRecorder banks("banks", {{"loans", "EUR", "Outstanding loans"}}, 4, steps);
        for (std::size_t k = 0; k < banks.snapshots(); ++k) {
          const std::vector<AgentId> ids{7, 8 + r};
          const std::vector<std::uint8_t> alive{1, 1};
          banks.begin_snapshot((k + 1) * 4 - 1, ids, alive);
          const std::vector<double> loans{-0.0, std::numeric_limits<double>::denorm_min()};
          banks.column(0, loans);
        }
        record.panels.push_back(std::move(banks));
        return record;
      },
      nullptr);
  return table;
}

// The logical (run, snapshot, slot) arrays of two panels are bitwise equal.
void check_same_panel(const sim::PanelTable& a, const sim::PanelTable& b) {
  REQUIRE(a.population == b.population);
  REQUIRE(a.variables.size() == b.variables.size());
  for (std::size_t v = 0; v < a.variables.size(); ++v) {
    CHECK(a.variables[v].name == b.variables[v].name);
    CHECK(a.variables[v].unit == b.variables[v].unit);
    CHECK(a.variables[v].description == b.variables[v].description);
  }
  CHECK(a.every == b.every);
  CHECK(a.steps == b.steps);
  REQUIRE(a.runs.size() == b.runs.size());
  REQUIRE(a.snapshots() == b.snapshots());
  REQUIRE(a.slots() == b.slots());
  std::size_t id_mismatches = 0, value_mismatches = 0;
  for (std::size_t r = 0; r < a.runs.size(); ++r) {
    for (std::size_t k = 0; k < a.snapshots(); ++k) {
      for (std::size_t i = 0; i < a.slots(); ++i) {
        if (a.id(r, k, i) != b.id(r, k, i)) ++id_mismatches;
        for (std::size_t v = 0; v < a.variables.size(); ++v) {
          if (!same_bits(a.value(v, r, k, i), b.value(v, r, k, i))) ++value_mismatches;
        }
      }
    }
  }
  CHECK(id_mismatches == 0);
  CHECK(value_mismatches == 0);
}

sim::RunSetMeta make_meta() {
  sim::RunSetMeta meta;
  meta.scenario_name = "panel_test";
  meta.scenario_toml = "horizon_months = 14\n";
  meta.base_seed = 1000;
  meta.program_version = "0.1.0";
  meta.git_commit = "test";
  return meta;
}

}  // namespace

TEST_CASE("snapshots are due at the end of month every, 2 every, ...", "[panel]") {
  sim::PanelRecorder panel("firms", firm_variables(), 3, 10);
  CHECK(panel.snapshots() == 3);
  std::vector<std::size_t> due;
  for (std::size_t step = 0; step < 12; ++step)
    if (panel.due(step)) due.push_back(step);
  CHECK(due == std::vector<std::size_t>{2, 5, 8});
  CHECK(panel.time(0) == 3.0);
  CHECK(panel.time(2) == 9.0);

  const std::vector<AgentId> ids{0};
  const std::vector<std::uint8_t> alive{1};
  CHECK_THROWS_AS(panel.begin_snapshot(3, ids, alive), std::invalid_argument);
  CHECK_THROWS_AS(panel.begin_snapshot(11, ids, alive), std::invalid_argument);
  CHECK_NOTHROW(panel.begin_snapshot(5, ids, alive));
  CHECK(panel.slots(1) == 1);
  CHECK(panel.slots(0) == 0);  // not taken: no storage

  CHECK(sim::PanelRecorder("firms", {}, 1, 4).snapshots() == 4);
  CHECK(sim::PanelRecorder("firms", {}, 12, 11).snapshots() == 0);
  CHECK(sim::PanelRecorder("firms", {}, 12, 12).snapshots() == 1);
  CHECK_THROWS_AS(sim::PanelRecorder("firms", {}, 0, 12), std::invalid_argument);
}

TEST_CASE("panel names are checked when the panel is declared", "[panel]") {
  CHECK_THROWS_WITH(sim::PanelRecorder("Firms", {}, 1, 2), Contains("not a valid name"));
  CHECK_THROWS_WITH(sim::PanelRecorder("a/b", {}, 1, 2), Contains("not a valid name"));
  CHECK_THROWS_WITH(sim::PanelRecorder("", {}, 1, 2), Contains("not a valid name"));
  for (const char* reserved : {"id", "run", "snapshot", "slot"}) {
    CHECK_THROWS_WITH(sim::PanelRecorder("firms", {{reserved, "1", "x"}}, 1, 2),
                      Contains("reserved"));
  }
  CHECK_THROWS_WITH(sim::PanelRecorder("firms", {{"a", "1", "x"}, {"a", "1", "y"}}, 1, 2),
                    Contains("declared twice"));
}

TEST_CASE("free slots record NaN and the no-agent id", "[panel]") {
  sim::Population population;
  std::vector<double> cash;
  std::vector<int> size;
  population.column(cash, 5.0);
  population.column(size, 2);
  for (int i = 0; i < 4; ++i) population.add();
  for (std::size_t slot = 0; slot < 4; ++slot) {
    cash[slot] = 10.0 * static_cast<double>(slot);
    size[slot] = static_cast<int>(slot) + 1;
  }
  population.remove(1);  // its state stays in the columns: the panel must not show it

  sim::PanelRecorder panel(
      "firms", {{"cash", "EUR", "Cash"}, {"size", "employees", "Size"}, {"unset", "1", "Never"}}, 2,
      4);
  panel.begin_snapshot(1, population);
  panel.column(0, cash);
  panel.column(1, size);

  CHECK(std::vector<AgentId>(panel.ids(0).begin(), panel.ids(0).end()) ==
        std::vector<AgentId>{0, kNoAgent, 2, 3});
  const auto c = panel.values(0, 0), s = panel.values(0, 1), u = panel.values(0, 2);
  CHECK(c[0] == 0.0);
  CHECK(std::isnan(c[1]));
  CHECK(c[3] == 30.0);
  CHECK(s[2] == 3.0);
  CHECK(std::isnan(s[1]));
  for (double value : u) CHECK(std::isnan(value));  // a variable not given stays NaN

  // The slot is reused by a new agent with a new id.
  population.add();
  panel.begin_snapshot(3, population);
  CHECK(panel.ids(1)[1] == 4);

  const std::vector<double> too_short(3, 1.0);
  CHECK_THROWS_AS(panel.column(0, too_short), std::invalid_argument);
  CHECK_THROWS_AS(panel.column(3, cash), std::invalid_argument);
  sim::PanelRecorder fresh("firms", {{"cash", "EUR", "Cash"}}, 1, 1);
  CHECK_THROWS_AS(fresh.column(0, cash), std::logic_error);
  const std::vector<AgentId> ids{1, 2};
  const std::vector<std::uint8_t> alive{1};
  CHECK_THROWS_AS(fresh.begin_snapshot(0, ids, alive), std::invalid_argument);
}

TEST_CASE("a panel table pads growing slot counts to the largest", "[panel]") {
  sim::PanelTable table;
  table.resize("firms", {{"cash", "EUR", "Cash"}}, 1, 3, 2);
  sim::PanelRecorder run0("firms", {{"cash", "EUR", "Cash"}}, 1, 3);
  for (std::size_t step = 0; step < 3; ++step) {
    const std::size_t slots = 2 + 2 * step;  // 2, 4, 6
    std::vector<AgentId> ids(slots);
    std::vector<double> cash(slots);
    for (std::size_t i = 0; i < slots; ++i) {
      ids[i] = 100 * step + i;
      cash[i] = static_cast<double>(ids[i]);
    }
    run0.begin_snapshot(step, ids, std::vector<std::uint8_t>(slots, 1));
    run0.column(0, cash);
  }
  table.store(0, std::move(run0));
  sim::PanelRecorder run1("firms", {{"cash", "EUR", "Cash"}}, 1, 3);
  run1.begin_snapshot(1, std::vector<AgentId>(7, 9), std::vector<std::uint8_t>(7, 1));
  table.store(1, std::move(run1));

  CHECK(table.snapshots() == 3);
  CHECK(table.slots() == 7);  // the largest over runs and snapshots
  CHECK(table.id(0, 0, 1) == 1);
  CHECK(table.id(0, 0, 2) == kNoAgent);
  CHECK(std::isnan(table.value(0, 0, 0, 2)));
  CHECK(table.value(0, 0, 2, 5) == 205.0);
  CHECK(table.id(0, 2, 6) == kNoAgent);
  CHECK(table.id(1, 0, 0) == kNoAgent);  // snapshot not taken
  CHECK(table.id(1, 1, 6) == 9);
  CHECK(std::isnan(table.value(0, 1, 1, 6)));  // taken, but no column given

  CHECK_THROWS_AS(table.store(2, sim::PanelRecorder("firms", {{"cash", "EUR", "Cash"}}, 1, 3)),
                  std::out_of_range);
  CHECK_THROWS_AS(table.store(0, sim::PanelRecorder("firms", {{"cash", "EUR", "Cash"}}, 2, 3)),
                  std::invalid_argument);
  CHECK_THROWS_AS(table.store(0, sim::PanelRecorder("banks", {{"cash", "EUR", "Cash"}}, 1, 3)),
                  std::invalid_argument);
  CHECK_THROWS_AS(table.store(0, sim::PanelRecorder("firms", {{"cash", "1", "Cash"}}, 1, 3)),
                  std::invalid_argument);
}

TEST_CASE("run_ensemble fills panels identically on 1 and 2 threads", "[panel]") {
  const sim::ResultTable one = make_panel_table(5, 14, 1);
  const sim::ResultTable two = make_panel_table(5, 14, 2);
  REQUIRE(one.panels.size() == 2);
  REQUIRE(two.panels.size() == 2);
  CHECK(one.panels[0].slots() > 10);  // the toy world grew
  for (std::size_t p = 0; p < 2; ++p) check_same_panel(one.panels[p], two.panels[p]);
  // Runs differ from each other (each got its own seed).
  CHECK(one.panels[0].value(1, 0, 3, 0) != one.panels[0].value(1, 1, 3, 0));
}

TEST_CASE("run_ensemble rejects runs whose panels do not match the table", "[panel]") {
  sim::ResultTable table = make_table(3, 6);
  table.panels.resize(1);
  table.panels[0].resize("firms", firm_variables(), 3, 6, 3);
  // A run function of the old kind records no panel.
  CHECK_THROWS_WITH(sim::run_ensemble(
                        table, 2,
                        [](std::size_t) {
                          return sim::Recorder({{"firms", "1", ""}}, 6);
                        },
                        nullptr),
                    Contains("recorded 0 panels"));
  CHECK_THROWS_WITH(sim::run_ensemble(
                        table, 1, [](std::size_t r) { return simulate(r, 6, 2); }, nullptr),
                    Contains("other variables, interval or horizon"));
  table.panels[0].resize("firms", firm_variables(), 3, 6, 2);
  CHECK_THROWS_WITH(sim::run_ensemble(
                        table, 1, [](std::size_t r) { return simulate(r, 6, 3); }, nullptr),
                    Contains("has 2 runs"));
}

TEST_CASE("a result file with panels reads back exactly what was written", "[panel]") {
  TempDir dir("twinsim-panel-test");
  const fs::path path = dir / "panels.h5";
  const sim::ResultTable table = make_panel_table(4, 14);
  io::write_result_file(path, table, make_meta(), false);

  // For tests/python/check_output.py: keep a copy of a real file with panels where asked.
  if (const char* keep = std::getenv("TWINSIM_KEEP_PANEL_TEST_FILE");
      keep != nullptr && *keep != '\0') {
    fs::copy_file(path, keep, fs::copy_options::overwrite_existing);
  }

  const sim::ResultTable back = io::read_result_table(path);
  CHECK(back.values == table.values);
  REQUIRE(back.panels.size() == 2);
  CHECK(back.panels[0].population == "firms");  // the declared order, not alphabetical
  CHECK(back.panels[1].population == "banks");
  for (std::size_t p = 0; p < 2; ++p) check_same_panel(back.panels[p], table.panels[p]);
  CHECK(dir.entries() == std::vector<std::string>{"panels.h5"});
}

TEST_CASE("panels have the documented layout, scales, chunks and compression", "[panel]") {
  TempDir dir("twinsim-panel-test");
  const fs::path path = dir / "panels.h5";
  const sim::ResultTable table = make_panel_table(3, 14);
  io::write_result_file(path, table, make_meta(), false);
  const std::size_t slots = table.panels[0].slots();

  const io::h5::File file = io::h5::File::open(path);
  CHECK(file.read_attribute<std::vector<std::string>>("populations") ==
        std::vector<std::string>{"firms", "banks"});
  const io::h5::Group firms = file.open_group("agents/firms");
  CHECK(firms.read_attribute<std::vector<std::string>>("variables") ==
        std::vector<std::string>{"size", "cash", "age"});
  CHECK(firms.read_attribute<std::int64_t>("every_months") == 3);
  CHECK(firms.members() ==
        std::vector<std::string>{"age", "cash", "id", "run", "size", "slot", "snapshot"});

  const io::h5::Dataset run = file.open_dataset("run");
  const io::h5::Dataset snapshot = firms.open_dataset("snapshot");
  const io::h5::Dataset slot = firms.open_dataset("slot");
  CHECK(snapshot.is_scale());
  CHECK(slot.is_scale());
  CHECK(snapshot.read<double>() == std::vector<double>{3, 6, 9, 12});
  CHECK(snapshot.read_attribute<std::string>("units") == "months");
  CHECK(slot.read<std::int64_t>().size() == slots);
  CHECK(slot.read<std::int64_t>().back() == static_cast<std::int64_t>(slots) - 1);
  // The link to /run is the root scale itself.
  CHECK(firms.open_dataset("run").read<std::int64_t>() == std::vector<std::int64_t>{0, 1, 2});

  for (const char* name : {"id", "size", "cash", "age"}) {
    const io::h5::Dataset dataset = firms.open_dataset(name);
    CHECK(dataset.shape() == std::vector<std::size_t>{3, 4, slots});
    CHECK(dataset.chunk_shape() == std::vector<std::size_t>{1, 1, slots});
    CHECK(dataset.filter_count() == 2);
    CHECK(dataset.is_scale_attached(run, 0));
    CHECK(dataset.is_scale_attached(snapshot, 1));
    CHECK(dataset.is_scale_attached(slot, 2));
    CHECK(dataset.has_attribute("units"));
    CHECK(dataset.has_attribute("description"));
  }
  const io::h5::Dataset ids = firms.open_dataset("id");
  CHECK(ids.read_attribute<std::uint64_t>("no_agent") == kNoAgent);
  CHECK_THROWS_AS(ids.read<double>(), io::h5::Error);  // stored as uint64
  CHECK(firms.open_dataset("cash").read_attribute<std::string>("units") == "EUR");

  const io::h5::Dataset loans = file.open_dataset("agents/banks/loans");
  CHECK(loans.shape() == std::vector<std::size_t>{3, 3, 2});
}

TEST_CASE("long snapshot rows are split into equal chunks of at most 65536 slots", "[panel]") {
  TempDir dir("twinsim-panel-test");
  const fs::path path = dir / "wide.h5";
  sim::ResultTable table = make_table(1, 1);
  table.panels.resize(1);
  table.panels[0].resize("firms", {{"cash", "EUR", "Cash"}}, 1, 1, 1);
  sim::PanelRecorder panel("firms", {{"cash", "EUR", "Cash"}}, 1, 1);
  const std::size_t slots = 100'000;
  std::vector<AgentId> ids(slots);
  for (std::size_t i = 0; i < slots; ++i) ids[i] = i;
  panel.begin_snapshot(0, ids, std::vector<std::uint8_t>(slots, 1));
  table.panels[0].store(0, std::move(panel));
  io::write_result_file(path, table, make_meta(), false);

  const io::h5::File file = io::h5::File::open(path);
  CHECK(file.open_dataset("agents/firms/cash").chunk_shape() ==
        std::vector<std::size_t>{1, 1, 50'000});
  CHECK(file.open_dataset("agents/firms/id").read<std::uint64_t>() == ids);
}

TEST_CASE("a panel with no agents or no snapshots still writes and reads back", "[panel]") {
  TempDir dir("twinsim-panel-test");
  const fs::path path = dir / "empty.h5";
  sim::ResultTable table = make_table(2, 5);
  table.panels.resize(2);
  table.panels[0].resize("firms", firm_variables(), 2, 5, 2);  // snapshots, but no slots
  table.panels[1].resize("banks", {}, 6, 5, 2);                // no snapshot within 5 months
  io::write_result_file(path, table, make_meta(), false);
  const sim::ResultTable back = io::read_result_table(path);
  REQUIRE(back.panels.size() == 2);
  check_same_panel(back.panels[0], table.panels[0]);
  check_same_panel(back.panels[1], table.panels[1]);
  CHECK(back.panels[0].slots() == 0);
  CHECK(back.panels[1].snapshots() == 0);
}

TEST_CASE("a file without panels keeps the layout it had before panels", "[panel]") {
  TempDir dir("twinsim-panel-test");
  const fs::path path = dir / "plain.h5";
  io::write_result_file(path, make_table(2, 3), make_meta(), false);
  const io::h5::File file = io::h5::File::open(path);
  CHECK(file.members() ==
        std::vector<std::string>{"parameters", "run", "summary", "time", "timeseries"});
  CHECK_FALSE(file.has_attribute("populations"));
  CHECK(io::read_result_table(path).panels.empty());
}

TEST_CASE("io::write_result_file rejects inconsistent panels before writing", "[panel]") {
  TempDir dir("twinsim-panel-test");
  sim::ResultTable table = make_table(2, 6);
  table.panels.resize(2);
  table.panels[0].resize("firms", firm_variables(), 3, 6, 2);
  SECTION("a population twice") {
    table.panels[1].resize("firms", firm_variables(), 2, 6, 2);
    CHECK_THROWS_WITH(io::write_result_file(dir / "x.h5", table, make_meta(), false),
                      Contains("population recorded twice"));
  }
  SECTION("other runs or horizon") {
    table.panels[1].resize("banks", {}, 2, 5, 2);
    CHECK_THROWS_WITH(io::write_result_file(dir / "x.h5", table, make_meta(), false),
                      Contains("does not cover"));
  }
  CHECK(dir.entries().empty());
}

// Not run by default: `test_sim_io "[.panel-bench]"` prints the time and size of writing a
// panel of 10 runs x 10 snapshots x 100k slots x 8 variables.
TEST_CASE("panel write cost", "[.panel-bench]") {
  const std::size_t runs = 10, every = 12, steps = 120, slots = 100'000, variables = 8;
  TempDir dir("twinsim-panel-bench");
  std::vector<sim::MetricSpec> specs;
  for (std::size_t v = 0; v < variables; ++v)
    specs.push_back({"v" + std::to_string(v), "1", "Benchmark variable"});
  sim::ResultTable table = make_table(runs, steps);
  table.panels.resize(1);
  table.panels[0].resize("firms", specs, every, steps, runs);
  std::uint64_t state = 42;
  auto draw = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 11;
  };
  const auto fill_start = std::chrono::steady_clock::now();
  std::vector<double> column(slots);
  std::vector<AgentId> ids(slots);
  std::vector<std::uint8_t> alive(slots);
  for (std::size_t r = 0; r < runs; ++r) {
    sim::PanelRecorder panel("firms", specs, every, steps);
    for (std::size_t k = 0; k < panel.snapshots(); ++k) {
      for (std::size_t i = 0; i < slots; ++i) {
        ids[i] = r * 1'000'000 + k * 10'000 + i;
        alive[i] = draw() % 10 != 0;  // 10% free slots
      }
      panel.begin_snapshot((k + 1) * every - 1, ids, alive);
      for (std::size_t v = 0; v < variables; ++v) {
        // Half the variables counts (firm sizes), half continuous (cash, productivity).
        for (std::size_t i = 0; i < slots; ++i) {
          column[i] = v % 2 == 0 ? static_cast<double>(1 + draw() % 200)
                                 : 1e4 * static_cast<double>(draw()) * 0x1p-53;
        }
        panel.column(v, column);
      }
    }
    table.panels[0].store(r, std::move(panel));
  }
  const double fill_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - fill_start).count();
  const auto start = std::chrono::steady_clock::now();
  io::write_result_file(dir / "bench.h5", table, make_meta(), false);
  const double write_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double raw_mb = static_cast<double>(runs * 10 * slots * (variables + 1) * 8) / 1e6;
  std::printf("panel bench: 10 runs x 10 snapshots x 100k slots x 8 variables (+ id)\n");
  std::printf("  generate %.2f s; write %.2f s; raw %.0f MB; file %.0f MB\n", fill_s, write_s,
              raw_mb, static_cast<double>(fs::file_size(dir / "bench.h5")) / 1e6);
  const auto read_start = std::chrono::steady_clock::now();
  const sim::ResultTable back = io::read_result_table(dir / "bench.h5");
  std::printf("  read back %.2f s\n",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - read_start).count());
  CHECK(back.panels[0].slots() == slots);
}
