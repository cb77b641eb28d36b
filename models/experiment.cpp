#include "models/experiment.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "models/memory.hpp"
#include "models/memory_check.hpp"
#include "models/scenario_file.hpp"
#include "sim/error.hpp"
#include "sim/input_file.hpp"
#include "sim/names.hpp"
#include "sim/scenario.hpp"

namespace twinsim {

namespace {

// Whether `path` does not exist; false when it cannot be told (no permission to look: reading
// it then reports why, rather than "no such file" or an exception).
bool missing(const std::filesystem::path& path) {
  std::error_code ec;
  return !std::filesystem::exists(path, ec) && !ec;
}

// The keys experiment and uncertainties files share; `stress`: an uncertainties file's.
sim::ParamSet design_set(bool stress) {
  sim::ParamSet s;
  if (!stress)
    s.params.push_back(
        sim::string("base", "")
            .help("The scenario every run starts from, relative to the experiment file"));
  if (stress) {
    s.params.push_back(sim::string("design", "lhs")
                           .one_of({"grid", "random", "lhs", "sobol"})
                           .help("How the conditions are chosen. grid: every combination of the "
                                 "levels; random: Monte Carlo; lhs: Latin hypercube; sobol: Sobol "
                                 "quasi-random points"));
  } else {
    s.params.push_back(
        sim::string("design", "grid")
            .one_of({"grid", "random", "lhs", "sobol", "saltelli", "morris"})
            .help("grid: every combination of the levels; random: Monte Carlo; lhs: Latin "
                  "hypercube; sobol: Sobol quasi-random points; saltelli: Saltelli's scheme for "
                  "Sobol indices; morris: Morris trajectories (elementary effects)"));
    s.params.push_back(sim::integer("morris_levels", 4)
                           .range(2, 1000)
                           .help("Levels of each parameter's grid in a morris design (even)"));
  }
  s.params.push_back(
      sim::integer("samples", 0)
          .range(0, 100000000)
          .help(stress ? "Conditions of a random, lhs or sobol design"
                       : "Design points of a random, lhs or sobol design; base samples N of a "
                         "saltelli design (N (k + 2) points); trajectories of a morris design "
                         "(k + 1 points each)"));
  s.params.push_back(sim::integer("replicates", 1)
                         .range(1, 1000000)
                         .help(stress
                                   ? "Runs per condition and strategy; replicate r uses seed + r "
                                     "under every condition and strategy"
                                   : "Runs per design point; replicate r of every point uses "
                                     "seed + r"));
  s.params.push_back(sim::integer("seed", 1)
                         .range(0, 9007199254740992.0)
                         .help("Base seed of the runs, and the seed of a sampled design"));
  s.params.push_back(
      sim::string("record", "timeseries")
          .one_of({"timeseries", "summary"})
          .help("timeseries: every metric every month; summary: only each run's last month"));
  if (stress)
    s.params.push_back(sim::string_list("set", {}).help(
        "Scenario settings every run of every strategy gets, as --set writes them, e.g. "
        "[\"donor.crisis=true\"] (the conditions that are not uncertain)"));
  s.collections = {
      sim::collection(
          "vary",
          {sim::string("key", "").help("The scenario key this varies"),
           sim::real_list("levels", {}).help("Levels of a grid design"),
           sim::real("min", 0).optional().help("Lower end, sampled designs"),
           sim::real("max", 0).optional().help("Upper end, sampled designs"),
           sim::string("label", "").help("How it reads in words (default: NAME, _ as spaces)"),
           sim::string("unit", "")
               .help("Unit written after its values in words, e.g. \"%/yr\" (default: the key's)"),
           sim::real("scale", 1)
               .help("Its values are multiplied by this before they are shown in words (100 for "
                     "a rate in %)")})
          .help(stress ? "One table per uncertain condition: [vary.NAME], NAME naming it in the "
                         "output"
                       : "One table per varied parameter: [vary.NAME], NAME naming it in the "
                         "output")
          .count(1, 1000),
  };
  return s;
}

}  // namespace

const sim::ParamSet& experiment_set() {
  static const sim::ParamSet set = design_set(false);
  return set;
}

const sim::ParamSet& uncertainties_set() {
  static const sim::ParamSet set = design_set(true);
  return set;
}

namespace {

template <class T>
T get(const sim::ParamSet& set, const sim::ParamValues& v, const std::string& key) {
  return std::get<T>(v[*sim::find_param(set, key)]);
}

sim::Diagnostic at(const sim::SourcePlace& p, std::string key, std::string message) {
  return {p.file, p.line, p.column, std::move(key), std::move(message)};
}

// A scenario the varied keys must fit: the base scenario of a sweep, or each strategy of a stress
// test (`what` names it in messages).
struct Fitted {
  std::string what;
  const sim::ParamValues* values;
};

// The declaration of scenario key `key` (top level, or a field of a sector `scenario` has).
const sim::ParamSpec* scenario_spec(const std::string& key, const Fitted& scenario,
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
      if (!scenario.values->find_instance(c, instance)) {
        problem = scenario.what + " has no " + col.prefix + " '" + instance + "'";
        return nullptr;
      }
      return &f;
    }
  }
  const std::string near = sim::nearest_key(set, key);
  problem = "not a scenario key" + (near.empty() ? "" : "; did you mean '" + near + "'?");
  return nullptr;
}

// A count of design points as a message shows it: exact below 10^15, else 3 digits ("1e+40"), or
// "more than 1e+308" once beyond what a double holds (a grid of hundreds of factors).
std::string shown_count(double n) {
  if (!std::isfinite(n)) return "more than 1e+308";
  if (n < 1e15) return sim::format_number(n);
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", n);
  return text;
}

// The design part of an experiment or uncertainties file `v`, read with `set`: design, samples,
// replicates, seed, record and the [vary.NAME] tables, each varied key checked against every
// scenario in `fitted`. `per_point` runs are made of each point (strategies) besides replicates,
// for the size limit. Adds what is wrong to `problems`; returns the number of design points (times
// `per_point`).
double read_design(const std::filesystem::path& path, const sim::ParamSet& set,
                   const sim::ParamValues& v, const std::vector<Fitted>& fitted,
                   std::size_t per_point, Experiment& e, std::vector<sim::Diagnostic>& problems) {
  e.design_name = get<std::string>(set, v, "design");
  e.design = e.design_name == "grid"       ? sim::DesignKind::grid
             : e.design_name == "random"   ? sim::DesignKind::random
             : e.design_name == "lhs"      ? sim::DesignKind::lhs
             : e.design_name == "sobol"    ? sim::DesignKind::sobol
             : e.design_name == "saltelli" ? sim::DesignKind::saltelli
                                           : sim::DesignKind::morris;
  if (sim::find_param(set, "morris_levels")) {
    e.morris_levels = static_cast<std::size_t>(get<std::int64_t>(set, v, "morris_levels"));
    if (e.design == sim::DesignKind::morris && e.morris_levels % 2 != 0)
      problems.push_back(at(v.place(*sim::find_param(set, "morris_levels")), "morris_levels",
                            "must be even (the moves of a trajectory are half the levels)"));
  }
  e.samples = static_cast<std::size_t>(get<std::int64_t>(set, v, "samples"));
  e.replicates = static_cast<std::size_t>(get<std::int64_t>(set, v, "replicates"));
  e.seed = static_cast<std::uint64_t>(get<std::int64_t>(set, v, "seed"));
  e.summary_only = get<std::string>(set, v, "record") == "summary";
  const bool grid = e.design == sim::DesignKind::grid;
  if (!grid && e.samples == 0) {
    // Not written (its default is the problem): the file, without a line.
    sim::SourcePlace place = v.place(*sim::find_param(set, "samples"));
    if (place.file.empty()) place = {path.string(), 0, 0};
    problems.push_back(at(place, "samples", "a " + e.design_name + " design needs samples >= 1"));
  }

  const std::size_t c = *sim::find_collection(set, "vary");
  if (v.instances(c).empty())
    problems.push_back(at({path.string(), 0, 0}, "vary",
                          "missing: at least one [vary.NAME] table with the key to vary"));
  const std::vector<sim::Instance>& tables = v.instances(c);
  for (std::size_t t = 0; t < tables.size(); ++t) {
    const sim::Instance& inst = tables[t];
    const std::string table = "vary." + inst.name;
    const auto& key = std::get<std::string>(inst.values[0]);
    const auto& levels = std::get<std::vector<double>>(inst.values[1]);
    const bool has_min = !std::holds_alternative<std::monostate>(inst.values[2]);
    const bool has_max = !std::holds_alternative<std::monostate>(inst.values[3]);
    // Two tables setting one key: each run would take the last one's value, while /parameters
    // recorded both as if each had been used.
    const auto first = std::find_if(tables.begin(), tables.begin() + static_cast<std::ptrdiff_t>(t),
                                    [&key](const sim::Instance& other) {
                                      return std::get<std::string>(other.values[0]) == key;
                                    });
    if (!key.empty() && first != tables.begin() + static_cast<std::ptrdiff_t>(t)) {
      const sim::SourcePlace& there = first->places[0];
      problems.push_back(at(inst.places[0], table + ".key",
                            key + " is varied by [vary." + first->name + "] already (" +
                                there.file + ":" + std::to_string(there.line) + ":" +
                                std::to_string(there.column) +
                                "); a key can vary in one table only"));
      continue;
    }
    std::string problem;
    const sim::ParamSpec* spec = nullptr;
    if (key.empty()) {
      problem = "missing: the scenario key to vary, e.g. key = \"market.growth_per_year\"";
    } else {
      for (const Fitted& f : fitted) {
        spec = scenario_spec(key, f, problem);
        if (!spec) break;
      }
    }
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
    VariedParameter varied{inst.name,
                           key,
                           integer,
                           std::get<std::string>(inst.values[4]),
                           std::get<std::string>(inst.values[5]),
                           std::get<double>(inst.values[6])};
    if (varied.scale == 0)
      problems.push_back(at(inst.places[6], table + ".scale", "must not be 0"));
    if (varied.label.empty()) {
      varied.label = inst.name;
      std::replace(varied.label.begin(), varied.label.end(), '_', ' ');
    }
    if (varied.unit.empty() && spec->unit_text != "1") varied.unit = " " + spec->unit_text;
    e.varied.push_back(std::move(varied));
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
  points *= static_cast<double>(per_point);
  if (points * static_cast<double>(e.replicates) > kMaxRuns)
    problems.push_back(at({path.string(), 0, 0}, "design",
                          shown_count(points) + " points x " + std::to_string(e.replicates) +
                              " replicates is more than " + sim::format_number(kMaxRuns) +
                              " runs"));
  return points;
}

// The --set overrides of design point `point`.
std::vector<std::string> point_overrides(const Experiment& e, const std::vector<double>& point) {
  std::vector<std::string> overrides;
  for (std::size_t k = 0; k < point.size(); ++k)
    overrides.push_back(e.varied[k].key + "=" +
                        (e.varied[k].integer ? std::to_string(static_cast<std::int64_t>(point[k]))
                                             : sim::to_toml(sim::ParamValue(point[k]))));
  return overrides;
}

}  // namespace

Experiment load_experiment(const std::filesystem::path& path) {
  const sim::ParamSet& set = experiment_set();
  Experiment e;
  e.name = path.stem().string();
  // Read once: the text checked is the text stored with the results.
  e.text = sim::read_input_file(path, "experiment file");
  const sim::ParamValues v = sim::parse_scenario(e.text, path.string(), set);
  std::vector<sim::Diagnostic> problems;
  const std::string base = get<std::string>(set, v, "base");
  const auto base_place = v.place(*sim::find_param(set, "base"));
  if (base.empty()) {
    problems.push_back(
        at({path.string(), 0, 0}, "base", "missing: the scenario file every run starts from"));
    throw sim::InputError(std::move(problems));
  }
  e.base = path.parent_path() / base;
  if (missing(e.base)) {
    problems.push_back(at(base_place, "base", "no such file: " + e.base.string()));
    throw sim::InputError(std::move(problems));
  }
  const LoadedScenario loaded = load_input(e.base, {});
  e.base_toml = sim::to_toml(schema().param_set(), loaded.values);
  const double points =
      read_design(path, set, v, {{"the base scenario", &loaded.values}}, 1, e, problems);
  if (!problems.empty()) throw sim::InputError(std::move(problems));
  check_design_memory(path.string(), "sweep", loaded.params, points,
                      points * static_cast<double>(e.replicates), e.factors.size());

  e.points = sim::make_design(e.design, e.factors, e.samples, e.seed, e.morris_levels);
  for (const auto& point : e.points)
    e.point_params.push_back(load_input(e.base, point_overrides(e, point)).params);
  return e;
}

Experiment load_stress(const std::vector<std::filesystem::path>& strategies,
                       const std::filesystem::path& uncertainties) {
  if (missing(uncertainties))
    throw sim::InputError(uncertainties.string() + ": no such uncertainties file");
  const sim::ParamSet& set = uncertainties_set();
  Experiment e;
  e.name = uncertainties.stem().string();
  e.text = sim::read_input_file(uncertainties, "uncertainties file");
  const sim::ParamValues v = sim::parse_scenario(e.text, uncertainties.string(), set);
  std::vector<sim::Diagnostic> problems;

  // Each strategy as written, then with the settings every run gets: a problem with those is the
  // uncertainties file's, at its `set` entry.
  const auto fixed = get<std::vector<std::string>>(set, v, "set");
  const std::size_t set_index = *sim::find_param(set, "set");
  std::vector<LoadedScenario> loaded;
  for (const std::filesystem::path& file : strategies) {
    if (missing(file)) throw sim::InputError(file.string() + ": no such strategy file");
    // The name becomes an HDF5 group and a figure's file name (prim_NAME.png), here and wherever
    // the file is analysed: analyze refuses any other.
    if (!sim::is_plain_file_name(file.stem().string()))
      throw sim::InputError(file.string() +
                            ": a strategy is named by its file name without .toml, which must be "
                            "a plain name (up to 200 of A-Z a-z 0-9 _ - ., not starting with . or "
                            "-): rename the file");
    (void)load_input(file, {});
    try {
      loaded.push_back(load_input(file, fixed));
    } catch (const sim::InputError& err) {
      const auto& places = v.element_places(set_index);
      for (const sim::Diagnostic& d : err.diagnostics()) {
        if (d.file != "--set") {
          problems.push_back(d);
          continue;
        }
        const std::size_t i = d.line >= 1 ? static_cast<std::size_t>(d.line - 1) : 0;
        const sim::SourcePlace place = i < places.size() ? places[i] : v.place(set_index);
        problems.push_back(
            at(place, "set", d.key + ": " + d.message + " (strategy " + file.string() + ")"));
      }
      if (err.diagnostics().empty()) problems.push_back(at(v.place(set_index), "set", err.what()));
      throw sim::InputError(std::move(problems));
    }
  }
  const auto months = static_cast<std::size_t>(loaded.front().params.horizon_months);
  const std::size_t record = *sim::find_param(set, "record");
  for (std::size_t s = 0; s < strategies.size(); ++s) {
    Strategy st;
    st.file = strategies[s];
    st.name = strategies[s].stem().string();
    for (const Strategy& other : e.strategies)
      if (other.name == st.name)
        throw sim::InputError(other.file.string() + " and " + st.file.string() +
                              ": two strategies named '" + st.name +
                              "' (strategies are named by their file names, which must differ)");
    const Params& p = loaded[s].params;
    if (static_cast<std::size_t>(p.horizon_months) != months)
      throw sim::InputError(st.file.string() +
                            ": horizon_months = " + std::to_string(p.horizon_months) + ", but " +
                            strategies.front().string() + " has " + std::to_string(months) +
                            "; the strategies of a stress test are compared over the same horizon");
    st.toml = sim::to_toml(schema().param_set(), loaded[s].values);
    st.kpis = logframe_targets(p, months, &st.beyond);
    for (const sim::Target& k : st.kpis)
      if (get<std::string>(set, v, "record") == "summary" && k.step + 1 != months)
        problems.push_back(at(v.place(record), "record",
                              "\"summary\" keeps only month " + std::to_string(months) +
                                  ", but KPI " + k.name + " of strategy " + st.name +
                                  " is measured at month " + std::to_string(k.step + 1) +
                                  "; record = \"timeseries\" measures it"));
    e.base_toml += "# Strategy " + st.name + " (" + st.file.string() + ")\n" + st.toml + "\n";
    e.strategies.push_back(std::move(st));
  }

  std::vector<Fitted> fitted;
  for (std::size_t s = 0; s < loaded.size(); ++s)
    fitted.push_back({"strategy " + e.strategies[s].name, &loaded[s].values});
  const double points = read_design(uncertainties, set, v, fitted, strategies.size(), e, problems);
  if (!problems.empty()) throw sim::InputError(std::move(problems));
  // The strategy of most sectors and KPIs stands for all (every point holds one scenario).
  const auto largest = std::max_element(loaded.begin(), loaded.end(),
                                        [&e](const LoadedScenario& a, const LoadedScenario& b) {
                                          return design_point_bytes(a.params, e.factors.size()) <
                                                 design_point_bytes(b.params, e.factors.size());
                                        });
  check_design_memory(uncertainties.string(), "stress test", largest->params, points,
                      points * static_cast<double>(e.replicates), e.factors.size());

  // Every condition under every strategy: the conditions override what a strategy sets for them.
  const auto conditions = sim::make_design(e.design, e.factors, e.samples, e.seed, e.morris_levels);
  for (const auto& condition : conditions) {
    std::vector<std::string> overrides = fixed;
    for (std::string& o : point_overrides(e, condition)) overrides.push_back(std::move(o));
    for (const Strategy& st : e.strategies) {
      e.points.push_back(condition);
      e.point_params.push_back(load_input(st.file, overrides).params);
    }
  }
  return e;
}

}  // namespace twinsim
