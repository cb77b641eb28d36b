#include "sim/error.hpp"

#include <utility>

namespace sim {

std::string Diagnostic::to_string() const {
  std::string out = file;
  // A column without a line says nothing, so the column is shown only together with a line.
  if (line > 0) {
    if (!out.empty()) out += ':';
    out += std::to_string(line);
    if (column > 0) out += ':' + std::to_string(column);
  }
  if (!out.empty()) out += ": ";
  if (!key.empty()) out += key + ": ";
  out += message;
  return out;
}

namespace {

std::string join_lines(const std::vector<Diagnostic>& diagnostics) {
  if (diagnostics.empty()) return "invalid input";
  std::string out;
  for (const Diagnostic& d : diagnostics) {
    if (!out.empty()) out += '\n';
    out += d.to_string();
  }
  return out;
}

}  // namespace

InputError::InputError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join_lines(diagnostics)), diagnostics_(std::move(diagnostics)) {}

InputError::InputError(const std::string& message)
    : std::runtime_error(message), diagnostics_{Diagnostic{{}, 0, 0, {}, message}} {}

}  // namespace sim
