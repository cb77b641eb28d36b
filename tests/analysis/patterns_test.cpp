#include "analysis/patterns.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <set>

namespace {
const analysis::Pattern& pattern(const std::string& id) {
  const auto& all = analysis::patterns();
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

TEST_CASE("the catalogue: distinct ids, variants and measures for each pattern, no P2",
          "[patterns]") {
  std::set<std::string> ids;
  for (const auto& p : analysis::patterns()) {
    CHECK(ids.insert(p.id).second);
    CHECK_FALSE(p.name.empty());
    CHECK_FALSE(p.claim.empty());
    CHECK_FALSE(p.variants.empty());
    CHECK(p.evaluate);
  }
  CHECK(ids.count("P2") == 0);  // tiers are not in the model yet
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
  CHECK(analysis::project_last_step(t, 0) == 3);
  CHECK(analysis::project_last_step(t, 1) == static_cast<std::size_t>(-1));
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
