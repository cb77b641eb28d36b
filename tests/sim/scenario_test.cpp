#include "sim/scenario.hpp"

#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace {

using sim::ParamValue;

// The schema all scenario tests read against: root key, nested tables, every type.
std::vector<sim::ParamSpec> test_specs() {
  return {
      sim::integer("seed", 42).at_least(0).help("Random seed"),
      sim::string("project.name", "pilot").help("Name shown in reports"),
      sim::string("project.mode", "twin").one_of({"twin", "solo", "none"}).help("Twinning mode"),
      sim::real("project.budget_eur", 1e6).at_least(0).unit("EUR").help("Budget"),
      sim::boolean("project.enabled", true).help("Whether the project runs"),
      sim::real("market.growth_per_year", 0.02).range(-1, 1).unit("1/yr").help("Demand growth"),
      sim::real("market.cycle.amplitude", 0.1).range(0, 1).help("Cycle amplitude"),
      sim::real("market.cycle.period_months", 48).range(1, 600).unit("month").help("Period"),
      sim::real_list("market.shares", {0.5, 0.5}).range(0, 1).help("Segment shares"),
      sim::integer("firms.count", 100).range(1, 100000).help("Number of firms"),
  };
}

const std::vector<sim::ParamSpec>& specs() {
  static const std::vector<sim::ParamSpec> s = test_specs();
  return s;
}

template <class T>
const T& get(const sim::ParamValues& values, const std::string& key) {
  return std::get<T>(values[sim::find_param(specs(), key).value()]);
}

// The diagnostics of a scenario that must be rejected, as "file:line:col: key: message" lines.
std::vector<std::string> errors_of(const std::string& text,
                                   const std::vector<std::string>& overrides = {}) {
  try {
    sim::parse_scenario(text, "t.toml", specs(), overrides);
  } catch (const sim::InputError& e) {
    std::vector<std::string> lines;
    for (const sim::Diagnostic& d : e.diagnostics()) lines.push_back(d.to_string());
    return lines;
  }
  FAIL("expected an InputError for:\n" << text);
  return {};
}

std::vector<std::string> one(std::string line) {
  return {std::move(line)};
}

}  // namespace

TEST_CASE("a valid scenario fills defaults for the keys it does not set", "[scenario]") {
  const std::string text = R"(seed = 7
[project]
name = "Pune pilot"
mode = "solo"
budget_eur = 5000
[market]
cycle.amplitude = 0.25
shares = [0.25, 0.75]
)";
  const sim::ParamValues v = sim::parse_scenario(text, "t.toml", specs());
  REQUIRE(v.size() == specs().size());
  CHECK(get<std::int64_t>(v, "seed") == 7);
  CHECK(get<std::string>(v, "project.name") == "Pune pilot");
  CHECK(get<std::string>(v, "project.mode") == "solo");
  // An integer in a real parameter is read as a double.
  CHECK(get<double>(v, "project.budget_eur") == 5000.0);
  CHECK(get<double>(v, "market.cycle.amplitude") == 0.25);
  CHECK(get<std::vector<double>>(v, "market.shares") == std::vector<double>{0.25, 0.75});
  // Defaults.
  CHECK(get<bool>(v, "project.enabled") == true);
  CHECK(get<double>(v, "market.growth_per_year") == 0.02);
  CHECK(get<double>(v, "market.cycle.period_months") == 48.0);
  CHECK(get<std::int64_t>(v, "firms.count") == 100);

  const sim::ParamValues empty = sim::parse_scenario("", "t.toml", specs());
  for (std::size_t i = 0; i < specs().size(); ++i) CHECK(empty[i] == specs()[i].default_value);
}

TEST_CASE("inline tables and dotted keys reach the same parameters", "[scenario]") {
  const sim::ParamValues v = sim::parse_scenario(
      "market = { growth_per_year = 0.5, cycle = { amplitude = 0.75 } }\nfirms.count = 3\n",
      "t.toml", specs());
  CHECK(get<double>(v, "market.growth_per_year") == 0.5);
  CHECK(get<double>(v, "market.cycle.amplitude") == 0.75);
  CHECK(get<std::int64_t>(v, "firms.count") == 3);
}

TEST_CASE("an unknown key names the nearest declared key and its place", "[scenario]") {
  CHECK(errors_of("seed = 7\n\n[market]\ngrowth_per_yer = 0.1\n") ==
        one("t.toml:4:1: market.growth_per_yer: unknown key; did you mean "
            "'market.growth_per_year'?"));
  // Dotted key: the place is the misspelt component.
  CHECK(errors_of("market.cycle.amplitud = 0.2\n") ==
        one("t.toml:1:14: market.cycle.amplitud: unknown key; did you mean "
            "'market.cycle.amplitude'?"));
  // The right name in the wrong table.
  CHECK(errors_of("[project]\n  growth_per_year = 0.1\n") ==
        one("t.toml:2:3: project.growth_per_year: unknown key; did you mean "
            "'market.growth_per_year'?"));
  // Nothing close: no hint.
  CHECK(errors_of("[market]\nvolatility = 0.1\n") ==
        one("t.toml:2:1: market.volatility: unknown key"));
}

TEST_CASE("an unknown table is reported once, with the nearest table", "[scenario]") {
  CHECK(errors_of("[markt]\ngrowth_per_year = 0.1\ncycle.amplitude = 0.2\n") ==
        one("t.toml:1:2: markt: unknown table; did you mean 'market'?"));
  CHECK(errors_of("[market.cycl]\namplitude = 0.1\n") ==
        one("t.toml:1:9: market.cycl: unknown table; did you mean 'market.cycle'?"));
  CHECK(errors_of("\n[weather]\nrain = 1\n") == one("t.toml:2:2: weather: unknown table"));
}

TEST_CASE("a value of the wrong type is an error that says what was expected", "[scenario]") {
  SECTION("a string for a number") {
    CHECK(errors_of("[market]\ngrowth_per_year = \"abc\"\n") ==
          one("t.toml:2:19: market.growth_per_year: expected a number, got a string (\"abc\")"));
  }
  SECTION("a real for an integer, even an integral one") {
    CHECK(errors_of("seed = 2.5\n") == one("t.toml:1:8: seed: expected an integer, got a number "
                                           "(2.5)"));
    CHECK(errors_of("seed = 3.0\n") == one("t.toml:1:8: seed: expected an integer, got a number "
                                           "(3.0)"));
  }
  SECTION("other mismatches") {
    CHECK(errors_of("[project]\nenabled = 1\n") ==
          one("t.toml:2:11: project.enabled: expected a boolean, got an integer (1)"));
    CHECK(errors_of("[project]\nname = false\n") ==
          one("t.toml:2:8: project.name: expected a string, got a boolean (false)"));
    CHECK(errors_of("market.shares = 0.5\n") ==
          one("t.toml:1:17: market.shares: expected a list of numbers, got a number (0.5)"));
    CHECK(errors_of("market.growth_per_year = [0.1]\n") ==
          one("t.toml:1:26: market.growth_per_year: expected a number, got a list ([0.1])"));
    CHECK(errors_of("seed = [1, \"x\", [true], {a = 1}]\n") ==
          one("t.toml:1:8: seed: expected an integer, got a list ([1, \"x\", [true], {...}])"));
    CHECK(errors_of("seed = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]\n") ==
          one("t.toml:1:8: seed: expected an integer, got a list ([1, 2, 3, 4, 5, 6, 7, 8, 9, "
              "10, 11, 1...)"));
    CHECK(errors_of("seed = 2024-01-31\n") ==
          one("t.toml:1:8: seed: expected an integer, got a date (2024-01-31)"));
    CHECK(errors_of("market.shares = [0.5, \"x\"]\n") ==
          one("t.toml:1:23: market.shares: element 2: expected a number, got a string (\"x\")"));
  }
  SECTION("a table where a value is expected") {
    CHECK(errors_of("[market.growth_per_year]\nx = 1\n") ==
          one("t.toml:1:1: market.growth_per_year: expected a number, got a table"));
    CHECK(errors_of("market = { growth_per_year = { x = 1 } }\n") ==
          one("t.toml:1:30: market.growth_per_year: expected a number, got a table"));
  }
  SECTION("a value where a table is expected") {
    CHECK(errors_of("market = 3\n") ==
          one("t.toml:1:10: market: expected a table of parameters such as "
              "'market.growth_per_year', got an integer (3)"));
    CHECK(errors_of("[market]\ncycle = 0.5\n") ==
          one("t.toml:2:9: market.cycle: expected a table of parameters such as "
              "'market.cycle.amplitude', got a number (0.5)"));
  }
}

TEST_CASE("a value out of range is an error that gives the range", "[scenario]") {
  CHECK(errors_of("[market]\ngrowth_per_year = 3.5\n") ==
        one("t.toml:2:19: market.growth_per_year: must be in [-1, 1], got 3.5"));
  CHECK(errors_of("[market]\ngrowth_per_year = -1.5\n") ==
        one("t.toml:2:19: market.growth_per_year: must be in [-1, 1], got -1.5"));
  CHECK(errors_of("seed = -1\n") == one("t.toml:1:8: seed: must be >= 0, got -1"));
  CHECK(errors_of("firms.count = 100001\n") ==
        one("t.toml:1:15: firms.count: must be in [1, 100000], got 100001"));
  CHECK(errors_of("[market]\ngrowth_per_year = nan\n") ==
        one("t.toml:2:19: market.growth_per_year: must be in [-1, 1], got nan"));
  CHECK(errors_of("project.budget_eur = inf\n") ==
        one("t.toml:1:22: project.budget_eur: must be >= 0, got inf"));
  CHECK(errors_of("project.mode = \"duo\"\n") ==
        one("t.toml:1:16: project.mode: must be one of: twin, solo, none, got \"duo\""));
  // Every bad element, each at its own place.
  CHECK(errors_of("market.shares = [0.5, 1.5,\n  -2]\n") ==
        std::vector<std::string>{"t.toml:1:23: market.shares: element 2 must be in [0, 1], got 1.5",
                                 "t.toml:2:3: market.shares: element 3 must be in [0, 1], got -2"});
  // The bounds are inclusive.
  const auto v = sim::parse_scenario("market.growth_per_year = -1\nmarket.shares = [0, 1]\n",
                                     "t.toml", specs());
  CHECK(get<double>(v, "market.growth_per_year") == -1.0);
}

TEST_CASE("every problem in a file is reported, in file order", "[scenario]") {
  const std::string text = R"([market]
growth_per_year = 3.5
cycle.amplitud = 0.1

[project]
mode = "duo"
enabled = "yes"

[weather]
rain = 1
)";
  const std::vector<std::string> expected = {
      "t.toml:2:19: market.growth_per_year: must be in [-1, 1], got 3.5",
      "t.toml:3:7: market.cycle.amplitud: unknown key; did you mean 'market.cycle.amplitude'?",
      "t.toml:6:8: project.mode: must be one of: twin, solo, none, got \"duo\"",
      "t.toml:7:11: project.enabled: expected a boolean, got a string (\"yes\")",
      "t.toml:9:2: weather: unknown table",
  };
  CHECK(errors_of(text) == expected);
  try {
    sim::parse_scenario(text, "t.toml", specs());
    FAIL("no InputError");
  } catch (const sim::InputError& e) {
    std::string all;
    for (const std::string& line : expected) all += (all.empty() ? "" : "\n") + line;
    CHECK(std::string(e.what()) == all);
  }
}

TEST_CASE("a TOML syntax error gives the parser's place and description", "[scenario]") {
  const auto errors = errors_of("seed = 1\n[market\ngrowth_per_year = 0.1\n");
  REQUIRE(errors.size() == 1);
  CHECK_THAT(errors[0], Catch::Matchers::StartsWith("t.toml:2:8: "));
  CHECK_THAT(errors[0], Catch::Matchers::Contains("table header"));

  const auto duplicate = errors_of("seed = 1\nseed = 2\n");
  REQUIRE(duplicate.size() == 1);
  CHECK_THAT(duplicate[0], Catch::Matchers::StartsWith("t.toml:2:"));
}

TEST_CASE("overrides set, validate and point into the override text", "[scenario]") {
  SECTION("valid overrides win over the file") {
    const auto v = sim::parse_scenario(
        "seed = 7\n", "t.toml", specs(),
        {"seed=9", " market.growth_per_year = 0.25", "market.shares=[0.1, 0.9]",
         "project.enabled=false", "project.name=\"two words\"", "project.mode=none"});
    CHECK(get<std::int64_t>(v, "seed") == 9);
    CHECK(get<double>(v, "market.growth_per_year") == 0.25);
    CHECK(get<std::vector<double>>(v, "market.shares") == std::vector<double>{0.1, 0.9});
    CHECK(get<bool>(v, "project.enabled") == false);
    CHECK(get<std::string>(v, "project.name") == "two words");
    // A bare word that is not TOML is a string.
    CHECK(get<std::string>(v, "project.mode") == "none");
  }
  SECTION("a bare word with spaces and '=' after the first is still one string") {
    const auto v = sim::parse_scenario("", "t.toml", specs(), {"project.name=Pune = pilot"});
    CHECK(get<std::string>(v, "project.name") == "Pune = pilot");
  }
  SECTION("unknown key") {
    CHECK(errors_of("", {"market.growth_per_yer=1"}) ==
          one("--set:1:1: market.growth_per_yer: unknown key; did you mean "
              "'market.growth_per_year'?"));
    CHECK(errors_of("", {"market=1"}) ==
          one("--set:1:1: market: is a table, not a parameter; set one of its keys, such as "
              "'market.growth_per_year'"));
  }
  SECTION("out of range and wrong type, with the column of the value") {
    CHECK(errors_of("", {"market.growth_per_year=3"}) ==
          one("--set:1:24: market.growth_per_year: must be in [-1, 1], got 3"));
    CHECK(errors_of("", {"market.growth_per_year=abc"}) ==
          one("--set:1:24: market.growth_per_year: expected a number, got a string (\"abc\")"));
    CHECK(errors_of("", {"market.shares=[0.5, 2]"}) ==
          one("--set:1:21: market.shares: element 2 must be in [0, 1], got 2"));
    CHECK(errors_of("", {"seed = 1.5"}) ==
          one("--set:1:8: seed: expected an integer, got a number (1.5)"));
  }
  SECTION("malformed overrides") {
    CHECK(errors_of("", {"seed"}) ==
          one("--set:1:1: expected key.path=value, got 'seed' (no '=')"));
    CHECK(errors_of("", {"=3"}) == one("--set:1:1: expected key.path=value, got '=3' (no key)"));
  }
  SECTION("problems in the file and in the overrides are all reported") {
    CHECK(errors_of("seed = -3\n", {"firms.count=0", "nope=1"}) ==
          std::vector<std::string>{"t.toml:1:8: seed: must be >= 0, got -3",
                                   "--set:1:13: firms.count: must be in [1, 100000], got 0",
                                   "--set:1:1: nope: unknown key"});
  }
}

namespace {

bool same_bits(const ParamValue& a, const ParamValue& b) {
  if (a.index() != b.index()) return false;
  if (auto* x = std::get_if<double>(&a)) {
    return std::bit_cast<std::uint64_t>(*x) == std::bit_cast<std::uint64_t>(std::get<double>(b));
  }
  if (auto* x = std::get_if<std::vector<double>>(&a)) {
    const auto& y = std::get<std::vector<double>>(b);
    if (x->size() != y.size()) return false;
    for (std::size_t i = 0; i < x->size(); ++i) {
      if (std::bit_cast<std::uint64_t>((*x)[i]) != std::bit_cast<std::uint64_t>(y[i])) return false;
    }
    return true;
  }
  return a == b;
}

}  // namespace

TEST_CASE("the resolved scenario written as TOML reads back to identical values", "[scenario]") {
  // No ranges here, so that awkward values can be written.
  const std::vector<sim::ParamSpec> s = {
      sim::real("tiny", 0.0),
      sim::integer("big", 0),
      sim::string("text", ""),
      sim::real("a.tenth", 0.0).help("Help with | pipe and \"quotes\""),
      sim::real("a.negative_zero", 0.0),
      sim::real("a.b.subnormal", 0.0),
      sim::real("a.b.largest", 0.0),
      sim::real("a.b.whole", 0.0),
      sim::real_list("c.list", {}),
      sim::real_list("c.empty", {}),
      sim::boolean("c.flag", false),
      sim::real("a.third", 0.0),
  };
  sim::ParamValues values(s);
  values[0] = 1e-300;
  values[1] = std::numeric_limits<std::int64_t>::min();
  values[2] = std::string("quote \" backslash \\ newline \n tab \t bell \a unicode \xC3\xA9");
  values[3] = 0.1;
  values[4] = -0.0;
  values[5] = 5e-324;
  values[6] = std::numeric_limits<double>::max();
  values[7] = 1e9;
  values[8] = std::vector<double>{0.1, 1.0 / 3.0, -2.5e-8, 1e21, 1.0};
  values[9] = std::vector<double>{};
  values[10] = true;
  values[11] = 1.0 / 3.0;

  for (bool with_comments : {true, false}) {
    const std::string text = sim::to_toml(s, values, with_comments);
    INFO(text);
    const sim::ParamValues back = sim::parse_scenario(text, "resolved.toml", s);
    REQUIRE(back.size() == values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
      INFO(s[i].key);
      CHECK(same_bits(back[i], values[i]));
    }
  }
  // Whole numbers stay floats, so the type survives too.
  CHECK_THAT(sim::to_toml(s, values, false), Catch::Matchers::Contains("whole = 1000000000.0\n"));
}

TEST_CASE("the test schema's defaults round-trip through to_toml", "[scenario]") {
  const sim::ParamValues defaults(specs());
  const sim::ParamValues back =
      sim::parse_scenario(sim::to_toml(specs(), defaults), "resolved.toml", specs());
  for (std::size_t i = 0; i < specs().size(); ++i) CHECK(same_bits(back[i], defaults[i]));
}

TEST_CASE("load_scenario reads files and reports unreadable ones", "[scenario]") {
  const std::string dir = std::string(TWINSIM_SOURCE_DIR) + "/tests/sim/scenarios/";
  SECTION("a good file") {
    const auto v = sim::load_scenario(dir + "good.toml", specs(), {"seed=8"});
    CHECK(get<std::int64_t>(v, "seed") == 8);
    CHECK(get<std::string>(v, "project.name") == "Pune pilot");
    CHECK(get<double>(v, "market.growth_per_year") == -0.05);
    CHECK(get<double>(v, "market.cycle.amplitude") == 0.25);
    CHECK(get<double>(v, "market.cycle.period_months") == 48.0);
  }
  SECTION("a bad file: every problem, named by its path") {
    try {
      sim::load_scenario(dir + "bad.toml", specs());
      FAIL("no InputError");
    } catch (const sim::InputError& e) {
      REQUIRE(e.diagnostics().size() == 3);
      CHECK(e.diagnostics()[0].to_string() ==
            dir + "bad.toml:2:8: seed: expected an integer, got a number (2.5)");
      CHECK(e.diagnostics()[1].to_string() ==
            dir +
                "bad.toml:5:1: market.growth_per_yer: unknown key; did you mean "
                "'market.growth_per_year'?");
      CHECK(e.diagnostics()[2].to_string() ==
            dir + "bad.toml:6:19: market.cycle.amplitude: must be in [0, 1], got 1.5");
    }
  }
  SECTION("a syntax error") {
    try {
      sim::load_scenario(dir + "syntax_error.toml", specs());
      FAIL("no InputError");
    } catch (const sim::InputError& e) {
      REQUIRE(e.diagnostics().size() == 1);
      CHECK(e.diagnostics()[0].file == dir + "syntax_error.toml");
      CHECK(e.diagnostics()[0].line == 2);
      CHECK(e.diagnostics()[0].column == 8);
    }
  }
  SECTION("a missing file") {
    CHECK_THROWS_WITH(sim::load_scenario(dir + "missing.toml", specs()),
                      dir + "missing.toml: cannot read scenario file: No such file or directory");
  }
  SECTION("a directory") {
    CHECK_THROWS_WITH(sim::load_scenario(dir, specs()),
                      dir + ": cannot read scenario file: it is a directory");
  }
}
