// `twinsim analyze --report`: one self-contained HTML file (docs/analysis.md, "Reports"): the
// tables the command prints and its figures inline as SVG, with no script and nothing fetched
// from the network, so that it opens anywhere and can be mailed or archived.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace analysis {

/// A part of a report: a heading, plain text (tables of aligned columns, shown as they print) and
/// figures (SVG files, inlined in order).
struct ReportSection {
  std::string heading;
  std::string text;
  std::vector<std::filesystem::path> figures;
};

/// Everything the report shows.
struct Report {
  std::string title;     // e.g. "TwinSim analysis of sweep.h5"
  std::string subtitle;  // what the file is
  std::vector<ReportSection> sections;
  std::string appendix_title, appendix_text;  // e.g. the scenario, resolved (shown folded)
};

/// The report as HTML: text escaped, each SVG inlined with its element ids made unique to it.
/// Throws std::runtime_error when a figure cannot be read.
std::string report_html(const Report& report);

/// Writes report_html(report) to `path` under a temporary name and renames it when complete
/// (sim::write_text_file): over an existing regular file only with `overwrite`.
void write_report(const std::filesystem::path& path, const Report& report, bool overwrite);

}  // namespace analysis
