#include "io/result_file.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <limits>
#include <stdexcept>
#include <string_view>
#include <system_error>

#include "io/h5.hpp"
#include "sim/error.hpp"
#include "sim/names.hpp"
#include "sim/params.hpp"

namespace io {

using namespace sim;  // the engine's types and errors, which these files write and read
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kFormat = "twinsim/1";

// Runs per chunk of a /timeseries dataset: a chunk holds whole series, so reading one run, or a few
// neighbouring runs, decompresses little, and 16 runs keep chunks small for long simulations.
constexpr std::size_t kRunsPerChunk = 16;

// Slots per chunk of an /agents dataset, at most: a chunk is (part of) one snapshot of one run,
// which is how panels are read (a cross-section; an agent's history needs its id in every
// snapshot anyway, since slots are reused). 65536 float64 = 512 KiB, within HDF5's default 1 MiB
// chunk cache. A longer row is split into equal chunks, not 65536 + a small remainder.
constexpr std::size_t kMaxSlotsPerChunk = 65536;

std::size_t slots_per_chunk(std::size_t slots) {
  if (slots == 0) return 0;
  const std::size_t chunks = (slots + kMaxSlotsPerChunk - 1) / kMaxSlotsPerChunk;
  return (slots + chunks - 1) / chunks;
}

std::string utc_timestamp() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

void check_shape(const ResultTable& table) {
  const std::size_t cells = table.metrics.size() * table.runs * table.steps;
  if (table.time.size() != table.steps || table.seeds.size() != table.runs ||
      table.values.size() != cells) {
    throw std::invalid_argument(
        "write_result_file: ResultTable vectors do not match metrics x runs x steps");
  }
  for (const MetricSpec& metric : table.metrics) {
    // /timeseries and /summary also hold links named after the dimensions (see write_layout).
    if (metric.name == "time" || metric.name == "run") {
      throw std::invalid_argument("write_result_file: metric name '" + metric.name +
                                  "' is reserved for a dimension");
    }
  }
  for (std::size_t p = 0; p < table.panels.size(); ++p) {
    const PanelTable& panel = table.panels[p];
    const std::string where = "write_result_file: panel '" + panel.population + "': ";
    for (std::size_t q = 0; q < p; ++q) {
      if (table.panels[q].population == panel.population) {
        throw std::invalid_argument(where + "population recorded twice");
      }
    }
    if (panel.runs.size() != table.runs || panel.steps != table.steps) {
      throw std::invalid_argument(where + "does not cover the table's runs x steps");
    }
    // PanelTable is a plain struct: its recorders may have been assigned past store().
    for (const PanelRecorder& run : panel.runs) {
      if (run.population() != panel.population || run.every() != panel.every ||
          run.steps() != panel.steps || run.variables().size() != panel.variables.size()) {
        throw std::invalid_argument(where + "a run recorded another panel");
      }
    }
  }
}

void describe(const h5::Object& object, std::string_view units, std::string_view description) {
  object.write_attribute("units", units);
  object.write_attribute("description", description);
}

// One population's panels under /agents/<population>: every dataset (run, snapshot, slot), written
// one (run, snapshot) row at a time straight from the run's recorder (padded to the common slot
// count), so that writing never holds a second copy of the panel.
void write_panel(const h5::Group& agents, const PanelTable& panel, const h5::Dataset& run) {
  const std::size_t runs = panel.runs.size();
  const std::size_t snapshots = panel.snapshots();
  const std::size_t slots = panel.slots();

  const h5::Group group = agents.create_group(panel.population);
  std::vector<std::string> variable_names;
  for (const MetricSpec& variable : panel.variables) variable_names.push_back(variable.name);
  group.write_attribute("variables", std::span<const std::string>(variable_names));
  group.write_attribute("every_months", static_cast<std::int64_t>(panel.every));
  group.write_attribute("description", "State of every agent of population " + panel.population +
                                           " at the end of every " + std::to_string(panel.every) +
                                           " months, one row per slot");
  // As for /timeseries: xarray takes coordinates only from the opened group.
  group.create_soft_link("run", run.path());

  std::vector<double> time(snapshots);
  for (std::size_t k = 0; k < snapshots; ++k) time[k] = panel.time(k);
  const h5::Dataset snapshot = group.write_dataset("snapshot", time);
  snapshot.make_scale("snapshot");
  describe(snapshot, "months",
           "Time of each snapshot, in months since the start of the simulation (the end of month "
           "every, 2 every, ...)");

  std::vector<std::int64_t> slot_index(slots);
  for (std::size_t i = 0; i < slots; ++i) slot_index[i] = static_cast<std::int64_t>(i);
  const h5::Dataset slot = group.write_dataset("slot", slot_index);
  slot.make_scale("slot");
  describe(slot, "1",
           "Storage slot of the agent; slots are reused after an agent exits, so follow agents "
           "by id");

  const std::vector<std::size_t> shape = {runs, snapshots, slots};
  const std::vector<std::size_t> chunk = {1, 1, slots_per_chunk(slots)};
  const std::vector<std::size_t> row_count = {1, 1, slots};
  auto attach = [&](const h5::Dataset& dataset) {
    dataset.attach_scale(run, 0);
    dataset.attach_scale(snapshot, 1);
    dataset.attach_scale(slot, 2);
  };

  const h5::Dataset ids = group.create_dataset("id", h5::ElementType::uint64, shape, chunk);
  describe(ids, "1",
           "Stable id of the agent in each slot (never reused within a run); no_agent where the "
           "slot is free");
  ids.write_attribute("no_agent", kNoAgent);
  attach(ids);
  std::vector<AgentId> id_row;
  for (std::size_t r = 0; r < runs; ++r) {
    for (std::size_t k = 0; k < snapshots; ++k) {
      std::span<const AgentId> row = panel.runs[r].ids(k);
      if (row.size() < slots) {
        id_row.assign(row.begin(), row.end());
        id_row.resize(slots, kNoAgent);
        row = id_row;
      }
      ids.write_block({r, k, 0}, row_count, row);
    }
  }

  std::vector<double> value_row;
  for (std::size_t v = 0; v < panel.variables.size(); ++v) {
    const MetricSpec& variable = panel.variables[v];
    const h5::Dataset dataset =
        group.create_dataset(variable.name, h5::ElementType::float64, shape, chunk);
    describe(dataset, variable.unit, variable.description);
    attach(dataset);
    for (std::size_t r = 0; r < runs; ++r) {
      for (std::size_t k = 0; k < snapshots; ++k) {
        std::span<const double> row = panel.runs[r].values(k, v);
        if (row.size() < slots) {
          value_row.assign(row.begin(), row.end());
          value_row.resize(slots, std::numeric_limits<double>::quiet_NaN());
          row = value_row;
        }
        dataset.write_block({r, k, 0}, row_count, row);
      }
    }
  }
}

}  // namespace

namespace {

// What every results layout has, whatever fills its values: the root attributes, the /time and /run
// scales, /parameters (the seeds and the varied parameters, known before any run), and the
// /timeseries and /summary groups with their links to the scales.
struct Layout {
  h5::Dataset time, run;
  h5::Group parameters, timeseries, summary;
};

Layout write_layout(const h5::Group& file, const ResultTable& table, const RunSetMeta& meta) {
  std::vector<std::string> metric_names;
  for (const MetricSpec& metric : table.metrics) metric_names.push_back(metric.name);

  file.write_attribute("format", kFormat);
  file.write_attribute("program_version", meta.program_version);
  file.write_attribute("git_commit", meta.git_commit);
  file.write_attribute("scenario_name", meta.scenario_name);
  file.write_attribute("scenario", meta.scenario_toml);
  file.write_attribute("base_seed", meta.base_seed);
  file.write_attribute("created", utc_timestamp());
  // The metric order: a 1-D attribute of variable-length strings (h5py reads it as an array of
  // str). Group members are listed alphabetically, so this is what makes the order round-trip.
  file.write_attribute("metrics", std::span<const std::string>(metric_names));
  // Only with panels: a file without them keeps exactly the layout it had before panels existed.
  if (!table.panels.empty()) {
    std::vector<std::string> populations;
    for (const PanelTable& panel : table.panels) populations.push_back(panel.population);
    file.write_attribute("populations", std::span<const std::string>(populations));
  }

  Layout layout;
  layout.time = file.write_dataset("time", table.time);
  layout.time.make_scale("time");
  describe(layout.time, "months",
           "Time of each recorded step, in months since the start of the simulation");

  std::vector<std::int64_t> run_index(table.runs);
  for (std::size_t run = 0; run < table.runs; ++run)
    run_index[run] = static_cast<std::int64_t>(run);
  layout.run = file.write_dataset("run", run_index);
  layout.run.make_scale("run");
  describe(layout.run, "1", "Index of the run (replicate of the scenario) within this file");

  // xarray (engine h5netcdf) opens one group at a time and takes coordinates only from datasets in
  // that group; the scales live in the root. Soft links /<group>/run -> /run and
  // /timeseries/time -> /time make `open_dataset(..., group=...)` find them as coordinates, with
  // one copy of the data and the documented paths unchanged.
  layout.parameters = file.create_group("parameters");
  layout.parameters.create_soft_link("run", layout.run.path());
  const h5::Dataset seed = layout.parameters.write_dataset("seed", table.seeds);
  seed.write_attribute("description", "Seed that keyed the random streams of each run");
  seed.attach_scale(layout.run, 0);
  for (const ResultTable::RunParameter& rp : table.run_parameters) {
    if (rp.values.size() != table.runs)
      throw std::invalid_argument("write_results: parameter '" + rp.name + "' has " +
                                  std::to_string(rp.values.size()) + " values for " +
                                  std::to_string(table.runs) + " runs");
    const h5::Dataset d = layout.parameters.write_dataset(rp.name, rp.values);
    d.write_attribute("key", rp.key);
    d.write_attribute("description", "Value of scenario key " + rp.key + " in each run");
    if (std::isfinite(rp.min) && std::isfinite(rp.max)) {
      d.write_attribute("min", rp.min);
      d.write_attribute("max", rp.max);
    }
    d.attach_scale(layout.run, 0);
  }

  if (!table.summary_only) {
    layout.timeseries = file.create_group("timeseries");
    layout.timeseries.create_soft_link("run", layout.run.path());
    layout.timeseries.create_soft_link("time", layout.time.path());
  }
  layout.summary = file.create_group("summary");
  layout.summary.create_soft_link("run", layout.run.path());
  return layout;
}

// Labels a metric's dataset and attaches its scales: (run) for /summary, (run, time) for
// /timeseries.
void describe_metric(const h5::Dataset& d, const MetricSpec& metric, const Layout& layout,
                     bool over_time) {
  describe(d, metric.unit, metric.description);
  d.attach_scale(layout.run, 0);
  if (over_time) d.attach_scale(layout.time, 1);
}

}  // namespace

void write_results(const h5::Group& file, const ResultTable& table, const RunSetMeta& meta) {
  check_shape(table);
  const Layout layout = write_layout(file, table, meta);
  const std::size_t cells = table.runs * table.steps;
  const std::vector<std::size_t> shape = {table.runs, table.steps};
  const std::vector<std::size_t> chunk = {std::min(table.runs, kRunsPerChunk), table.steps};
  std::vector<double> last(table.runs);
  for (std::size_t m = 0; m < table.metrics.size(); ++m) {
    const MetricSpec& metric = table.metrics[m];
    if (!table.summary_only) {
      const std::span<const double> values(table.values.data() + m * cells, cells);
      describe_metric(layout.timeseries.write_dataset(metric.name, values, shape, chunk), metric,
                      layout, true);
    }
    for (std::size_t r = 0; r < table.runs; ++r) {
      last[r] =
          table.steps > 0 ? table.series(m, r).back() : std::numeric_limits<double>::quiet_NaN();
    }
    describe_metric(layout.summary.write_dataset(metric.name, last), metric, layout, false);
  }
  const h5::Dataset& run = layout.run;

  if (!table.panels.empty()) {
    const h5::Group agents = file.create_group("agents");
    for (const PanelTable& panel : table.panels) write_panel(agents, panel, run);
  }

  // Only with targets, like panels: /logframe/<name> (run) plus the order in a root attribute.
  if (!table.targets.empty()) {
    std::vector<std::string> names;
    for (const Target& t : table.targets) names.push_back(t.name);
    file.write_attribute("targets", std::span<const std::string>(names));
    const h5::Group logframe = file.create_group("logframe");
    logframe.create_soft_link("run", run.path());
    std::vector<double> reached(table.runs);
    for (const Target& t : table.targets) {
      std::size_t m = 0;
      while (m < table.metrics.size() && table.metrics[m].name != t.metric) ++m;
      if (m == table.metrics.size() || t.step >= table.steps)
        throw std::invalid_argument("write_result_file: target '" + t.name +
                                    "' names an unknown metric or a step beyond the run");
      for (std::size_t r = 0; r < table.runs; ++r) reached[r] = table.series(m, r)[t.step];
      const h5::Dataset d = logframe.write_dataset(t.name, reached);
      describe(d, table.metrics[m].unit,
               "Outcome KPI: " + t.metric + " at the end of month " +
                   format_number(table.time[t.step]) + ", target " +
                   (t.at_least ? "at least " : "at most ") + format_number(t.target));
      d.write_attribute("metric", t.metric);
      d.write_attribute("month", table.time[t.step]);
      d.write_attribute("target", t.target);
      d.write_attribute("direction", std::string_view(t.at_least ? "at_least" : "at_most"));
      if (t.baseline) d.write_attribute("baseline", *t.baseline);
      d.attach_scale(run, 0);
    }
  }
}

void create_results_layout(const h5::Group& file, const ResultTable& table,
                           const RunSetMeta& meta) {
  if (!table.values.empty() || !table.panels.empty() || !table.targets.empty())
    throw std::invalid_argument(
        "create_results_layout: the table must hold no values, panels or targets");
  if (table.time.size() != table.steps || table.seeds.size() != table.runs)
    throw std::invalid_argument("create_results_layout: time or seeds do not match the shape");
  const Layout layout = write_layout(file, table, meta);
  for (const MetricSpec& metric : table.metrics) {
    if (!table.summary_only)
      describe_metric(layout.timeseries.create_preallocated(metric.name, h5::ElementType::float64,
                                                            {table.runs, table.steps}),
                      metric, layout, true);
    describe_metric(
        layout.summary.create_preallocated(metric.name, h5::ElementType::float64, {table.runs}),
        metric, layout, false);
  }
}

namespace {

// Reads /agents/<population> into a PanelTable covering `runs` x `steps`.
PanelTable read_panel(const fs::path& path, const h5::Group& agents, const std::string& population,
                      std::size_t runs, std::size_t steps) {
  const h5::Group group = agents.open_group(population);
  const auto names = group.read_attribute<std::vector<std::string>>("variables");
  for (const std::string& name : names)
    require_snake_name(name, path.string(), "attribute variables of " + group.path());
  const std::int64_t every = group.read_attribute<std::int64_t>("every_months");
  if (every < 1) {
    throw InputError(path.string() + ": " + group.path() + ": every_months is " +
                     std::to_string(every) + ", expected at least 1");
  }
  const h5::Dataset ids = group.open_dataset("id");
  std::vector<h5::Dataset> datasets;
  std::vector<MetricSpec> variables;
  for (const std::string& name : names) {
    h5::Dataset dataset = group.open_dataset(name);
    variables.push_back({name, dataset.read_attribute<std::string>("units"),
                         dataset.read_attribute<std::string>("description")});
    datasets.push_back(std::move(dataset));
  }

  PanelTable panel;
  try {
    panel.resize(population, std::move(variables), static_cast<std::size_t>(every), steps, runs);
  } catch (const std::invalid_argument& error) {
    throw InputError(path.string() + ": " + group.path() + ": " + error.what());
  }
  const std::size_t snapshots = panel.snapshots();
  const std::vector<std::size_t> shape = ids.shape();
  if (shape.size() != 3 || shape[0] != runs || shape[1] != snapshots) {
    throw InputError(path.string() + ": " + ids.path() +
                     " does not have shape (run, snapshot, slot) with (run, snapshot) = (" +
                     std::to_string(runs) + ", " + std::to_string(snapshots) + ")");
  }
  const std::size_t slots = shape[2];
  const std::size_t row_count = runs * snapshots;
  for (const h5::Dataset& dataset : datasets) {
    if (dataset.shape() != shape) {
      throw InputError(path.string() + ": " + dataset.path() + " differs in shape from " +
                       ids.path());
    }
  }

  // Whole datasets at once: simple, at the cost of holding one variable twice while reading.
  const std::vector<AgentId> id_values = ids.read<std::uint64_t>();
  std::vector<std::vector<double>> values;
  for (const h5::Dataset& dataset : datasets) values.push_back(dataset.read<double>());
  std::vector<std::uint8_t> alive(slots);
  for (std::size_t row = 0; row < row_count; ++row) {
    const std::size_t r = row / snapshots, k = row % snapshots;
    const std::span<const AgentId> row_ids(id_values.data() + row * slots, slots);
    for (std::size_t i = 0; i < slots; ++i) alive[i] = row_ids[i] != kNoAgent ? 1 : 0;
    PanelRecorder& recorder = panel.runs[r];
    recorder.begin_snapshot((k + 1) * panel.every - 1, row_ids, alive);
    for (std::size_t v = 0; v < values.size(); ++v) {
      recorder.column(v, std::span<const double>(values[v].data() + row * slots, slots));
    }
  }
  return panel;
}

h5::File open_result_file(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw InputError(path.string() + ": no such file");
  h5::File file = h5::File::open(path);
  const std::string format =
      file.has_attribute("format") ? file.read_attribute<std::string>("format") : "";
  if (format != kFormat) {
    throw InputError(path.string() + ": not a TwinSim result file (attribute format is '" + format +
                     "', expected '" + std::string(kFormat) + "')");
  }
  return file;
}

}  // namespace

void write_file_atomically(const OutputLock& lock, const std::filesystem::path& path,
                           bool overwrite, const std::function<void(const h5::File&)>& write,
                           const std::function<void()>& before_publish) {
  try {
    write_atomically(
        lock, path, overwrite,
        [&](const fs::path& temporary) {
          h5::File file = h5::File::create_new(temporary);
          write(file);
          // Closed explicitly, after `write` has closed everything it opened, so that a failure
          // to flush surfaces as an Error instead of being swallowed by a destructor.
          file.close();
        },
        before_publish);
  } catch (const h5::Error& e) {
    // A write that failed (full disk, quota, a folder made read-only meanwhile): the message says
    // what the user's file is now.
    std::error_code ignored;
    throw h5::Error(
        path.string() + ": not written, " +
        (fs::exists(path, ignored) ? "the existing file is unchanged" : "no file was created") +
        " (" + e.what() + ")");
  }
}

void write_result_file(const std::filesystem::path& path, const ResultTable& table,
                       const RunSetMeta& meta, bool overwrite) {
  check_output_path(path, overwrite);  // its message, rather than the lock file's
  const OutputLock lock(path);
  write_result_file(lock, table, meta, overwrite);
}

void write_result_file(const OutputLock& lock, const ResultTable& table, const RunSetMeta& meta,
                       bool overwrite, const std::function<void()>& before_publish) {
  check_shape(table);
  write_file_atomically(
      lock, lock.output(), overwrite,
      [&](const h5::File& file) { write_results(file, table, meta); }, before_publish);
}

ResultTable read_result_table(const std::filesystem::path& path) {
  return read_result_table(open_result_file(path), path);
}

ResultTable read_result_table(const h5::Group& file, const std::filesystem::path& path) {
  const auto names = file.read_attribute<std::vector<std::string>>("metrics");
  // Before any is used: a name becomes an HDF5 path here and a file name in analyze's figures.
  for (const std::string& name : names)
    require_snake_name(name, path.string(), "attribute metrics of " + file.path());
  std::vector<double> time = file.open_dataset("time").read<double>();
  std::vector<std::uint64_t> seeds = file.open_dataset("parameters/seed").read<std::uint64_t>();

  const h5::Group timeseries = file.open_group("timeseries");
  std::vector<h5::Dataset> datasets;
  std::vector<MetricSpec> metrics;
  for (const std::string& name : names) {
    h5::Dataset dataset = timeseries.open_dataset(name);
    metrics.push_back({name, dataset.read_attribute<std::string>("units"),
                       dataset.read_attribute<std::string>("description")});
    datasets.push_back(std::move(dataset));
  }

  ResultTable table;
  table.metrics = std::move(metrics);
  table.runs = seeds.size();
  table.steps = time.size();
  table.time = std::move(time);
  table.seeds = std::move(seeds);
  const std::vector<std::size_t> expected = {table.runs, table.steps};
  for (std::size_t m = 0; m < datasets.size(); ++m) {
    if (datasets[m].shape() != expected) {
      throw InputError(path.string() + ": " + datasets[m].path() +
                       " does not have shape (run, time) = (" + std::to_string(table.runs) + ", " +
                       std::to_string(table.steps) + ")");
    }
    // Appended as read, not allocated from the shapes first: a damaged file may declare far more
    // values than it holds, which read() refuses before allocating them.
    const std::vector<double> values = datasets[m].read<double>();
    table.values.insert(table.values.end(), values.begin(), values.end());
  }
  if (file.has_attribute("populations")) {
    const h5::Group agents = file.open_group("agents");
    for (const std::string& population :
         file.read_attribute<std::vector<std::string>>("populations")) {
      require_snake_name(population, path.string(), "attribute populations of " + file.path());
      table.panels.push_back(read_panel(path, agents, population, table.runs, table.steps));
    }
  }
  if (file.has_attribute("targets")) {
    const h5::Group logframe = file.open_group("logframe");
    for (const std::string& name : file.read_attribute<std::vector<std::string>>("targets")) {
      require_snake_name(name, path.string(), "attribute targets of " + file.path());
      const h5::Dataset d = logframe.open_dataset(name);
      Target t;
      t.name = name;
      t.metric = d.read_attribute<std::string>("metric");
      if (std::none_of(table.metrics.begin(), table.metrics.end(),
                       [&](const MetricSpec& m) { return m.name == t.metric; }))
        throw InputError(path.string() + ": " + d.path() + ": metric " + t.metric +
                         " is not a recorded metric");
      const double month = d.read_attribute<double>("month");
      const auto at = std::find(table.time.begin(), table.time.end(), month);
      if (at == table.time.end())
        throw InputError(path.string() + ": " + d.path() + ": month " + format_number(month) +
                         " is not a recorded time");
      t.step = static_cast<std::size_t>(at - table.time.begin());
      t.target = d.read_attribute<double>("target");
      t.at_least = d.read_attribute<std::string>("direction") == "at_least";
      if (d.has_attribute("baseline")) t.baseline = d.read_attribute<double>("baseline");
      table.targets.push_back(std::move(t));
    }
  }
  return table;
}

RunSetMeta read_result_meta(const std::filesystem::path& path) {
  return read_result_meta(open_result_file(path));
}

RunSetMeta read_result_meta(const h5::Group& file) {
  RunSetMeta meta;
  meta.scenario_name = file.read_attribute<std::string>("scenario_name");
  meta.scenario_toml = file.read_attribute<std::string>("scenario");
  meta.base_seed = file.read_attribute<std::uint64_t>("base_seed");
  meta.program_version = file.read_attribute<std::string>("program_version");
  meta.git_commit = file.read_attribute<std::string>("git_commit");
  return meta;
}

}  // namespace io
