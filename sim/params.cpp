#include "sim/params.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string_view>
#include <system_error>

namespace sim {

const char* describe(ParamType type) {
  switch (type) {
    case ParamType::boolean:
      return "a boolean";
    case ParamType::integer:
      return "an integer";
    case ParamType::real:
      return "a number";
    case ParamType::string:
      return "a string";
    case ParamType::real_list:
      return "a list of numbers";
    case ParamType::string_list:
      return "a list of strings";
  }
  return "a value";
}

namespace {

// The type of a value; nullopt for "not set".
std::optional<ParamType> type_of(const ParamValue& value) {
  return std::visit(
      [](const auto& v) -> std::optional<ParamType> {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, bool>) return ParamType::boolean;
        if constexpr (std::is_same_v<T, std::int64_t>) return ParamType::integer;
        if constexpr (std::is_same_v<T, double>) return ParamType::real;
        if constexpr (std::is_same_v<T, std::string>) return ParamType::string;
        if constexpr (std::is_same_v<T, std::vector<double>>) return ParamType::real_list;
        if constexpr (std::is_same_v<T, std::vector<std::string>>) return ParamType::string_list;
        return std::nullopt;
      },
      value);
}

std::string chars(double value, std::chars_format format, int precision) {
  char buf[64];
  auto result = precision < 0 ? std::to_chars(buf, buf + sizeof buf, value, format)
                              : std::to_chars(buf, buf + sizeof buf, value, format, precision);
  return std::string(buf, result.ptr);
}

// Below 1e15 every integral double is printed exactly with fixed notation, which reads better
// than the exponent form that std::to_chars's shortest output picks for e.g. 1e9.
bool plain_integral(double value) {
  return value == std::trunc(value) && std::fabs(value) < 1e15;
}

// A TOML float that parses back to the same double; always a float literal (never "1"), so that
// the type survives a round trip too. TOML has one NaN, so a NaN's sign and payload are lost.
std::string toml_real(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  if (plain_integral(value)) return chars(value, std::chars_format::fixed, 1);
  std::string text = chars(value, std::chars_format::general, -1);
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  return text;
}

std::string toml_string(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          static const char* hex = "0123456789ABCDEF";
          out += "\\u00";
          out += hex[(static_cast<unsigned char>(c) >> 4) & 0xf];
          out += hex[static_cast<unsigned char>(c) & 0xf];
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

bool is_bare_key(std::string_view key) {
  if (key.empty()) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

std::string toml_key(std::string_view key) {
  return is_bare_key(key) ? std::string(key) : toml_string(std::string(key));
}

// A dotted path as TOML, quoting the components that are not bare keys.
std::string toml_path(std::string_view path) {
  std::string out;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = path.find('.', start);
    if (!out.empty()) out += '.';
    out += toml_key(path.substr(start, dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return out;
}

std::string_view table_of(std::string_view key) {
  std::size_t dot = key.rfind('.');
  return dot == std::string_view::npos ? std::string_view{} : key.substr(0, dot);
}

std::string_view last_component(std::string_view key) {
  std::size_t dot = key.rfind('.');
  return dot == std::string_view::npos ? key : key.substr(dot + 1);
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Levenshtein distance, one row at a time.
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string markdown_cell(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out;
}

}  // namespace

std::string format_number(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  if (plain_integral(value)) return chars(value, std::chars_format::fixed, 0);
  return chars(value, std::chars_format::general, -1);
}

std::string ParamSpec::range_text() const {
  if (type == ParamType::string || type == ParamType::string_list) {
    if (choices.empty()) return "";
    std::string out = "one of: ";
    for (std::size_t i = 0; i < choices.size(); ++i) out += (i ? ", " : "") + choices[i];
    return out;
  }
  if (type == ParamType::boolean) return "";
  if (min && max) return "in [" + format_number(*min) + ", " + format_number(*max) + "]";
  if (min) return ">= " + format_number(*min);
  if (max) return "<= " + format_number(*max);
  return "";
}

std::string ParamSpec::check(const ParamValue& value) const {
  const std::optional<ParamType> actual = type_of(value);
  if (!actual) {
    return is_optional ? "" : std::string("expected ") + describe(type) + ", got no value";
  }
  if (*actual != type)
    return std::string("expected ") + describe(type) + ", got " + describe(*actual);

  // NaN compares false with everything, so non-finite reals are rejected explicitly: a NaN or an
  // infinity in a parameter is always a mistake, with or without declared bounds.
  auto number_problem = [this](double v, bool must_be_finite) -> std::string {
    bool bad =
        (must_be_finite && !std::isfinite(v)) || (min && !(v >= *min)) || (max && !(v <= *max));
    if (!bad) return "";
    std::string expected = range_text();
    if (expected.empty()) expected = "finite";
    return "must be " + expected + ", got " + format_number(v);
  };

  switch (type) {
    case ParamType::boolean:
      return "";
    case ParamType::integer:
      return number_problem(static_cast<double>(std::get<std::int64_t>(value)), false);
    case ParamType::real:
      return number_problem(std::get<double>(value), true);
    case ParamType::string: {
      const auto& s = std::get<std::string>(value);
      if (choices.empty() || std::find(choices.begin(), choices.end(), s) != choices.end()) {
        return "";
      }
      return "must be " + range_text() + ", got " + toml_string(s);
    }
    case ParamType::real_list: {
      std::string out;
      const auto& list = std::get<std::vector<double>>(value);
      for (std::size_t i = 0; i < list.size(); ++i) {
        std::string problem = number_problem(list[i], true);
        if (problem.empty()) continue;
        if (!out.empty()) out += "; ";
        out += "element " + std::to_string(i + 1) + " " + problem;
      }
      return out;
    }
    case ParamType::string_list: {
      // One problem per element, so that the messages match those of scenario reading, which
      // reports each element at its own place (a bad choice first, else a repeat).
      std::string out;
      const auto& list = std::get<std::vector<std::string>>(value);
      for (std::size_t i = 0; i < list.size(); ++i) {
        std::string problem;
        if (!choices.empty() &&
            std::find(choices.begin(), choices.end(), list[i]) == choices.end()) {
          problem = "must be " + range_text() + ", got " + toml_string(list[i]);
        } else if (std::find(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(i),
                             list[i]) != list.begin() + static_cast<std::ptrdiff_t>(i)) {
          problem = "repeats " + toml_string(list[i]);
        }
        if (problem.empty()) continue;
        if (!out.empty()) out += "; ";
        out += "element " + std::to_string(i + 1) + " " + problem;
      }
      return out;
    }
  }
  return "";
}

namespace {

ParamSpec make_spec(std::string key, ParamType type, ParamValue default_value) {
  ParamSpec spec;
  spec.key = std::move(key);
  spec.type = type;
  spec.default_value = std::move(default_value);
  return spec;
}

}  // namespace

// Flags and names have no unit, so their unit is empty rather than the dimensionless "1".
ParamSpec boolean(std::string key, bool default_value) {
  ParamSpec spec = make_spec(std::move(key), ParamType::boolean, default_value);
  spec.unit_text.clear();
  return spec;
}

ParamSpec integer(std::string key, std::int64_t default_value) {
  return make_spec(std::move(key), ParamType::integer, default_value);
}

ParamSpec real(std::string key, double default_value) {
  return make_spec(std::move(key), ParamType::real, default_value);
}

ParamSpec string(std::string key, std::string default_value) {
  ParamSpec spec = make_spec(std::move(key), ParamType::string, std::move(default_value));
  spec.unit_text.clear();
  return spec;
}

ParamSpec real_list(std::string key, std::vector<double> default_value) {
  return make_spec(std::move(key), ParamType::real_list, std::move(default_value));
}

ParamSpec string_list(std::string key, std::vector<std::string> default_value) {
  ParamSpec spec = make_spec(std::move(key), ParamType::string_list, std::move(default_value));
  spec.unit_text.clear();
  return spec;
}

std::string to_toml(const ParamValue& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, bool>) {
          return v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return std::to_string(v);
        } else if constexpr (std::is_same_v<T, double>) {
          return toml_real(v);
        } else if constexpr (std::is_same_v<T, std::string>) {
          return toml_string(v);
        } else if constexpr (std::is_same_v<T, std::monostate>) {
          return "";
        } else if constexpr (std::is_same_v<T, std::vector<double>>) {
          std::string out = "[";
          for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + toml_real(v[i]);
          return out + "]";
        } else {
          static_assert(std::is_same_v<T, std::vector<std::string>>, "a ParamValue alternative");
          std::string out = "[";
          for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + toml_string(v[i]);
          return out + "]";
        }
      },
      value);
}

std::string CollectionSpec::count_text() const {
  const bool bounded = max_count != static_cast<std::size_t>(-1);
  std::string out;
  if (min_count > 0) out = "at least " + std::to_string(min_count);
  if (bounded)
    out += (out.empty() ? "" : ", ") + std::string("at most ") + std::to_string(max_count);
  return out;
}

CollectionSpec collection(std::string prefix, std::vector<ParamSpec> fields) {
  CollectionSpec spec;
  spec.prefix = std::move(prefix);
  spec.fields = std::move(fields);
  return spec;
}

bool valid_instance_name(std::string_view name) {
  if (name.empty() || !(name[0] >= 'a' && name[0] <= 'z')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

ParamValues::ParamValues(const std::vector<ParamSpec>& specs) {
  values_.reserve(specs.size());
  for (const ParamSpec& spec : specs) values_.push_back(spec.default_value);
  places_.resize(specs.size());
  element_places_.resize(specs.size());
}

ParamValues::ParamValues(const ParamSet& set) : ParamValues(set.params) {
  collections_.reserve(set.collections.size());
  for (const CollectionSpec& collection : set.collections) {
    std::vector<Instance>& instances = collections_.emplace_back();
    for (const std::string& name : collection.default_names) {
      Instance instance{name, {}, std::vector<SourcePlace>(collection.fields.size()), {}};
      for (const ParamSpec& field : collection.fields) {
        instance.values.push_back(field.default_value);
      }
      instances.push_back(std::move(instance));
    }
  }
}

const Instance* ParamValues::find_instance(std::size_t c, std::string_view name) const {
  for (const Instance& instance : collections_[c]) {
    if (instance.name == name) return &instance;
  }
  return nullptr;
}

std::optional<std::size_t> find_param(const std::vector<ParamSpec>& specs, const std::string& key) {
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].key == key) return i;
  }
  return std::nullopt;
}

std::optional<std::size_t> find_param(const ParamSet& set, const std::string& key) {
  return find_param(set.params, key);
}

std::optional<std::size_t> find_collection(const ParamSet& set, std::string_view prefix) {
  for (std::size_t c = 0; c < set.collections.size(); ++c) {
    if (set.collections[c].prefix == prefix) return c;
  }
  return std::nullopt;
}

namespace {

// Instance `name` of collection `prefix` and the index of its field `field`; throws
// std::out_of_range when there is no such collection, instance or field.
std::pair<const Instance*, std::size_t> find_field(const ParamSet& set, const ParamValues& values,
                                                   std::string_view prefix, std::string_view name,
                                                   std::string_view field) {
  const std::string where =
      std::string(prefix) + "." + std::string(name) + "." + std::string(field);
  const auto c = find_collection(set, prefix);
  if (!c || *c >= values.collection_count()) {
    throw std::out_of_range("field_place: no collection '" + std::string(prefix) + "'");
  }
  const auto f = find_param(set.collections[*c].fields, std::string(field));
  const Instance* instance = values.find_instance(*c, name);
  if (!f || !instance || *f >= instance->places.size()) {
    throw std::out_of_range("field_place: no " + where);
  }
  return {instance, *f};
}

}  // namespace

const SourcePlace& field_place(const ParamSet& set, const ParamValues& values,
                               std::string_view prefix, std::string_view name,
                               std::string_view field) {
  const auto [instance, f] = find_field(set, values, prefix, name, field);
  return instance->places[f];
}

const std::vector<SourcePlace>& field_element_places(const ParamSet& set, const ParamValues& values,
                                                     std::string_view prefix, std::string_view name,
                                                     std::string_view field) {
  static const std::vector<SourcePlace> none;
  const auto [instance, f] = find_field(set, values, prefix, name, field);
  return f < instance->element_places.size() ? instance->element_places[f] : none;
}

// Two passes: a close match on the whole dotted name wins (a typo), and only then a close match
// on the last component (the right name in the wrong table, e.g. `growth_per_year` at the root).
// The thresholds keep short names from matching anything: the whole name may be off by
// max(2, n/3) edits but never entirely replaced, the last component by n/3 edits.
std::string nearest_name(const std::vector<std::string>& candidates, const std::string& key) {
  const std::size_t n = key.size();
  const std::string* best = nullptr;
  std::size_t best_distance = 0;
  // The distance is at least the difference in length: candidates that cannot be near are not
  // measured, which keeps a file of long unknown keys (a fuzzed one) from costing seconds.
  const auto too_far = [](std::size_t a, std::size_t b, std::size_t limit) {
    return (a > b ? a - b : b - a) > limit;
  };
  const std::size_t limit = std::max<std::size_t>(2, n / 3);
  for (const std::string& c : candidates) {
    if (too_far(n, c.size(), limit)) continue;
    std::size_t d = edit_distance(key, c);
    if (d > limit || d >= n) continue;
    if (!best || d < best_distance) best = &c, best_distance = d;
  }
  if (best) return *best;

  const std::string_view last = last_component(key);
  for (const std::string& c : candidates) {
    const std::string_view other = last_component(c);
    if (too_far(last.size(), other.size(), last.size() / 3)) continue;
    std::size_t d = edit_distance(last, other);
    if (d > last.size() / 3) continue;
    if (!best || d < best_distance) best = &c, best_distance = d;
  }
  return best ? *best : std::string();
}

std::string nearest_key(const std::vector<ParamSpec>& specs, const std::string& key) {
  std::vector<std::string> keys;
  keys.reserve(specs.size());
  for (const ParamSpec& spec : specs) keys.push_back(spec.key);
  return nearest_name(keys, key);
}

std::string nearest_key(const ParamSet& set, const std::string& key) {
  std::vector<std::string> keys;
  for (const ParamSpec& spec : set.params) keys.push_back(spec.key);
  for (const CollectionSpec& collection : set.collections) {
    for (const ParamSpec& field : collection.fields) {
      keys.push_back(collection.prefix + ".NAME." + field.key);
    }
  }
  return nearest_name(keys, key);
}

namespace {

std::string comment_text(const ParamSpec& spec) {
  std::string out = spec.help_text;
  auto append = [&out](const std::string& part) {
    if (!out.empty()) out += ' ';
    out += part;
  };
  if (!spec.unit_text.empty()) append("[" + spec.unit_text + "]");
  std::string range = spec.range_text();
  if (!range.empty()) append("(" + range + ")");
  return out;
}

// Groups of spec indices by a grouping key, in order of first appearance.
template <class KeyOf>
std::vector<std::pair<std::string, std::vector<std::size_t>>> group_specs(
    const std::vector<ParamSpec>& specs, KeyOf key_of) {
  std::vector<std::pair<std::string, std::vector<std::size_t>>> groups;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    std::string group(key_of(specs[i].key));
    auto it = std::find_if(groups.begin(), groups.end(),
                           [&group](const auto& g) { return g.first == group; });
    if (it == groups.end()) {
      groups.push_back({group, {}});
      it = groups.end() - 1;
    }
    it->second.push_back(i);
  }
  // Root-level keys must come before the first [table] header.
  std::stable_partition(groups.begin(), groups.end(),
                        [](const auto& g) { return g.first.empty(); });
  return groups;
}

// Writes `specs` (value i is value_of(i)) grouped into tables under table `prefix` ("" for the
// root), preceded by a blank line when `out` has text and then by `intro` (comment lines). Under
// a prefix, the prefix's own table is always written, so that an instance exists in the text
// even when all its values are unset.
template <class ValueOf>
void write_tables(std::string& out, const std::vector<ParamSpec>& specs, ValueOf value_of,
                  const std::string& prefix, bool with_comments, std::string intro) {
  // Depth first through the table tree, each level in order of first appearance, so that
  // [market] comes before [market.cycle] even when a market.cycle key is declared first.
  auto first_use = [&specs](std::string_view table) {
    for (std::size_t i = 0; i < specs.size(); ++i) {
      std::string_view key = specs[i].key;
      if (key.size() > table.size() && key.substr(0, table.size()) == table &&
          key[table.size()] == '.') {
        return i;
      }
    }
    return specs.size();
  };
  auto tree_position = [&first_use](std::string_view table) {
    std::vector<std::size_t> position;
    for (std::size_t dot = table.find('.'); !table.empty(); dot = table.find('.', dot + 1)) {
      position.push_back(first_use(table.substr(0, dot)));
      if (dot == std::string_view::npos) break;
    }
    return position;
  };
  auto groups = group_specs(specs, table_of);
  std::stable_sort(groups.begin(), groups.end(), [&](const auto& a, const auto& b) {
    return tree_position(a.first) < tree_position(b.first);
  });
  if (!prefix.empty() && (groups.empty() || !groups.front().first.empty())) {
    groups.insert(groups.begin(), {std::string(), {}});
  }

  for (const auto& [table, members] : groups) {
    const std::string path = prefix.empty() ? table : table.empty() ? prefix : prefix + "." + table;
    if (!path.empty()) {
      if (!out.empty()) out += '\n';
      out += intro;
      intro.clear();
      out += "[" + toml_path(path) + "]\n";
    }
    for (std::size_t i : members) {
      const ParamSpec& spec = specs[i];
      if (with_comments) {
        std::string comment = comment_text(spec);
        if (!comment.empty()) out += "# " + comment + "\n";
      }
      const ParamValue& value = value_of(i);
      const std::string key = toml_key(last_component(spec.key));
      if (std::holds_alternative<std::monostate>(value)) {
        // TOML has no null: an unset value is a comment, which reads back as absent, i.e. unset.
        out += "# " + key + " = (not set" +
               (spec.unset_text.empty() ? std::string() : ": " + spec.unset_text) + ")\n";
      } else {
        out += key + " = " + to_toml(value) + "\n";
      }
    }
  }
}

std::string collection_comment(const CollectionSpec& collection) {
  std::string out = collection.help_text;
  if (!out.empty()) out += ' ';
  out += "(tables " + collection.table_pattern();
  if (std::string count = collection.count_text(); !count.empty()) out += "; " + count;
  return out + ")";
}

std::string default_cell(const ParamSpec& spec) {
  if (!spec.is_optional) return "`" + markdown_cell(to_toml(spec.default_value)) + "`";
  std::string out = "optional; not set by default";
  if (!spec.unset_text.empty()) out += " (" + spec.unset_text + ")";
  return markdown_cell(out);
}

std::string markdown_row(const ParamSpec& spec, const std::string& shown_key) {
  std::string valid = spec.range_text();
  if (spec.type == ParamType::boolean) {
    valid = "true or false";
  } else if (valid.empty()) {
    valid = "any";
  } else if (spec.type == ParamType::real_list) {
    valid = "each " + valid;
  }
  // A string_list is a set: say so, with the choices of each element if any.
  if (spec.type == ParamType::string_list) {
    valid = spec.choices.empty() ? "any, without repeats"
                                 : "each " + spec.range_text() + "; without repeats";
  }
  return "| `" + shown_key + "` | " + markdown_cell(spec.help_text) + " | " +
         markdown_cell(spec.unit_text) + " | " + default_cell(spec) + " | " + markdown_cell(valid) +
         " |\n";
}

constexpr const char* markdown_header =
    "| Key | Meaning | Unit | Default | Valid values |\n|---|---|---|---|---|\n";

}  // namespace

std::string to_toml(const std::vector<ParamSpec>& specs, const ParamValues& values,
                    bool with_comments) {
  return to_toml(ParamSet{specs, {}}, values, with_comments);
}

std::string to_toml(const ParamSet& set, const ParamValues& values, bool with_comments) {
  if (values.size() != set.params.size()) {
    throw std::invalid_argument("to_toml: " + std::to_string(values.size()) + " values for " +
                                std::to_string(set.params.size()) + " parameters");
  }
  if (values.collection_count() != set.collections.size()) {
    throw std::invalid_argument("to_toml: " + std::to_string(values.collection_count()) +
                                " collections of values for " +
                                std::to_string(set.collections.size()) + " declared");
  }
  std::string out;
  write_tables(
      out, set.params, [&values](std::size_t i) -> const ParamValue& { return values[i]; }, "",
      with_comments, "");
  for (std::size_t c = 0; c < set.collections.size(); ++c) {
    const CollectionSpec& collection = set.collections[c];
    std::string intro = with_comments ? "# " + collection_comment(collection) + "\n" : "";
    if (values.instances(c).empty()) {
      // The table alone declares the collection empty (without it, the defaults would apply).
      if (!out.empty()) out += '\n';
      out += intro + "[" + toml_path(collection.prefix) + "]\n";
      continue;
    }
    for (const Instance& instance : values.instances(c)) {
      if (instance.values.size() != collection.fields.size()) {
        throw std::invalid_argument("to_toml: " + std::to_string(instance.values.size()) +
                                    " values for the " + std::to_string(collection.fields.size()) +
                                    " fields of " + collection.prefix + "." + instance.name);
      }
      write_tables(
          out, collection.fields,
          [&instance](std::size_t i) -> const ParamValue& { return instance.values[i]; },
          collection.prefix + "." + instance.name, with_comments, std::move(intro));
      intro.clear();
    }
  }
  return out;
}

std::string to_markdown(const std::vector<ParamSpec>& specs) {
  return to_markdown(ParamSet{specs, {}});
}

std::string to_markdown(const ParamSet& set) {
  auto top_level = [](std::string_view key) {
    std::size_t dot = key.find('.');
    return dot == std::string_view::npos ? std::string_view{} : key.substr(0, dot);
  };
  std::string out;
  for (const auto& [table, members] : group_specs(set.params, top_level)) {
    if (!out.empty()) out += '\n';
    out += table.empty() ? "### Top level\n\n" : "### [" + table + "]\n\n";
    out += markdown_header;
    for (std::size_t i : members) out += markdown_row(set.params[i], set.params[i].key);
  }
  for (const CollectionSpec& collection : set.collections) {
    if (!out.empty()) out += '\n';
    out += "### " + collection.table_pattern() + "\n\n";
    std::string text = collection.help_text;
    if (!text.empty() && text.back() != '.') text += '.';
    if (!text.empty()) text += ' ';
    text += "One table `" + collection.table_pattern() +
            "` per instance; NAME is made of lowercase letters, digits and `_`, and starts with a "
            "letter";
    if (std::string count = collection.count_text(); !count.empty()) text += " (" + count + ")";
    text += ". A scenario that declares none has ";
    if (collection.default_names.empty()) {
      text += "none.";
    } else {
      for (std::size_t i = 0; i < collection.default_names.size(); ++i) {
        text += (i ? ", " : "") + std::string("`[") + collection.prefix + "." +
                collection.default_names[i] + "]`";
      }
      text += ", with the defaults below.";
    }
    out += markdown_cell(text) + "\n\n" + markdown_header;
    for (const ParamSpec& field : collection.fields) {
      out += markdown_row(field, collection.prefix + ".NAME." + field.key);
    }
  }
  return out;
}

}  // namespace sim
