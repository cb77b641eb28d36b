// Error types shared by the engine: bad user input (exit status 2) versus failures while running.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace sim {

/// One problem found in user input, with the place it was found. `line`/`column` are 1-based,
/// 0 when unknown (e.g. a missing key).
struct Diagnostic {
  std::string file;
  int line = 0;
  int column = 0;
  std::string key;      // dotted key path, empty when the problem is not about one key
  std::string message;  // what was expected and what was found

  /// "file:line:col: key: message" (the place is omitted when unknown).
  std::string to_string() const;
};

/// Bad input from the user (scenario file, command-line value). Carries every problem found, so
/// that the user sees them all at once. The command line turns it into exit status 2.
class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<Diagnostic> diagnostics);
  explicit InputError(const std::string& message);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace sim
