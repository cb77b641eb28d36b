#include "sim/scenario.hpp"

#include <sys/stat.h>
#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "tests/support/temp_dir.hpp"

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
  SECTION("a bare word that is not UTF-8 is refused, as toml++ refuses it in a file") {
    // Found by fuzz/scenario_fuzz: the resolved scenario a result file stores did not read again.
    for (const char* bytes :
         {"ren\xff", "\xc0\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "x\xe2\x82"})
      CHECK(errors_of("", {std::string("project.name=") + bytes}) ==
            one("--set:1:14: project.name: the value is not valid UTF-8 text"));
    const auto v = sim::parse_scenario("", "t.toml", specs(), {"project.name=Hà Nội €𝄞"});
    CHECK(get<std::string>(v, "project.name") == "Hà Nội €𝄞");
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
  SECTION("a device that never ends, refused without being read") {
    CHECK_THROWS_WITH(
        sim::load_scenario("/dev/zero", specs()),
        "/dev/zero: cannot read scenario file: not a regular file (a character device)");
  }
  SECTION("a FIFO, refused at once: opening it to read would wait for a writer forever") {
    const test_support::TempDir tmp("scenario-fifo");
    const std::string fifo = (tmp / "pipe.toml").string();
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CHECK_THROWS_WITH(sim::load_scenario(fifo, specs()),
                      fifo + ": cannot read scenario file: not a regular file (a FIFO)");
  }
  SECTION("a file larger than a scenario could be, refused before it is read") {
    const test_support::TempDir tmp("scenario-large");
    const auto large = tmp / "large.toml";
    std::ofstream(large).close();
    std::filesystem::resize_file(large, (std::uintmax_t{16} << 20) + 1);
    CHECK_THROWS_WITH(
        sim::load_scenario(large, specs()),
        large.string() + ": cannot read scenario file: larger than 16 MiB, not a scenario file");
  }
}

// Collections of named tables and optional values.

namespace {

// Top-level parameters, one optional, and a collection of sectors with every field type.
sim::ParamSet sector_set() {
  sim::ParamSet set;
  set.params = {
      sim::integer("seed", 42).at_least(0).help("Random seed"),
      sim::real("market.growth_per_year", 0.02).range(-1, 1).unit("1/yr").help("Demand growth"),
      sim::real("market.floor", 0).at_least(0).help("Demand floor").optional("no floor"),
  };
  set.collections.push_back(
      sim::collection(
          "sectors",
          {
              sim::integer("firms_south", 100).range(1, 100000).help("Firms in the south"),
              sim::boolean("tiered", false).help("Whether firms are tiered"),
              sim::real("growth_per_year", 0)
                  .range(-1, 1)
                  .unit("1/yr")
                  .help("Sector demand growth")
                  .optional("inherits market.growth_per_year"),
              sim::string("kind", "goods").one_of({"goods", "services"}).help("Kind of output"),
              sim::real_list("shares", {}).range(0, 1).help("Segment shares"),
          })
          .help("Sectors of the market")
          .defaults({"manufacturing"})
          .count(1, 3));
  return set;
}

const sim::ParamSet& sectors() {
  static const sim::ParamSet s = sector_set();
  return s;
}

// Field `field` of instance `i` of the sectors.
template <class T>
const T& field(const sim::ParamValues& values, std::size_t i, const std::string& field) {
  const auto f = sim::find_param(sectors().collections[0].fields, field).value();
  return std::get<T>(values.instances(0).at(i).values.at(f));
}

std::vector<std::string> names_of(const sim::ParamValues& values) {
  std::vector<std::string> names;
  for (const sim::Instance& instance : values.instances(0)) names.push_back(instance.name);
  return names;
}

std::vector<std::string> errors_of_set(const sim::ParamSet& set, const std::string& text,
                                       const std::vector<std::string>& overrides = {}) {
  try {
    sim::parse_scenario(text, "t.toml", set, overrides);
  } catch (const sim::InputError& e) {
    std::vector<std::string> lines;
    for (const sim::Diagnostic& d : e.diagnostics()) lines.push_back(d.to_string());
    return lines;
  }
  FAIL("expected an InputError for:\n" << text);
  return {};
}

std::vector<std::string> sector_errors(const std::string& text,
                                       const std::vector<std::string>& overrides = {}) {
  return errors_of_set(sectors(), text, overrides);
}

}  // namespace

TEST_CASE("a collection's instances are read in file order", "[scenario]") {
  const std::string text = R"([market]
growth_per_year = 0.02

[sectors.textiles]
firms_south = 2000

[sectors.auto_components]
firms_south = 3000
tiered = true
growth_per_year = -0.05
kind = "services"
shares = [0.25, 0.75]
)";
  const sim::ParamValues v = sim::parse_scenario(text, "t.toml", sectors());
  REQUIRE(v.collection_count() == 1);
  CHECK(names_of(v) == std::vector<std::string>{"textiles", "auto_components"});
  CHECK(field<std::int64_t>(v, 0, "firms_south") == 2000);
  CHECK(field<bool>(v, 0, "tiered") == false);
  CHECK(field<std::string>(v, 0, "kind") == "goods");
  CHECK(field<std::int64_t>(v, 1, "firms_south") == 3000);
  CHECK(field<bool>(v, 1, "tiered") == true);
  CHECK(field<double>(v, 1, "growth_per_year") == -0.05);
  CHECK(field<std::string>(v, 1, "kind") == "services");
  CHECK(field<std::vector<double>>(v, 1, "shares") == std::vector<double>{0.25, 0.75});
  // An optional field that is not written is not set.
  CHECK(std::holds_alternative<std::monostate>(v.instances(0)[0].values[2]));

  // Places: the instance's table and each value written; line 0 for a default.
  CHECK(v.instances(0)[1].place.line == 7);
  CHECK(v.instances(0)[1].place.column == 10);
  const sim::SourcePlace& at =
      sim::field_place(sectors(), v, "sectors", "auto_components", "growth_per_year");
  CHECK(at.file == "t.toml");
  CHECK(at.line == 10);
  CHECK(at.column == 19);
  CHECK(sim::field_place(sectors(), v, "sectors", "textiles", "tiered").line == 0);
  CHECK_THROWS_AS(sim::field_place(sectors(), v, "sectors", "textile", "tiered"),
                  std::out_of_range);
  CHECK_THROWS_AS(sim::field_place(sectors(), v, "sectors", "textiles", "nope"), std::out_of_range);
  CHECK_THROWS_AS(sim::field_place(sectors(), v, "sector", "textiles", "tiered"),
                  std::out_of_range);
}

TEST_CASE("instances written as dotted keys and inline tables keep file order", "[scenario]") {
  const auto dotted = sim::parse_scenario(
      "sectors.zeta.firms_south = 1\nsectors.alpha.firms_south = 2\nsectors.mid.tiered = true\n",
      "t.toml", sectors());
  CHECK(names_of(dotted) == std::vector<std::string>{"zeta", "alpha", "mid"});
  CHECK(field<std::int64_t>(dotted, 1, "firms_south") == 2);
  const auto inline_tables = sim::parse_scenario(
      "sectors = { zeta = { firms_south = 5 }, alpha = {} }\n", "t.toml", sectors());
  CHECK(names_of(inline_tables) == std::vector<std::string>{"zeta", "alpha"});
  CHECK(field<std::int64_t>(inline_tables, 0, "firms_south") == 5);
  CHECK(field<std::int64_t>(inline_tables, 1, "firms_south") == 100);
}

TEST_CASE("default instances apply only when the file declares none", "[scenario]") {
  SECTION("absent: the defaults") {
    const auto v = sim::parse_scenario("seed = 1\n", "t.toml", sectors());
    CHECK(names_of(v) == std::vector<std::string>{"manufacturing"});
    CHECK(field<std::int64_t>(v, 0, "firms_south") == 100);
    CHECK(std::holds_alternative<std::monostate>(v.instances(0)[0].values[2]));
    CHECK(v.instances(0)[0].place.line == 0);
    CHECK(sim::ParamValues(sectors()).instances(0).size() == 1);
  }
  SECTION("present: the defaults are replaced entirely") {
    const auto v = sim::parse_scenario("[sectors.textiles]\n", "t.toml", sectors());
    CHECK(names_of(v) == std::vector<std::string>{"textiles"});
  }
  SECTION("the vector overloads mean no collections") {
    const auto v = sim::parse_scenario("seed = 1\n", "t.toml", sectors().params);
    CHECK(v.collection_count() == 0);
  }
}

TEST_CASE("problems inside instances point at the place with the instance's key", "[scenario]") {
  SECTION("unknown field, with the nearest field of the same instance") {
    CHECK(sector_errors("[sectors.textiles]\nfirm_south = 3\n") ==
          one("t.toml:2:1: sectors.textiles.firm_south: unknown key; did you mean "
              "'sectors.textiles.firms_south'?"));
    CHECK(sector_errors("[sectors.textiles]\nrain = 3\n") ==
          one("t.toml:2:1: sectors.textiles.rain: unknown key"));
    CHECK(sector_errors("[sectors.textiles.sub]\nx = 3\n") ==
          one("t.toml:1:19: sectors.textiles.sub: unknown table"));
  }
  SECTION("wrong type") {
    CHECK(sector_errors("[sectors.textiles]\nfirms_south = \"many\"\n") ==
          one("t.toml:2:15: sectors.textiles.firms_south: expected an integer, got a string "
              "(\"many\")"));
    CHECK(sector_errors("[sectors.textiles]\nshares = [0.5, \"x\"]\n") ==
          one("t.toml:2:16: sectors.textiles.shares: element 2: expected a number, got a "
              "string (\"x\")"));
  }
  SECTION("out of range") {
    CHECK(sector_errors("[sectors.textiles]\ngrowth_per_year = 2\n") ==
          one("t.toml:2:19: sectors.textiles.growth_per_year: must be in [-1, 1], got 2"));
    CHECK(sector_errors("[sectors.textiles]\nkind = \"food\"\n") ==
          one("t.toml:2:8: sectors.textiles.kind: must be one of: goods, services, got \"food\""));
  }
  SECTION("bad instance names") {
    CHECK(sector_errors("[sectors.Textiles]\nfirms_south = 3\n") ==
          one("t.toml:1:10: sectors.Textiles: invalid name 'Textiles': a name in [sectors.NAME] "
              "must match [a-z][a-z0-9_]*"));
    CHECK(sector_errors("[sectors.\"auto parts\"]\n") ==
          one("t.toml:1:10: sectors.auto parts: invalid name 'auto parts': a name in "
              "[sectors.NAME] must match [a-z][a-z0-9_]*"));
    CHECK(sector_errors("sectors.1st.tiered = true\n") ==
          one("t.toml:1:9: sectors.1st: invalid name '1st': a name in [sectors.NAME] must match "
              "[a-z][a-z0-9_]*"));
    // The fields of a badly named instance are checked too.
    CHECK(sector_errors("[sectors.B]\nfirms_south = 0\n") ==
          std::vector<std::string>{
              "t.toml:1:10: sectors.B: invalid name 'B': a name in [sectors.NAME] must match "
              "[a-z][a-z0-9_]*",
              "t.toml:2:15: sectors.B.firms_south: must be in [1, 100000], got 0"});
  }
  SECTION("too many or too few instances, at the collection's table") {
    CHECK(sector_errors("[sectors.a]\n[sectors.b]\n[sectors.c]\n[sectors.d]\n") ==
          one("t.toml:1:2: sectors: needs at most 3 [sectors.NAME] tables, got 4"));
    CHECK(sector_errors("seed = 1\n[sectors]\n") ==
          one("t.toml:2:2: sectors: needs at least 1 [sectors.NAME] table, got 0"));
  }
  SECTION("not tables") {
    CHECK(sector_errors("sectors = 3\n") ==
          one("t.toml:1:11: sectors: expected tables [sectors.NAME], got an integer (3)"));
    CHECK(sector_errors("[sectors]\ntextiles = 3\n") ==
          one("t.toml:2:12: sectors.textiles: expected a table of parameters such as "
              "'sectors.textiles.firms_south', got an integer (3)"));
  }
  SECTION("a misspelt collection") {
    CHECK(sector_errors("[sector.textiles]\nfirms_south = 3\n") ==
          one("t.toml:1:2: sector: unknown table; did you mean 'sectors'?"));
    CHECK(sector_errors("firms_south = 3\n") ==
          one("t.toml:1:1: firms_south: unknown key; did you mean 'sectors.NAME.firms_south'?"));
  }
  SECTION("every problem, in file order, across instances") {
    CHECK(sector_errors("[sectors.b]\nfirms_south = 0\n[market]\ngrowth_per_year = 3\n"
                        "[sectors.a]\ntiered = 1\n") ==
          std::vector<std::string>{
              "t.toml:2:15: sectors.b.firms_south: must be in [1, 100000], got 0",
              "t.toml:4:19: market.growth_per_year: must be in [-1, 1], got 3",
              "t.toml:6:10: sectors.a.tiered: expected a boolean, got an integer (1)"});
  }
}

TEST_CASE("overrides set fields of existing instances", "[scenario]") {
  const std::string text = "[sectors.auto_components]\n[sectors.textiles]\nfirms_south = 7\n";
  SECTION("a valid override") {
    const auto v = sim::parse_scenario(
        text, "t.toml", sectors(),
        {"sectors.textiles.firms_south=10", "sectors.auto_components.growth_per_year=-0.5",
         "sectors.textiles.kind=services"});
    CHECK(field<std::int64_t>(v, 1, "firms_south") == 10);
    CHECK(field<double>(v, 0, "growth_per_year") == -0.5);
    CHECK(field<std::string>(v, 1, "kind") == "services");
    const sim::SourcePlace& at = sim::field_place(sectors(), v, "sectors", "textiles", "kind");
    CHECK(at.file == "--set");
    CHECK(at.column == 23);
  }
  SECTION("a default instance can be overridden") {
    const auto v =
        sim::parse_scenario("", "t.toml", sectors(), {"sectors.manufacturing.tiered=true"});
    CHECK(field<bool>(v, 0, "tiered") == true);
  }
  SECTION("an unknown instance lists the existing ones") {
    CHECK(sector_errors(text, {"sectors.textile.firms_south=10"}) ==
          one("--set:1:9: sectors.textile.firms_south: no sectors 'textile'; the scenario has: "
              "auto_components, textiles; did you mean 'textiles'?"));
    CHECK(sector_errors(text, {"sectors.food.firms_south=10"}) ==
          one("--set:1:9: sectors.food.firms_south: no sectors 'food'; the scenario has: "
              "auto_components, textiles"));
  }
  SECTION("an unknown field, a bad value, a table") {
    CHECK(sector_errors(text, {"sectors.textiles.firm_south=10"}) ==
          one("--set:1:1: sectors.textiles.firm_south: unknown key; did you mean "
              "'sectors.textiles.firms_south'?"));
    CHECK(sector_errors(text, {"sectors.textiles.firms_south=0"}) ==
          one("--set:1:30: sectors.textiles.firms_south: must be in [1, 100000], got 0"));
    CHECK(sector_errors(text, {"sectors.textiles.tiered=maybe"}) ==
          one("--set:1:25: sectors.textiles.tiered: expected a boolean, got a string "
              "(\"maybe\")"));
    CHECK(sector_errors(text, {"sectors.textiles=1"}) ==
          one("--set:1:1: sectors.textiles: is a table, not a parameter; set one of its keys, "
              "such as 'sectors.textiles.firms_south'"));
    CHECK(sector_errors(text, {"sectors=1"}) ==
          one("--set:1:1: sectors: is a table, not a parameter; set one of its keys, such as "
              "'sectors.auto_components.firms_south'"));
  }
}

TEST_CASE("optional values are not set unless written", "[scenario]") {
  const auto absent = sim::parse_scenario("", "t.toml", sectors());
  CHECK(std::holds_alternative<std::monostate>(absent[2]));
  const auto present = sim::parse_scenario("market.floor = 5\n", "t.toml", sectors());
  CHECK(std::get<double>(present[2]) == 5.0);
  CHECK(present.place(2).line == 1);
  const auto overridden = sim::parse_scenario("", "t.toml", sectors(), {"market.floor=2"});
  CHECK(std::get<double>(overridden[2]) == 2.0);
  // Written values are still checked.
  CHECK(sector_errors("market.floor = -1\n") ==
        one("t.toml:1:16: market.floor: must be >= 0, got -1"));
}

TEST_CASE("collections and unset optionals round-trip through to_toml", "[scenario]") {
  sim::ParamValues values(sectors());
  values[1] = 1.0 / 3.0;
  auto& instances = values.instances(0);
  instances = {
      {"zeta",
       {std::int64_t{3000}, true, -0.05, std::string("services"), std::vector<double>{0.1, 0.9}},
       {},
       {}},
      {"alpha",
       {std::int64_t{2000}, false, std::monostate{}, std::string("goods"), std::vector<double>{}},
       {},
       {}},
  };
  for (auto& instance : instances) instance.places.resize(instance.values.size());

  sim::ParamSet none_required = sectors();
  none_required.collections[0].count(0, 3);
  sim::ParamValues empty(none_required);
  empty.instances(0).clear();
  empty[2] = 7.5;

  for (bool with_comments : {true, false}) {
    const std::string text = sim::to_toml(sectors(), values, with_comments);
    INFO(text);
    const sim::ParamValues back = sim::parse_scenario(text, "resolved.toml", sectors());
    REQUIRE(back.size() == values.size());
    for (std::size_t i = 0; i < values.size(); ++i) CHECK(same_bits(back[i], values[i]));
    CHECK(names_of(back) == std::vector<std::string>{"zeta", "alpha"});
    for (std::size_t i = 0; i < instances.size(); ++i) {
      REQUIRE(back.instances(0)[i].values.size() == instances[i].values.size());
      for (std::size_t f = 0; f < instances[i].values.size(); ++f) {
        CHECK(same_bits(back.instances(0)[i].values[f], instances[i].values[f]));
      }
    }

    // An empty collection stays empty (the defaults do not come back).
    const std::string empty_text = sim::to_toml(none_required, empty, with_comments);
    INFO(empty_text);
    const sim::ParamValues empty_back =
        sim::parse_scenario(empty_text, "resolved.toml", none_required);
    CHECK(empty_back.instances(0).empty());
    CHECK(std::get<double>(empty_back[2]) == 7.5);
  }
  // The defaults too.
  const sim::ParamValues defaults(sectors());
  const auto back =
      sim::parse_scenario(sim::to_toml(sectors(), defaults), "resolved.toml", sectors());
  CHECK(names_of(back) == std::vector<std::string>{"manufacturing"});
  CHECK(std::holds_alternative<std::monostate>(back[2]));
  CHECK(std::holds_alternative<std::monostate>(back.instances(0)[0].values[2]));
}

TEST_CASE("a collection may sit inside a table and have nested fields", "[scenario]") {
  sim::ParamSet set;
  set.params = {sim::real("market.growth", 0.0)};
  set.collections.push_back(
      sim::collection("market.sectors", {sim::integer("firms", 1), sim::real("demand.growth", 0.0),
                                         sim::real("demand.cap", 0.0).optional()})
          .defaults({"one"}));
  const std::string text = R"([market]
growth = 0.5
[market.sectors.b.demand]
growth = 0.25
[market.sectors.a]
firms = 3
demand.cap = 9
)";
  const sim::ParamValues v =
      sim::parse_scenario(text, "t.toml", set, {"market.sectors.a.demand.growth=-1"});
  REQUIRE(v.instances(0).size() == 2);
  CHECK(v.instances(0)[0].name == "b");
  CHECK(v.instances(0)[0].values[1] == ParamValue(0.25));
  CHECK(v.instances(0)[1].values == std::vector<ParamValue>{std::int64_t{3}, -1.0, 9.0});
  CHECK(sim::field_place(set, v, "market.sectors", "a", "demand.cap").line == 7);

  const std::string resolved = sim::to_toml(set, v);
  INFO(resolved);
  CHECK_THAT(resolved, Catch::Matchers::Contains("[market.sectors.b]\n"));
  CHECK_THAT(resolved, Catch::Matchers::Contains("[market.sectors.b.demand]\n"));
  const sim::ParamValues back = sim::parse_scenario(resolved, "resolved.toml", set);
  CHECK(back[0] == v[0]);
  REQUIRE(back.instances(0).size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(back.instances(0)[i].name == v.instances(0)[i].name);
    CHECK(back.instances(0)[i].values == v.instances(0)[i].values);
  }

  CHECK(errors_of_set(set, "[market.sectors.a.demand]\ngrowht = 1\n") ==
        one("t.toml:2:1: market.sectors.a.demand.growht: unknown key; did you mean "
            "'market.sectors.a.demand.growth'?"));
  CHECK(errors_of_set(set, "[market.sectors]\nfirms = 3\n") ==
        one("t.toml:2:9: market.sectors.firms: expected a table [market.sectors.NAME], got an "
            "integer (3); 'firms' is a field, set in each instance as "
            "'market.sectors.NAME.firms'"));
  CHECK(errors_of_set(set, "[market.sectors.a]\ndemand = 3\n") ==
        one("t.toml:2:10: market.sectors.a.demand: expected a table of parameters such as "
            "'market.sectors.a.demand.growth', got an integer (3)"));
  CHECK(errors_of_set(set, "", {"market.sectors.one.demand=3"}) ==
        one("--set:1:1: market.sectors.one.demand: is a table, not a parameter; set one of its "
            "keys, such as 'market.sectors.one.demand.growth'"));
  CHECK(errors_of_set(set, "", {"market=3"}) ==
        one("--set:1:1: market: is a table, not a parameter; set one of its keys, such as "
            "'market.growth'"));
}

// string_list: sets of names, at the top level and in a collection.

namespace {

sim::ParamSet list_set() {
  sim::ParamSet set;
  set.params = {
      sim::string_list("project.sectors", {"textiles"})
          .one_of({"auto_components", "textiles", "food"})
          .help("Sectors the project works in"),
      sim::string_list("project.tags", {}).help("Free tags"),
      sim::string_list("project.focus", {}).optional("every sector").help("Sectors in focus"),
  };
  set.collections.push_back(
      sim::collection("sectors", {sim::integer("firms_south", 100),
                                  sim::string_list("inputs", {"steel"}).help("Inputs bought")})
          .defaults({"textiles"}));
  return set;
}

const sim::ParamSet& lists() {
  static const sim::ParamSet s = list_set();
  return s;
}

using Names = std::vector<std::string>;

std::vector<std::string> list_errors(const std::string& text,
                                     const std::vector<std::string>& overrides = {}) {
  return errors_of_set(lists(), text, overrides);
}

}  // namespace

TEST_CASE("a string_list is read from a TOML list of strings", "[scenario]") {
  SECTION("defaults") {
    const auto v = sim::parse_scenario("", "t.toml", lists());
    CHECK(std::get<Names>(v[0]) == Names{"textiles"});
    CHECK(std::get<Names>(v[1]).empty());
    CHECK(std::holds_alternative<std::monostate>(v[2]));
    CHECK(v.place(0).line == 0);
    CHECK(v.element_places(0).empty());
    CHECK(std::get<Names>(v.instances(0)[0].values[1]) == Names{"steel"});
  }
  SECTION("written values, in the order written, with their places") {
    const std::string text = R"([project]
sectors = ["food", "auto_components"]
tags = []
focus = [
  "textiles",
    "food",
]

[sectors.food]
inputs = ["grain", "", "salt"]
)";
    const auto v = sim::parse_scenario(text, "t.toml", lists());
    CHECK(std::get<Names>(v[0]) == Names{"food", "auto_components"});
    CHECK(std::get<Names>(v[1]).empty());
    CHECK(std::get<Names>(v[2]) == Names{"textiles", "food"});
    CHECK(std::get<Names>(v.instances(0)[0].values[1]) == Names{"grain", "", "salt"});
    // Where the list starts, and where each element is.
    CHECK(v.place(0).file == "t.toml");
    CHECK(v.place(0).line == 2);
    CHECK(v.place(0).column == 11);
    REQUIRE(v.element_places(0).size() == 2);
    CHECK(v.element_places(0)[1].line == 2);
    CHECK(v.element_places(0)[1].column == 20);
    CHECK(v.element_places(1).empty());
    REQUIRE(v.element_places(2).size() == 2);
    CHECK(v.element_places(2)[0].line == 5);
    CHECK(v.element_places(2)[0].column == 3);
    CHECK(v.element_places(2)[1].line == 6);
    CHECK(v.element_places(2)[1].column == 5);
    const auto& inputs = sim::field_element_places(lists(), v, "sectors", "food", "inputs");
    REQUIRE(inputs.size() == 3);
    CHECK(inputs[2].line == 10);
    CHECK(inputs[2].column == 24);
    CHECK(sim::field_place(lists(), v, "sectors", "food", "inputs").column == 10);
    CHECK(sim::field_element_places(lists(), v, "sectors", "food", "firms_south").empty());
    CHECK_THROWS_AS(sim::field_element_places(lists(), v, "sectors", "textiles", "inputs"),
                    std::out_of_range);
  }
}

TEST_CASE("a string_list checks the type and the choice of each element and repeats",
          "[scenario]") {
  SECTION("an element of another type, at its own place") {
    CHECK(list_errors("project.tags = [\"a\", 3]\n") ==
          one("t.toml:1:22: project.tags: element 2: expected a string, got an integer (3)"));
    CHECK(list_errors("[project]\ntags = [\n  \"a\",\n  [\"b\"],\n  true,\n]\n") ==
          std::vector<std::string>{
              "t.toml:4:3: project.tags: element 2: expected a string, got a list ([\"b\"])",
              "t.toml:5:3: project.tags: element 3: expected a string, got a boolean (true)"});
    CHECK(list_errors("[sectors.food]\ninputs = [1.5]\n") ==
          one("t.toml:2:11: sectors.food.inputs: element 1: expected a string, got a number "
              "(1.5)"));
  }
  SECTION("not a list") {
    CHECK(list_errors("project.tags = \"x\"\n") ==
          one("t.toml:1:16: project.tags: expected a list of strings, got a string (\"x\")"));
    CHECK(list_errors("project.focus = 2\n") ==
          one("t.toml:1:17: project.focus: expected a list of strings, got an integer (2)"));
    CHECK(list_errors("[project.tags]\n") ==
          one("t.toml:1:1: project.tags: expected a list of strings, got a table"));
  }
  SECTION("choices, per element") {
    CHECK(list_errors("project.sectors = [\"food\", \"toys\", \"textiles\", \"Food\"]\n") ==
          std::vector<std::string>{"t.toml:1:28: project.sectors: element 2 must be one of: "
                                   "auto_components, textiles, food, got \"toys\"",
                                   "t.toml:1:48: project.sectors: element 4 must be one of: "
                                   "auto_components, textiles, food, got \"Food\""});
  }
  SECTION("repeats: a string_list is a set") {
    CHECK(list_errors("project.tags = [\"x\", \"y\", \"x\"]\n") ==
          one("t.toml:1:27: project.tags: element 3 repeats \"x\""));
    CHECK(list_errors("project.sectors = [\"food\", \"food\"]\n") ==
          one("t.toml:1:28: project.sectors: element 2 repeats \"food\""));
    CHECK(list_errors("[sectors.food]\ninputs = [\"\", \"\"]\n") ==
          one("t.toml:2:15: sectors.food.inputs: element 2 repeats \"\""));
  }
  SECTION("every problem in the file, in order") {
    CHECK(list_errors("project.tags = [1, \"a\", \"a\"]\nproject.sectors = [\"x\"]\n") ==
          std::vector<std::string>{
              "t.toml:1:17: project.tags: element 1: expected a string, got an integer (1)",
              "t.toml:1:25: project.tags: element 3 repeats \"a\"",
              "t.toml:2:20: project.sectors: element 1 must be one of: auto_components, "
              "textiles, food, got \"x\""});
  }
}

TEST_CASE("overrides take a string_list in TOML syntax only", "[scenario]") {
  SECTION("valid overrides") {
    const auto v = sim::parse_scenario(
        "project.tags = [\"old\"]\n", "t.toml", lists(),
        {"project.sectors=[\"food\",\"textiles\"]", "project.tags = []",
         "project.focus=['auto_components']", "sectors.textiles.inputs=[\"cotton\", \"dye\"]"});
    CHECK(std::get<Names>(v[0]) == Names{"food", "textiles"});
    CHECK(std::get<Names>(v[1]).empty());
    CHECK(std::get<Names>(v[2]) == Names{"auto_components"});
    CHECK(std::get<Names>(v.instances(0)[0].values[1]) == Names{"cotton", "dye"});
    CHECK(v.place(0).file == "--set");
    CHECK(v.place(0).column == 17);
    REQUIRE(v.element_places(0).size() == 2);
    CHECK(v.element_places(0)[1].file == "--set");
    CHECK(v.element_places(0)[1].column == 25);
    // The file's list was replaced, and so were its element places.
    CHECK(v.place(1).file == "--set");
    CHECK(v.element_places(1).empty());
  }
  SECTION("a bare word is a string: a type error that shows the TOML form") {
    CHECK(list_errors("", {"project.sectors=food,textiles"}) ==
          one("--set:1:17: project.sectors: expected a list of strings, got a string "
              "(\"food,textiles\"); write lists in TOML syntax, quoted for the shell: --set "
              "'project.sectors=[\"food\", \"textiles\"]'"));
    CHECK(list_errors("", {"project.tags = a, b c ,"}) ==
          one("--set:1:16: project.tags: expected a list of strings, got a string (\"a, b c ,\"); "
              "write lists in TOML syntax, quoted for the shell: --set 'project.tags=[\"a\", \"b "
              "c\", \"\"]'"));
    CHECK(list_errors("", {"sectors.textiles.inputs=steel"}) ==
          one("--set:1:25: sectors.textiles.inputs: expected a list of strings, got a string "
              "(\"steel\"); write lists in TOML syntax, quoted for the shell: --set "
              "'sectors.textiles.inputs=[\"steel\"]'"));
    CHECK(list_errors("", {"project.tags="}) ==
          one("--set:1:14: project.tags: expected a list of strings, got a string (\"\"); write "
              "lists in TOML syntax, quoted for the shell: --set 'project.tags=[]'"));
  }
  SECTION("TOML values of the wrong kind, bad elements and repeats, at their columns") {
    CHECK(list_errors("", {"project.tags=\"a\""}) ==
          one("--set:1:14: project.tags: expected a list of strings, got a string (\"a\")"));
    CHECK(list_errors("", {"project.tags=[\"a\", 2]"}) ==
          one("--set:1:20: project.tags: element 2: expected a string, got an integer (2)"));
    CHECK(list_errors("", {"project.sectors=[\"food\",\"toys\"]"}) ==
          one("--set:1:25: project.sectors: element 2 must be one of: auto_components, "
              "textiles, food, got \"toys\""));
    CHECK(list_errors("", {"project.tags=[\"x\",\"x\"]"}) ==
          one("--set:1:19: project.tags: element 2 repeats \"x\""));
  }
}

TEST_CASE("string_lists round-trip exactly through to_toml", "[scenario]") {
  sim::ParamValues values(lists());
  values[0] = Names{"auto_components", "food"};
  values[1] = Names{"",
                    "quote \" and 'single'",
                    "back\\slash \\n not a newline",
                    "newline \n tab \t bell \a del \x7f",
                    "unicode \xC3\xA9 \xE2\x82\xAC \xF0\x9F\x8C\x8D",
                    "[\"looks\", \"like a list\"]",
                    "# not a comment",
                    "trailing space "};
  values[2] = Names{};
  values.instances(0)[0].values[1] = Names{"a,b", "x = y"};
  for (bool with_comments : {true, false}) {
    const std::string text = sim::to_toml(lists(), values, with_comments);
    INFO(text);
    const sim::ParamValues back = sim::parse_scenario(text, "resolved.toml", lists());
    for (std::size_t i = 0; i < values.size(); ++i) CHECK(back[i] == values[i]);
    REQUIRE(back.instances(0).size() == 1);
    CHECK(back.instances(0)[0].values == values.instances(0)[0].values);
  }
  // Set but empty is kept apart from not set.
  values[2] = std::monostate{};
  const auto back = sim::parse_scenario(sim::to_toml(lists(), values), "resolved.toml", lists());
  CHECK(std::holds_alternative<std::monostate>(back[2]));
  CHECK(sim::to_toml(lists(), sim::ParamValues(lists()), false) ==
        "[project]\nsectors = [\"textiles\"]\ntags = []\n"
        "# focus = (not set: every sector)\n\n[sectors.textiles]\nfirms_south = 100\n"
        "inputs = [\"steel\"]\n");
}

namespace {
struct SectorPlan {
  std::string name;
  std::int64_t firms_south = 0;
  Names inputs;
};
struct ProjectPlan {
  Names sectors;
  Names tags;
  std::optional<Names> focus;
  std::vector<SectorPlan> sector_list;
};
}  // namespace

TEST_CASE("a read string_list binds to struct members, in collections too", "[scenario]") {
  sim::Schema<SectorPlan> sector;
  sector.add(sim::integer("firms_south", 100), &SectorPlan::firms_south)
      .add(sim::string_list("inputs", {"steel"}), &SectorPlan::inputs);
  sim::Schema<ProjectPlan> schema;
  schema
      .add(sim::string_list("project.sectors", {}).one_of({"food", "textiles"}),
           &ProjectPlan::sectors)
      .add(sim::string_list("project.tags", {"t"}), &ProjectPlan::tags)
      .add(sim::string_list("project.focus", {}).optional(), &ProjectPlan::focus)
      .add(sim::collection("sectors").defaults({"food"}), sector, &SectorPlan::name,
           &ProjectPlan::sector_list);
  const std::string text = R"(project.sectors = ["textiles", "food"]
project.focus = []
[sectors.textiles]
inputs = ["cotton"]
[sectors.food]
)";
  const ProjectPlan p =
      schema.bind(sim::parse_scenario(text, "t.toml", schema.param_set(), {"project.tags=[]"}));
  CHECK(p.sectors == Names{"textiles", "food"});
  CHECK(p.tags.empty());
  REQUIRE(p.focus.has_value());
  CHECK(p.focus->empty());
  REQUIRE(p.sector_list.size() == 2);
  CHECK(p.sector_list[0].inputs == Names{"cotton"});
  CHECK(p.sector_list[1].name == "food");
  CHECK(p.sector_list[1].inputs == Names{"steel"});
  const ProjectPlan d = schema.bind(sim::parse_scenario("", "t.toml", schema.param_set()));
  CHECK(d.tags == Names{"t"});
  CHECK_FALSE(d.focus.has_value());
}
