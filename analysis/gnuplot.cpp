#include "analysis/gnuplot.hpp"

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace analysis {

namespace fs = std::filesystem;

std::optional<fs::path> find_gnuplot() {
  const char* path = std::getenv("PATH");
  if (!path) return std::nullopt;
  std::stringstream dirs(path);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty()) continue;
    const fs::path candidate = fs::path(dir) / "gnuplot";
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec) &&
        (fs::status(candidate, ec).permissions() & fs::perms::owner_exec) != fs::perms::none)
      return candidate;
  }
  return std::nullopt;
}

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

void draw(const fs::path& dir, const fs::path& gnuplot, const std::string& name,
          const std::string& body, const std::string& by) {
  const fs::path png = dir / (name + ".png"), svg = dir / (name + ".svg");
  const fs::path png_tmp = dir / (name + ".png.tmp"), svg_tmp = dir / (name + ".svg.tmp");
  const fs::path script = dir / (name + ".gp");
  {
    std::ofstream out(script);
    if (!out) throw std::runtime_error(script.string() + ": cannot write");
    out << "# Drawn by " << by << "; run `gnuplot " << name
        << ".gp` to draw it again (data: " << name << ".dat).\n"
        << "set terminal pngcairo size 1280,760 noenhanced font 'DejaVu Sans,15'\n"
        << "set output " << quoted(png_tmp.string()) << "\n"
        << body << "unset output\n"
        << "set terminal svg size 1280,760 dynamic noenhanced font 'DejaVu Sans,15' background "
           "rgb 'white'\n"
        << "set output " << quoted(svg_tmp.string()) << "\n"
        << body << "unset output\n";
  }
  const fs::path log = dir / (name + ".gnuplot.log");
  const std::string cmd = quoted(gnuplot.string()) + " " + quoted(script.string()) + " > " +
                          quoted(log.string()) + " 2>&1";
  // The shell reads '...' as the script reads it, except for the doubled quote, which the shell
  // joins back into nothing: paths with a ' are refused by plot_comparison.
  const int raw = std::system(cmd.c_str());
  const bool ok = raw != -1 && WIFEXITED(raw) && WEXITSTATUS(raw) == 0 && fs::exists(png_tmp) &&
                  fs::exists(svg_tmp);
  if (!ok) {
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    std::error_code ignored;
    fs::remove(png_tmp, ignored);
    fs::remove(svg_tmp, ignored);
    throw std::runtime_error("gnuplot failed on " + script.string() + ": " + text.str());
  }
  fs::rename(png_tmp, png);
  fs::rename(svg_tmp, svg);
  fs::remove(log);
}

std::ofstream open_data(const std::filesystem::path& file) {
  std::ofstream out(file);
  if (!out) throw std::runtime_error(file.string() + ": cannot write");
  out.precision(10);
  return out;
}

std::string figure_style(const std::string& caption) {
  return "set encoding utf8\nset border 3 lw 1.2\nset tics nomirror\n"
         "set grid ytics lc rgb '#dddddd'\nset bmargin 6\n"
         "set label 99 " +
         quoted(caption) + " at screen 0.01, screen 0.025 font ',10' tc rgb '#444444'\n";
}

}  // namespace analysis
