#include "sim/params.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "sim/error.hpp"

namespace {

using Catch::Matchers::Contains;

// A small declared schema: root key, nested tables, every type.
std::vector<sim::ParamSpec> schema() {
  return {
      sim::integer("seed", 42).at_least(0).help("Random seed"),
      sim::real("market.growth_per_year", 0.02).range(-1, 1).unit("1/yr").help("Demand growth"),
      sim::real("market.cycle.amplitude", 0.1).range(0, 1).help("Cycle amplitude"),
      sim::string("project.mode", "twin").one_of({"twin", "solo"}).help("Twinning mode"),
      sim::boolean("project.enabled", true).help("Whether the project runs"),
      sim::real("market.price", 1.0).at_least(0).unit("EUR").help("Unit price"),
      sim::real_list("market.shares", {0.5, 0.5}).range(0, 1).help("Segment shares"),
  };
}

}  // namespace

TEST_CASE("types are described for messages", "[params]") {
  CHECK(std::string(sim::describe(sim::ParamType::boolean)) == "a boolean");
  CHECK(std::string(sim::describe(sim::ParamType::integer)) == "an integer");
  CHECK(std::string(sim::describe(sim::ParamType::real)) == "a number");
  CHECK(std::string(sim::describe(sim::ParamType::string)) == "a string");
  CHECK(std::string(sim::describe(sim::ParamType::real_list)) == "a list of numbers");
}

TEST_CASE("the factories declare type and default", "[params]") {
  const sim::ParamSpec r = sim::real("a.b", 0.5).range(0, 1).unit("1/yr").help("h");
  CHECK(r.key == "a.b");
  CHECK(r.type == sim::ParamType::real);
  CHECK(r.default_value == sim::ParamValue(0.5));
  CHECK(r.unit_text == "1/yr");
  CHECK(r.help_text == "h");
  CHECK(sim::integer("n", 3).default_value == sim::ParamValue(std::int64_t{3}));
  CHECK(sim::boolean("f", true).default_value == sim::ParamValue(true));
  CHECK(sim::string("s", "x").default_value == sim::ParamValue(std::string("x")));
  CHECK(sim::real_list("l", {1, 2}).default_value == sim::ParamValue(std::vector<double>{1, 2}));
  CHECK(sim::real("x", 1).unit_text == "1");
  CHECK(sim::boolean("f", true).unit_text.empty());
}

TEST_CASE("range_text describes the valid values", "[params]") {
  CHECK(sim::real("x", 0).range(-1, 1).range_text() == "in [-1, 1]");
  CHECK(sim::real("x", 0).range(0, 0.25).range_text() == "in [0, 0.25]");
  CHECK(sim::real("x", 0).at_least(0).range_text() == ">= 0");
  CHECK(sim::real("x", 0).range(std::nullopt, 1e-3).range_text() == "<= 0.001");
  CHECK(sim::integer("n", 1).range(1, 1e9).range_text() == "in [1, 1000000000]");
  CHECK(sim::real("x", 0).range_text().empty());
  CHECK(sim::string("s", "a").one_of({"a", "b", "c"}).range_text() == "one of: a, b, c");
  CHECK(sim::string("s", "a").range_text().empty());
  CHECK(sim::boolean("b", false).range_text().empty());
  CHECK(sim::real_list("l", {}).range(0, 1).range_text() == "in [0, 1]");
}

TEST_CASE("check tests type and inclusive bounds", "[params]") {
  const sim::ParamSpec r = sim::real("x", 0).range(-1, 1);
  CHECK(r.check(-1.0).empty());
  CHECK(r.check(1.0).empty());
  CHECK(r.check(1.5) == "must be in [-1, 1], got 1.5");
  CHECK(r.check(-1.0000001) == "must be in [-1, 1], got -1.0000001");
  CHECK(r.check(std::nan("")) == "must be in [-1, 1], got nan");
  CHECK(r.check(std::int64_t{1}) == "expected a number, got an integer");
  CHECK(r.check(std::string("1")) == "expected a number, got a string");

  // NaN and infinities are out of range even without bounds.
  const sim::ParamSpec free = sim::real("y", 0);
  CHECK(free.check(-1e308).empty());
  CHECK(free.check(std::numeric_limits<double>::infinity()) == "must be finite, got inf");
  CHECK(free.check(-std::numeric_limits<double>::infinity()) == "must be finite, got -inf");
  CHECK(free.check(std::nan("")) == "must be finite, got nan");

  const sim::ParamSpec n = sim::integer("n", 1).at_least(1);
  CHECK(n.check(std::int64_t{1}).empty());
  CHECK(n.check(std::int64_t{0}) == "must be >= 1, got 0");
  CHECK(n.check(1.0) == "expected an integer, got a number");

  const sim::ParamSpec s = sim::string("s", "a").one_of({"a", "b"});
  CHECK(s.check(std::string("b")).empty());
  CHECK(s.check(std::string("c")) == "must be one of: a, b, got \"c\"");
  CHECK(sim::string("t", "").check(std::string("anything")).empty());

  CHECK(sim::boolean("b", true).check(false).empty());
  CHECK(sim::boolean("b", true).check(std::int64_t{0}) == "expected a boolean, got an integer");

  const sim::ParamSpec l = sim::real_list("l", {}).range(0, 1);
  CHECK(l.check(std::vector<double>{0, 0.5, 1}).empty());
  CHECK(l.check(std::vector<double>{}).empty());
  CHECK(l.check(std::vector<double>{0.5, 2, -1}) ==
        "element 2 must be in [0, 1], got 2; element 3 must be in [0, 1], got -1");
  CHECK(l.check(0.5) == "expected a list of numbers, got a number");
}

TEST_CASE("format_number prints numbers for messages", "[params]") {
  CHECK(sim::format_number(3) == "3");
  CHECK(sim::format_number(-1) == "-1");
  CHECK(sim::format_number(0.1) == "0.1");
  CHECK(sim::format_number(1e9) == "1000000000");
  CHECK(sim::format_number(1e-300) == "1e-300");
  CHECK(sim::format_number(std::nan("")) == "nan");
}

TEST_CASE("to_toml writes one value as TOML, reals always as floats", "[params]") {
  CHECK(sim::to_toml(true) == "true");
  CHECK(sim::to_toml(false) == "false");
  CHECK(sim::to_toml(std::int64_t{-42}) == "-42");
  CHECK(sim::to_toml(1.0) == "1.0");
  CHECK(sim::to_toml(0.5) == "0.5");
  CHECK(sim::to_toml(0.1) == "0.1");
  CHECK(sim::to_toml(-0.0) == "-0.0");
  CHECK(sim::to_toml(1e9) == "1000000000.0");
  CHECK(sim::to_toml(1e-300) == "1e-300");
  CHECK(sim::to_toml(1e300) == "1e+300");
  CHECK(sim::to_toml(1.0 / 3.0) == "0.3333333333333333");
  CHECK(sim::to_toml(std::numeric_limits<double>::infinity()) == "inf");
  CHECK(sim::to_toml(-std::numeric_limits<double>::infinity()) == "-inf");
  CHECK(sim::to_toml(std::nan("")) == "nan");
  CHECK(sim::to_toml(std::string("a \"b\" \\ c\n")) == "\"a \\\"b\\\" \\\\ c\\n\"");
  CHECK(sim::to_toml(std::string("\x01")) == "\"\\u0001\"");
  CHECK(sim::to_toml(std::vector<double>{1, 0.25}) == "[1.0, 0.25]");
  CHECK(sim::to_toml(std::vector<double>{}) == "[]");
}

TEST_CASE("ParamValues holds the defaults in declaration order", "[params]") {
  const auto specs = schema();
  const sim::ParamValues values(specs);
  REQUIRE(values.size() == specs.size());
  for (std::size_t i = 0; i < specs.size(); ++i) CHECK(values[i] == specs[i].default_value);
  CHECK(sim::find_param(specs, "market.cycle.amplitude") == std::optional<std::size_t>(2));
  CHECK(sim::find_param(specs, "seed") == std::optional<std::size_t>(0));
  CHECK_FALSE(sim::find_param(specs, "market.cycle").has_value());
  CHECK_FALSE(sim::find_param(specs, "nope").has_value());
}

TEST_CASE("nearest_key suggests close declared keys only", "[params]") {
  const auto specs = schema();
  CHECK(sim::nearest_key(specs, "market.growth_per_yer") == "market.growth_per_year");
  CHECK(sim::nearest_key(specs, "markt.growth_per_year") == "market.growth_per_year");
  CHECK(sim::nearest_key(specs, "Market.Growth_Per_Year") == "market.growth_per_year");
  CHECK(sim::nearest_key(specs, "sed") == "seed");
  // The right name in the wrong table: matched on the last component.
  CHECK(sim::nearest_key(specs, "growth_per_year") == "market.growth_per_year");
  CHECK(sim::nearest_key(specs, "project.amplitud") == "market.cycle.amplitude");
  // Nothing close.
  CHECK(sim::nearest_key(specs, "volatility").empty());
  CHECK(sim::nearest_key(specs, "market.volatility").empty());
  CHECK(sim::nearest_key(specs, "xy").empty());
  CHECK(sim::nearest_key(specs, "").empty());
  // A whole-key match beats a last-component match; ties go to the first declared.
  const std::vector<sim::ParamSpec> two = {sim::real("a.rate", 0), sim::real("b.rate", 0),
                                           sim::real("c.rats", 0)};
  CHECK(sim::nearest_key(two, "c.rat") == "c.rats");
  CHECK(sim::nearest_key(two, "z.rate") == "a.rate");
  CHECK(sim::nearest_name({"market", "market.cycle"}, "market.cycl") == "market.cycle");
}

TEST_CASE("to_toml writes a resolved scenario grouped into tables", "[params]") {
  const auto specs = schema();
  sim::ParamValues values(specs);
  values[1] = 0.25;
  const std::string expected = R"(# Random seed [1] (>= 0)
seed = 42

[market]
# Demand growth [1/yr] (in [-1, 1])
growth_per_year = 0.25
# Unit price [EUR] (>= 0)
price = 1.0
# Segment shares [1] (in [0, 1])
shares = [0.5, 0.5]

[market.cycle]
# Cycle amplitude [1] (in [0, 1])
amplitude = 0.1

[project]
# Twinning mode (one of: twin, solo)
mode = "twin"
# Whether the project runs
enabled = true
)";
  CHECK(sim::to_toml(specs, values) == expected);
  CHECK(sim::to_toml(specs, values, false) ==
        "seed = 42\n\n[market]\ngrowth_per_year = 0.25\nprice = 1.0\nshares = [0.5, 0.5]\n\n"
        "[market.cycle]\namplitude = 0.1\n\n[project]\nmode = \"twin\"\nenabled = true\n");
  // A parent table comes before its subtables even when a subtable key is declared first.
  const std::vector<sim::ParamSpec> nested = {sim::real("a.b.x", 1), sim::real("a.y", 2),
                                              sim::real("z", 3), sim::real("odd key.w", 4)};
  CHECK(sim::to_toml(nested, sim::ParamValues(nested), false) ==
        "z = 3.0\n\n[a]\ny = 2.0\n\n[a.b]\nx = 1.0\n\n[\"odd key\"]\nw = 4.0\n");
  CHECK_THROWS_AS(sim::to_toml(specs, sim::ParamValues{}), std::invalid_argument);
}

TEST_CASE("to_markdown documents every parameter by top-level table", "[params]") {
  const auto specs = schema();
  const std::string md = sim::to_markdown(specs);
  for (const auto& spec : specs) CHECK_THAT(md, Contains("| `" + spec.key + "` |"));
  CHECK_THAT(md, Contains("### Top level\n"));
  CHECK_THAT(md, Contains("### [market]\n"));
  CHECK_THAT(md, Contains("### [project]\n"));
  CHECK_THAT(md, Contains("| Key | Meaning | Unit | Default | Valid values |\n"));
  CHECK_THAT(md, Contains("| `market.growth_per_year` | Demand growth | 1/yr | `0.02` | "
                          "in [-1, 1] |\n"));
  CHECK_THAT(md,
             Contains("| `market.shares` | Segment shares | 1 | `[0.5, 0.5]` | each in [0, 1] |"));
  CHECK_THAT(md, Contains("| `project.enabled` | Whether the project runs |  | `true` | true or "
                          "false |"));
  // market.cycle.amplitude is documented under [market], before [project].
  CHECK(md.find("market.cycle.amplitude") < md.find("### [project]"));
  CHECK(md.find("### [market]") < md.find("market.cycle.amplitude"));
  const std::vector<sim::ParamSpec> piped = {sim::real("x", 0).help("a | b")};
  CHECK_THAT(sim::to_markdown(piped), Contains("| a \\| b |"));
}

TEST_CASE("Diagnostic::to_string and InputError::what format every problem", "[params]") {
  CHECK(sim::Diagnostic{"s.toml", 41, 7, "project.budget_eur", "must be >= 0, got -3000000"}
            .to_string() == "s.toml:41:7: project.budget_eur: must be >= 0, got -3000000");
  CHECK(sim::Diagnostic{"s.toml", 41, 0, "k", "m"}.to_string() == "s.toml:41: k: m");
  CHECK(sim::Diagnostic{"s.toml", 0, 0, "k", "m"}.to_string() == "s.toml: k: m");
  CHECK(sim::Diagnostic{"s.toml", 0, 0, "", "m"}.to_string() == "s.toml: m");
  CHECK(sim::Diagnostic{"", 0, 0, "k", "m"}.to_string() == "k: m");
  CHECK(sim::Diagnostic{"", 0, 0, "", "m"}.to_string() == "m");

  const sim::InputError error(
      std::vector<sim::Diagnostic>{{"a.toml", 1, 2, "x", "bad"}, {"--set", 1, 3, "y", "worse"}});
  CHECK(std::string(error.what()) == "a.toml:1:2: x: bad\n--set:1:3: y: worse");
  CHECK(error.diagnostics().size() == 2);
  const sim::InputError plain("no scenario given");
  CHECK(std::string(plain.what()) == "no scenario given");
  REQUIRE(plain.diagnostics().size() == 1);
  CHECK(plain.diagnostics()[0].message == "no scenario given");
}

namespace {
struct Market {
  double growth = 0;
};
struct Params {
  std::int64_t seed = 0;
  int count = 0;
  Market market;
};
}  // namespace

TEST_CASE("a Schema binds declared values to struct fields", "[params]") {
  sim::Schema<Params> schema_of;
  schema_of.add(sim::integer("seed", 5), &Params::seed)
      .add(sim::integer("count", 7), &Params::count)
      .add(sim::real("market.growth", 0.5), &Params::market, &Market::growth);
  sim::ParamValues values(schema_of.specs());
  values[1] = std::int64_t{9};
  const Params p = schema_of.bind(values);
  CHECK(p.seed == 5);
  CHECK(p.count == 9);
  CHECK(p.market.growth == 0.5);
}

TEST_CASE("an optional parameter is not set by default and accepts no value", "[params]") {
  const sim::ParamSpec o =
      sim::real("market.floor", 3).range(0, 1).optional("no floor").help("Demand floor");
  CHECK(o.is_optional);
  CHECK(o.unset_text == "no floor");
  CHECK(std::holds_alternative<std::monostate>(o.default_value));
  CHECK(o.check(std::monostate{}).empty());
  CHECK(o.check(0.5).empty());
  CHECK(o.check(2.0) == "must be in [0, 1], got 2");
  CHECK(o.check(std::int64_t{1}) == "expected a number, got an integer");
  // Only an optional parameter may be unset.
  CHECK(sim::real("x", 0).check(std::monostate{}) == "expected a number, got no value");
  CHECK(sim::string("s", "").check(std::monostate{}) == "expected a string, got no value");
  CHECK(sim::to_toml(sim::ParamValue(std::monostate{})).empty());
  // The existing alternatives keep their indices.
  CHECK(sim::ParamValue(true).index() == 0);
  CHECK(sim::ParamValue(std::vector<double>{}).index() == 4);
}

namespace {

sim::ParamSet with_sectors() {
  sim::ParamSet set;
  set.params = {
      sim::integer("seed", 42).at_least(0).help("Random seed"),
      sim::real("market.growth_per_year", 0.02).range(-1, 1).unit("1/yr").help("Demand growth"),
      sim::real("market.floor", 0).at_least(0).help("Demand floor").optional(),
  };
  set.collections.push_back(
      sim::collection("sectors",
                      {sim::integer("firms_south", 100).range(1, 100000).help("Firms in the south"),
                       sim::real("growth_per_year", 0)
                           .range(-1, 1)
                           .unit("1/yr")
                           .help("Sector demand growth")
                           .optional("inherits market.growth_per_year")})
          .help("Sectors of the market")
          .defaults({"manufacturing", "services"})
          .count(1, 20));
  return set;
}

}  // namespace

TEST_CASE("a collection declares named instances of a table of fields", "[params]") {
  const sim::ParamSet set = with_sectors();
  const sim::CollectionSpec& c = set.collections[0];
  CHECK(c.prefix == "sectors");
  CHECK(c.table_pattern() == "[sectors.NAME]");
  CHECK(c.count_text() == "at least 1, at most 20");
  CHECK(sim::collection("x").count_text().empty());
  CHECK(sim::collection("x").count(0, 2).count_text() == "at most 2");
  CHECK(sim::collection("x").count(2, static_cast<std::size_t>(-1)).count_text() == "at least 2");

  CHECK(sim::valid_instance_name("textiles"));
  CHECK(sim::valid_instance_name("auto_components2"));
  CHECK_FALSE(sim::valid_instance_name(""));
  CHECK_FALSE(sim::valid_instance_name("Textiles"));
  CHECK_FALSE(sim::valid_instance_name("2nd"));
  CHECK_FALSE(sim::valid_instance_name("_x"));
  CHECK_FALSE(sim::valid_instance_name("auto-parts"));

  const sim::ParamValues values(set);
  REQUIRE(values.size() == 3);
  CHECK(std::holds_alternative<std::monostate>(values[2]));
  REQUIRE(values.collection_count() == 1);
  REQUIRE(values.instances(0).size() == 2);
  CHECK(values.instances(0)[1].name == "services");
  CHECK(values.instances(0)[1].values ==
        std::vector<sim::ParamValue>{std::int64_t{100}, std::monostate{}});
  CHECK(values.instances(0)[1].places.size() == 2);
  CHECK(values.find_instance(0, "services") == &values.instances(0)[1]);
  CHECK(values.find_instance(0, "service") == nullptr);
  CHECK(sim::find_collection(set, "sectors") == std::optional<std::size_t>(0));
  CHECK_FALSE(sim::find_collection(set, "sector").has_value());
  CHECK(sim::find_param(set, "market.floor") == std::optional<std::size_t>(2));
  CHECK(sim::ParamValues(set.params).collection_count() == 0);

  // Hints cover the collections' fields.
  CHECK(sim::nearest_key(set, "firm_south") == "sectors.NAME.firms_south");
  CHECK(sim::nearest_key(set, "market.growth_per_yer") == "market.growth_per_year");
}

TEST_CASE("to_toml writes instances as tables and unset values as comments", "[params]") {
  const sim::ParamSet set = with_sectors();
  sim::ParamValues values(set);
  values.instances(0)[1].values[1] = -0.05;
  const std::string expected = R"(# Random seed [1] (>= 0)
seed = 42

[market]
# Demand growth [1/yr] (in [-1, 1])
growth_per_year = 0.02
# Demand floor [1] (>= 0)
# floor = (not set)

# Sectors of the market (tables [sectors.NAME]; at least 1, at most 20)
[sectors.manufacturing]
# Firms in the south [1] (in [1, 100000])
firms_south = 100
# Sector demand growth [1/yr] (in [-1, 1])
# growth_per_year = (not set: inherits market.growth_per_year)

[sectors.services]
# Firms in the south [1] (in [1, 100000])
firms_south = 100
# Sector demand growth [1/yr] (in [-1, 1])
growth_per_year = -0.05
)";
  CHECK(sim::to_toml(set, values) == expected);
  CHECK(sim::to_toml(set, values, false) ==
        "seed = 42\n\n[market]\ngrowth_per_year = 0.02\n# floor = (not set)\n\n"
        "[sectors.manufacturing]\nfirms_south = 100\n"
        "# growth_per_year = (not set: inherits market.growth_per_year)\n\n"
        "[sectors.services]\nfirms_south = 100\ngrowth_per_year = -0.05\n");

  // An empty collection is written as its table alone.
  values.instances(0).clear();
  CHECK(sim::to_toml(set, values, false) ==
        "seed = 42\n\n[market]\ngrowth_per_year = 0.02\n# floor = (not set)\n\n[sectors]\n");

  // Values that do not match the declarations.
  CHECK_THROWS_AS(sim::to_toml(set.params, sim::ParamValues(set)), std::invalid_argument);
  sim::ParamValues short_instance(set);
  short_instance.instances(0)[0].values.pop_back();
  CHECK_THROWS_AS(sim::to_toml(set, short_instance), std::invalid_argument);
}

TEST_CASE("to_markdown documents each collection and marks optional values", "[params]") {
  const std::string md = sim::to_markdown(with_sectors());
  CHECK_THAT(md, Contains("### [market]\n"));
  CHECK_THAT(md, Contains("| `market.floor` | Demand floor | 1 | optional; not set by default | "
                          ">= 0 |\n"));
  CHECK_THAT(md,
             Contains("\n### [sectors.NAME]\n\nSectors of the market. One table "
                      "`[sectors.NAME]` per instance; NAME is made of lowercase letters, "
                      "digits and `_`, and starts with a letter (at least 1, at most 20). A "
                      "scenario that declares none has `[sectors.manufacturing]`, "
                      "`[sectors.services]`, with the defaults below.\n\n"
                      "| Key | Meaning | Unit | Default | Valid values |\n|---|---|---|---|---|\n"
                      "| `sectors.NAME.firms_south` | Firms in the south | 1 | `100` | in [1, "
                      "100000] |\n"
                      "| `sectors.NAME.growth_per_year` | Sector demand growth | 1/yr | "
                      "optional; not set by default (inherits market.growth_per_year) | in "
                      "[-1, 1] |\n"));
  CHECK(md.find("### [market]") < md.find("### [sectors.NAME]"));
  // Without collections, the ParamSet and vector forms agree.
  CHECK(sim::to_markdown(sim::ParamSet{schema(), {}}) == sim::to_markdown(schema()));
}

namespace {
struct Sector {
  std::string name;
  std::int64_t firms_south = 0;
  int rank = 0;
  std::optional<double> growth;
  std::optional<std::int64_t> cap;
};
struct Economy {
  std::int64_t seed = 0;
  std::optional<double> floor;
  std::vector<Sector> sectors;
};
}  // namespace

TEST_CASE("a Schema binds collections to vectors and optionals to std::optional", "[params]") {
  sim::Schema<Sector> sector;
  sector.add(sim::integer("firms_south", 100), &Sector::firms_south)
      .add(sim::integer("rank", 1), &Sector::rank)
      .add(sim::real("growth_per_year", 0).optional(), &Sector::growth)
      .add(sim::integer("cap", 0).optional(), &Sector::cap);
  sim::Schema<Economy> economy;
  economy.add(sim::integer("seed", 5), &Economy::seed)
      .add(sim::real("market.floor", 0).optional(), &Economy::floor)
      .add(sim::collection("sectors").defaults({"manufacturing"}).count(1, 5), sector,
           &Sector::name, &Economy::sectors);

  const sim::ParamSet& set = economy.param_set();
  CHECK(economy.specs().size() == 2);
  REQUIRE(set.collections.size() == 1);
  REQUIRE(set.collections[0].fields.size() == 4);
  CHECK(set.collections[0].fields[0].key == "firms_south");

  SECTION("defaults") {
    const Economy e = economy.bind(sim::ParamValues(set));
    CHECK(e.seed == 5);
    CHECK_FALSE(e.floor.has_value());
    REQUIRE(e.sectors.size() == 1);
    CHECK(e.sectors[0].name == "manufacturing");
    CHECK(e.sectors[0].firms_south == 100);
    CHECK(e.sectors[0].rank == 1);
    CHECK_FALSE(e.sectors[0].growth.has_value());
    CHECK_FALSE(e.sectors[0].cap.has_value());
  }
  SECTION("set values, in order") {
    sim::ParamValues values(set);
    values[1] = 0.5;
    auto& instances = values.instances(0);
    instances[0].name = "textiles";
    instances[0].values[2] = -0.05;
    instances.push_back(instances[0]);
    instances[1].name = "auto_components";
    instances[1].values[0] = std::int64_t{3000};
    instances[1].values[1] = std::int64_t{2};
    instances[1].values[2] = std::monostate{};
    instances[1].values[3] = std::int64_t{7};
    const Economy e = economy.bind(values);
    REQUIRE(e.floor.has_value());
    CHECK(*e.floor == 0.5);
    REQUIRE(e.sectors.size() == 2);
    CHECK(e.sectors[0].name == "textiles");
    CHECK(e.sectors[0].growth == std::optional<double>(-0.05));
    CHECK(e.sectors[1].name == "auto_components");
    CHECK(e.sectors[1].firms_south == 3000);
    CHECK(e.sectors[1].rank == 2);
    CHECK_FALSE(e.sectors[1].growth.has_value());
    CHECK(e.sectors[1].cap == std::optional<std::int64_t>(7));
  }
  SECTION("mistakes in the declaration or the values") {
    // Values read without the collections do not fit.
    CHECK_THROWS_AS(economy.bind(sim::ParamValues(economy.specs())), std::invalid_argument);
    sim::Schema<Economy> wrong;
    CHECK_THROWS_AS(wrong.add(sim::integer("seed", 0).optional(), &Economy::seed),
                    std::invalid_argument);
    CHECK_THROWS_AS(wrong.add(sim::collection("s", {sim::real("x", 0)}), sector, &Sector::name,
                              &Economy::sectors),
                    std::invalid_argument);
  }
}

// string_list: a set of names, e.g. the sectors a project works in.

TEST_CASE("a string_list declares a set of names", "[params]") {
  const sim::ParamSpec l = sim::string_list("project.sectors", {"auto_components", "textiles"})
                               .one_of({"auto_components", "textiles", "food"})
                               .help("Sectors of the project");
  CHECK(std::string(sim::describe(sim::ParamType::string_list)) == "a list of strings");
  CHECK(l.type == sim::ParamType::string_list);
  CHECK(l.default_value ==
        sim::ParamValue(std::vector<std::string>{"auto_components", "textiles"}));
  CHECK(l.unit_text.empty());
  CHECK(l.range_text() == "one of: auto_components, textiles, food");
  CHECK(sim::string_list("s", {}).range_text().empty());
  // Names have no numeric range: rejected at declaration.
  CHECK_THROWS_AS(sim::string_list("s", {}).range(0, 1), std::invalid_argument);
  CHECK_THROWS_AS(sim::string_list("s", {}).at_least(0), std::invalid_argument);
  // Appended last: the existing alternatives keep their indices.
  CHECK(sim::ParamValue(std::monostate{}).index() == 5);
  CHECK(sim::ParamValue(std::vector<std::string>{}).index() == 6);
  CHECK(sim::ParamValue(std::string("x")).index() == 3);
}

TEST_CASE("check tests each element of a string_list and rejects repeats", "[params]") {
  const sim::ParamSpec l = sim::string_list("s", {}).one_of({"a", "b"});
  using Names = std::vector<std::string>;
  CHECK(l.check(Names{}).empty());
  CHECK(l.check(Names{"b", "a"}).empty());
  CHECK(l.check(Names{"a", "c"}) == "element 2 must be one of: a, b, got \"c\"");
  CHECK(l.check(Names{"a", "b", "a"}) == "element 3 repeats \"a\"");
  CHECK(l.check(Names{"c", "a", "a", "d"}) ==
        "element 1 must be one of: a, b, got \"c\"; element 3 repeats \"a\"; element 4 must be "
        "one of: a, b, got \"d\"");
  const sim::ParamSpec free = sim::string_list("s", {});
  CHECK(free.check(Names{"", "x y", "\xC3\xA9"}).empty());
  CHECK(free.check(Names{"x", "y", "x", "x"}) ==
        "element 3 repeats \"x\"; element 4 repeats \"x\"");
  CHECK(free.check(Names{"\"q\"", "\"q\""}) == "element 2 repeats \"\\\"q\\\"\"");
  // Types.
  CHECK(free.check(std::string("x")) == "expected a list of strings, got a string");
  CHECK(free.check(std::vector<double>{1}) == "expected a list of strings, got a list of numbers");
  CHECK(sim::real_list("r", {}).check(Names{}) ==
        "expected a list of numbers, got a list of strings");
  CHECK(free.check(std::monostate{}) == "expected a list of strings, got no value");
  CHECK(sim::string_list("s", {"a"}).optional().check(std::monostate{}).empty());
}

TEST_CASE("to_toml writes a string_list with every string escaped", "[params]") {
  using Names = std::vector<std::string>;
  CHECK(sim::to_toml(Names{"a", "b"}) == "[\"a\", \"b\"]");
  CHECK(sim::to_toml(Names{}) == "[]");
  CHECK(sim::to_toml(Names{""}) == "[\"\"]");
  CHECK(sim::to_toml(Names{"say \"hi\"", "back\\slash", "tab\t", "\x7f", "\xC3\xA9"}) ==
        "[\"say \\\"hi\\\"\", \"back\\\\slash\", \"tab\\t\", \"\\u007F\", \"\xC3\xA9\"]");

  const std::vector<sim::ParamSpec> specs = {
      sim::string_list("project.sectors", {"textiles"})
          .one_of({"textiles", "food"})
          .help("Sectors"),
      sim::string_list("project.tags", {}).help("Free tags")};
  CHECK(sim::to_toml(specs, sim::ParamValues(specs)) ==
        "[project]\n# Sectors (one of: textiles, food)\nsectors = [\"textiles\"]\n"
        "# Free tags\ntags = []\n");
}

TEST_CASE("to_markdown documents a string_list's default, choices and set rule", "[params]") {
  const std::vector<sim::ParamSpec> specs = {
      sim::string_list("project.sectors", {"a", "b"}).one_of({"a", "b", "c"}).help("Sectors"),
      sim::string_list("project.tags", {}).help("Tags"),
      sim::string_list("project.only", {}).optional("all sectors").help("Only these"),
  };
  const std::string md = sim::to_markdown(specs);
  CHECK_THAT(md, Contains("| `project.sectors` | Sectors |  | `[\"a\", \"b\"]` | each one of: a, "
                          "b, c; without repeats |\n"));
  CHECK_THAT(md, Contains("| `project.tags` | Tags |  | `[]` | any, without repeats |\n"));
  CHECK_THAT(md, Contains("| `project.only` | Only these |  | optional; not set by default (all "
                          "sectors) | any, without repeats |\n"));
}

namespace {
struct Unit {
  std::string name;
  std::vector<std::string> inputs;
  std::optional<std::vector<std::string>> only;
};
struct Plan {
  std::vector<std::string> sectors;
  std::optional<std::vector<std::string>> focus;
  std::vector<Unit> units;
};
}  // namespace

TEST_CASE("a Schema binds string_lists to vectors of strings, optional or not", "[params]") {
  sim::Schema<Unit> unit;
  unit.add(sim::string_list("inputs", {"steel"}), &Unit::inputs)
      .add(sim::string_list("only", {}).optional(), &Unit::only);
  sim::Schema<Plan> plan;
  plan.add(sim::string_list("project.sectors", {"a", "b"}), &Plan::sectors)
      .add(sim::string_list("project.focus", {}).optional(), &Plan::focus)
      .add(sim::collection("units").defaults({"one"}), unit, &Unit::name, &Plan::units);

  const Plan defaults = plan.bind(sim::ParamValues(plan.param_set()));
  CHECK(defaults.sectors == std::vector<std::string>{"a", "b"});
  CHECK_FALSE(defaults.focus.has_value());
  REQUIRE(defaults.units.size() == 1);
  CHECK(defaults.units[0].inputs == std::vector<std::string>{"steel"});
  CHECK_FALSE(defaults.units[0].only.has_value());

  sim::ParamValues values(plan.param_set());
  values[0] = std::vector<std::string>{};
  values[1] = std::vector<std::string>{"x"};
  values.instances(0)[0].values = {std::vector<std::string>{"cotton", "dye"},
                                   std::vector<std::string>{}};
  const Plan p = plan.bind(values);
  CHECK(p.sectors.empty());
  CHECK(p.focus == std::optional<std::vector<std::string>>(std::vector<std::string>{"x"}));
  CHECK(p.units[0].inputs == std::vector<std::string>{"cotton", "dye"});
  // Set but empty is not the same as not set.
  REQUIRE(p.units[0].only.has_value());
  CHECK(p.units[0].only->empty());

  sim::Schema<Plan> wrong;
  CHECK_THROWS_AS(wrong.add(sim::string_list("s", {}).optional(), &Plan::sectors),
                  std::invalid_argument);
}
