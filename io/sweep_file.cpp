#include "io/sweep_file.hpp"

#include "io/file_kind.hpp"

#include <algorithm>
#include <cmath>

#include "io/h5.hpp"
#include "sim/error.hpp"
#include "sim/names.hpp"
#include "sim/params.hpp"

namespace io {

using namespace sim;  // the engine's types and errors, which these files write and read
namespace {

namespace fs = std::filesystem;

bool has_member(const io::h5::Group& group, const std::string& name) {
  const auto members = group.members();
  return std::find(members.begin(), members.end(), name) != members.end();
}

}  // namespace

std::size_t SweepData::metric(const std::string& name) const {
  for (std::size_t m = 0; m < metrics.size(); ++m)
    if (metrics[m].name == name) return m;
  std::string known;
  for (const sim::MetricSpec& s : metrics) known += (known.empty() ? "" : ", ") + s.name;
  throw sim::InputError("no metric '" + name + "' (the file has: " + known + ")");
}

SweepData read_sweep(const fs::path& path) {
  const FileKind kind = file_kind(path);
  if (kind != FileKind::sweep && kind != FileKind::stress)
    throw sim::InputError(path.string() +
                          ": not a sweep file (written by twinsim sweep or twinsim stress)");
  const io::h5::File file = io::h5::File::open(path);
  for (const char* attribute : {"varied", "replicates", "design"})
    if (!file.has_attribute(attribute))
      throw sim::InputError(path.string() + ": a sweep file without attribute '" + attribute +
                            "' (written by an older TwinSim: run the sweep again)");
  SweepData d;
  d.design = file.read_attribute<std::string>("design");
  d.experiment = file.read_attribute<std::string>("experiment");
  d.scenario = file.read_attribute<std::string>("scenario");
  const std::int64_t replicates = file.read_attribute<std::int64_t>("replicates");
  // Every column holds one value per run, and the design points index runs: what a damaged file
  // breaks is refused here, so that the analysis can rely on it.
  auto bad = [&path](const std::string& what) {
    return sim::InputError(path.string() + ": " + what + " (a damaged sweep file?)");
  };
  if (replicates < 1) throw bad("attribute replicates is " + std::to_string(replicates));
  d.replicates = static_cast<std::size_t>(replicates);
  const io::h5::Group parameters = file.open_group("parameters");
  auto column = [&](const std::string& name) {
    std::vector<double> values = parameters.open_dataset(name).read<double>();
    if (values.size() != d.runs)
      throw bad("/parameters/" + name + " has " + std::to_string(values.size()) + " values for " +
                std::to_string(d.runs) + " runs");
    return values;
  };
  d.point = parameters.open_dataset("point").read<double>();
  d.runs = d.point.size();
  if (d.runs == 0) throw bad("no runs");
  std::vector<bool> seen(d.runs, false);
  for (double p : d.point) {
    if (!(p >= 0 && p < static_cast<double>(d.runs) && p == std::floor(p)))
      throw bad("/parameters/point holds " + sim::format_number(p) +
                ", not the index of a design point");
    seen[static_cast<std::size_t>(p)] = true;
  }
  // Points 0 .. P-1 each have their runs (a partial file lists every run from the start).
  const auto points =
      static_cast<std::size_t>(*std::max_element(d.point.begin(), d.point.end())) + 1;
  for (std::size_t p = 0; p < points; ++p)
    if (!seen[p])
      throw bad("design point " + std::to_string(p) + " has no run in /parameters/point");
  for (const std::string& name : file.read_attribute<std::vector<std::string>>("varied")) {
    sim::require_snake_name(name, path.string(), "attribute varied");
    const io::h5::Dataset ds = parameters.open_dataset(name);
    SweepData::Factor f;
    f.name = name;
    f.key = ds.read_attribute<std::string>("key");
    f.values = column(name);
    // How it reads in words (files of older builds: its name).
    f.label = ds.has_attribute("label") ? ds.read_attribute<std::string>("label") : name;
    if (ds.has_attribute("display_unit")) f.unit = ds.read_attribute<std::string>("display_unit");
    if (ds.has_attribute("display_scale")) f.scale = ds.read_attribute<double>("display_scale");
    if (ds.has_attribute("min")) {
      f.min = ds.read_attribute<double>("min");
      f.max = ds.read_attribute<double>("max");
    } else {
      f.min = *std::min_element(f.values.begin(), f.values.end());
      f.max = *std::max_element(f.values.begin(), f.values.end());
    }
    // A design's values and range are numbers the experiment file gave, never NaN or infinite.
    const bool finite =
        std::all_of(f.values.begin(), f.values.end(), [](double x) { return std::isfinite(x); });
    if (!finite || !std::isfinite(f.min) || !std::isfinite(f.max) || !std::isfinite(f.scale))
      throw bad("/parameters/" + name + " holds a value or range that is not a finite number");
    d.factors.push_back(std::move(f));
  }
  if (d.factors.empty()) throw bad("attribute varied names no parameter");
  const std::vector<double> failed = column("failed");
  const std::vector<std::int64_t> completed =
      parameters.open_dataset("completed").read<std::int64_t>();
  if (completed.size() != d.runs) throw bad("/parameters/completed does not list every run");
  d.ok.resize(d.runs);
  for (std::size_t r = 0; r < d.runs; ++r) {
    d.ok[r] = completed[r] == 1 && failed[r] == 0;
    d.failed += completed[r] == 1 && failed[r] == 1;
    // Completed with a NaN failed flag: killed while marking it done, so not done (sim::RunFile).
    d.not_completed += completed[r] != 1 || std::isnan(failed[r]);
  }
  if (has_member(parameters, "saltelli_matrix")) {
    d.saltelli_matrix = column("saltelli_matrix");
    d.saltelli_sample = column("saltelli_sample");
  }
  if (has_member(parameters, "morris_trajectory")) {
    d.morris_trajectory = column("morris_trajectory");
    d.morris_step = column("morris_step");
    d.morris_factor = column("morris_factor");
  }
  const io::h5::Group summary = file.open_group("summary");
  for (const std::string& name : file.read_attribute<std::vector<std::string>>("metrics")) {
    // A metric's name names its figures and SALib's files: checked before it is used.
    sim::require_snake_name(name, path.string(), "attribute metrics");
    const io::h5::Dataset ds = summary.open_dataset(name);
    d.metrics.push_back({name, ds.read_attribute<std::string>("units"),
                         ds.read_attribute<std::string>("description")});
    d.horizon.push_back(ds.read<double>());
    if (d.horizon.back().size() != d.runs) throw bad(ds.path() + " does not list every run");
  }
  return d;
}

}  // namespace io
