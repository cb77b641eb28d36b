// Drawing figures with gnuplot (Debian's gnuplot-nox): each figure's data and script are written
// next to it, so that users can draw it again or change it. Titles and labels come from scenarios,
// result files and folder names, so they are hostile: a text reaches a script only as a literal
// made by gnuplot_string(), a file only by a plain name relative to the figure's folder, and
// gnuplot is started without a shell.
#pragma once

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>

#include "sim/temporary_folder.hpp"

namespace analysis {

/// The absolute path of the first gnuplot on PATH that is a regular executable file, if any.
std::optional<std::filesystem::path> find_gnuplot();

/// `text` as a gnuplot string literal that gnuplot reads as that text and nothing else: in single
/// quotes (where gnuplot 5.4 substitutes no `command` and expands no @macro) with ' doubled (as
/// U+2019 at the start and after another '); control characters (C0, DEL, C1) as spaces, so that
/// none ends the string or the line; bytes that are not UTF-8 (and U+FFFE, U+FFFF) as U+FFFD, and
/// "]]>" as "]] >", so that the SVG is valid XML.
std::string gnuplot_string(std::string_view text);

/// `text` as a label field of a figure's data file: in double quotes, cleaned as by
/// gnuplot_string(), with " written as ' and \ doubled (gnuplot reads escapes there).
std::string data_field(std::string_view text);

/// Runs `gnuplot <script>` without a shell, in folder `dir` (its working directory), with input
/// from /dev/null and output and errors into `log`. Returns whether it exited with status 0; throws
/// std::runtime_error when it cannot be started.
bool run_gnuplot(const std::filesystem::path& gnuplot, const std::filesystem::path& dir,
                 const std::string& script, const std::filesystem::path& log);

/// Opens a data file for writing (10 significant digits); throws std::runtime_error when it cannot.
std::ofstream open_data(const std::filesystem::path& file);

/// The style every TwinSim figure shares, with `caption` (where the data come from) at the bottom.
std::string figure_style(const std::string& caption);

/// A figure drawn into folder `dir` as <name>.png and <name>.svg, with its data (<name>.dat) and
/// its script (<name>.gp) beside them; the script names its files relative to its folder, so that
/// `cd DIR && gnuplot NAME.gp` draws it again. Made in a private folder inside `dir`
/// (sim::TemporaryFolder, removed after) and moved into `dir` only when gnuplot succeeded.
class Figure {
 public:
  /// Throws sim::InputError unless `name` is a plain file name (sim::is_plain_file_name);
  /// std::filesystem::filesystem_error when the private folder cannot be made (`dir` must exist).
  Figure(const std::filesystem::path& dir, std::string name);

  /// Opens the figure's data file for writing, as analysis::open_data does.
  std::ofstream open_data() const;
  /// The data file as the script names it: gnuplot_string("<name>.dat").
  std::string data() const;

  /// Writes the script, which draws `body` (gnuplot commands) as PNG, then as SVG (`by` names the
  /// command in its first line); runs gnuplot; moves the figures, data and script into the folder
  /// and removes the private one. Once only. Throws std::runtime_error with gnuplot's output when
  /// it fails: then the data, the script and <name>.gnuplot.log are moved into the folder, and
  /// the figures there are left as they were.
  void draw(const std::filesystem::path& gnuplot, const std::string& body, const std::string& by);

 private:
  std::filesystem::path dir_;
  std::string name_;
  std::optional<sim::TemporaryFolder> work_;  // until drawn
};

}  // namespace analysis
