// Parameters declared once: key path, type, default, valid range, unit and help. One declaration
// drives scenario reading and validation, `twinsim check`, docs/scenarios.md and the HDF5 output.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace sim {

/// The type of a parameter. string_list is a set of names written as a TOML list of strings
/// (`sectors = ["auto_components", "textiles"]`): its elements must be distinct, in file order.
enum class ParamType { boolean, integer, real, string, real_list, string_list };

/// A parameter value. The alternative always matches the declared ParamType, except that
/// std::monostate means "not set", valid only for an optional parameter (ParamSpec::optional).
/// New alternatives are appended, so that existing indices never change (monostate is 5, the
/// string_list's std::vector<std::string> is 6).
using ParamValue = std::variant<bool, std::int64_t, double, std::string, std::vector<double>,
                                std::monostate, std::vector<std::string>>;

/// Human name of a type as used in messages ("a number", "an integer", ...).
const char* describe(ParamType type);

/// The declaration of one scenario parameter. Build with the helpers below, e.g.
/// `sim::real("market.growth_per_year", 0.0).range(-1, 1).unit("1/yr").help("...")`.
struct ParamSpec {
  std::string key;  // dotted path: "market.growth_per_year" is `[market] growth_per_year = ...`
  ParamType type = ParamType::real;
  ParamValue default_value;
  std::optional<double> min;  // inclusive lower bound (integer, real, real_list elements)
  std::optional<double> max;  // inclusive upper bound
  // Allowed values of a string parameter, or of each element of a string_list (empty: any).
  std::vector<std::string> choices;
  std::string unit_text = "1";
  std::string help_text;
  bool is_optional = false;  // the value may be absent ("not set"), which is then its default
  std::string unset_text;    // what "not set" means, e.g. "inherits market.growth_per_year"

  /// Numeric bounds. Throws std::invalid_argument on a string_list, whose elements are names
  /// (restrict them with one_of).
  ParamSpec& range(std::optional<double> lo, std::optional<double> hi) {
    if (type == ParamType::string_list) {
      throw std::invalid_argument("ParamSpec::range(" + key +
                                  "): a list of strings has no numeric range; use one_of");
    }
    min = lo;
    max = hi;
    return *this;
  }
  ParamSpec& at_least(double lo) { return range(lo, max); }
  /// The allowed values of a string, or of each element of a string_list.
  ParamSpec& one_of(std::vector<std::string> values) {
    choices = std::move(values);
    return *this;
  }
  ParamSpec& unit(std::string u) {
    unit_text = std::move(u);
    return *this;
  }
  ParamSpec& help(std::string h) {
    help_text = std::move(h);
    return *this;
  }
  /// Makes the parameter optional: its default becomes "not set" (std::monostate), replacing the
  /// default given to the factory. `when_unset` says what that means, for comments and docs.
  ParamSpec& optional(std::string when_unset = {}) {
    is_optional = true;
    unset_text = std::move(when_unset);
    default_value = std::monostate{};
    return *this;
  }

  /// "in [a, b]", ">= a", "one of: x, y", or "" when anything of the right type is valid.
  std::string range_text() const;
  /// Empty when `value` has the right type and is in range (or is "not set" and the parameter
  /// is optional), otherwise what was expected. A list gives one problem per bad element, joined
  /// by "; ": "element 2 must be one of: a, b, got \"c\"", "element 3 repeats \"x\"".
  std::string check(const ParamValue& value) const;
};

ParamSpec boolean(std::string key, bool default_value);
ParamSpec integer(std::string key, std::int64_t default_value);
ParamSpec real(std::string key, double default_value);
ParamSpec string(std::string key, std::string default_value);
ParamSpec real_list(std::string key, std::vector<double> default_value);
/// A set of names, e.g. `sim::string_list("project.sectors", {}).one_of({...})`: a TOML list of
/// distinct strings, kept in the order written; one_of restricts each element; no unit, no range.
ParamSpec string_list(std::string key, std::vector<std::string> default_value);

/// TOML text of a value ("0.5", "true", "\"x\"", "[1.0, 2.0]", "[\"a\", \"b\"]"), round-trip
/// exact for reals and for UTF-8 strings (quotes, backslashes and control characters escaped).
/// "Not set" has no TOML form: it gives an empty string.
std::string to_toml(const ParamValue& value);

/// A declared collection: named instances of one table of fields, e.g. `[sectors.textiles]`,
/// `[sectors.auto_components]`, each instance with every field of `fields` (keys relative to the
/// instance: "firms_south" is `sectors.<name>.firms_south`). Build with sim::collection(), e.g.
/// `sim::collection("sectors", {...}).help("...").defaults({"manufacturing"}).count(1, 20)`.
/// A scenario that does not mention the collection has the default instances, all fields at their
/// defaults; a scenario that writes the collection's table replaces them entirely.
struct CollectionSpec {
  std::string prefix;  // dotted path of the table holding the instances: "sectors"
  std::vector<ParamSpec> fields;
  std::vector<std::string> default_names;  // instances when the scenario declares none
  std::size_t min_count = 0;               // inclusive bounds on the number of instances
  std::size_t max_count = static_cast<std::size_t>(-1);
  std::string help_text;

  CollectionSpec& help(std::string h) {
    help_text = std::move(h);
    return *this;
  }
  CollectionSpec& defaults(std::vector<std::string> names) {
    default_names = std::move(names);
    return *this;
  }
  CollectionSpec& count(std::size_t lo, std::size_t hi) {
    min_count = lo;
    max_count = hi;
    return *this;
  }
  /// "[sectors.NAME]": how an instance's table is written, for messages and docs.
  std::string table_pattern() const { return "[" + prefix + ".NAME]"; }
  /// "at least 1, at most 20", "at most 3", or "" when any number is valid.
  std::string count_text() const;
};

CollectionSpec collection(std::string prefix, std::vector<ParamSpec> fields = {});

/// Whether `name` may name an instance: [a-z][a-z0-9_]*.
bool valid_instance_name(std::string_view name);

/// Everything a scenario may contain: top-level parameters and collections.
/// API decision: every function that takes a `const std::vector<ParamSpec>&` keeps that overload,
/// meaning "these parameters and no collections", and gains one that takes a ParamSet. A
/// Schema<P> gives both: specs() (its top-level parameters) and param_set() (everything); code that
/// must see collections (reading, check's output, docs) uses param_set().
struct ParamSet {
  std::vector<ParamSpec> params;
  std::vector<CollectionSpec> collections;
};

/// Where a value was written: file (or "--set"), line and column; line 0 for a default.
struct SourcePlace {
  std::string file;
  int line = 0;
  int column = 0;
};

/// One instance of a collection, as read: its name and one value per field, in field order.
struct Instance {
  std::string name;
  std::vector<ParamValue> values;   // one per CollectionSpec::fields entry
  std::vector<SourcePlace> places;  // where each value was written; line 0 for a default
  SourcePlace place;                // where the instance's table was written; line 0 for a default
  // Where each element of a list value was written, per field; empty for a default, a non-list
  // value, or when not recorded (the vector may be shorter than `values`).
  std::vector<std::vector<SourcePlace>> element_places = {};
};

/// A full set of values: one per declared top-level parameter, in declaration order, and for each
/// declared collection its instances in file order (or the default instances).
class ParamValues {
 public:
  ParamValues() = default;
  /// All defaults of `specs` (no collections).
  explicit ParamValues(const std::vector<ParamSpec>& specs);
  /// All defaults of `set`, each collection with its default instances.
  explicit ParamValues(const ParamSet& set);

  std::size_t size() const { return values_.size(); }
  const ParamValue& operator[](std::size_t i) const { return values_[i]; }
  ParamValue& operator[](std::size_t i) { return values_[i]; }

  /// Where value `i` came from, so that checks across parameters can point at the place.
  const SourcePlace& place(std::size_t i) const { return places_[i]; }
  void set_place(std::size_t i, SourcePlace place) { places_[i] = std::move(place); }
  /// Where each element of list value `i` was written (place(i) is where the list starts);
  /// empty for a default or a value that is not a list.
  const std::vector<SourcePlace>& element_places(std::size_t i) const { return element_places_[i]; }
  void set_element_places(std::size_t i, std::vector<SourcePlace> places) {
    element_places_[i] = std::move(places);
  }

  /// Number of collections (as in the ParamSet these values come from).
  std::size_t collection_count() const { return collections_.size(); }
  /// The instances of collection `c` (index into ParamSet::collections), in file order.
  const std::vector<Instance>& instances(std::size_t c) const { return collections_[c]; }
  std::vector<Instance>& instances(std::size_t c) { return collections_[c]; }
  /// The instance of collection `c` called `name`, or nullptr.
  const Instance* find_instance(std::size_t c, std::string_view name) const;

 private:
  std::vector<ParamValue> values_;
  std::vector<SourcePlace> places_;
  std::vector<std::vector<SourcePlace>> element_places_;
  std::vector<std::vector<Instance>> collections_;
};

/// The candidate closest to `key` (edit distance on the whole dotted name, else on its last
/// component; ties by order), or empty when nothing is reasonably close. nearest_key applies it
/// to the declared keys; scenario reading also applies it to table names.
std::string nearest_name(const std::vector<std::string>& candidates, const std::string& key);

/// A number as shown in messages: integral values plainly ("3", "-1", "1000000000"), others in the
/// shortest form that reads back to the same double ("0.1", "1e-300"), and "nan", "inf", "-inf".
std::string format_number(double value);

/// Index of `key` in `specs`, or nullopt.
std::optional<std::size_t> find_param(const std::vector<ParamSpec>& specs, const std::string& key);
/// Index of top-level parameter `key` in `set.params`, or nullopt.
std::optional<std::size_t> find_param(const ParamSet& set, const std::string& key);
/// Index of the collection whose prefix is `prefix` in `set.collections`, or nullopt.
std::optional<std::size_t> find_collection(const ParamSet& set, std::string_view prefix);

/// Where field `field` (relative key) of instance `name` of collection `prefix` was written, so
/// that checks across parameters can point at it (line 0: a default). `values` must come from
/// `set`. Throws std::out_of_range when there is no such collection, instance or field.
const SourcePlace& field_place(const ParamSet& set, const ParamValues& values,
                               std::string_view prefix, std::string_view name,
                               std::string_view field);
/// Where each element of list field `field` of instance `name` was written (empty for a default
/// or a value that is not a list). Throws std::out_of_range like field_place.
const std::vector<SourcePlace>& field_element_places(const ParamSet& set, const ParamValues& values,
                                                     std::string_view prefix, std::string_view name,
                                                     std::string_view field);

/// The declared key closest to `key` (edit distance, ties by order), for "did you mean" hints;
/// empty when nothing is reasonably close.
std::string nearest_key(const std::vector<ParamSpec>& specs, const std::string& key);
/// Same over a ParamSet: its top-level keys and its collections' fields as "sectors.NAME.field".
std::string nearest_key(const ParamSet& set, const std::string& key);

/// The resolved scenario as TOML text: every parameter, grouped into tables, each with a comment
/// giving unit, range and help. A value that is not set is written as a comment line
/// ("# key = (not set: ...)"), even without comments. Parsing this text back yields the same
/// values. Throws std::invalid_argument when `values` does not match the declarations.
std::string to_toml(const std::vector<ParamSpec>& specs, const ParamValues& values,
                    bool with_comments = true);
/// Same, followed by each collection's instances as `[sectors.<name>]` tables, in order.
std::string to_toml(const ParamSet& set, const ParamValues& values, bool with_comments = true);

/// Markdown table of all parameters (key, meaning, unit, default, valid range) for docs.
std::string to_markdown(const std::vector<ParamSpec>& specs);
/// Same, followed by one "### [sectors.NAME]" section per collection: help, count, default
/// instances and the table of its fields.
std::string to_markdown(const ParamSet& set);

/// Binds declared parameters to the fields of a plain struct `P`, so that a model reads its
/// parameters as struct members (no string look-ups while it runs). Optional parameters bind to
/// std::optional members; a collection binds to a `std::vector<S>` member, its fields declared with
/// a Schema<S> whose keys are relative to the instance.
template <class P>
class Schema {
 public:
  /// Declares `spec` and binds it to `P::*member` (bool, std::int64_t, int, double, std::string,
  /// std::vector<double> or std::vector<std::string>, matching spec.type; or std::optional of one
  /// of them). Throws std::invalid_argument when an optional spec is bound to a member that is not
  /// std::optional.
  template <class T>
  Schema& add(ParamSpec spec, T P::*member) {
    require_optional_member<T>(spec);
    set_.params.push_back(std::move(spec));
    setters_.push_back([member](P& p, const ParamValue& v) { assign(p.*member, v); });
    return *this;
  }
  /// Same, for a field of a nested struct: `add(spec, &Params::market, &Market::growth)`.
  template <class S, class T>
  Schema& add(ParamSpec spec, S P::*group, T S::*member) {
    require_optional_member<T>(spec);
    set_.params.push_back(std::move(spec));
    setters_.push_back(
        [group, member](P& p, const ParamValue& v) { assign((p.*group).*member, v); });
    return *this;
  }
  /// Declares collection `spec` (whose fields are taken from `fields`; spec.fields must be empty)
  /// and binds it to `P::*member`: one S per instance, in order, its name in `S::*name`.
  /// Throws std::invalid_argument when spec.fields is not empty or `fields` has collections.
  template <class S>
  Schema& add(CollectionSpec spec, const Schema<S>& fields, std::string S::*name,
              std::vector<S> P::*member) {
    if (!spec.fields.empty() || !fields.param_set().collections.empty()) {
      throw std::invalid_argument("Schema::add(" + spec.prefix +
                                  "): the fields come from the Schema alone, without collections");
    }
    spec.fields = fields.specs();
    set_.collections.push_back(std::move(spec));
    collection_setters_.push_back(
        [fields, name, member](P& p, const std::vector<Instance>& instances) {
          std::vector<S>& out = p.*member;
          out.clear();
          out.reserve(instances.size());
          for (const Instance& instance : instances) {
            S s{};
            fields.assign_all(s, instance.values);
            s.*name = instance.name;
            out.push_back(std::move(s));
          }
        });
    return *this;
  }

  /// The top-level parameters (no collections).
  const std::vector<ParamSpec>& specs() const { return set_.params; }
  /// Every declaration: top-level parameters and collections.
  const ParamSet& param_set() const { return set_; }

  /// The struct with every field set from `values` (which must come from these declarations:
  /// from param_set() when there are collections). Throws std::invalid_argument when `values` has
  /// another number of parameters or collections.
  P bind(const ParamValues& values) const {
    if (values.size() != setters_.size() ||
        values.collection_count() != collection_setters_.size()) {
      throw std::invalid_argument("Schema::bind: values do not come from this schema");
    }
    P p{};
    for (std::size_t i = 0; i < setters_.size(); ++i) setters_[i](p, values[i]);
    for (std::size_t c = 0; c < collection_setters_.size(); ++c) {
      collection_setters_[c](p, values.instances(c));
    }
    return p;
  }

 private:
  template <class>
  friend class Schema;

  template <class T>
  struct is_optional : std::false_type {};
  template <class T>
  struct is_optional<std::optional<T>> : std::true_type {};

  template <class T>
  static void require_optional_member(const ParamSpec& spec) {
    if (spec.is_optional && !is_optional<T>::value) {
      throw std::invalid_argument("Schema::add(" + spec.key +
                                  "): an optional parameter needs a std::optional member");
    }
  }

  template <class T>
  static void assign(T& field, const ParamValue& v) {
    if constexpr (is_optional<T>::value) {
      if (std::holds_alternative<std::monostate>(v)) {
        field.reset();
      } else {
        typename T::value_type value{};
        assign(value, v);
        field = std::move(value);
      }
    } else if constexpr (std::is_same_v<T, int>) {
      field = static_cast<int>(std::get<std::int64_t>(v));
    } else {
      field = std::get<T>(v);
    }
  }

  // Sets every parameter of `p` from `values` (one per spec, in order).
  void assign_all(P& p, const std::vector<ParamValue>& values) const {
    for (std::size_t i = 0; i < setters_.size(); ++i) setters_[i](p, values[i]);
  }

  ParamSet set_;
  std::vector<std::function<void(P&, const ParamValue&)>> setters_;
  std::vector<std::function<void(P&, const std::vector<Instance>&)>> collection_setters_;
};

}  // namespace sim
