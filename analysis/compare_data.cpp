#include "analysis/compare_data.hpp"

#include "io/file_kind.hpp"

#include <algorithm>

#include "io/h5.hpp"
#include "sim/error.hpp"
#include "sim/names.hpp"

namespace analysis {
CompareData read_compare(const std::filesystem::path& path) {
  if (io::file_kind(path) != io::FileKind::comparison)
    throw sim::InputError(path.string() + ": not a comparison file (written by twinsim compare)");
  const io::h5::File file = io::h5::File::open(path);
  CompareData d;
  const io::h5::Group with = file.open_group("intervention"),
                      without = file.open_group("counterfactual");
  d.intervention = io::read_result_table(with, path);
  d.counterfactual = io::read_result_table(without, path);
  d.intervention_meta = io::read_result_meta(with);
  d.counterfactual_meta = io::read_result_meta(without);
  d.against = file.read_attribute<std::string>("against");
  // The report reads the project's end from project_phase, and each outcome at a month.
  auto bad = [&path](const std::string& what) {
    return sim::InputError(path.string() + ": " + what + " (a damaged comparison file?)");
  };
  if (d.intervention.steps == 0) throw bad("/intervention records no month");
  if (std::none_of(d.intervention.metrics.begin(), d.intervention.metrics.end(),
                   [](const sim::MetricSpec& m) { return m.name == "project_phase"; }))
    throw bad("/intervention does not record project_phase");

  // Outcomes: every "<outcome>_gross" in /impact, in alphabetical order, with all components.
  const io::h5::Group impact = file.open_group("impact");
  const std::vector<std::string> members = impact.members();
  const std::size_t runs = d.intervention.runs, months = d.intervention.steps;
  const std::string suffix = "_gross";
  for (const std::string& m : members) {
    if (m.size() <= suffix.size() || m.compare(m.size() - suffix.size(), suffix.size(), suffix))
      continue;
    OutcomeImpact o;
    o.name = m.substr(0, m.size() - suffix.size());
    sim::require_snake_name(o.name, path.string(), "an outcome of /impact");
    o.unit = impact.open_dataset(m).read_attribute<std::string>("units");
    o.runs.resize(runs);
    const auto& names = impact_component_names();
    for (std::size_t c = 0; c < names.size(); ++c) {
      const io::h5::Dataset ds = impact.open_dataset(o.name + "_" + names[c]);
      if (ds.shape() != std::vector<std::size_t>{runs, months})
        throw sim::InputError(path.string() + ": " + ds.path() + " is not (run, time)");
      const std::vector<double> v = ds.read<double>();
      for (std::size_t r = 0; r < runs; ++r) {
        component(o.runs[r], c)
            .assign(v.begin() + static_cast<std::ptrdiff_t>(r * months),
                    v.begin() + static_cast<std::ptrdiff_t>((r + 1) * months));
      }
    }
    d.outcomes.push_back(std::move(o));
  }
  return d;
}

}  // namespace analysis
