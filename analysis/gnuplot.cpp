#include "analysis/gnuplot.hpp"

#include <sys/wait.h>

#include <boost/process/args.hpp>
#include <boost/process/child.hpp>
#include <boost/process/exe.hpp>
#include <boost/process/io.hpp>
#include <boost/process/start_dir.hpp>
#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "sim/error.hpp"
#include "sim/names.hpp"

namespace analysis {
namespace {

namespace fs = std::filesystem;

constexpr char32_t kReplacement = 0xFFFD;

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// The length of the well-formed UTF-8 sequence at text[i] (RFC 3629: no overlong form, no
// surrogate, nothing beyond U+10FFFF), with its code point in `c`; 0 when there is none.
std::size_t utf8_at(std::string_view text, std::size_t i, char32_t& c) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t n = 0;
  char32_t min = 0;
  if (lead < 0x80) {
    c = lead;
    return 1;
  } else if (lead >= 0xC2 && lead <= 0xDF) {
    n = 2, c = lead & 0x1F, min = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    n = 3, c = lead & 0x0F, min = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    n = 4, c = lead & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    c = (c << 6) | (byte(i + k) & 0x3F);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
  return n;
}

// `text` as gnuplot may show it (see gnuplot_string()); `for_data` also replaces what a data file's
// quoted field would read: " ends it, \ starts an escape.
std::string clean(std::string_view text, bool for_data) {
  std::string out;
  out.reserve(text.size() + 2);
  for (std::size_t i = 0; i < text.size();) {
    char32_t c = 0;
    const std::size_t n = utf8_at(text, i, c);
    if (n == 0) {
      append_utf8(out, kReplacement);
      ++i;
      continue;
    }
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
      out += ' ';
    } else if (c == 0xFFFE || c == 0xFFFF) {  // not characters XML allows
      append_utf8(out, kReplacement);
    } else if (for_data && c == '"') {
      out += '\'';
    } else if (for_data && c == '\\') {
      out += "\\\\";
    } else {
      out.append(text.substr(i, n));
    }
    i += n;
  }
  // gnuplot's SVG terminal escapes < and & but not >, and XML content may not hold "]]>".
  for (std::size_t at = out.find("]]>"); at != std::string::npos; at = out.find("]]>", at + 3))
    out.insert(at + 2, 1, ' ');
  return out;
}

}  // namespace

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
        (fs::status(candidate, ec).permissions() & fs::perms::owner_exec) != fs::perms::none) {
      // Absolute: gnuplot runs in the figure's folder, where a relative PATH entry means another.
      const fs::path found = fs::absolute(candidate, ec);
      if (!ec) return found;
    }
  }
  return std::nullopt;
}

std::string gnuplot_string(std::string_view text) {
  // gnuplot 5.4's scanner takes '' for a quote only when it looks ahead from another character:
  // '''a' and 'a''''b' end early, and what follows is read as more tokens (strings, but no
  // figure). So a quote is doubled after another character only; at the start or after a quote
  // it is written as U+2019.
  const std::string inner = clean(text, false);
  std::string out = "'";
  for (std::size_t i = 0; i < inner.size(); ++i) {
    if (inner[i] != '\'')
      out += inner[i];
    else if (i > 0 && inner[i - 1] != '\'')
      out += "''";
    else
      out += "\xE2\x80\x99";  // U+2019
  }
  return out + "'";
}

std::string data_field(std::string_view text) {
  return '"' + clean(text, true) + '"';
}

bool run_gnuplot(const fs::path& gnuplot, const fs::path& dir, const std::string& script,
                 const fs::path& log) {
  namespace bp = boost::process;
  // An argument vector, not a command line: no shell ever reads a path or a name.
  std::error_code ec;
  bp::child child(bp::exe = gnuplot.string(), bp::args = {script}, bp::start_dir = dir.string(),
                  bp::std_in<bp::null, (bp::std_out & bp::std_err)> log.string(), ec);
  if (!ec) child.wait(ec);
  if (ec) throw std::runtime_error("cannot run " + gnuplot.string() + ": " + ec.message());
  const int status = child.native_exit_code();
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

std::ofstream open_data(const fs::path& file) {
  std::ofstream out(file);
  if (!out) throw std::runtime_error(file.string() + ": cannot write");
  out.precision(10);
  return out;
}

std::string figure_style(const std::string& caption) {
  return "set encoding utf8\nset border 3 lw 1.2\nset tics nomirror\n"
         "set grid ytics lc rgb '#dddddd'\nset bmargin 6\n"
         "set label 99 " +
         gnuplot_string(caption) + " at screen 0.01, screen 0.025 font ',10' tc rgb '#444444'\n";
}

namespace {

std::string checked_name(std::string name) {
  if (!sim::is_plain_file_name(name))
    throw sim::InputError("a figure may not be named " + gnuplot_string(name) +
                          ": expected a plain file name (A-Z a-z 0-9 _ - ., not starting with . "
                          "or -)");
  return name;
}

}  // namespace

Figure::Figure(const fs::path& dir, std::string name)
    : dir_(dir), name_(checked_name(std::move(name))) {
  work_.emplace(dir, "." + name_ + ".tmp-");
}

std::ofstream Figure::open_data() const {
  return analysis::open_data(work_->path() / (name_ + ".dat"));
}

std::string Figure::data() const {
  return gnuplot_string(name_ + ".dat");
}

void Figure::draw(const fs::path& gnuplot, const std::string& body, const std::string& by) {
  const fs::path work = work_->path();
  const std::string script = name_ + ".gp";
  {
    std::ofstream out(work / script);
    out << "# Drawn by " << clean(by, false) << "; run `gnuplot " << script
        << "` in this folder to draw it again (data: " << name_ << ".dat).\n"
        << "set terminal pngcairo size 1280,760 noenhanced font 'DejaVu Sans,15'\n"
        << "set output " << gnuplot_string(name_ + ".png") << "\n"
        << body << "unset output\n"
        << "set terminal svg size 1280,760 dynamic noenhanced font 'DejaVu Sans,15' background "
           "rgb 'white'\n"
        << "set output " << gnuplot_string(name_ + ".svg") << "\n"
        << body << "unset output\n";
    if (!out.flush()) throw std::runtime_error((dir_ / script).string() + ": cannot write");
  }
  const std::string log = name_ + ".gnuplot.log";
  const bool ok = run_gnuplot(gnuplot, work, script, work / log) &&
                  fs::exists(work / (name_ + ".png")) && fs::exists(work / (name_ + ".svg"));
  // The script and its data go into the folder either way, so that a failure can be looked into.
  auto move = [&](const std::string& file) {
    if (fs::exists(work / file)) fs::rename(work / file, dir_ / file);
  };
  move(name_ + ".dat");
  move(script);
  if (!ok) {
    std::ifstream in(work / log);
    std::stringstream text;
    text << in.rdbuf();
    move(log);
    work_.reset();
    throw std::runtime_error("gnuplot failed on " + (dir_ / script).string() + ": " + text.str());
  }
  move(name_ + ".png");
  move(name_ + ".svg");
  std::error_code ignored;
  fs::remove(dir_ / log, ignored);  // left by an earlier failure
  work_.reset();
}

}  // namespace analysis
