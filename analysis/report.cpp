#include "analysis/report.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "sim/output_files.hpp"

namespace analysis {
namespace {

std::string escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

// An SVG file as an element of the page: without its XML declaration, its ids (and the
// references to them) prefixed with `prefix` so that figures do not share ids.
std::string inline_svg(const std::filesystem::path& file, const std::string& prefix) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error(file.string() + ": cannot read the figure");
  std::stringstream text;
  text << in.rdbuf();
  std::string svg = text.str();
  const std::size_t start = svg.find("<svg");
  if (start == std::string::npos) throw std::runtime_error(file.string() + ": not an SVG file");
  svg.erase(0, start);
  for (const char* q : {"'", "\""}) {
    replace_all(svg, std::string("id=") + q, std::string("id=") + q + prefix);
    replace_all(svg, std::string("href=") + q + "#", std::string("href=") + q + "#" + prefix);
  }
  replace_all(svg, "url(#", "url(#" + prefix);
  return svg;
}

}  // namespace

std::string report_html(const Report& r) {
  std::ostringstream h;
  h << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
    << escape(r.title) << "</title>\n<style>\n"
    << "body { font-family: 'DejaVu Sans', sans-serif; max-width: 1100px; margin: 2em auto; "
       "padding: 0 1em; color: #222; }\n"
    << "h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px "
       "solid #ccc; }\n"
    << "pre { background: #f6f6f6; padding: 0.8em; overflow-x: auto; font-size: 0.85em; }\n"
    << "figure { margin: 1em 0; } figure svg { width: 100%; height: auto; border: 1px solid "
       "#eee; }\n"
    << "</style>\n</head>\n<body>\n<h1>" << escape(r.title) << "</h1>\n<p>" << escape(r.subtitle)
    << "</p>\n";
  std::size_t figure = 0;
  for (const ReportSection& s : r.sections) {
    if (!s.heading.empty()) h << "<section>\n<h2>" << escape(s.heading) << "</h2>\n";
    if (!s.text.empty()) h << "<pre>" << escape(s.text) << "</pre>\n";
    for (const auto& f : s.figures)
      h << "<figure class=\"figure\" data-name=\"" << escape(f.stem().string()) << "\">\n"
        << inline_svg(f, "f" + std::to_string(figure++) + "_") << "\n<figcaption>"
        << escape(f.stem().string()) << "</figcaption>\n</figure>\n";
    if (!s.heading.empty()) h << "</section>\n";
  }
  if (!r.appendix_text.empty())
    h << "<details>\n<summary>" << escape(r.appendix_title) << "</summary>\n<pre>"
      << escape(r.appendix_text) << "</pre>\n</details>\n";
  h << "</body>\n</html>\n";
  return h.str();
}

void write_report(const std::filesystem::path& path, const Report& report, bool overwrite) {
  sim::write_text_file(path, report_html(report), overwrite);
}

}  // namespace analysis
