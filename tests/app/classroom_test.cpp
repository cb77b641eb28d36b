// The classroom sessions' input handling: messages parsed strictly, settings checked against the
// limits, and the overrides they make valid for every teaching scenario.
#include "app/classroom.hpp"

#include <catch2/catch.hpp>
#include <stdexcept>

#include "app/commands.hpp"

using namespace twinsim;
using namespace twinsim::app;

TEST_CASE("a page's message is parsed as form fields, strictly", "[classroom]") {
  const auto form = parse_form("cmd=reset&scenario=a%20b&growth=-0.05&x=1+2");
  REQUIRE(form.size() == 4);
  CHECK(form[1] == std::pair<std::string, std::string>{"scenario", "a b"});
  CHECK(form[3].second == "1 2");
  CHECK(parse_form("").empty());
  for (const char* bad : {"cmd", "=x", "a=1&&b=2", "a=1&a=2", "a=%4", "a=%zz", "a=1&"})
    CHECK_THROWS_AS(parse_form(bad), std::invalid_argument);
}

TEST_CASE("reset settings default to the scenario's and stay within the limits", "[classroom]") {
  const auto scenarios = classroom_scenarios("");
  REQUIRE(scenarios.size() == 6);
  const ClassroomLimits limits;
  const auto s = parse_settings({{"scenario", "declining_market"}}, scenarios, limits);
  CHECK(s.growth == Approx(-0.05));
  CHECK(s.clients == 40);
  CHECK(s.support == 1);
  const auto t = parse_settings({{"scenario", "declining_market"},
                                 {"growth", "0.02"},
                                 {"clients", "7"},
                                 {"support", "2.5"},
                                 {"strategy", "fast_track"},
                                 {"crisis", "1"},
                                 {"seed", "9"}},
                                scenarios, limits);
  CHECK(t.growth == 0.02);
  CHECK(t.clients == 7);
  CHECK(t.support == 2.5);
  CHECK(t.fast_track);
  CHECK(t.crisis);
  CHECK(t.seed == 9);
  using Form = std::vector<std::pair<std::string, std::string>>;
  for (const Form& bad : {Form{}, Form{{"scenario", "nope"}},
                          Form{{"scenario", "declining_market"}, {"growth", "0.3"}},
                          Form{{"scenario", "declining_market"}, {"growth", "1e"}},
                          Form{{"scenario", "declining_market"}, {"clients", "201"}},
                          Form{{"scenario", "declining_market"}, {"support", "-0.1"}},
                          Form{{"scenario", "declining_market"}, {"strategy", "x"}},
                          Form{{"scenario", "declining_market"}, {"crisis", "yes"}},
                          Form{{"scenario", "declining_market"}, {"size", "3"}}})
    CHECK_THROWS_AS(parse_settings(bad, scenarios, limits), std::invalid_argument);
}

TEST_CASE("the settings' overrides load for every teaching scenario and set what they say",
          "[classroom]") {
  for (const TeachingScenario& t : classroom_scenarios("")) {
    ClassroomSettings s = default_settings(t);
    s.growth = -0.07;
    s.clients = 12;
    s.support = 2;
    s.fast_track = !s.fast_track;
    s.crisis = true;
    s.seed = 5;
    const Params p = load_text(t.text, t.source, classroom_overrides(t, s)).params;
    INFO(t.name);
    CHECK(p.project.enabled);
    CHECK(p.growth_per_year(kSouth, 0) == -0.07);
    CHECK(p.project.assisted_firms == 12);
    CHECK(p.project.upgrading_per_month == Approx(2 * t.params.project.upgrading_per_month));
    CHECK(p.project.fast_track == s.fast_track);
    CHECK(p.donor.crisis);
    CHECK(p.run.seed == 5);
  }
}
