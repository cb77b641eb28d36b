#include "models/patterns.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <set>

namespace {
const analysis::Pattern& pattern(const std::string& id) {
  const auto& all = twinsim::patterns();
  const auto it = std::find_if(all.begin(), all.end(), [&](const auto& p) { return p.id == id; });
  REQUIRE(it != all.end());
  return *it;
}

// A table of `runs` runs over `steps` months with the matches and proposals of each month.
sim::ResultTable twinning_table(std::size_t runs, double matches, double proposals) {
  sim::ResultTable t;
  t.resize({{"twinning_matches", "1/month", ""}, {"twinning_proposals", "1/month", ""}}, runs, 4);
  for (std::size_t r = 0; r < runs; ++r) {
    for (std::size_t s = 0; s < 4; ++s) {
      // Replicates differ a little, so that intervals have a width.
      t.series(0, r)[s] = matches + 0.1 * static_cast<double>(r % 3);
      t.series(1, r)[s] = proposals;
    }
  }
  return t;
}
}  // namespace

TEST_CASE("the catalogue: distinct ids, variants and measures for each pattern", "[patterns]") {
  std::set<std::string> ids;
  for (const auto& p : twinsim::patterns()) {
    CHECK(ids.insert(p.id).second);
    CHECK_FALSE(p.name.empty());
    CHECK_FALSE(p.claim.empty());
    CHECK_FALSE(p.variants.empty());
    CHECK(p.evaluate);
  }
  CHECK(ids.count("P2") == 1);
  CHECK(ids.count("P1") == 1);
  CHECK(ids.count("F1") == 1);
}

TEST_CASE("criteria judge the interval, bands the mean", "[patterns]") {
  const analysis::Estimate e{1.0, 0.5, 1.5, 10, 0};
  CHECK(analysis::above(0).holds(e));
  CHECK_FALSE(analysis::above(0.6).holds(e));
  CHECK(analysis::below(2).holds(e));
  CHECK_FALSE(analysis::below(1.4).holds(e));
  CHECK(analysis::not_above(0.5).holds(e));
  CHECK_FALSE(analysis::not_above(0.4).holds(e));
  CHECK(analysis::within(0.8, 1.2).holds(e));
  CHECK_FALSE(analysis::within(1.1, 1.2).holds(e));
  CHECK_FALSE(analysis::above(0).holds(analysis::Estimate{std::nan(""), 0, 0, 0, 1}));
  CHECK(analysis::within(0.8, 1.5).text() == "mean in [0.800, 1.500]");
}

TEST_CASE("the project's last month is the month before project_phase reads 4", "[patterns]") {
  sim::ResultTable t;
  t.resize({{"project_phase", "1", ""}}, 2, 6);
  const double run0[] = {0, 1, 2, 2, 4, 4};
  for (std::size_t s = 0; s < 6; ++s) {
    t.series(0, 0)[s] = run0[s];
    t.series(0, 1)[s] = 2;  // never ends
  }
  CHECK(twinsim::project_last_step(t, 0) == 3);
  CHECK(twinsim::project_last_step(t, 1) == static_cast<std::size_t>(-1));
}

TEST_CASE("P3 holds when a crisis lowers matches and acceptance, not when nothing changes",
          "[patterns]") {
  const auto& p3 = pattern("P3");
  REQUIRE(p3.variants.size() == 2);  // crisis, no crisis
  const auto calm = twinning_table(5, 2, 4);
  const auto crisis = twinning_table(5, 1, 4);
  const std::vector<const sim::ResultTable*> lowered{&crisis, &calm};
  const analysis::PatternResult holds{&p3, p3.evaluate(lowered, 0.9)};
  CHECK(holds.holds());
  const std::vector<const sim::ResultTable*> same{&calm, &calm};
  const analysis::PatternResult fails{&p3, p3.evaluate(same, 0.9)};
  CHECK_FALSE(fails.holds());
  const std::string table = analysis::validation_table({holds, fails}, 0.9);
  CHECK(table.find("P3 donor-country crisis") != std::string::npos);
  CHECK(table.find("yes") != std::string::npos);
  CHECK(table.find("NO") != std::string::npos);
}

namespace {
const std::vector<sim::MetricSpec> kPanelVariables = {
    {"cluster", "1", ""}, {"employees", "employees", ""}, {"assisted", "1", ""}};

// A table of `runs` runs over 2 months whose monthly firm panel holds, at both months, the
// southern firms `ids` with `employees` (times 1 + 0.01 r in run r, so that runs differ) and
// `assisted` flags, slot by slot.
sim::ResultTable panel_table(std::size_t runs, const std::vector<sim::AgentId>& ids,
                             const std::vector<double>& employees,
                             const std::vector<double>& assisted) {
  const std::size_t steps = 2;
  sim::ResultTable t;
  t.resize({{"jobs_south", "employees", ""}}, runs, steps);
  t.panels.resize(1);
  t.panels[0].resize("firms", kPanelVariables, 1, steps, runs);
  const std::vector<std::uint8_t> alive(ids.size(), 1);
  const std::vector<double> south(ids.size(), 1.0);
  for (std::size_t r = 0; r < runs; ++r) {
    sim::PanelRecorder rec("firms", kPanelVariables, 1, steps);
    std::vector<double> e = employees;
    for (double& x : e) x *= 1 + 0.01 * static_cast<double>(r);
    for (std::size_t s = 0; s < steps; ++s) {
      rec.begin_snapshot(s, ids, alive);
      rec.column(0, south);
      rec.column(1, e);
      rec.column(2, assisted);
    }
    t.panels[0].store(r, std::move(rec));
  }
  return t;
}
}  // namespace

TEST_CASE("P7 compares clients' gains by firm id, wherever the firms sit in the panel",
          "[patterns]") {
  const auto& p7 = pattern("P7");
  REQUIRE(p7.variants.size() == 3);  // early start, late start, no project
  // Early project: client 1 has 30 jobs; late project: client 1 has 20; without: 10. The three
  // runs list the firms in different slots.
  const auto early = panel_table(4, {1, 2, 3}, {30, 10, 10}, {1, 0, 0});
  const auto late = panel_table(4, {3, 2, 1}, {10, 10, 20}, {0, 0, 1});
  const auto none = panel_table(4, {2, 1, 3}, {10, 10, 10}, {0, 0, 0});
  const std::vector<const sim::ResultTable*> t{&early, &late, &none};
  const auto checks = p7.evaluate(t, 0.9);
  REQUIRE(checks.size() == 1);
  // Relative gains: (30 - 10) / 10 early, (20 - 10) / 10 late, whatever the runs' scale.
  CHECK(checks[0].value.mean == Approx(1.0));
  CHECK(checks[0].holds);
  const std::vector<const sim::ResultTable*> reversed{&late, &early, &none};
  CHECK_FALSE(p7.evaluate(reversed, 0.9)[0].holds);
}

TEST_CASE("F1 recovers the tail exponent of Pareto firm sizes and judges it by the band",
          "[patterns]") {
  const auto& f1 = pattern("F1");
  const auto sizes = [](double alpha) {
    std::vector<sim::AgentId> ids;
    std::vector<double> e;
    const int n = 2000;
    for (int i = 1; i <= n; ++i) {
      ids.push_back(static_cast<sim::AgentId>(i));
      e.push_back(std::pow(double(n) / i, 1 / alpha));
    }
    return panel_table(3, ids, e, std::vector<double>(ids.size(), 0.0));
  };
  const auto zipf = sizes(1.1);
  const std::vector<const sim::ResultTable*> t1{&zipf};
  const auto checks = f1.evaluate(t1, 0.9);
  REQUIRE(checks.size() == 1);
  CHECK(checks[0].value.mean == Approx(1.1).epsilon(0.03));
  CHECK(checks[0].holds);
  const auto thin = sizes(3.0);
  const std::vector<const sim::ResultTable*> t3{&thin};
  CHECK_FALSE(f1.evaluate(t3, 0.9)[0].holds);
}
