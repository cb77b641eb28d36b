// Fuzz target, structure-aware: a *valid* HDF5 file whose content is hostile, handed to every
// reader of TwinSim's files. Byte-level mutation of HDF5 (result_file_fuzz) mostly exercises
// libhdf5's own parsing; this target exercises ours: which groups, datasets and attributes exist,
// their types, shapes and values (NaN, infinities, huge, negative), names, links.
//
// At start the target writes one file of each kind with TwinSim itself (twinsim run, compare,
// sweep with grid, saltelli and morris designs, stress, on the tiny scenarios of fuzz/data) and
// reads each into a tree. An input is: one byte choosing the template, then mutations of its tree
// (remove, retype, reshape, set values, rename, huge declared extents, soft links), each consuming
// a few bytes (FuzzedDataProvider). The mutated tree is written as a new HDF5 file and read by
// `twinsim analyze` and `twinsim run FILE.h5` (re-run); a sweep's or stress test's file also as
// OUT.h5.partial by `--resume`, which runs the runs it does not mark completed.
// Contract: sim::InputError, or the file is read (and resumed).
//
// TWINSIM_FUZZ_SAVE=FILE keeps the generated file of the (last) input run, e.g. to add it to
// fuzz/regressions/result_file_fuzz/ or to a Catch2 test.
#include <fuzzer/FuzzedDataProvider.h>
#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "fuzz/fuzz_support.hpp"

using namespace twinsim;
namespace fs = std::filesystem;

namespace {

// ---- The tree: what the file holds, in memory ----

enum class Type { f64, f32, i64, i32, u64, u8, vstr, fstr };
constexpr int kTypes = 8;
bool is_string(Type t) {
  return t == Type::vstr || t == Type::fstr;
}

// Values of a dataset or attribute: numbers as long double (exact for every int64, uint64 and
// double, NaN and infinities included) or strings, by `type`.
struct Data {
  Type type = Type::f64;
  std::vector<hsize_t> shape;  // empty: scalar
  bool null_space = false;     // an attribute without values (an empty list)
  std::vector<long double> num;
  std::vector<std::string> str;
  std::size_t width = 8;  // fixed-length strings

  std::size_t count() const {
    if (null_space) return 0;
    std::size_t n = 1;
    for (hsize_t e : shape) n *= static_cast<std::size_t>(e);
    return n;
  }
  // Makes the values fit count() (after a reshape or a new type).
  void fit() {
    const std::size_t n = count();
    if (is_string(type)) {
      if (str.empty())
        for (long double x : num) str.push_back(std::to_string(static_cast<double>(x)));
      str.resize(n);
      num.clear();
    } else {
      if (num.empty())
        for (const std::string& s : str) num.push_back(std::strtold(s.c_str(), nullptr));
      num.resize(n, std::numeric_limits<long double>::quiet_NaN());
      str.clear();
    }
  }
};

struct Attribute {
  std::string name;
  Data data;
};

struct Node {
  enum Kind { group, dataset, link } kind = group;
  std::string path;  // absolute, "/" for the root
  Data data;         // datasets
  std::vector<Attribute> attributes;
  std::string target;    // soft links
  bool huge = false;     // a dataset declared with `data.shape` but no values written
  bool chunked = false;  // stored chunked and compressed
};

using Tree = std::vector<Node>;

std::string parent_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == 0 ? "/" : path.substr(0, slash);
}

// ---- Reading a template file into a tree ----

bool read_type(hid_t type, Data& d) {
  switch (H5Tget_class(type)) {
    case H5T_FLOAT:
      d.type = H5Tget_size(type) == 4 ? Type::f32 : Type::f64;
      return true;
    case H5T_INTEGER: {
      const std::size_t size = H5Tget_size(type);
      const bool sign = H5Tget_sign(type) == H5T_SGN_2;
      d.type = size == 1 ? Type::u8 : size == 4 ? Type::i32 : sign ? Type::i64 : Type::u64;
      return true;
    }
    case H5T_STRING:
      d.type = H5Tis_variable_str(type) > 0 ? Type::vstr : Type::fstr;
      d.width = H5Tget_size(type);
      return true;
    default:
      return false;  // references (dimension scales) and compounds: not ours to read
  }
}

void read_space(hid_t space, Data& d) {
  d.null_space = H5Sget_simple_extent_type(space) == H5S_NULL;
  const int rank = std::max(0, H5Sget_simple_extent_ndims(space));
  d.shape.assign(static_cast<std::size_t>(rank), 0);
  if (rank > 0) H5Sget_simple_extent_dims(space, d.shape.data(), nullptr);
}

// Reads the values of an attribute (`attribute`) or a dataset into `d`, whose type is known.
void read_values(hid_t id, bool attribute, hid_t file_type, Data& d) {
  const std::size_t n = d.count();
  if (n == 0) return;
  herr_t status = 0;
  if (d.type == Type::vstr) {
    const hid_t memory = H5Tcopy(H5T_C_S1);
    H5Tset_size(memory, H5T_VARIABLE);
    std::vector<char*> raw(n, nullptr);
    status = attribute ? H5Aread(id, memory, raw.data())
                       : H5Dread(id, memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data());
    for (char* s : raw) {
      d.str.emplace_back(s ? s : "");
      H5free_memory(s);
    }
    H5Tclose(memory);
  } else if (d.type == Type::fstr) {
    std::vector<char> raw(n * d.width);
    status = attribute ? H5Aread(id, file_type, raw.data())
                       : H5Dread(id, file_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data());
    for (std::size_t i = 0; i < n; ++i) {
      const char* s = raw.data() + i * d.width;
      d.str.emplace_back(s, strnlen(s, d.width));
    }
  } else {
    d.num.resize(n);
    status = attribute
                 ? H5Aread(id, H5T_NATIVE_LDOUBLE, d.num.data())
                 : H5Dread(id, H5T_NATIVE_LDOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, d.num.data());
  }
  if (status < 0) fuzz::fail("cannot read a template's values");
}

herr_t read_attribute(hid_t object, const char* name, const H5A_info_t*, void* client) {
  auto& node = *static_cast<Node*>(client);
  const hid_t a = H5Aopen(object, name, H5P_DEFAULT);
  const hid_t type = H5Aget_type(a), space = H5Aget_space(a);
  Attribute attribute{name, {}};
  if (read_type(type, attribute.data)) {
    read_space(space, attribute.data);
    read_values(a, true, type, attribute.data);
    node.attributes.push_back(std::move(attribute));
  }
  H5Sclose(space);
  H5Tclose(type);
  H5Aclose(a);
  return 0;
}

void read_attributes(hid_t object, Node& node) {
  hsize_t index = 0;
  H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, &index, read_attribute, &node);
}

herr_t read_link(hid_t file, const char* name, const H5L_info_t* info, void* client) {
  auto& tree = *static_cast<Tree*>(client);
  Node node;
  node.path = std::string("/") + name;
  if (info->type == H5L_TYPE_SOFT) {
    node.kind = Node::link;
    std::vector<char> target(info->u.val_size + 1, '\0');
    H5Lget_val(file, name, target.data(), target.size(), H5P_DEFAULT);
    node.target = target.data();
    tree.push_back(std::move(node));
    return 0;
  }
  const hid_t object = H5Oopen(file, name, H5P_DEFAULT);
  if (H5Iget_type(object) == H5I_DATASET) {
    node.kind = Node::dataset;
    const hid_t type = H5Dget_type(object), space = H5Dget_space(object);
    if (read_type(type, node.data)) {
      read_space(space, node.data);
      read_values(object, false, type, node.data);
      const hid_t create = H5Dget_create_plist(object);
      node.chunked = H5Pget_layout(create) == H5D_CHUNKED;
      H5Pclose(create);
      read_attributes(object, node);
      tree.push_back(std::move(node));
    }
    H5Sclose(space);
    H5Tclose(type);
  } else if (H5Iget_type(object) == H5I_GROUP) {
    read_attributes(object, node);
    tree.push_back(std::move(node));
  }
  H5Oclose(object);
  return 0;
}

Tree read_tree(const fs::path& path) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) fuzz::fail("cannot open template " + path.string());
  Tree tree(1);
  tree[0].path = "/";
  read_attributes(file, tree[0]);
  H5Lvisit(file, H5_INDEX_NAME, H5_ITER_INC, read_link, &tree);
  H5Fclose(file);
  return tree;
}

// ---- Writing a tree as a file ----

std::int64_t to_int64(long double x) {
  if (std::isnan(x)) return 0;
  if (x >= 9223372036854775807.0L) return std::numeric_limits<std::int64_t>::max();
  if (x <= -9223372036854775808.0L) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(x);
}

std::uint64_t to_uint64(long double x) {
  if (std::isnan(x)) return 0;
  if (x < 0) return static_cast<std::uint64_t>(to_int64(x));  // two's complement, as C would
  if (x >= 18446744073709551615.0L) return std::numeric_limits<std::uint64_t>::max();
  return static_cast<std::uint64_t>(x);
}

hid_t file_type(const Data& d) {
  hid_t t = -1;
  switch (d.type) {
    case Type::f64:
      return H5Tcopy(H5T_IEEE_F64LE);
    case Type::f32:
      return H5Tcopy(H5T_IEEE_F32LE);
    case Type::i64:
      return H5Tcopy(H5T_STD_I64LE);
    case Type::i32:
      return H5Tcopy(H5T_STD_I32LE);
    case Type::u64:
      return H5Tcopy(H5T_STD_U64LE);
    case Type::u8:
      return H5Tcopy(H5T_STD_U8LE);
    case Type::vstr:
      t = H5Tcopy(H5T_C_S1);
      H5Tset_size(t, H5T_VARIABLE);
      H5Tset_cset(t, H5T_CSET_UTF8);
      return t;
    case Type::fstr:
      t = H5Tcopy(H5T_C_S1);
      H5Tset_size(t, std::max<std::size_t>(1, d.width));
      H5Tset_strpad(t, H5T_STR_NULLPAD);
      H5Tset_cset(t, H5T_CSET_UTF8);
      return t;
  }
  return -1;
}

hid_t space_of(const Data& d) {
  if (d.null_space) return H5Screate(H5S_NULL);
  if (d.shape.empty()) return H5Screate(H5S_SCALAR);
  return H5Screate_simple(static_cast<int>(d.shape.size()), d.shape.data(), nullptr);
}

// Writes `d`'s values through `write(memory_type, buffer)`.
template <class Write>
void write_values(const Data& d, hid_t type, Write write) {
  const std::size_t n = d.count();
  if (n == 0) return;
  if (d.type == Type::vstr) {
    std::vector<const char*> pointers;
    for (const std::string& s : d.str) pointers.push_back(s.c_str());
    write(type, pointers.data());
  } else if (d.type == Type::fstr) {
    const std::size_t w = std::max<std::size_t>(1, d.width);
    std::vector<char> raw(n * w, '\0');
    for (std::size_t i = 0; i < n; ++i)
      std::copy_n(d.str[i].data(), std::min(w, d.str[i].size()), raw.data() + i * w);
    write(type, raw.data());
  } else if (d.type == Type::f64 || d.type == Type::f32) {
    std::vector<double> v;
    for (long double x : d.num) v.push_back(static_cast<double>(x));
    write(H5T_NATIVE_DOUBLE, v.data());
  } else if (d.type == Type::u64) {
    std::vector<std::uint64_t> v;
    for (long double x : d.num) v.push_back(to_uint64(x));
    write(H5T_NATIVE_UINT64, v.data());
  } else {
    std::vector<std::int64_t> v;
    for (long double x : d.num) v.push_back(to_int64(x));
    write(H5T_NATIVE_INT64, v.data());
  }
}

void write_attributes(hid_t object, const Node& node) {
  for (const Attribute& a : node.attributes) {
    const hid_t type = file_type(a.data), space = space_of(a.data);
    const hid_t id = H5Acreate2(object, a.name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT);
    if (id >= 0) {
      write_values(a.data, type,
                   [&](hid_t memory, const void* buffer) { H5Awrite(id, memory, buffer); });
      H5Aclose(id);
    }
    H5Sclose(space);
    H5Tclose(type);
  }
}

// HDF5 refuses what the tree may ask for (a member under a dataset, a name taken twice): such a
// node is left out, as a file without it is hostile enough.
void write_tree(const Tree& tree, const fs::path& path) {
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (file < 0) fuzz::fail("cannot create " + path.string());
  const hid_t intermediate = H5Pcreate(H5P_LINK_CREATE);
  H5Pset_create_intermediate_group(intermediate, 1);
  std::vector<const Node*> order;
  for (const Node& n : tree) order.push_back(&n);
  // Parents before children; links last, so that they may point at anything.
  std::stable_sort(order.begin(), order.end(), [](const Node* a, const Node* b) {
    if ((a->kind == Node::link) != (b->kind == Node::link)) return b->kind == Node::link;
    return std::count(a->path.begin(), a->path.end(), '/') <
           std::count(b->path.begin(), b->path.end(), '/');
  });
  for (const Node* n : order) {
    if (n->path == "/") {
      write_attributes(file, *n);
      continue;
    }
    if (n->kind == Node::link) {
      H5Lcreate_soft(n->target.c_str(), file, n->path.c_str(), intermediate, H5P_DEFAULT);
      continue;
    }
    if (n->kind == Node::group) {
      const hid_t g = H5Gcreate2(file, n->path.c_str(), intermediate, H5P_DEFAULT, H5P_DEFAULT);
      if (g >= 0) {
        write_attributes(g, *n);
        H5Gclose(g);
      }
      continue;
    }
    const hid_t type = file_type(n->data), space = space_of(n->data);
    const hid_t create = H5Pcreate(H5P_DATASET_CREATE);
    if ((n->huge || n->chunked) && !n->data.shape.empty()) {
      std::vector<hsize_t> chunk;
      for (hsize_t e : n->data.shape) chunk.push_back(std::clamp<hsize_t>(e, 1, 64));
      bool fits = true;
      for (std::size_t i = 0; i < chunk.size(); ++i) fits = fits && chunk[i] <= n->data.shape[i];
      if (fits) {
        H5Pset_chunk(create, static_cast<int>(chunk.size()), chunk.data());
        if (n->chunked) H5Pset_deflate(create, 1);
      }
    }
    const hid_t d =
        H5Dcreate2(file, n->path.c_str(), type, space, intermediate, create, H5P_DEFAULT);
    if (d >= 0) {
      if (!n->huge)
        write_values(n->data, type, [&](hid_t memory, const void* buffer) {
          H5Dwrite(d, memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
        });
      write_attributes(d, *n);
      H5Dclose(d);
    }
    H5Pclose(create);
    H5Sclose(space);
    H5Tclose(type);
  }
  H5Pclose(intermediate);
  H5Eclear2(H5E_DEFAULT);
  if (H5Fclose(file) < 0) fuzz::fail("cannot close " + path.string());
}

// ---- Mutations ----

struct Template {
  std::string name;
  Tree tree;
  std::string resume;   // "sweep" or "stress": also resumed as OUT.h5.partial
  fs::path experiment;  // its experiment or uncertainties file
};

std::vector<Template> templates;
std::vector<std::string> names;  // every name and short string in the templates
std::vector<fs::path> strategies;

long double special_number(FuzzedDataProvider& in, std::size_t count) {
  constexpr long double inf = std::numeric_limits<long double>::infinity();
  const long double choices[] = {0.0L,
                                 -0.0L,
                                 1.0L,
                                 -1.0L,
                                 2.0L,
                                 0.5L,
                                 std::numeric_limits<long double>::quiet_NaN(),
                                 inf,
                                 -inf,
                                 1e300L,
                                 -1e300L,
                                 static_cast<long double>(std::numeric_limits<double>::max()),
                                 9007199254740992.0L,
                                 9223372036854775808.0L,
                                 -9223372036854775808.0L,
                                 18446744073709551615.0L,
                                 4294967296.0L,
                                 1e-320L,
                                 6.0L,
                                 12.0L,
                                 120.0L,
                                 static_cast<long double>(count),
                                 static_cast<long double>(count) - 1,
                                 static_cast<long double>(count) + 1};
  const std::size_t n = std::size(choices);
  const std::size_t pick = in.ConsumeIntegralInRange<std::size_t>(0, n);
  if (pick < n) return choices[pick];
  return in.ConsumeFloatingPoint<double>();
}

std::string special_string(FuzzedDataProvider& in, const Data& d) {
  switch (in.ConsumeIntegralInRange(0, 5)) {
    case 0:
      return "";
    case 1:
      return names.empty() ? ""
                           : names[in.ConsumeIntegralInRange<std::size_t>(0, names.size() - 1)];
    case 2:
      return d.str.empty() ? ""
                           : d.str[in.ConsumeIntegralInRange<std::size_t>(0, d.str.size() - 1)];
    case 3:
      return std::string(in.ConsumeIntegralInRange(100, 5000), 'x');
    default:
      return in.ConsumeRandomLengthString(64);
  }
}

void set_value(FuzzedDataProvider& in, Data& d, std::size_t i) {
  if (is_string(d.type))
    d.str[i] = special_string(in, d);
  else
    d.num[i] = special_number(in, d.count());
}

hsize_t new_extent(FuzzedDataProvider& in, const Data& d) {
  const hsize_t old =
      d.shape.empty() ? 1 : d.shape[in.ConsumeIntegralInRange<std::size_t>(0, d.shape.size() - 1)];
  switch (in.ConsumeIntegralInRange(0, 5)) {
    case 0:
      return 0;
    case 1:
      return 1;
    case 2:
      return old + 1;
    case 3:
      return old > 0 ? old - 1 : 0;
    case 4:
      return in.ConsumeIntegralInRange<hsize_t>(0, 40);
    default:
      return old;
  }
}

// A small data: the values fit in memory (reshapes stay below this many).
constexpr std::size_t kMaxValues = 1 << 16;

void reshape(FuzzedDataProvider& in, Data& d, bool attribute) {
  const int rank = in.ConsumeIntegralInRange(attribute ? -1 : 0, attribute ? 1 : 3);
  d.null_space = rank < 0;
  d.shape.clear();
  for (int k = 0; k < rank; ++k) d.shape.push_back(new_extent(in, d));
  if (attribute && d.count() == 0 && !d.null_space) d.null_space = true;
  if (d.count() > kMaxValues) d.shape.assign(1, 1);
  d.fit();
}

void retype(FuzzedDataProvider& in, Data& d) {
  const Type to = static_cast<Type>(in.ConsumeIntegralInRange(0, kTypes - 1));
  if (is_string(to) != is_string(d.type)) {
    if (is_string(to)) {
      for (long double x : d.num) d.str.push_back(std::to_string(static_cast<double>(x)));
      d.num.clear();
    } else {
      for (const std::string& s : d.str) d.num.push_back(std::strtold(s.c_str(), nullptr));
      d.str.clear();
    }
  }
  d.type = to;
  if (to == Type::fstr) d.width = in.ConsumeIntegralInRange<std::size_t>(1, 200);
  d.fit();
}

// Removes node `i` and, for a group, everything under it.
void remove_node(Tree& tree, std::size_t i) {
  const std::string prefix = tree[i].path == "/" ? "/" : tree[i].path + "/";
  const std::string path = tree[i].path;
  std::erase_if(tree, [&](const Node& n) {
    return n.path != "/" && (n.path == path || n.path.rfind(prefix, 0) == 0);
  });
}

// Moves node `i` (and what is under it) to `to`.
void move_node(Tree& tree, std::size_t i, const std::string& to) {
  const std::string from = tree[i].path;
  if (from == "/" || to.empty() || to == "/") return;
  for (Node& n : tree)
    if (n.path == from || n.path.rfind(from + "/", 0) == 0)
      n.path = to + n.path.substr(from.size());
}

void mutate(FuzzedDataProvider& in, Tree& tree) {
  if (tree.empty()) return;
  Node& node = tree[in.ConsumeIntegralInRange<std::size_t>(0, tree.size() - 1)];
  const std::size_t index = static_cast<std::size_t>(&node - tree.data());
  // The values to change: one of the node's attributes, or a dataset's own.
  Attribute* attribute = nullptr;
  if (!node.attributes.empty() && (node.kind != Node::dataset || in.ConsumeBool()))
    attribute =
        &node.attributes[in.ConsumeIntegralInRange<std::size_t>(0, node.attributes.size() - 1)];
  const bool on_attribute = attribute != nullptr;
  Data* data = on_attribute ? &attribute->data : node.kind == Node::dataset ? &node.data : nullptr;
  if (!on_attribute && node.huge) {  // its values again, a few
    node.huge = false;
    node.data.shape.assign(1, 1);
    node.data.fit();
  }

  switch (in.ConsumeIntegralInRange(0, 11)) {
    case 0:  // remove the node
      remove_node(tree, index);
      return;
    case 1:  // remove an attribute
      if (attribute)
        node.attributes.erase(node.attributes.begin() + (attribute - node.attributes.data()));
      return;
    case 2:
      if (data) retype(in, *data);
      return;
    case 3:
      if (data) reshape(in, *data, on_attribute);
      return;
    case 4:  // one value
      if (data && data->count() > 0)
        set_value(in, *data, in.ConsumeIntegralInRange<std::size_t>(0, data->count() - 1));
      return;
    case 5:  // every value the same
      if (data && data->count() > 0) {
        set_value(in, *data, 0);
        for (std::size_t i = 1; i < data->count(); ++i) {
          if (is_string(data->type))
            data->str[i] = data->str[0];
          else
            data->num[i] = data->num[0];
        }
      }
      return;
    case 6: {  // rename: another name seen in the templates, in the same group or elsewhere
      if (names.empty()) return;
      const std::string name = names[in.ConsumeIntegralInRange<std::size_t>(0, names.size() - 1)];
      if (on_attribute) {
        attribute->name = name;
        return;
      }
      const std::string parent =
          in.ConsumeBool() ? parent_of(node.path)
                           : tree[in.ConsumeIntegralInRange<std::size_t>(0, tree.size() - 1)].path;
      move_node(tree, index, (parent == "/" ? "" : parent) + "/" + name);
      return;
    }
    case 7:  // a dataset declaring far more values than it stores
      if (node.kind == Node::dataset) {
        const int rank = in.ConsumeIntegralInRange(1, 3);
        node.data.shape.clear();
        for (int k = 0; k < rank; ++k)
          node.data.shape.push_back(in.ConsumeIntegralInRange<hsize_t>(1, hsize_t{1} << 40));
        node.data.num.clear();
        node.data.str.clear();
        node.huge = true;
      }
      return;
    case 8: {  // a soft link instead: to another object, to nothing, or to itself
      if (node.path == "/") return;
      const std::string to =
          in.ConsumeBool()   ? tree[in.ConsumeIntegralInRange<std::size_t>(0, tree.size() - 1)].path
          : in.ConsumeBool() ? node.path
                             : "/nothing/here";
      const std::string path = node.path;
      remove_node(tree, index);
      Node link;
      link.kind = Node::link;
      link.path = path;
      link.target = to;
      tree.push_back(std::move(link));
      return;
    }
    case 9:  // a 1-D list: one element fewer, or one more (a copy, or another value)
      if (data && data->shape.size() <= 1) {
        const std::size_t n = data->count();
        const bool grow = n == 0 || in.ConsumeBool();
        data->null_space = false;
        data->shape.assign(1, grow ? n + 1 : n - 1);
        if (on_attribute && data->shape[0] == 0) data->null_space = true;
        data->fit();
        if (grow) set_value(in, *data, n);
      }
      return;
    case 10:  // the other way of storing: chunked and compressed
      if (node.kind == Node::dataset) node.chunked = !node.chunked;
      return;
    default: {  // an attribute copied from another object
      const Node& from = tree[in.ConsumeIntegralInRange<std::size_t>(0, tree.size() - 1)];
      if (!from.attributes.empty())
        node.attributes.push_back(
            from.attributes[in.ConsumeIntegralInRange<std::size_t>(0, from.attributes.size() - 1)]);
      return;
    }
  }
}

// ---- The readers ----

void analyze(const fs::path& file) {
  app::AnalyzeOptions o;
  o.file = file.string();
  fuzz::accepts("analyze", [&] { app::analyze_command(o); });
}

void resume(const Template& t, const fs::path& file) {
  const fs::path dir = fuzz::scratch() / "resume";
  std::error_code ignored;
  fs::remove_all(dir, ignored);
  fs::create_directories(dir);
  const fs::path output = dir / "out.h5";
  fs::copy_file(file, fs::path(output).concat(".partial"));
  app::SweepOptions run;
  run.output = output.string();
  run.resume = true;
  run.threads = 1;
  if (t.resume == "sweep") {
    run.experiment = t.experiment.string();
    fuzz::accepts("sweep --resume", [&] { app::sweep_command(run); });
  } else {
    app::StressOptions o;
    o.run = run;
    o.uncertainties = t.experiment.string();
    for (const fs::path& s : strategies) o.strategies.push_back(s.string());
    fuzz::accepts("stress --resume", [&] { app::stress_command(o); });
  }
}

// Cuts a template down to the metrics in `keep` (and panels to their first two variables), so that
// inputs are small files of a few dozen objects: every reader still meets every kind of object.
void prune(Tree& tree) {
  static const std::set<std::string> keep = {"jobs_south",
                                             "jobs_south_assisted",
                                             "jobs_south_nonassisted",
                                             "exports_south",
                                             "links_cross_border",
                                             "project_phase",
                                             "run",
                                             "time"};
  std::set<std::string> gone;  // datasets of the metrics, outcomes and variables left out
  for (Node& n : tree) {
    for (Attribute& a : n.attributes) {
      const std::string dir = n.path == "/" ? "" : n.path;
      if (a.name == "metrics") {
        std::vector<std::string> kept;
        for (const std::string& m : a.data.str) {
          if (keep.count(m)) {
            kept.push_back(m);
          } else {
            gone.insert(dir + "/timeseries/" + m);
            gone.insert(dir + "/summary/" + m);
          }
        }
        a.data.str = kept;
        a.data.shape.assign(1, kept.size());
      } else if (a.name == "variables" && a.data.str.size() > 2) {
        for (std::size_t v = 2; v < a.data.str.size(); ++v) gone.insert(dir + "/" + a.data.str[v]);
        a.data.str.resize(2);
        a.data.shape.assign(1, 2);
      }
    }
  }
  std::erase_if(tree, [&](const Node& n) {
    if (gone.count(n.path)) return true;
    // /impact/<outcome>_<component>: two outcomes of five, jobs and exports.
    if (n.path.rfind("/impact/", 0) != 0) return false;
    const std::string name = n.path.substr(8);
    return name.rfind("firms_", 0) == 0 || name.rfind("links_", 0) == 0 ||
           name.rfind("output_", 0) == 0;
  });
}

void make_templates() {
  const fs::path dir = fuzz::scratch();
  for (const char* name : {"tiny.toml", "grid.toml", "saltelli.toml", "morris.toml",
                           "strategy_a.toml", "strategy_b.toml", "uncertainties.toml"})
    fuzz::copy_data(name);
  strategies = {dir / "strategy_a.toml", dir / "strategy_b.toml"};
  auto written = [&](const std::string& name) { return (dir / (name + ".h5")).string(); };

  app::RunOptions run;
  run.scenario = (dir / "tiny.toml").string();
  run.common.output = written("runs");
  run.common.threads = 1;
  run.record = "firms:2";
  app::run_command(run);

  app::CompareOptions compare;
  compare.scenario = run.scenario;
  compare.common.output = written("compare");
  compare.common.threads = 1;
  compare.quiet = true;
  app::compare_command(compare);

  for (const char* design : {"grid", "saltelli", "morris"}) {
    app::SweepOptions sweep;
    sweep.experiment = (dir / (std::string(design) + ".toml")).string();
    sweep.output = written(design);
    sweep.threads = 1;
    app::sweep_command(sweep);
  }

  app::StressOptions stress;
  for (const fs::path& s : strategies) stress.strategies.push_back(s.string());
  stress.uncertainties = (dir / "uncertainties.toml").string();
  stress.run.output = written("stress");
  stress.run.threads = 1;
  app::stress_command(stress);

  // Templates 0-5 are cut to five metrics (prune: small files, quick to write and read); 6-8
  // keep every metric, as --resume requires of a partial file, and half their runs are marked not
  // completed, so that resuming them runs and writes.
  struct Kind {
    const char* name;
    const char* resume;
    bool full;
  };
  const Kind kinds[] = {
      {"runs", "", false},          {"compare", "", false},      {"grid", "sweep", false},
      {"saltelli", "sweep", false}, {"morris", "sweep", false},  {"stress", "stress", false},
      {"grid", "sweep", true},      {"saltelli", "sweep", true}, {"stress", "stress", true}};
  std::set<std::string> seen;
  for (const Kind& kind : kinds) {
    const std::string name = kind.name;
    Template t{name, read_tree(written(name)), kind.resume, {}};
    if (kind.full) {
      for (Node& n : t.tree)
        if (n.path == "/parameters/completed")
          for (std::size_t r = n.data.num.size() / 2; r < n.data.num.size(); ++r) n.data.num[r] = 0;
    } else {
      prune(t.tree);
    }
    if (*kind.resume) t.experiment = dir / ((name == "stress" ? "uncertainties" : name) + ".toml");
    for (const Node& n : t.tree) {
      seen.insert(n.path.substr(n.path.rfind('/') + 1));
      for (const Attribute& a : n.attributes) {
        seen.insert(a.name);
        for (const std::string& s : a.data.str)
          if (s.size() < 40) seen.insert(s);
      }
    }
    templates.push_back(std::move(t));
  }
  seen.erase("");
  names.assign(seen.begin(), seen.end());
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::quiet_stdout();
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // what the tree asks and HDF5 refuses is left out
  make_templates();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  const Template& t = templates[in.ConsumeIntegral<std::uint8_t>() % templates.size()];
  Tree tree = t.tree;
  for (int i = 0; i < 64 && in.remaining_bytes() > 0; ++i) mutate(in, tree);
  const fs::path file = fuzz::scratch() / "input.h5";
  write_tree(tree, file);
  if (const char* keep = std::getenv("TWINSIM_FUZZ_SAVE"))
    fs::copy_file(file, keep, fs::copy_options::overwrite_existing);
  analyze(file);
  fuzz::accepts("load_input (re-run)", [&] { load_input(file, {}); });
  if (!t.resume.empty()) resume(t, file);
  return 0;
}
