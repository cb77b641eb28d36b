// Bounds on TOML text, checked before a parser sees it: a parser that recurses per dotted part or
// per nested bracket must never get enough of either to overflow its stack, nor a text that would
// fill memory with nodes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "sim/error.hpp"

namespace sim {

/// The limits (docs/scenarios.md, "Validation"): far above any real scenario, experiment or
/// uncertainties file (the largest in the repository: 5 deep, keys of 3 parts and 33 bytes, 139
/// entries; a resolved scenario of 64 sectors and 100 KPIs: 812 entries).
struct TomlLimits {
  std::size_t max_bytes = std::size_t{16} << 20;  // the whole text
  std::size_t max_key_parts = 64;                 // dotted parts of one key or table header
  std::size_t max_key_bytes = 1024;               // one key or table header, as written
  std::size_t max_depth = 64;  // tables and lists a value is nested in, counting every dotted part
  std::size_t max_entries = 100000;  // keys, table headers and list elements, all together
};

/// The first limit `text` (named `source` in the message) breaks, as a Diagnostic at its
/// file:line:col (columns in characters, as the TOML parser counts them), or nothing. Walks the
/// text as TOML's lexer does: strings of every kind and comments are skipped, so brackets, dots
/// and quotes inside them count for nothing. What is not TOML it leaves to the parser (which
/// stops there, so the rest cannot matter). `whole`, when given, tells whether it read to the end
/// (false: within the limits up to where the text stops being TOML); for tests and fuzzing, since
/// a text the parser accepts must be read whole.
std::optional<Diagnostic> toml_limit_problem(std::string_view text, std::string_view source,
                                             const TomlLimits& limits = {}, bool* whole = nullptr);

/// What is wrong with `what` ("a key", "a table header") of `parts` dotted parts and `bytes`
/// bytes: "a key of 40000 dotted parts; at most 64", or "" when it is within the limits.
std::string key_limit_problem(std::string_view what, std::size_t parts, std::size_t bytes,
                              const TomlLimits& limits = {});

}  // namespace sim
