// Business associations observed through their recorded metrics: the income accounting, and the
// seed's findings (Tarnutzer & Dobinger 2013, sections 4 and 5): associations the project funds
// grow strong while funded and survive after it only when members pay for them; joint actions of
// a strong association create cooperation links among its members; a memorandum with the
// partner association makes northern firms accept more matches, and a surviving association
// keeps matchmaking after the project.
#include "models/associations.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "models/model.hpp"
#include "tests/models/scenario_support.hpp"

using namespace twinsim;
using test_support::mean;
using test_support::series;
using test_support::sum;

namespace {

// One sector of 120 southern and 60 northern firms; a project of 36 active months from month 2
// (one month of preparation, then implementation from month 3, twinning after 6 months of cluster
// development) with an institutional focus: half of its programme (30 clients x 2000 EUR) is a
// grant to the southern association, far more than the 2400 EUR a month (20 EUR x 120 firms) a
// fully staffed association spends. The project has ended from month 38.
Params scenario(const test_support::Changes& changes = {}) {
  return test_support::params_with({{"sectors.manufacturing.firms_north", std::int64_t{60}},
                                    {"sectors.manufacturing.firms_south", std::int64_t{120}},
                                    {"horizon_months", std::int64_t{120}},
                                    {"project.enabled", true},
                                    {"project.start_month", std::int64_t{2}},
                                    {"project.preparation_months", std::int64_t{1}},
                                    {"project.duration_months", std::int64_t{36}},
                                    {"project.cluster_development_months", std::int64_t{6}},
                                    {"project.assisted_firms", std::int64_t{30}},
                                    {"project.cost_per_firm_month", 2000.0},
                                    {"project.budget_eur", 5e6},
                                    {"project.institutional_share", 0.5}},
                                   changes);
}
constexpr std::size_t kFirstGrantMonth = 3, kLastProjectMonth = 37, kHorizon = 120;

}  // namespace

TEST_CASE(
    "associations' income is fees and project grants; the member-funded share is over 12 "
    "months",
    "[associations][invariant]") {
  for (const double share : {0.0, 0.5}) {
    const Params p = scenario({{"project.institutional_share", share}, {"associations.fee", 10.0}});
    const auto r = simulate(p, 3);
    const auto fees = series(r, "association_income_fees"),
               grants = series(r, "association_income_project"),
               owned = series(r, "association_income_share_members"),
               members = series(r, "association_members_south"), firms = series(r, "firms_south"),
               spend = series(r, "project_spend"), assisted = series(r, "firms_south_assisted");
    for (std::size_t m = 0; m < fees.size(); ++m) {
      // Fees: the fee times the members, who are a share of the live southern firms.
      REQUIRE(members[m] >= 0);
      REQUIRE(members[m] <= 1);
      REQUIRE(fees[m] == Approx(p.associations.fee * members[m] * firms[m]).margin(1e-6));
      // Grants are part of what the project spends, and only with an institutional focus.
      REQUIRE(grants[m] <= spend[m] + 1e-9);
      if (share == 0 || m > kLastProjectMonth) REQUIRE(grants[m] == 0);
      const std::size_t from = m >= 11 ? m - 11 : 0;
      const double f12 = sum(fees, from, m + 1), total = f12 + sum(grants, from, m + 1);
      REQUIRE(owned[m] == Approx(total > 0 ? f12 / total : 0.0).margin(1e-9));
    }
    // The grant replaces clients: (1 - share) x assisted_firms of them.
    REQUIRE(assisted[kLastProjectMonth] <= (1 - share) * 30 + 1e-9);
    if (share > 0) REQUIRE(grants[kFirstGrantMonth] == Approx(share * 30 * 2000.0));
  }
}

TEST_CASE("a grant builds an association only as far as the project's team coaches it",
          "[associations]") {
  // A team that hardly builds relationships in the sector (0.0002 of the missing ones a month:
  // under 0.01 after three years) turns a grant of 12 times the association's need into less
  // than a tenth of it: the association never becomes active.
  const auto coached = simulate(scenario(), 5);
  const auto uncoached = simulate(scenario({{"project.relationship_gain_per_month", 0.0002}}), 5);
  const double initial = scenario().associations.initial_strength;
  CHECK(series(coached, "association_strength")[kLastProjectMonth] > initial + 0.3);
  CHECK(series(uncoached, "association_strength")[kLastProjectMonth] <
        scenario().associations.active_strength);
  CHECK(series(uncoached, "associations_active_south")[kLastProjectMonth] == 0);
}

TEST_CASE(
    "a funded association grows strong while funded and, with symbolic fees, weakens after "
    "the project",
    "[associations]") {
  const auto funded = simulate(scenario(), 11);
  const auto unfunded = simulate(scenario({{"project.institutional_share", 0.0}}), 11);
  const auto strength = series(funded, "association_strength"),
             strength0 = series(unfunded, "association_strength"),
             owned = series(funded, "association_income_share_members"),
             members = series(funded, "association_members_south"),
             active = series(funded, "associations_active_south");
  const double initial = scenario().associations.initial_strength;
  // Without funding the weak association stays weak: no services, no members.
  REQUIRE(strength0[kLastProjectMonth] <= initial);
  REQUIRE(series(unfunded, "association_members_south")[kLastProjectMonth] == 0);
  // Funded, it is strong at the end of the project, has members, and lives on the grant.
  REQUIRE(strength[kLastProjectMonth] > initial + 0.3);
  REQUIRE(members[kLastProjectMonth] > 0.5);
  REQUIRE(active[kLastProjectMonth] == 1);
  REQUIRE(owned[kLastProjectMonth] < 0.1);
  // After it, symbolic fees (2 EUR a month) cannot pay the staff: strength falls below the level
  // at which services run, and members leave.
  REQUIRE(strength[kHorizon - 1] < strength[kLastProjectMonth] - 0.3);
  REQUIRE(active[kHorizon - 1] == 0);
  REQUIRE(members[kHorizon - 1] < 0.1);
}

TEST_CASE(
    "with fees members value, the member-funded association keeps its strength after the "
    "project",
    "[associations]") {
  const auto symbolic = simulate(scenario(), 5);
  const auto owned = simulate(scenario({{"associations.fee", 20.0}}), 5);
  const auto strength = series(owned, "association_strength"),
             strength_symbolic = series(symbolic, "association_strength"),
             share = series(owned, "association_income_share_members"),
             members = series(owned, "association_members_south"),
             fees = series(owned, "association_income_fees"), firms = series(owned, "firms_south");
  // Years after the project ends the association its members pay for is still strong.
  REQUIRE(mean(strength, kHorizon - 12, kHorizon) > 0.6 * strength[kLastProjectMonth]);
  REQUIRE(mean(strength, kHorizon - 12, kHorizon) >
          mean(strength_symbolic, kHorizon - 12, kHorizon) + 0.3);
  REQUIRE(members[kHorizon - 1] > 0.4);
  // It lives on fees: all its income of the last year.
  REQUIRE(share[kHorizon - 1] == Approx(1.0));
  // Fees of 20 EUR from over half the firms still alive (closures are not what this is about).
  REQUIRE(mean(fees, kHorizon - 12, kHorizon) > 0.5 * 20.0 * firms[kHorizon - 1]);
}

TEST_CASE("joint actions of a strong association create cooperation links among its members",
          "[associations]") {
  // The same world (seed) with and without joint actions; the association is funded in both.
  const auto joint = simulate(scenario({{"associations.fee", 20.0}}), 17);
  const auto none = simulate(
      scenario({{"associations.fee", 20.0}, {"associations.joint_actions_per_year", 0.0}}), 17);
  const auto links = series(joint, "links_cooperation_south"),
             links0 = series(none, "links_cooperation_south");
  // Before the association is active the two worlds are identical.
  REQUIRE(links[kFirstGrantMonth] == links0[kFirstGrantMonth]);
  // At the end of the project and, as the association lives on, years later.
  REQUIRE(links[kLastProjectMonth] > 1.2 * links0[kLastProjectMonth]);
  REQUIRE(mean(links, kHorizon - 12, kHorizon) > 1.2 * mean(links0, kHorizon - 12, kHorizon));
  // Members that act together become partners of each other's partners: clustering rises too.
  REQUIRE(mean(series(joint, "clustering_south"), kFirstGrantMonth + 12, kHorizon) >
          mean(series(none, "clustering_south"), kFirstGrantMonth + 12, kHorizon) + 0.01);
}

TEST_CASE(
    "a memorandum raises northern acceptance, and a surviving association keeps "
    "matchmaking after the project",
    "[associations][twinning]") {
  // Project matches only (the associations propose none): the memorandum's effect on acceptance.
  const test_support::Changes project_only = {{"associations.matches_per_month", 0.0},
                                              {"project.matches_per_month", 20.0}};
  test_support::Changes no_memorandum = project_only;
  no_memorandum.emplace_back("associations.memorandum", false);
  double with = 0, without = 0, proposed_with = 0, proposed_without = 0;
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    const auto r = simulate(scenario(project_only), seed);
    const auto r0 = simulate(scenario(no_memorandum), seed);
    with += sum(series(r, "twinning_matches"), 0, kHorizon);
    without += sum(series(r0, "twinning_matches"), 0, kHorizon);
    proposed_with += sum(series(r, "twinning_proposals"), 0, kHorizon);
    proposed_without += sum(series(r0, "twinning_proposals"), 0, kHorizon);
    REQUIRE(sum(series(r0, "association_memoranda"), 0, kHorizon) == 0);
    REQUIRE(series(r, "association_memoranda")[kLastProjectMonth] == 1);
  }
  // Acceptance 0.5 without, 0.5 + 0.5 x 0.8 x 0.5 = 0.7 with (no threat in this world).
  REQUIRE(with / proposed_with > without / proposed_without + 0.1);

  // A member-funded association with a memorandum proposes matches after the project ends; one
  // without a memorandum has no northern contacts and proposes none.
  const auto owned = simulate(scenario({{"associations.fee", 20.0}}), 2);
  const auto no_mou =
      simulate(scenario({{"associations.fee", 20.0}, {"associations.memorandum", false}}), 2);
  REQUIRE(sum(series(owned, "association_matches"), kLastProjectMonth + 1, kHorizon) > 0);
  REQUIRE(sum(series(no_mou, "association_proposals"), 0, kHorizon) == 0);
}

TEST_CASE("the firm panel's members agree with the recorded membership share",
          "[associations][panel]") {
  const Params p = scenario({{"associations.fee", 20.0}});
  const auto record = simulate_recorded(p, 8, 0, Recording{12});
  const sim::PanelRecorder& panel = record.panels.at(0);
  const std::size_t member = test_support::firm_panel_index("association_member");
  const std::size_t cluster = test_support::firm_panel_index("cluster");
  const auto share = series(record.series, "association_members_south"),
             firms = series(record.series, "firms_south");
  double seen = 0;
  for (std::size_t k = 0; k < panel.snapshots(); ++k) {
    const std::size_t step = (k + 1) * 12 - 1;
    const auto is_member = panel.values(k, member), in_cluster = panel.values(k, cluster);
    double members = 0;
    for (std::size_t i = 0; i < is_member.size(); ++i) {
      if (std::isnan(is_member[i])) continue;
      // Only southern firms are members.
      if (in_cluster[i] == static_cast<double>(kNorth)) REQUIRE(is_member[i] == 0);
      members += is_member[i];
    }
    CHECK(members == Approx(share[step] * firms[step]));
    seen += members;
  }
  CHECK(seen > 0);
}
