#include "sim/toml_limits.hpp"

#include <string>
#include <utility>

namespace sim {
namespace {

// Thrown inside the scanner: a limit is broken (the diagnostic says which), or the text stops
// being TOML (the parser will report that, at or before this place, and read nothing after it).
struct LimitBroken {
  Diagnostic diagnostic;
};
struct NotToml {};

// Walks TOML text (TOML 1.0, section by section: comments, strings, keys, tables, arrays, inline
// tables) the way the parser will, keeping only what the limits need: where it is, how deep, how
// many entries. It accepts more than TOML does (it never checks numbers, dates, escapes or
// newlines in inline tables), so where it gives up, the parser has given up too. Its own
// recursion is bounded by max_depth: it refuses a bracket before it descends into it.
class Scanner {
 public:
  Scanner(std::string_view text, std::string_view source, const TomlLimits& limits)
      : text_(text), source_(source), limits_(limits) {}

  void run() {
    if (text_.size() > limits_.max_bytes)
      fail(
          1, 1,
          "a text of " + std::to_string(text_.size()) + " bytes; at most " +
              (limits_.max_bytes % (1 << 20) == 0 ? std::to_string(limits_.max_bytes >> 20) + " MiB"
                                                  : std::to_string(limits_.max_bytes) + " bytes"));
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") i_ = 3;  // a byte order mark, which TOML skips
    std::size_t table_depth = 0;                       // of the last table header
    while (!at_end()) {
      skip_blank();
      if (at_end()) break;
      const char c = peek();
      if (c == '\n' || c == '\r') {
        advance();
      } else if (c == '#') {
        skip_comment();
      } else if (c == '[') {
        table_depth = header();
        end_of_line();
      } else {
        key_value(table_depth);
        end_of_line();
      }
    }
  }

 private:
  struct Place {
    int line, column;
  };

  bool at_end() const { return i_ >= text_.size(); }
  char peek(std::size_t ahead = 0) const {
    return i_ + ahead < text_.size() ? text_[i_ + ahead] : '\0';
  }
  Place here() const { return {line_, column_}; }

  // Columns count characters, not bytes: a UTF-8 continuation byte does not move the column.
  void advance() {
    const auto c = static_cast<unsigned char>(text_[i_++]);
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++column_;
    }
  }

  [[noreturn]] void fail(int line, int column, std::string message) const {
    throw LimitBroken{Diagnostic{std::string(source_), line, column, "", std::move(message)}};
  }
  [[noreturn]] static void not_toml() { throw NotToml{}; }

  void skip_blank() {
    while (!at_end() && (peek() == ' ' || peek() == '\t')) advance();
  }
  void skip_comment() {
    while (!at_end() && peek() != '\n') advance();
  }
  // Inside an array (and, more leniently than TOML, an inline table): blanks, newlines, comments.
  void skip_blank_lines() {
    for (;;) {
      skip_blank();
      if (peek() == '\n' || peek() == '\r') {
        advance();
      } else if (peek() == '#') {
        skip_comment();
      } else {
        return;
      }
    }
  }
  // After a header or a key/value pair: a comment or the end of the line.
  void end_of_line() {
    skip_blank();
    if (peek() == '#') skip_comment();
    if (peek() == '\r') advance();
    if (at_end()) return;
    if (peek() != '\n') not_toml();
    advance();
  }

  void count_entry(Place at) {
    if (++entries_ > limits_.max_entries)
      fail(at.line, at.column,
           "more than " + std::to_string(limits_.max_entries) +
               " keys, tables and list elements; at most " + std::to_string(limits_.max_entries));
  }
  void check_depth(std::size_t depth, Place at) const {
    if (depth > limits_.max_depth)
      fail(at.line, at.column,
           "tables and lists nested " + std::to_string(depth) + " deep; at most " +
               std::to_string(limits_.max_depth));
  }

  // A string of any of TOML's four kinds, starting at its quote. A single-line string ends at
  // the end of its line (the parser stops there).
  void string() {
    const char quote = peek();
    const bool basic = quote == '"';
    if (peek(1) == quote && peek(2) == quote) {
      for (int k = 0; k < 3; ++k) advance();
      for (;;) {
        if (at_end()) not_toml();
        if (basic && peek() == '\\') {
          advance();
          if (!at_end()) advance();
        } else if (peek() == quote && peek(1) == quote && peek(2) == quote) {
          for (int k = 0; k < 3; ++k) advance();
          // Up to two more quotes belong to the content: """a""""" is a"".
          for (int k = 0; k < 2 && peek() == quote; ++k) advance();
          return;
        } else {
          advance();
        }
      }
    }
    advance();
    for (;;) {
      if (at_end() || peek() == '\n') not_toml();
      if (basic && peek() == '\\') {
        advance();
        if (!at_end() && peek() != '\n') advance();
      } else if (peek() == quote) {
        advance();
        return;
      } else {
        advance();
      }
    }
  }

  static bool bare_key_char(char c) {
    // Bytes above 0x7F too: more than TOML 1.0 allows, never less than a parser accepts.
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || static_cast<unsigned char>(c) >= 0x80;
  }

  // A dotted key at the current place (blanks before it skipped), nested in `depth` tables
  // already; returns the depth of what it names. `what`: "a key" or "a table header".
  std::size_t key(std::size_t depth, const char* what) {
    skip_blank();
    const Place start = here();
    const std::size_t begin = i_;
    std::size_t end = i_;
    std::size_t parts = 0;
    for (;;) {
      skip_blank();
      if (peek() == '"' || peek() == '\'') {
        string();
      } else if (bare_key_char(peek())) {
        while (!at_end() && bare_key_char(peek())) advance();
      } else {
        not_toml();
      }
      ++parts;
      end = i_;
      skip_blank();
      if (peek() != '.') break;
      advance();
    }
    if (std::string problem = key_limit_problem(what, parts, end - begin, limits_);
        !problem.empty())
      fail(start.line, start.column, std::move(problem));
    check_depth(depth + parts, start);
    count_entry(start);
    return depth + parts;
  }

  // [a.b] or [[a.b]]; returns the depth of the keys under it.
  std::size_t header() {
    advance();
    const bool array = peek() == '[';
    if (array) advance();
    const std::size_t depth = key(array ? 1 : 0, "a table header");
    if (peek() != ']') not_toml();
    advance();
    if (array) {
      skip_blank();
      if (peek() != ']') not_toml();
      advance();
    }
    return depth;
  }

  // key = value, in a table (or inline table) `depth` deep.
  void key_value(std::size_t depth) {
    const std::size_t value_depth = key(depth, "a key");
    if (peek() != '=') not_toml();
    advance();
    skip_blank();
    value(value_depth);
  }

  // A list or inline table opened at the current place, in a value `depth` deep: `element()` for
  // each of its comma-separated elements, up to `close`.
  template <class Element>
  void sequence(std::size_t depth, char close, Element element) {
    check_depth(depth + 1, here());
    advance();
    for (;;) {
      skip_blank_lines();
      if (peek() == close) break;
      element();
      skip_blank_lines();
      if (peek() == ',') {
        advance();
      } else if (peek() != close) {
        not_toml();
      }
    }
    advance();
  }

  // A value `depth` deep: its elements or keys are deeper.
  void value(std::size_t depth) {
    const char c = peek();
    if (c == '"' || c == '\'') {
      string();
    } else if (c == '[') {
      sequence(depth, ']', [&] {
        count_entry(here());
        value(depth + 1);
      });
    } else if (c == '{') {
      sequence(depth, '}', [&] { key_value(depth); });
    } else {
      // A number, boolean or date: whatever runs up to what ends a value (a local date-time may
      // hold a space).
      const std::size_t begin = i_;
      while (!at_end() && peek() != ',' && peek() != ']' && peek() != '}' && peek() != '#' &&
             peek() != '\n' && peek() != '\r')
        advance();
      if (i_ == begin) not_toml();
    }
  }

  std::string_view text_;
  std::string_view source_;
  const TomlLimits& limits_;
  std::size_t i_ = 0;
  int line_ = 1, column_ = 1;
  std::size_t entries_ = 0;
};

}  // namespace

std::string key_limit_problem(std::string_view what, std::size_t parts, std::size_t bytes,
                              const TomlLimits& limits) {
  if (parts > limits.max_key_parts)
    return std::string(what) + " of " + std::to_string(parts) + " dotted parts; at most " +
           std::to_string(limits.max_key_parts);
  if (bytes > limits.max_key_bytes)
    return std::string(what) + " of " + std::to_string(bytes) + " bytes; at most " +
           std::to_string(limits.max_key_bytes);
  return "";
}

std::optional<Diagnostic> toml_limit_problem(std::string_view text, std::string_view source,
                                             const TomlLimits& limits, bool* whole) {
  if (whole) *whole = false;
  try {
    Scanner(text, source, limits).run();
  } catch (LimitBroken& broken) {
    return std::move(broken.diagnostic);
  } catch (const NotToml&) {
    // The parser stops at or before this place; nothing after it is read.
    return std::nullopt;
  }
  if (whole) *whole = true;
  return std::nullopt;
}

}  // namespace sim
