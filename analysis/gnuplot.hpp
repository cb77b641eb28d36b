// Drawing figures with gnuplot (Debian's gnuplot-nox): each figure's data and script are written
// next to it, so that users can draw it again or change it.
#pragma once

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

namespace analysis {

/// The path of gnuplot found on PATH, if any.
std::optional<std::filesystem::path> find_gnuplot();

/// A string for a gnuplot script: single-quoted, with ' doubled.
std::string quoted(const std::string& s);

/// Opens a figure's data file for writing (10 significant digits); throws std::runtime_error when
/// it cannot.
std::ofstream open_data(const std::filesystem::path& file);

/// The style every TwinSim figure shares, with `caption` (where the data come from) at the bottom.
std::string figure_style(const std::string& caption);

/// Writes <dir>/<name>.gp, which draws the figure `body` (gnuplot commands) as <name>.png and
/// <name>.svg under temporary names; runs gnuplot on it and renames the figures when it succeeded.
/// `by` names the command in the script's first line. Throws std::runtime_error with gnuplot's
/// output when it fails.
void draw(const std::filesystem::path& dir, const std::filesystem::path& gnuplot,
          const std::string& name, const std::string& body, const std::string& by);

}  // namespace analysis
