#include "sim/scenario.hpp"

#include <algorithm>
#include <functional>
#include <optional>
#include <sstream>
#include <utility>

#include <toml++/toml.h>

#include "sim/input_file.hpp"
#include "sim/toml_limits.hpp"

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

// The declarations one table of the file is read against: the top level, or one instance of a
// collection, whose keys are shown in messages with the instance's path in front.
struct Scope {
  // Stores value `i`, where it was written and, for a list, where each element was written.
  using Store = std::function<void(std::size_t, ParamValue, SourcePlace, std::vector<SourcePlace>)>;

  Scope(const std::vector<ParamSpec>& specs_in, std::string prefix_in, Store store_in)
      : specs(specs_in), shown_prefix(std::move(prefix_in)), store(std::move(store_in)) {
    for (const ParamSpec& spec : specs) {
      add_tables_of(spec.key);
      key_candidates.push_back(spec.key);
    }
  }

  // Adds every proper prefix of `key` to `tables`.
  void add_tables_of(const std::string& key) {
    for (std::size_t dot = key.find('.'); dot != std::string::npos; dot = key.find('.', dot + 1)) {
      std::string table = key.substr(0, dot);
      if (std::find(tables.begin(), tables.end(), table) == tables.end()) {
        tables.push_back(std::move(table));
      }
    }
  }

  const std::vector<ParamSpec>& specs;
  std::string shown_prefix;  // "" at the top level, "sectors.textiles." in an instance
  Store store;
  std::vector<std::string> tables;          // relative paths of the tables that hold parameters
  std::vector<std::string> key_candidates;  // relative keys, for "did you mean" hints
  bool top = false;                         // collections live at the top level only
};

// Reads TOML nodes into `values`, collecting every problem in `diagnostics`.
class Reader {
 public:
  Reader(const ParamSet& set, ParamValues& values, std::vector<Diagnostic>& diagnostics)
      : set_(set),
        values_(values),
        diagnostics_(diagnostics),
        top_(set.params, "",
             [&values](std::size_t i, ParamValue v, SourcePlace at,
                       std::vector<SourcePlace> elements) {
               values[i] = std::move(v);
               values.set_place(i, std::move(at));
               values.set_element_places(i, std::move(elements));
             }) {
    top_.top = true;
    for (const CollectionSpec& collection : set.collections) {
      top_.add_tables_of(collection.prefix + ".NAME");
      for (const ParamSpec& field : collection.fields) {
        top_.key_candidates.push_back(collection.prefix + ".NAME." + field.key);
      }
    }
  }

  const Scope& top() const { return top_; }

  /// The scope of `instance`, an instance of collection `c`; valid while `instance` lives.
  Scope instance_scope(std::size_t c, Instance& instance) const {
    const CollectionSpec& collection = set_.collections[c];
    return Scope(collection.fields, collection.prefix + "." + instance.name + ".",
                 [&instance](std::size_t i, ParamValue v, SourcePlace at,
                             std::vector<SourcePlace> elements) {
                   instance.values[i] = std::move(v);
                   instance.places[i] = std::move(at);
                   if (instance.element_places.size() <= i) instance.element_places.resize(i + 1);
                   instance.element_places[i] = std::move(elements);
                 });
  }

  /// Checks every key of `table` (whose dotted path relative to `scope` is `prefix`) against the
  /// declarations.
  void walk(const Scope& scope, const toml::table& table, const std::string& prefix,
            const std::string& file, const Place& place) {
    for (auto&& [key, node] : table) {
      std::string path(key.str());
      if (!prefix.empty()) path = prefix + "." + path;
      // toml++ records where each key was written; fall back on the value's position.
      const toml::source_position key_pos =
          key.source().begin ? key.source().begin : node.source().begin;
      std::optional<std::size_t> collection;
      if (scope.top) collection = find_collection(set_, path);
      if (collection) {
        read_collection(*collection, node, key_pos, file, place);
      } else if (auto index = find_param(scope.specs, path)) {
        read(scope, *index, node, file, place);
      } else if (is_table(scope, path)) {
        if (auto* sub = node.as_table()) {
          walk(scope, *sub, path, file, place);
        } else {
          report(file, place(node.source().begin), scope.shown_prefix + path,
                 "expected a table of parameters such as '" + example_in(scope, path) + "', " +
                     got(node));
        }
      } else {
        unknown(scope, file, place(key_pos), path, node.is_table());
      }
    }
  }

  /// Reports an undeclared key (or table) with the nearest declared name, if one is close.
  void unknown(const Scope& scope, const std::string& file, std::pair<int, int> at,
               const std::string& path, bool is_table_node) {
    std::string hint = is_table_node ? nearest_name(scope.tables, path) : std::string();
    if (hint.empty()) hint = nearest_name(scope.key_candidates, path);
    // Relative names, so that the length of an instance's path does not loosen the match.
    if (!hint.empty()) hint = scope.shown_prefix + hint;
    std::string message = is_table_node ? "unknown table" : "unknown key";
    if (!hint.empty()) message += "; did you mean '" + hint + "'?";
    report(file, at, scope.shown_prefix + path, message);
  }

  /// Type-checks `node` against parameter `index` of `scope`, range-checks it and stores it when
  /// valid.
  void read(const Scope& scope, std::size_t index, const toml::node& node, const std::string& file,
            const Place& place) {
    const ParamSpec& spec = scope.specs[index];
    const std::string shown_key = scope.shown_prefix + spec.key;
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
      case ParamType::string_list:
        if (auto* a = node.as_array()) {
          read_list(scope, index, *a, file, place);
          return;
        }
        break;
    }
    if (!value) {
      report(file, place(node.source().begin), shown_key,
             std::string("expected ") + describe(spec.type) + ", " + got(node));
      return;
    }
    const auto at = place(node.source().begin);
    if (std::string problem = spec.check(*value); !problem.empty()) {
      report(file, at, shown_key, problem);
      return;
    }
    scope.store(index, std::move(*value), {file, at.first, at.second}, {});
  }

  bool is_table(const Scope& scope, const std::string& path) const {
    return std::find(scope.tables.begin(), scope.tables.end(), path) != scope.tables.end();
  }

  /// The first declared key inside table `path` of `scope`, as shown to the user; at the top
  /// level, a collection field ("sectors.textiles.firms_south") when no parameter is inside.
  std::string example_in(const Scope& scope, const std::string& path) const {
    auto inside = [&path](const std::string& key) {
      return path.empty() || (key.size() > path.size() && key.compare(0, path.size(), path) == 0 &&
                              key[path.size()] == '.');
    };
    for (const ParamSpec& spec : scope.specs) {
      if (inside(spec.key)) return scope.shown_prefix + spec.key;
    }
    if (scope.top) {
      for (std::size_t c = 0; c < set_.collections.size(); ++c) {
        const CollectionSpec& collection = set_.collections[c];
        if (!inside(collection.prefix + ".NAME") || collection.fields.empty()) continue;
        const auto& instances = values_.instances(c);
        return collection.prefix + "." + (instances.empty() ? "NAME" : instances.front().name) +
               "." + collection.fields.front().key;
      }
    }
    return scope.shown_prefix + path;
  }

  /// The instance of collection `c` called `name`, or nullptr.
  Instance* find_instance(std::size_t c, const std::string& name) {
    for (Instance& instance : values_.instances(c)) {
      if (instance.name == name) return &instance;
    }
    return nullptr;
  }

  void report(const std::string& file, std::pair<int, int> at, const std::string& key,
              std::string message) {
    diagnostics_.push_back(Diagnostic{file, at.first, at.second, key, std::move(message)});
  }

 private:
  // The table of collection `c`, whose key was written at `key_pos`: its instances, in file order,
  // replace the defaults (toml++ orders keys by name, so the source positions give the order).
  void read_collection(std::size_t c, const toml::node& node, toml::source_position key_pos,
                       const std::string& file, const Place& place) {
    const CollectionSpec& collection = set_.collections[c];
    const toml::table* table = node.as_table();
    if (!table) {
      report(file, place(node.source().begin), collection.prefix,
             "expected tables " + collection.table_pattern() + ", " + got(node));
      return;
    }
    struct Entry {
      toml::source_position pos;
      std::string name;
      const toml::node* node;
    };
    std::vector<Entry> entries;
    for (auto&& [key, value] : *table) {
      entries.push_back({key.source().begin ? key.source().begin : value.source().begin,
                         std::string(key.str()), &value});
    }
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
      return std::pair(a.pos.line, a.pos.column) < std::pair(b.pos.line, b.pos.column);
    });

    std::vector<Instance> instances;
    for (const Entry& entry : entries) {
      const std::string shown = collection.prefix + "." + entry.name;
      const auto at = place(entry.pos);
      const bool good_name = valid_instance_name(entry.name);
      if (!good_name) {
        report(file, at, shown,
               "invalid name '" + entry.name + "': a name in " + collection.table_pattern() +
                   " must match [a-z][a-z0-9_]*");
      }
      const toml::table* fields = entry.node->as_table();
      if (!fields && find_param(collection.fields, entry.name)) {
        // A field written without its instance: `[sectors] firms_south = 3`.
        report(file, place(entry.node->source().begin), shown,
               "expected a table " + collection.table_pattern() + ", " + got(*entry.node) + "; '" +
                   entry.name + "' is a field, set in each instance as '" + collection.prefix +
                   ".NAME." + entry.name + "'");
        continue;
      }
      if (!fields) {
        report(file, place(entry.node->source().begin), shown,
               "expected a table of parameters such as '" + shown + "." +
                   (collection.fields.empty() ? "KEY" : collection.fields.front().key) + "', " +
                   got(*entry.node));
        continue;
      }
      Instance instance{entry.name,
                        {},
                        std::vector<SourcePlace>(collection.fields.size()),
                        SourcePlace{file, at.first, at.second}};
      for (const ParamSpec& field : collection.fields) {
        instance.values.push_back(field.default_value);
      }
      // The fields of a badly named instance are still checked, so that every problem shows.
      walk(instance_scope(c, instance), *fields, "", file, place);
      if (good_name) instances.push_back(std::move(instance));
    }

    const std::size_t n = entries.size();
    if (n < collection.min_count || n > collection.max_count) {
      const std::size_t bound =
          n < collection.min_count ? collection.min_count : collection.max_count;
      report(file, place(key_pos), collection.prefix,
             std::string(n < collection.min_count ? "needs at least " : "needs at most ") +
                 std::to_string(bound) + " " + collection.table_pattern() +
                 (bound == 1 ? " table" : " tables") + ", got " + std::to_string(n));
    }
    values_.instances(c) = std::move(instances);
  }

  // Each element is checked and reported at its own position, so that every bad element shows.
  // A string_list is a set: an element equal to an earlier one is reported as a repeat.
  void read_list(const Scope& scope, std::size_t index, const toml::array& array,
                 const std::string& file, const Place& place) {
    const ParamSpec& spec = scope.specs[index];
    const std::string shown_key = scope.shown_prefix + spec.key;
    const bool strings = spec.type == ParamType::string_list;
    ParamSpec element_spec = spec;
    element_spec.type = strings ? ParamType::string : ParamType::real;
    std::vector<double> numbers;
    std::vector<std::string> names;
    std::vector<SourcePlace> element_places;
    bool ok = true;
    for (std::size_t i = 0; i < array.size(); ++i) {
      const toml::node& element = array[i];
      const std::string element_name = "element " + std::to_string(i + 1);
      const auto at = place(element.source().begin);
      std::optional<ParamValue> x;
      if (strings) {
        if (auto* s = element.as_string()) x = s->get();
      } else if (auto* f = element.as_floating_point()) {
        x = f->get();
      } else if (auto* n = element.as_integer()) {
        x = static_cast<double>(n->get());
      }
      if (!x) {
        report(file, at, shown_key,
               element_name + ": expected " + describe(element_spec.type) + ", " + got(element));
        ok = false;
        continue;
      }
      if (std::string problem = element_spec.check(*x); !problem.empty()) {
        report(file, at, shown_key, element_name + " " + problem);
        ok = false;
      } else if (strings &&
                 std::find(names.begin(), names.end(), std::get<std::string>(*x)) != names.end()) {
        report(file, at, shown_key, element_name + " repeats " + to_toml(*x));
        ok = false;
      }
      if (strings) {
        names.push_back(std::get<std::string>(std::move(*x)));
      } else {
        numbers.push_back(std::get<double>(*x));
      }
      element_places.push_back({file, at.first, at.second});
    }
    if (ok) {
      const auto at = place(array.source().begin);
      ParamValue list = strings ? ParamValue(std::move(names)) : ParamValue(std::move(numbers));
      scope.store(index, std::move(list), {file, at.first, at.second}, std::move(element_places));
    }
  }

  const ParamSet& set_;
  ParamValues& values_;
  std::vector<Diagnostic>& diagnostics_;
  Scope top_;
};

std::pair<std::size_t, std::size_t> trimmed(std::string_view text, std::size_t begin,
                                            std::size_t end) {
  auto space = [](char c) { return c == ' ' || c == '\t'; };
  while (begin < end && space(text[begin])) ++begin;
  while (end > begin && space(text[end - 1])) --end;
  return {begin, end};
}

constexpr const char* override_source = "--set";

// Whether `text` is well-formed UTF-8 (RFC 3629: no overlong forms, surrogates or code points above
// U+10FFFF), as toml++ requires of a file and the HDF5 attributes declare of the resolved scenario.
bool valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
    const unsigned char c = byte(0);
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // the range of the second byte
    if (c < 0x80) {
      n = 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
      n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (i + n > text.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      const unsigned char b = byte(k);
      if (k == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

// The override's value as TOML (a bare word that is not TOML becomes a string), read into
// parameter `index` of `scope`. `value_column` is where the value starts in the override text.
void read_override_value(Reader& reader, const Scope& scope, std::size_t index,
                         const std::string& value_text, int value_column) {
  // The value is read as the right-hand side of "v = <value>", whose value starts at column 5.
  static constexpr int value_offset = 5;
  const Place place = [value_column](const toml::source_position& pos) {
    if (!pos) return std::pair<int, int>{1, value_column};
    return std::pair<int, int>{1, value_column + static_cast<int>(pos.column) - value_offset};
  };
  const std::string line = "v = " + value_text;
  const ParamSpec& spec = scope.specs[index];
  if (auto problem = toml_limit_problem(line, override_source)) {
    const auto at = place(toml::source_position{static_cast<toml::source_index>(problem->line),
                                                static_cast<toml::source_index>(problem->column)});
    reader.report(override_source, at, scope.shown_prefix + spec.key, problem->message);
    return;
  }
  toml::table parsed;
  bool is_toml = false;
  try {
    parsed = toml::parse(line, std::string_view{override_source});
    is_toml = parsed.size() == 1 && parsed.contains("v");
  } catch (const toml::parse_error&) {
    is_toml = false;
  }
  if (!valid_utf8(value_text)) {
    // A bare word is the only text that bypasses the TOML parser's check; the resolved scenario
    // written into a result file must read again.
    reader.report(override_source, {1, value_column}, scope.shown_prefix + spec.key,
                  "the value is not valid UTF-8 text");
  } else if (is_toml) {
    reader.read(scope, index, *parsed.get("v"), override_source, place);
  } else if (spec.type == ParamType::string_list) {
    // Lists are TOML only: `a,b` would need rules of its own for commas and quotes. The bare word
    // is still a string, hence a type error, which shows the TOML form of what was probably meant.
    std::string suggestion;
    for (std::size_t begin = 0; !value_text.empty() && begin <= value_text.size();) {
      std::size_t comma = value_text.find(',', begin);
      if (comma == std::string::npos) comma = value_text.size();
      const auto [b, e] = trimmed(value_text, begin, comma);
      suggestion += (begin ? ", " : "") + to_toml(ParamValue(value_text.substr(b, e - b)));
      begin = comma + 1;
    }
    const std::string shown_key = scope.shown_prefix + spec.key;
    reader.report(override_source, {1, value_column}, shown_key,
                  std::string("expected ") + describe(spec.type) + ", " +
                      got(toml::value<std::string>(value_text)) +
                      "; write lists in TOML syntax, quoted for the shell: --set '" + shown_key +
                      "=[" + suggestion + "]'");
  } else {
    // Not TOML: a bare word, taken as a string, so that `--set project.name=foo` works.
    reader.read(scope, index, toml::value<std::string>(value_text), override_source, place);
  }
}

// An override of a field of an existing instance: "sectors.textiles.firms_south=10", where `key`
// is inside collection `c`. Instances are not created from the command line.
void apply_instance_override(Reader& reader, const ParamSet& set, std::size_t c,
                             const std::string& key, int key_column, const std::string& value_text,
                             int value_column, const ParamValues& values) {
  const CollectionSpec& collection = set.collections[c];
  const std::string rest = key.substr(collection.prefix.size() + 1);
  const std::size_t dot = rest.find('.');
  const std::string name = rest.substr(0, dot);
  const std::string field = dot == std::string::npos ? std::string() : rest.substr(dot + 1);
  Instance* instance = reader.find_instance(c, name);
  if (!instance) {
    std::vector<std::string> names;
    std::string list;
    for (const Instance& existing : values.instances(c)) {
      names.push_back(existing.name);
      list += (list.empty() ? "" : ", ") + existing.name;
    }
    std::string message = "no " + collection.prefix + " '" + name + "'; the scenario has" +
                          (list.empty() ? " none" : ": " + list);
    if (std::string hint = nearest_name(names, name); !hint.empty()) {
      message += "; did you mean '" + hint + "'?";
    }
    const int name_column = key_column + static_cast<int>(collection.prefix.size()) + 1;
    reader.report(override_source, {1, name_column}, key, message);
    return;
  }
  const Scope scope = reader.instance_scope(c, *instance);
  const auto index = find_param(collection.fields, field);
  if (field.empty() || (!index && reader.is_table(scope, field))) {
    reader.report(override_source, {1, key_column}, key,
                  "is a table, not a parameter; set one of its keys, such as '" +
                      reader.example_in(scope, field) + "'");
  } else if (!index) {
    reader.unknown(scope, override_source, {1, key_column}, field, false);
  } else {
    read_override_value(reader, scope, *index, value_text, value_column);
  }
}

// One "key.path=value" override. Places are columns in the override text, line 1.
void apply_override(const std::string& text, Reader& reader, const ParamSet& set,
                    const ParamValues& values, std::vector<Diagnostic>& diagnostics) {
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
  // Bounded as a key in a file is (the nearest-name search costs its length times every key's).
  const auto parts = static_cast<std::size_t>(std::count(key.begin(), key.end(), '.')) + 1;
  if (std::string problem = key_limit_problem("a key", parts, key.size()); !problem.empty()) {
    diagnostics.push_back(Diagnostic{override_source, 1, key_column, "", std::move(problem)});
    return;
  }
  if (auto index = find_param(set.params, key)) {
    read_override_value(reader, reader.top(), *index, value_text, value_column);
    return;
  }
  for (std::size_t c = 0; c < set.collections.size(); ++c) {
    const std::string& prefix = set.collections[c].prefix;
    if (key.size() > prefix.size() + 1 && key.compare(0, prefix.size(), prefix) == 0 &&
        key[prefix.size()] == '.') {
      apply_instance_override(reader, set, c, key, key_column, value_text, value_column, values);
      return;
    }
  }
  if (reader.is_table(reader.top(), key) || find_collection(set, key)) {
    reader.report(override_source, {1, key_column}, key,
                  "is a table, not a parameter; set one of its keys, such as '" +
                      reader.example_in(reader.top(), key) + "'");
  } else {
    reader.unknown(reader.top(), override_source, {1, key_column}, key, false);
  }
}

}  // namespace

ParamValues parse_scenario(std::string_view text, std::string_view source_name,
                           const std::vector<ParamSpec>& specs,
                           const std::vector<std::string>& overrides) {
  return parse_scenario(text, source_name, ParamSet{specs, {}}, overrides);
}

ParamValues parse_scenario(std::string_view text, std::string_view source_name, const ParamSet& set,
                           const std::vector<std::string>& overrides) {
  ParamValues values(set);
  std::vector<Diagnostic> diagnostics;
  Reader reader(set, values, diagnostics);
  const std::string file(source_name);

  // Bounded first: toml++ recurses per nested bracket and per dotted part.
  if (auto problem = toml_limit_problem(text, source_name)) {
    diagnostics.push_back(std::move(*problem));
  } else {
    try {
      const toml::table root = toml::parse(text, source_name);
      const Place place = [](const toml::source_position& pos) {
        return std::pair<int, int>{static_cast<int>(pos.line), static_cast<int>(pos.column)};
      };
      reader.walk(reader.top(), root, "", file, place);
      // toml++ tables are ordered by key; the user reads the file top to bottom.
      std::stable_sort(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic& a, const Diagnostic& b) {
                         return std::pair(a.line, a.column) < std::pair(b.line, b.column);
                       });
    } catch (const toml::parse_error& error) {
      const toml::source_position& pos = error.source().begin;
      diagnostics.push_back(Diagnostic{file, static_cast<int>(pos.line),
                                       static_cast<int>(pos.column), "",
                                       std::string(error.description())});
    }
  }

  for (const std::string& text_override : overrides) {
    apply_override(text_override, reader, set, values, diagnostics);
  }
  if (!diagnostics.empty()) throw InputError(std::move(diagnostics));
  return values;
}

ParamValues load_scenario(const std::filesystem::path& path, const std::vector<ParamSpec>& specs,
                          const std::vector<std::string>& overrides) {
  return load_scenario(path, ParamSet{specs, {}}, overrides);
}

ParamValues load_scenario(const std::filesystem::path& path, const ParamSet& set,
                          const std::vector<std::string>& overrides) {
  return parse_scenario(read_input_file(path, "scenario file"), path.string(), set, overrides);
}

}  // namespace sim
