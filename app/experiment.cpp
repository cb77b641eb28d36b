#include "app/experiment.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "app/commands.hpp"
#include "sim/error.hpp"
#include "sim/scenario.hpp"

namespace twinsim::app {

const sim::ParamSet& experiment_set() {
  static const sim::ParamSet set = [] {
    sim::ParamSet s;
    s.params = {
        sim::string("base", "")
            .help("The scenario every run starts from, relative to the experiment file"),
        sim::string("design", "grid")
            .one_of({"grid", "random", "lhs", "sobol", "saltelli", "morris"})
            .help("grid: every combination of the levels; random: Monte Carlo; lhs: Latin "
                  "hypercube; sobol: Sobol quasi-random points; saltelli: Saltelli's scheme for "
                  "Sobol indices; morris: Morris trajectories (elementary effects)"),
        sim::integer("morris_levels", 4)
            .range(2, 1000)
            .help("Levels of each parameter's grid in a morris design (even)"),
        sim::integer("samples", 0)
            .range(0, 100000000)
            .help("Design points of a random or lhs design"),
        sim::integer("replicates", 1)
            .range(1, 1000000)
            .help("Runs per design point; replicate r of every point uses seed + r"),
        sim::integer("seed", 1)
            .range(0, 9007199254740992.0)
            .help("Base seed of the runs, and the seed of a sampled design"),
        sim::string("record", "timeseries")
            .one_of({"timeseries", "summary"})
            .help("timeseries: every metric every month; summary: only each run's last month"),
    };
    s.collections = {
        sim::collection("vary", {sim::string("key", "").help("The scenario key this varies"),
                                 sim::real_list("levels", {}).help("Levels of a grid design"),
                                 sim::real("min", 0).optional().help("Lower end, sampled designs"),
                                 sim::real("max", 0).optional().help("Upper end, sampled designs")})
            .help("One table per varied parameter: [vary.NAME], NAME naming it in the output")
            .count(1, 1000),
    };
    return s;
  }();
  return set;
}

namespace {

template <class T>
T get(const sim::ParamValues& v, const std::string& key) {
  return std::get<T>(v[*sim::find_param(experiment_set(), key)]);
}

sim::Diagnostic at(const sim::SourcePlace& p, std::string key, std::string message) {
  return {p.file, p.line, p.column, std::move(key), std::move(message)};
}

// The declaration of scenario key `key` (top level, or a field of a sector of the base scenario).
const sim::ParamSpec* scenario_spec(const std::string& key, const sim::ParamValues& base,
                                    std::string& problem) {
  const sim::ParamSet& set = schema().param_set();
  if (const auto i = sim::find_param(set, key)) return &set.params[*i];
  for (std::size_t c = 0; c < set.collections.size(); ++c) {
    const sim::CollectionSpec& col = set.collections[c];
    const std::string prefix = col.prefix + ".";
    if (key.rfind(prefix, 0) != 0) continue;
    const std::string rest = key.substr(prefix.size());
    const auto dot = rest.find('.');
    if (dot == std::string::npos) break;
    const std::string instance = rest.substr(0, dot), field = rest.substr(dot + 1);
    for (const sim::ParamSpec& f : col.fields) {
      if (f.key != field) continue;
      if (!base.find_instance(c, instance)) {
        problem = "the base scenario has no " + col.prefix + " '" + instance + "'";
        return nullptr;
      }
      return &f;
    }
  }
  const std::string near = sim::nearest_key(set, key);
  problem = "not a scenario key" + (near.empty() ? "" : "; did you mean '" + near + "'?");
  return nullptr;
}

}  // namespace

Experiment load_experiment(const std::filesystem::path& path) {
  const sim::ParamSet& set = experiment_set();
  const sim::ParamValues v = sim::load_scenario(path, set);
  Experiment e;
  e.name = path.stem().string();
  {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    e.text = text.str();
  }
  std::vector<sim::Diagnostic> problems;
  const std::string base = get<std::string>(v, "base");
  const auto base_place = v.place(*sim::find_param(set, "base"));
  if (base.empty()) {
    problems.push_back(
        at({path.string(), 0, 0}, "base", "missing: the scenario file every run starts from"));
    throw sim::InputError(std::move(problems));
  }
  e.base = path.parent_path() / base;
  if (!std::filesystem::exists(e.base)) {
    problems.push_back(at(base_place, "base", "no such file: " + e.base.string()));
    throw sim::InputError(std::move(problems));
  }
  const LoadedScenario loaded = load_input(e.base, {});
  e.base_toml = sim::to_toml(schema().param_set(), loaded.values);

  e.design_name = get<std::string>(v, "design");
  e.design = e.design_name == "grid"       ? sim::DesignKind::grid
             : e.design_name == "random"   ? sim::DesignKind::random
             : e.design_name == "lhs"      ? sim::DesignKind::lhs
             : e.design_name == "sobol"    ? sim::DesignKind::sobol
             : e.design_name == "saltelli" ? sim::DesignKind::saltelli
                                           : sim::DesignKind::morris;
  e.morris_levels = static_cast<std::size_t>(get<std::int64_t>(v, "morris_levels"));
  if (e.design == sim::DesignKind::morris && e.morris_levels % 2 != 0)
    problems.push_back(at(v.place(*sim::find_param(set, "morris_levels")), "morris_levels",
                          "must be even (the moves of a trajectory are half the levels)"));
  e.samples = static_cast<std::size_t>(get<std::int64_t>(v, "samples"));
  e.replicates = static_cast<std::size_t>(get<std::int64_t>(v, "replicates"));
  e.seed = static_cast<std::uint64_t>(get<std::int64_t>(v, "seed"));
  e.summary_only = get<std::string>(v, "record") == "summary";
  const bool grid = e.design == sim::DesignKind::grid;
  if (!grid && e.samples == 0)
    problems.push_back(at(v.place(*sim::find_param(set, "samples")), "samples",
                          "a " + e.design_name + " design needs samples >= 1"));

  const std::size_t c = *sim::find_collection(set, "vary");
  if (v.instances(c).empty())
    problems.push_back(at({path.string(), 0, 0}, "vary",
                          "missing: at least one [vary.NAME] table with the key to vary"));
  for (const sim::Instance& inst : v.instances(c)) {
    const std::string table = "vary." + inst.name;
    const auto& key = std::get<std::string>(inst.values[0]);
    const auto& levels = std::get<std::vector<double>>(inst.values[1]);
    const bool has_min = !std::holds_alternative<std::monostate>(inst.values[2]);
    const bool has_max = !std::holds_alternative<std::monostate>(inst.values[3]);
    std::string problem;
    const sim::ParamSpec* spec = key.empty() ? nullptr : scenario_spec(key, loaded.values, problem);
    if (key.empty())
      problem = "missing: the scenario key to vary, e.g. key = \"market.growth_per_year\"";
    if (!spec) {
      problems.push_back(at(key.empty() ? inst.place : inst.places[0], table + ".key", problem));
      continue;
    }
    if (spec->type != sim::ParamType::real && spec->type != sim::ParamType::integer) {
      problems.push_back(at(inst.places[0], table + ".key",
                            key + " is " + sim::describe(spec->type) + "; only numbers can vary"));
      continue;
    }
    const bool integer = spec->type == sim::ParamType::integer;
    // A value of the design, checked against the scenario parameter's type and range.
    auto check = [&](double x, const sim::SourcePlace& place, const std::string& what) {
      if (integer && x != std::round(x)) {
        problems.push_back(
            at(place, table + "." + what, key + " is an integer; got " + sim::format_number(x)));
        return;
      }
      const sim::ParamValue value =
          integer ? sim::ParamValue(static_cast<std::int64_t>(x)) : sim::ParamValue(x);
      const std::string bad = spec->check(value);
      if (!bad.empty())
        problems.push_back(at(place, table + "." + what, "for " + key + ": " + bad));
    };
    sim::Factor f;
    f.name = inst.name;
    f.integer = integer;
    if (grid) {
      if (levels.empty())
        problems.push_back(at(inst.place, table + ".levels", "a grid design needs levels = [...]"));
      if (has_min || has_max)
        problems.push_back(at(inst.places[has_min ? 2 : 3], table + (has_min ? ".min" : ".max"),
                              "a grid design takes levels, not min and max"));
      const auto& places =
          inst.element_places.size() > 1 ? inst.element_places[1] : std::vector<sim::SourcePlace>{};
      for (std::size_t i = 0; i < levels.size(); ++i)
        check(levels[i], i < places.size() ? places[i] : inst.places[1], "levels");
      f.levels = levels;
    } else {
      if (!levels.empty())
        problems.push_back(at(inst.places[1], table + ".levels",
                              "a " + e.design_name + " design takes min and max, not levels"));
      if (!has_min || !has_max) {
        problems.push_back(
            at(inst.place, table, "a " + e.design_name + " design needs min and max"));
      } else {
        f.min = std::get<double>(inst.values[2]);
        f.max = std::get<double>(inst.values[3]);
        check(f.min, inst.places[2], "min");
        check(f.max, inst.places[3], "max");
        if (!(f.min < f.max))
          problems.push_back(at(inst.places[3], table + ".max",
                                "must be greater than min (" + sim::format_number(f.min) + ")"));
      }
    }
    e.varied.push_back({inst.name, key, integer});
    e.factors.push_back(f);
  }
  // The design and each point's scenario are held in memory for the whole sweep (its results
  // are not: they go to the file as runs finish): refuse what cannot fit.
  constexpr double kMaxRuns = 1e7;
  double points = grid ? 1.0 : static_cast<double>(e.samples);
  if (e.design == sim::DesignKind::saltelli)
    points *= static_cast<double>(e.factors.size() + 2);  // A, B and one AB_i per factor
  if (e.design == sim::DesignKind::morris)
    points *= static_cast<double>(e.factors.size() + 1);  // a trajectory moves each once
  if (grid)
    for (const sim::Factor& f : e.factors)
      points *= static_cast<double>(std::max<std::size_t>(1, f.levels.size()));
  if (points * static_cast<double>(e.replicates) > kMaxRuns)
    problems.push_back(at({path.string(), 0, 0}, "design",
                          sim::format_number(points) + " points x " + std::to_string(e.replicates) +
                              " replicates is more than " + sim::format_number(kMaxRuns) +
                              " runs"));
  if (!problems.empty()) throw sim::InputError(std::move(problems));

  e.points = sim::make_design(e.design, e.factors, e.samples, e.seed, e.morris_levels);
  for (const auto& point : e.points) {
    std::vector<std::string> overrides;
    for (std::size_t k = 0; k < point.size(); ++k)
      overrides.push_back(e.varied[k].key + "=" +
                          (e.varied[k].integer ? std::to_string(static_cast<std::int64_t>(point[k]))
                                               : sim::to_toml(sim::ParamValue(point[k]))));
    e.point_params.push_back(load_input(e.base, overrides).params);
  }
  return e;
}

}  // namespace twinsim::app
