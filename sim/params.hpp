// Parameters declared once: key path, type, default, valid range, unit and help. One declaration
// drives scenario reading and validation, `twinsim check`, docs/scenarios.md and the HDF5 output.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace sim {

enum class ParamType { boolean, integer, real, string, real_list };

/// A parameter value. The alternative always matches the declared ParamType.
using ParamValue = std::variant<bool, std::int64_t, double, std::string, std::vector<double>>;

/// Human name of a type as used in messages ("a number", "an integer", ...).
const char* describe(ParamType type);

/// The declaration of one scenario parameter. Build with the helpers below, e.g.
/// `sim::real("market.growth_per_year", 0.0).range(-1, 1).unit("1/yr").help("...")`.
struct ParamSpec {
  std::string key;  // dotted path: "market.growth_per_year" is `[market] growth_per_year = ...`
  ParamType type = ParamType::real;
  ParamValue default_value;
  std::optional<double> min;         // inclusive lower bound (integer, real, real_list elements)
  std::optional<double> max;         // inclusive upper bound
  std::vector<std::string> choices;  // allowed values of a string parameter (empty: any)
  std::string unit_text = "1";
  std::string help_text;

  ParamSpec& range(std::optional<double> lo, std::optional<double> hi) {
    min = lo;
    max = hi;
    return *this;
  }
  ParamSpec& at_least(double lo) { return range(lo, max); }
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

  /// "in [a, b]", ">= a", "one of: x, y", or "" when anything of the right type is valid.
  std::string range_text() const;
  /// Empty when `value` has the right type and is in range, otherwise what was expected.
  std::string check(const ParamValue& value) const;
};

ParamSpec boolean(std::string key, bool default_value);
ParamSpec integer(std::string key, std::int64_t default_value);
ParamSpec real(std::string key, double default_value);
ParamSpec string(std::string key, std::string default_value);
ParamSpec real_list(std::string key, std::vector<double> default_value);

/// TOML text of a value ("0.5", "true", "\"x\"", "[1.0, 2.0]"), round-trip exact for reals.
std::string to_toml(const ParamValue& value);

/// A full set of values, one per declared parameter, in declaration order.
/// Where a value was written: file (or "--set"), line and column; line 0 for a default.
struct SourcePlace {
  std::string file;
  int line = 0;
  int column = 0;
};

class ParamValues {
 public:
  ParamValues() = default;
  /// All defaults of `specs`.
  explicit ParamValues(const std::vector<ParamSpec>& specs);

  std::size_t size() const { return values_.size(); }
  const ParamValue& operator[](std::size_t i) const { return values_[i]; }
  ParamValue& operator[](std::size_t i) { return values_[i]; }

  /// Where value `i` came from, so that checks across parameters can point at the place.
  const SourcePlace& place(std::size_t i) const { return places_[i]; }
  void set_place(std::size_t i, SourcePlace place) { places_[i] = std::move(place); }

 private:
  std::vector<ParamValue> values_;
  std::vector<SourcePlace> places_;
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

/// The declared key closest to `key` (edit distance, ties by order), for "did you mean" hints;
/// empty when nothing is reasonably close.
std::string nearest_key(const std::vector<ParamSpec>& specs, const std::string& key);

/// The resolved scenario as TOML text: every parameter, grouped into tables, each with a comment
/// giving unit, range and help. Parsing this text back yields the same values.
std::string to_toml(const std::vector<ParamSpec>& specs, const ParamValues& values,
                    bool with_comments = true);

/// Markdown table of all parameters (key, meaning, unit, default, valid range) for docs.
std::string to_markdown(const std::vector<ParamSpec>& specs);

/// Binds declared parameters to the fields of a plain struct `P`, so that a model reads its
/// parameters as struct members (no string look-ups while it runs).
template <class P>
class Schema {
 public:
  /// Declares `spec` and binds it to `P::*member` (bool, std::int64_t, int, double, std::string or
  /// std::vector<double>, matching spec.type).
  template <class T>
  Schema& add(ParamSpec spec, T P::*member) {
    specs_.push_back(std::move(spec));
    setters_.push_back([member](P& p, const ParamValue& v) { assign(p.*member, v); });
    return *this;
  }
  /// Same, for a field of a nested struct: `add(spec, &Params::market, &Market::growth)`.
  template <class S, class T>
  Schema& add(ParamSpec spec, S P::*group, T S::*member) {
    specs_.push_back(std::move(spec));
    setters_.push_back(
        [group, member](P& p, const ParamValue& v) { assign((p.*group).*member, v); });
    return *this;
  }

  const std::vector<ParamSpec>& specs() const { return specs_; }

  /// The struct with every field set from `values` (which must come from these specs).
  P bind(const ParamValues& values) const {
    P p{};
    for (std::size_t i = 0; i < setters_.size(); ++i) setters_[i](p, values[i]);
    return p;
  }

 private:
  template <class T>
  static void assign(T& field, const ParamValue& v) {
    if constexpr (std::is_same_v<T, int>) {
      field = static_cast<int>(std::get<std::int64_t>(v));
    } else {
      field = std::get<T>(v);
    }
  }

  std::vector<ParamSpec> specs_;
  std::vector<std::function<void(P&, const ParamValue&)>> setters_;
};

}  // namespace sim
