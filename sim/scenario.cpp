#include "sim/scenario.hpp"

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <system_error>
#include <utility>

#include <toml++/toml.h>

namespace sim {
namespace {

// Where a toml++ position is shown to the user: (line, column), 0 when unknown.
using Place = std::function<std::pair<int, int>(const toml::source_position&)>;

std::string node_kind(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "a list";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

// The node's value as the user wrote it (near enough), for "got ..." in messages.
std::string node_text(const toml::node& node) {
  if (auto* s = node.as_string()) return to_toml(ParamValue(s->get()));
  if (auto* i = node.as_integer()) return std::to_string(i->get());
  if (auto* f = node.as_floating_point()) return to_toml(ParamValue(f->get()));
  if (auto* b = node.as_boolean()) return b->get() ? "true" : "false";
  if (node.is_table()) return "";
  std::ostringstream out;
  if (auto* a = node.as_array()) {
    out << '[';
    for (std::size_t i = 0; i < a->size(); ++i) {
      const std::string element = node_text((*a)[i]);
      out << (i ? ", " : "") << (element.empty() ? "{...}" : element);
    }
    out << ']';
  } else if (auto* d = node.as_date()) {
    out << *d;
  } else if (auto* t = node.as_time()) {
    out << *t;
  } else if (auto* dt = node.as_date_time()) {
    out << *dt;
  }
  std::string text = out.str();
  constexpr std::size_t max_length = 40;
  if (text.size() > max_length) text = text.substr(0, max_length - 3) + "...";
  return text;
}

std::string got(const toml::node& node) {
  std::string text = node_text(node);
  return "got " + node_kind(node) + (text.empty() ? "" : " (" + text + ")");
}

// Reads TOML nodes into `values`, collecting every problem in `diagnostics`.
class Reader {
 public:
  Reader(const std::vector<ParamSpec>& specs, ParamValues& values,
         std::vector<Diagnostic>& diagnostics)
      : specs_(specs), values_(values), diagnostics_(diagnostics) {
    for (const ParamSpec& spec : specs) {
      for (std::size_t dot = spec.key.find('.'); dot != std::string::npos;
           dot = spec.key.find('.', dot + 1)) {
        std::string table = spec.key.substr(0, dot);
        if (std::find(tables_.begin(), tables_.end(), table) == tables_.end()) {
          tables_.push_back(std::move(table));
        }
      }
    }
  }

  /// Checks every key of `table` (whose dotted path is `prefix`) against the declarations.
  void walk(const toml::table& table, const std::string& prefix, const std::string& file,
            const Place& place) {
    for (auto&& [key, node] : table) {
      std::string path(key.str());
      if (!prefix.empty()) path = prefix + "." + path;
      // toml++ records where each key was written; fall back on the value's position.
      const toml::source_position key_pos =
          key.source().begin ? key.source().begin : node.source().begin;
      if (auto index = find_param(specs_, path)) {
        read(*index, node, file, place);
      } else if (is_table(path)) {
        if (auto* sub = node.as_table()) {
          walk(*sub, path, file, place);
        } else {
          report(file, place(node.source().begin), path,
                 "expected a table of parameters such as '" + example_in(path) + "', " + got(node));
        }
      } else {
        unknown(file, place(key_pos), path, node.is_table());
      }
    }
  }

  /// Reports an undeclared key (or table) with the nearest declared name, if one is close.
  void unknown(const std::string& file, std::pair<int, int> at, const std::string& path,
               bool is_table_node) {
    std::string hint = is_table_node ? nearest_name(tables_, path) : std::string();
    if (hint.empty()) hint = nearest_key(specs_, path);
    std::string message = is_table_node ? "unknown table" : "unknown key";
    if (!hint.empty()) message += "; did you mean '" + hint + "'?";
    report(file, at, path, message);
  }

  /// Type-checks `node` against parameter `index`, range-checks it and stores it when valid.
  void read(std::size_t index, const toml::node& node, const std::string& file,
            const Place& place) {
    const ParamSpec& spec = specs_[index];
    std::optional<ParamValue> value;
    switch (spec.type) {
      case ParamType::boolean:
        if (auto* b = node.as_boolean()) value = b->get();
        break;
      case ParamType::integer:
        // An integer parameter takes only TOML integers: 2.0 or 2.5 is a mistake, not a count.
        if (auto* i = node.as_integer()) value = i->get();
        break;
      case ParamType::real:
        if (auto* f = node.as_floating_point()) {
          value = f->get();
        } else if (auto* i = node.as_integer()) {
          value = static_cast<double>(i->get());
        }
        break;
      case ParamType::string:
        if (auto* s = node.as_string()) value = s->get();
        break;
      case ParamType::real_list:
        if (auto* a = node.as_array()) {
          read_list(spec, *a, file, place);
          return;
        }
        break;
    }
    if (!value) {
      report(file, place(node.source().begin), spec.key,
             std::string("expected ") + describe(spec.type) + ", " + got(node));
      return;
    }
    const auto at = place(node.source().begin);
    if (std::string problem = spec.check(*value); !problem.empty()) {
      report(file, at, spec.key, problem);
      return;
    }
    values_[index] = std::move(*value);
    values_.set_place(index, {file, at.first, at.second});
  }

  bool is_table(const std::string& path) const {
    return std::find(tables_.begin(), tables_.end(), path) != tables_.end();
  }

  /// The first declared key inside table `path`.
  std::string example_in(const std::string& path) const {
    for (const ParamSpec& spec : specs_) {
      if (spec.key.size() > path.size() && spec.key.compare(0, path.size(), path) == 0 &&
          spec.key[path.size()] == '.') {
        return spec.key;
      }
    }
    return path;
  }

  void report(const std::string& file, std::pair<int, int> at, const std::string& key,
              std::string message) {
    diagnostics_.push_back(Diagnostic{file, at.first, at.second, key, std::move(message)});
  }

 private:
  // Each element is checked and reported at its own position, so that every bad element shows.
  void read_list(const ParamSpec& spec, const toml::array& array, const std::string& file,
                 const Place& place) {
    ParamSpec element_spec = spec;
    element_spec.type = ParamType::real;
    std::vector<double> list;
    bool ok = true;
    for (std::size_t i = 0; i < array.size(); ++i) {
      const toml::node& element = array[i];
      const std::string element_name = "element " + std::to_string(i + 1);
      double x = 0;
      if (auto* f = element.as_floating_point()) {
        x = f->get();
      } else if (auto* n = element.as_integer()) {
        x = static_cast<double>(n->get());
      } else {
        report(file, place(element.source().begin), spec.key,
               element_name + ": expected a number, " + got(element));
        ok = false;
        continue;
      }
      if (std::string problem = element_spec.check(x); !problem.empty()) {
        report(file, place(element.source().begin), spec.key, element_name + " " + problem);
        ok = false;
      }
      list.push_back(x);
    }
    if (ok) {
      const std::size_t index = find_param(specs_, spec.key).value();
      values_[index] = std::move(list);
      const auto at = place(array.source().begin);
      values_.set_place(index, {file, at.first, at.second});
    }
  }

  const std::vector<ParamSpec>& specs_;
  ParamValues& values_;
  std::vector<Diagnostic>& diagnostics_;
  std::vector<std::string> tables_;  // every proper prefix of a declared key
};

std::pair<std::size_t, std::size_t> trimmed(std::string_view text, std::size_t begin,
                                            std::size_t end) {
  auto space = [](char c) { return c == ' ' || c == '\t'; };
  while (begin < end && space(text[begin])) ++begin;
  while (end > begin && space(text[end - 1])) --end;
  return {begin, end};
}

constexpr const char* override_source = "--set";

// One "key.path=value" override. Places are columns in the override text, line 1.
void apply_override(const std::string& text, Reader& reader, const std::vector<ParamSpec>& specs,
                    std::vector<Diagnostic>& diagnostics) {
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos) {
    diagnostics.push_back(Diagnostic{override_source, 1, 1, "",
                                     "expected key.path=value, got '" + text + "' (no '=')"});
    return;
  }
  const auto [key_begin, key_end] = trimmed(text, 0, eq);
  const auto [value_begin, value_end] = trimmed(text, eq + 1, text.size());
  const std::string key = text.substr(key_begin, key_end - key_begin);
  const std::string value_text = text.substr(value_begin, value_end - value_begin);
  const int key_column = static_cast<int>(key_begin) + 1;
  const int value_column = static_cast<int>(value_begin) + 1;

  if (key.empty()) {
    diagnostics.push_back(Diagnostic{override_source, 1, key_column, "",
                                     "expected key.path=value, got '" + text + "' (no key)"});
    return;
  }
  auto index = find_param(specs, key);
  if (!index) {
    if (reader.is_table(key)) {
      reader.report(override_source, {1, key_column}, key,
                    "is a table, not a parameter; set one of its keys, such as '" +
                        reader.example_in(key) + "'");
    } else {
      reader.unknown(override_source, {1, key_column}, key, false);
    }
    return;
  }

  // The value is read as the right-hand side of "v = <value>", whose value starts at column 5.
  static constexpr int value_offset = 5;
  const Place place = [value_column](const toml::source_position& pos) {
    if (!pos) return std::pair<int, int>{1, value_column};
    return std::pair<int, int>{1, value_column + static_cast<int>(pos.column) - value_offset};
  };
  toml::table parsed;
  bool is_toml = false;
  try {
    parsed = toml::parse("v = " + value_text, std::string_view{override_source});
    is_toml = parsed.size() == 1 && parsed.contains("v");
  } catch (const toml::parse_error&) {
    is_toml = false;
  }
  if (is_toml) {
    reader.read(*index, *parsed.get("v"), override_source, place);
  } else {
    // Not TOML: a bare word, taken as a string, so that `--set project.name=foo` works.
    reader.read(*index, toml::value<std::string>(value_text), override_source, place);
  }
}

}  // namespace

ParamValues parse_scenario(std::string_view text, std::string_view source_name,
                           const std::vector<ParamSpec>& specs,
                           const std::vector<std::string>& overrides) {
  ParamValues values(specs);
  std::vector<Diagnostic> diagnostics;
  Reader reader(specs, values, diagnostics);
  const std::string file(source_name);

  try {
    const toml::table root = toml::parse(text, source_name);
    const Place place = [](const toml::source_position& pos) {
      return std::pair<int, int>{static_cast<int>(pos.line), static_cast<int>(pos.column)};
    };
    reader.walk(root, "", file, place);
    // toml++ tables are ordered by key; the user reads the file top to bottom.
    std::stable_sort(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& a, const Diagnostic& b) {
                       return std::pair(a.line, a.column) < std::pair(b.line, b.column);
                     });
  } catch (const toml::parse_error& error) {
    const toml::source_position& pos = error.source().begin;
    diagnostics.push_back(Diagnostic{file, static_cast<int>(pos.line), static_cast<int>(pos.column),
                                     "", std::string(error.description())});
  }

  for (const std::string& text_override : overrides) {
    apply_override(text_override, reader, specs, diagnostics);
  }
  if (!diagnostics.empty()) throw InputError(std::move(diagnostics));
  return values;
}

ParamValues load_scenario(const std::filesystem::path& path, const std::vector<ParamSpec>& specs,
                          const std::vector<std::string>& overrides) {
  auto fail = [&path](const std::string& reason) {
    return InputError(std::vector<Diagnostic>{
        Diagnostic{path.string(), 0, 0, "", "cannot read scenario file: " + reason}});
  };
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw fail("it is a directory");
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int error = errno;
    throw fail(error ? std::generic_category().message(error) : "cannot open it");
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw fail("read error");
  return parse_scenario(text.str(), path.string(), specs, overrides);
}

}  // namespace sim
