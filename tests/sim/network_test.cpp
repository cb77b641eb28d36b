#include "sim/network.hpp"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/clustering_coefficient.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <stdexcept>
#include <tuple>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

namespace {

using sim::LinkKind;
using sim::Network;
using sim::NetworkMeasures;
using sim::Slot;

using Pairs = std::vector<std::pair<Slot, Slot>>;

void link_all(Network& net, const Pairs& pairs, LinkKind kind = 0) {
  for (const auto& [a, b] : pairs) REQUIRE(net.add_link(a, b, kind, 1.0, 0));
}

std::vector<std::uint8_t> all_alive(Slot n) {
  return std::vector<std::uint8_t>(n, 1);
}

// (other, weight, created) for each link of `kind` at `slot`, in iteration order.
std::vector<std::tuple<Slot, double, int>> links_of(const Network& net, Slot slot, LinkKind kind) {
  std::vector<std::tuple<Slot, double, int>> out;
  net.for_each_link(
      slot, kind, [&](Slot other, double w, int created) { out.emplace_back(other, w, created); });
  return out;
}

std::vector<Slot> neighbours(const Network& net, Slot slot, LinkKind kind) {
  std::vector<Slot> out;
  net.for_each_link(slot, kind, [&](Slot other, double, int) { out.push_back(other); });
  return out;
}

using Hist = std::vector<std::size_t>;

// Triangle 0-1-2 with a pendant 3 on 2. Local clustering 1, 1, 1/3, 0.
const Pairs triangle_pendant = {{0, 1}, {1, 2}, {0, 2}, {2, 3}};

void check_triangle_pendant(const NetworkMeasures& m) {
  CHECK(m.live_vertices == 4);
  CHECK(m.links == 4);
  CHECK(m.density == Approx(4.0 / 6.0).epsilon(1e-12));
  CHECK(m.mean_degree == Approx(2.0).epsilon(1e-12));
  CHECK(m.mean_clustering == Approx((1.0 + 1.0 + 1.0 / 3.0 + 0.0) / 4.0).epsilon(1e-12));
  CHECK(m.components == 1);
  CHECK(m.largest_component == 4);
  CHECK(m.degree_histogram == Hist{0, 1, 2, 1});
}

}  // namespace

TEST_CASE("triangle with a pendant vertex", "[network]") {
  Network net(1, 4);
  link_all(net, triangle_pendant);
  check_triangle_pendant(net.measure(0, all_alive(4)));
}

TEST_CASE("path of five vertices", "[network]") {
  Network net(1, 5);
  link_all(net, {{0, 1}, {1, 2}, {2, 3}, {3, 4}});
  const NetworkMeasures m = net.measure(0, all_alive(5));
  CHECK(m.live_vertices == 5);
  CHECK(m.links == 4);
  CHECK(m.density == Approx(0.4).epsilon(1e-12));
  CHECK(m.mean_degree == Approx(1.6).epsilon(1e-12));
  CHECK(m.mean_clustering == 0.0);
  CHECK(m.components == 1);
  CHECK(m.largest_component == 5);
  CHECK(m.degree_histogram == Hist{0, 2, 3});
}

TEST_CASE("two components and an isolated vertex", "[network]") {
  Network net(1, 6);
  link_all(net, {{0, 1}, {1, 2}, {2, 0}, {3, 4}});
  const NetworkMeasures m = net.measure(0, all_alive(6));
  CHECK(m.live_vertices == 6);
  CHECK(m.links == 4);
  CHECK(m.density == Approx(4.0 / 15.0).epsilon(1e-12));
  CHECK(m.mean_degree == Approx(8.0 / 6.0).epsilon(1e-12));
  CHECK(m.mean_clustering == Approx(3.0 / 6.0).epsilon(1e-12));
  CHECK(m.components == 3);
  CHECK(m.largest_component == 3);
  CHECK(m.degree_histogram == Hist{1, 2, 3});
}

TEST_CASE("star has no clustering", "[network]") {
  Network net(1, 5);
  link_all(net, {{0, 1}, {0, 2}, {0, 3}, {0, 4}});
  const NetworkMeasures m = net.measure(0, all_alive(5));
  CHECK(m.links == 4);
  CHECK(m.density == Approx(0.4).epsilon(1e-12));
  CHECK(m.mean_clustering == 0.0);
  CHECK(m.components == 1);
  CHECK(m.largest_component == 5);
  CHECK(m.degree_histogram == Hist{0, 4, 0, 0, 1});
}

TEST_CASE("complete graph K4", "[network]") {
  Network net(1, 4);
  link_all(net, {{0, 1}, {0, 2}, {0, 3}, {1, 2}, {1, 3}, {2, 3}});
  const NetworkMeasures m = net.measure(0, all_alive(4));
  CHECK(m.links == 6);
  CHECK(m.density == 1.0);
  CHECK(m.mean_degree == 3.0);
  CHECK(m.mean_clustering == Approx(1.0).epsilon(1e-12));
  CHECK(m.components == 1);
  CHECK(m.largest_component == 4);
  CHECK(m.degree_histogram == Hist{0, 0, 0, 4});
}

TEST_CASE("empty and tiny populations", "[network]") {
  Network net(1, 3);
  const NetworkMeasures none = net.measure(0, std::vector<std::uint8_t>{0, 0, 0});
  CHECK(none.live_vertices == 0);
  CHECK(none.links == 0);
  CHECK(none.density == 0.0);
  CHECK(none.mean_degree == 0.0);
  CHECK(none.components == 0);
  CHECK(none.largest_component == 0);
  CHECK(none.degree_histogram.empty());

  const NetworkMeasures one = net.measure(0, std::vector<std::uint8_t>{0, 1, 0});
  CHECK(one.live_vertices == 1);
  CHECK(one.density == 0.0);
  CHECK(one.components == 1);
  CHECK(one.largest_component == 1);
  CHECK(one.degree_histogram == Hist{1});

  Network empty(1);
  CHECK(empty.measure(0, std::vector<std::uint8_t>{}).live_vertices == 0);
}

TEST_CASE("kinds are separate layers of one multiplex network", "[network]") {
  Network net(3, 4);
  CHECK(net.kind_count() == 3);
  CHECK(net.add_link(0, 1, 0, 1.0, 1));
  CHECK(net.add_link(0, 1, 1, 2.0, 2));
  CHECK(net.add_link(1, 2, 1, 3.0, 3));
  CHECK(net.link_count(0) == 1);
  CHECK(net.link_count(1) == 2);
  CHECK(net.link_count(2) == 0);
  CHECK(net.degree(1, 0) == 1);
  CHECK(net.degree(1, 1) == 2);
  CHECK(net.degree(1, 2) == 0);
  CHECK(net.weight(0, 1, 0) == 1.0);
  CHECK(net.weight(0, 1, 1) == 2.0);
  CHECK_FALSE(net.has_link(0, 1, 2));

  CHECK(net.remove_link(1, 0, 0));
  CHECK_FALSE(net.has_link(0, 1, 0));
  CHECK(net.has_link(0, 1, 1));
  CHECK(net.link_count(1) == 2);

  const std::vector<std::uint8_t> alive = all_alive(4);
  CHECK(net.measure(0, alive).links == 0);
  CHECK(net.measure(1, alive).links == 2);
  CHECK(net.measure(1, alive).components == 2);  // {0, 1, 2} and {3}
}

TEST_CASE("union of kinds counts a pair linked twice once", "[network]") {
  // Kind 0 holds the triangle, kind 1 repeats 0-1 and adds the pendant 2-3, kind 2 repeats 1-2:
  // the union is the triangle with a pendant.
  Network net(3, 4);
  link_all(net, {{0, 1}, {1, 2}, {0, 2}}, 0);
  link_all(net, {{1, 0}, {2, 3}}, 1);
  link_all(net, {{2, 1}}, 2);
  check_triangle_pendant(net.measure_union(all_alive(4)));

  // With 3 dead (and isolated), the union is the triangle alone.
  net.isolate(3);
  const NetworkMeasures m = net.measure_union(std::vector<std::uint8_t>{1, 1, 1, 0});
  CHECK(m.live_vertices == 3);
  CHECK(m.links == 3);
  CHECK(m.density == 1.0);
  CHECK(m.mean_clustering == Approx(1.0).epsilon(1e-12));
  CHECK(m.degree_histogram == Hist{0, 0, 3});
}

TEST_CASE("add_link rejects duplicates and self-links", "[network]") {
  Network net(2, 3);
  CHECK(net.add_link(0, 1, 0, 0.5, 7));
  CHECK_FALSE(net.add_link(0, 1, 0, 9.0, 8));
  CHECK_FALSE(net.add_link(1, 0, 0, 9.0, 8));  // undirected: {1, 0} is {0, 1}
  CHECK(net.weight(0, 1, 0) == 0.5);           // the rejected call changed nothing
  CHECK(net.created(0, 1, 0) == 7);
  CHECK_FALSE(net.add_link(2, 2, 0, 1.0, 0));
  CHECK_FALSE(net.has_link(2, 2, 0));
  CHECK(net.degree(2, 0) == 0);
  CHECK(net.link_count(0) == 1);
  CHECK_FALSE(net.remove_link(2, 2, 0));
  CHECK_FALSE(net.remove_link(0, 2, 0));
  CHECK_FALSE(net.remove_link(0, 1, 1));
}

TEST_CASE("remove then re-add a link", "[network]") {
  Network net(1, 4);
  CHECK(net.add_link(0, 1, 0, 1.0, 1));
  CHECK(net.add_link(0, 2, 0, 2.0, 2));
  CHECK(net.add_link(0, 3, 0, 3.0, 3));
  CHECK(net.remove_link(1, 0, 0));
  CHECK_FALSE(net.remove_link(0, 1, 0));
  CHECK_FALSE(net.has_link(0, 1, 0));
  CHECK(net.weight(0, 1, 0) == std::nullopt);
  CHECK(net.created(0, 1, 0) == std::nullopt);
  CHECK(net.degree(0, 0) == 2);
  CHECK(net.degree(1, 0) == 0);
  CHECK(net.link_count(0) == 2);

  CHECK(net.add_link(1, 0, 0, 4.5, 9));
  CHECK(net.weight(0, 1, 0) == 4.5);
  CHECK(net.created(0, 1, 0) == 9);
  CHECK(net.link_count(0) == 3);
  // The re-created link goes to the end of the creation order; the others keep theirs.
  CHECK(neighbours(net, 0, 0) == std::vector<Slot>{2, 3, 1});
  CHECK(neighbours(net, 1, 0) == std::vector<Slot>{0});
}

TEST_CASE("links are iterated in creation order", "[network]") {
  Network net(1, 6);
  for (Slot b : {4u, 1u, 5u, 2u, 3u}) REQUIRE(net.add_link(0, b, 0, 0.1 * b, static_cast<int>(b)));
  CHECK(neighbours(net, 0, 0) == std::vector<Slot>{4, 1, 5, 2, 3});
  CHECK(net.remove_link(0, 5, 0));
  CHECK(net.remove_link(4, 0, 0));
  CHECK(neighbours(net, 0, 0) == std::vector<Slot>{1, 2, 3});
  CHECK(net.add_link(5, 0, 0, 0.0, 0));
  CHECK(neighbours(net, 0, 0) == std::vector<Slot>{1, 2, 3, 5});

  // A copy iterates in the same order.
  const Network copy = net;
  CHECK(neighbours(copy, 0, 0) == std::vector<Slot>{1, 2, 3, 5});
  CHECK(copy.link_count(0) == 4);
}

TEST_CASE("isolate dissolves every link of a slot, at both ends", "[network]") {
  Network net(2, 5);
  link_all(net, {{0, 1}, {2, 1}, {1, 3}, {3, 4}}, 0);
  link_all(net, {{1, 4}, {0, 2}}, 1);
  CHECK(net.isolate(1) == 4);
  for (Slot s = 0; s < 5; ++s) {
    CHECK_FALSE(net.has_link(1, s, 0));
    CHECK_FALSE(net.has_link(s, 1, 1));
  }
  CHECK(net.degree(1, 0) == 0);
  CHECK(net.degree(1, 1) == 0);
  CHECK(net.degree(0, 0) == 0);
  CHECK(net.degree(2, 0) == 0);
  CHECK(net.degree(3, 0) == 1);
  CHECK(net.degree(4, 1) == 0);
  CHECK(net.link_count(0) == 1);
  CHECK(net.link_count(1) == 1);
  CHECK(net.has_link(2, 0, 1));
  CHECK(net.has_link(4, 3, 0));
  CHECK(neighbours(net, 3, 0) == std::vector<Slot>{4});
  CHECK(net.isolate(1) == 0);
}

TEST_CASE("dead slots are left out of the measures", "[network]") {
  // Triangle with pendant on slots 0..3; slots 4 and 5 are dead and unlinked, slot 6 live and
  // isolated: one more vertex (degree 0, clustering 0) and one more component.
  Network net(1, 7);
  link_all(net, triangle_pendant);
  const std::vector<std::uint8_t> alive{1, 1, 1, 1, 0, 0, 1};
  const NetworkMeasures m = net.measure(0, alive);
  CHECK(m.live_vertices == 5);
  CHECK(m.links == 4);
  CHECK(m.density == Approx(4.0 / 10.0).epsilon(1e-12));
  CHECK(m.mean_degree == Approx(8.0 / 5.0).epsilon(1e-12));
  CHECK(m.mean_clustering == Approx((1.0 + 1.0 + 1.0 / 3.0) / 5.0).epsilon(1e-12));
  CHECK(m.components == 2);
  CHECK(m.largest_component == 4);
  CHECK(m.degree_histogram == Hist{1, 1, 2, 1});

  // The agent in slot 3 exits: isolated, then dead.
  net.isolate(3);
  const NetworkMeasures after = net.measure(0, std::vector<std::uint8_t>{1, 1, 1, 0, 0, 0, 1});
  CHECK(after.live_vertices == 4);
  CHECK(after.links == 3);
  CHECK(after.mean_clustering == Approx(3.0 / 4.0).epsilon(1e-12));
  CHECK(after.components == 2);
  CHECK(after.largest_component == 3);
  CHECK(after.degree_histogram == Hist{1, 0, 3});
}

TEST_CASE("measure enforces its contract", "[network]") {
  Network net(2, 4);
  link_all(net, triangle_pendant, 1);
  // Slot 3 is dead but still linked in kind 1.
  const std::vector<std::uint8_t> alive{1, 1, 1, 0};
  CHECK_NOTHROW(net.measure(0, alive));
  CHECK_THROWS_AS(net.measure(1, alive), std::logic_error);
  CHECK_THROWS_AS(net.measure_union(alive), std::logic_error);
  CHECK_THROWS_AS(net.measure(0, std::vector<std::uint8_t>{1, 1, 1}), std::invalid_argument);
  CHECK_THROWS_AS(net.measure(2, all_alive(4)), std::out_of_range);
}

TEST_CASE("weights and creation steps round-trip", "[network]") {
  Network net(2, 3);
  CHECK(net.add_link(2, 0, 1, -0.25, 12));
  CHECK(net.weight(0, 2, 1) == -0.25);
  CHECK(net.weight(2, 0, 1) == -0.25);
  CHECK(net.created(0, 2, 1) == 12);
  CHECK(net.weight(0, 2, 0) == std::nullopt);
  CHECK(net.created(0, 2, 0) == std::nullopt);

  CHECK(net.set_weight(0, 2, 1, 3.5));
  CHECK(net.weight(2, 0, 1) == 3.5);
  CHECK(net.created(2, 0, 1) == 12);  // set_weight keeps the creation step
  CHECK_FALSE(net.set_weight(0, 1, 1, 1.0));
  CHECK_FALSE(net.has_link(0, 1, 1));

  CHECK(links_of(net, 0, 1) == std::vector<std::tuple<Slot, double, int>>{{2, 3.5, 12}});
  CHECK(links_of(net, 2, 1) == std::vector<std::tuple<Slot, double, int>>{{0, 3.5, 12}});
  CHECK(links_of(net, 1, 1).empty());

  CHECK_THROWS_AS(net.add_link(0, 1, 1, std::numeric_limits<double>::quiet_NaN(), 0),
                  std::invalid_argument);
  CHECK_THROWS_AS(net.set_weight(0, 2, 1, std::numeric_limits<double>::infinity()),
                  std::invalid_argument);
  CHECK(net.weight(0, 2, 1) == 3.5);
}

TEST_CASE("remove_links_if decides each link once, in a fixed order", "[network]") {
  Network net(2, 5);
  // Kind 0: links created in this order, with creation step = their position.
  const Pairs pairs = {{3, 1}, {0, 2}, {4, 0}, {1, 2}, {0, 1}, {2, 3}};
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    REQUIRE(net.add_link(pairs[i].first, pairs[i].second, 0, 0.5 * static_cast<double>(i),
                         static_cast<int>(i)));
  }
  REQUIRE(net.add_link(0, 2, 1, 1.0, 0));

  // Calls come in order of the smaller end, then of creation at it, with a < b.
  std::vector<std::tuple<Slot, Slot, double, int>> calls;
  const std::size_t removed = net.remove_links_if(0, [&](Slot a, Slot b, double w, int created) {
    calls.emplace_back(a, b, w, created);
    return created % 2 == 1;  // dissolve links 1 (0-2), 3 (1-2), 5 (2-3)
  });
  const std::vector<std::tuple<Slot, Slot, double, int>> expected = {
      {0, 2, 0.5, 1}, {0, 4, 1.0, 2}, {0, 1, 2.0, 4},
      {1, 3, 0.0, 0}, {1, 2, 1.5, 3}, {2, 3, 2.5, 5}};
  CHECK(calls == expected);
  CHECK(removed == 3);
  CHECK(net.link_count(0) == 3);
  CHECK_FALSE(net.has_link(0, 2, 0));
  CHECK_FALSE(net.has_link(2, 1, 0));
  CHECK_FALSE(net.has_link(3, 2, 0));
  CHECK(net.has_link(1, 3, 0));
  CHECK(net.has_link(0, 4, 0));
  CHECK(net.has_link(0, 1, 0));
  CHECK(net.degree(2, 0) == 0);
  CHECK(neighbours(net, 0, 0) == std::vector<Slot>{4, 1});
  CHECK(neighbours(net, 1, 0) == std::vector<Slot>{3, 0});
  CHECK(net.has_link(0, 2, 1));  // the other kind is untouched

  // A second pass sees only the survivors; nothing matches, nothing goes.
  std::size_t seen = 0;
  CHECK(net.remove_links_if(0, [&](Slot, Slot, double, int) { return ++seen == 0; }) == 0);
  CHECK(seen == 3);
  CHECK(net.link_count(0) == 3);
}

TEST_CASE("remove_links_if dissolves nothing if the predicate throws", "[network]") {
  Network net(1, 4);
  link_all(net, {{0, 1}, {1, 2}, {2, 3}});
  int calls = 0;
  CHECK_THROWS_AS(net.remove_links_if(0,
                                      [&](Slot, Slot, double, int) -> bool {
                                        if (++calls == 3) throw std::runtime_error("stop");
                                        return true;
                                      }),
                  std::runtime_error);
  CHECK(net.link_count(0) == 3);
  // The marks of the aborted call are gone: a later call removes only what it chooses.
  CHECK(net.remove_links_if(0, [](Slot a, Slot, double, int) { return a == 2; }) == 1);
  CHECK(net.link_count(0) == 2);
  CHECK(net.has_link(0, 1, 0));
  CHECK(net.has_link(1, 2, 0));
}

TEST_CASE("the vertex set grows with the population", "[network]") {
  Network net(1, 2);
  CHECK(net.slot_count() == 2);
  CHECK(net.add_link(0, 1, 0, 1.0, 0));
  CHECK_THROWS_AS(net.add_link(0, 2, 0, 1.0, 0), std::out_of_range);
  CHECK_THROWS_AS(net.degree(2, 0), std::out_of_range);
  CHECK_THROWS_AS(net.has_link(0, 1, 1), std::out_of_range);
  net.resize(4);
  CHECK(net.slot_count() == 4);
  CHECK(net.add_link(0, 3, 0, 1.0, 1));
  CHECK(net.has_link(0, 1, 0));  // existing links survive growth
  CHECK(neighbours(net, 0, 0) == std::vector<Slot>{1, 3});
  CHECK(net.degree(2, 0) == 0);
  net.resize(4);
  CHECK(net.slot_count() == 4);
  CHECK_THROWS_AS(net.resize(3), std::invalid_argument);
  CHECK_THROWS_AS(Network(0), std::invalid_argument);
  CHECK_THROWS_AS(Network(257), std::invalid_argument);
  CHECK(Network(256).kind_count() == 256);
}

TEST_CASE("measure_induced measures the subgraph of a subset of slots", "[network]") {
  // Triangle with a pendant on 0..3, and a second triangle 4-5-6 joined to it by 3-4.
  Network net(1, 7);
  link_all(net, triangle_pendant);
  link_all(net, {{4, 5}, {5, 6}, {4, 6}, {3, 4}});
  // The first four slots alone: exactly the triangle with a pendant; the 3-4 link is left out.
  check_triangle_pendant(net.measure_induced(0, std::vector<std::uint8_t>{1, 1, 1, 1, 0, 0, 0}));
  // The second triangle alone: K3.
  const NetworkMeasures k3 = net.measure_induced(0, std::vector<std::uint8_t>{0, 0, 0, 0, 1, 1, 1});
  CHECK(k3.live_vertices == 3);
  CHECK(k3.links == 3);
  CHECK(k3.mean_clustering == Approx(1.0));
  CHECK(k3.components == 1);
  // measure() would refuse this subset: slots outside it have links.
  CHECK_THROWS_AS(net.measure(0, std::vector<std::uint8_t>{0, 0, 0, 0, 1, 1, 1}), std::logic_error);
  CHECK_THROWS_AS(net.measure_induced(0, std::vector<std::uint8_t>{1, 1}), std::invalid_argument);
}

// The measures were Boost Graph's algorithms until the network got its own layout; they must
// still give what Boost gives (same conventions, same numbers to the last bit), on random graphs
// with dead slots, for one kind, an induced subset, and the union of kinds.
TEST_CASE("measures equal Boost Graph's on random graphs", "[network][measure]") {
  using Simple = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
  struct Keep {
    const std::uint8_t* in = nullptr;
    bool operator()(std::size_t v) const { return in[v] != 0; }
  };
  auto boost_measures = [](const Simple& g, const std::vector<std::uint8_t>& in) {
    const boost::filtered_graph<Simple, boost::keep_all, Keep> live(g, boost::keep_all{},
                                                                    Keep{in.data()});
    const auto index = boost::get(boost::vertex_index, live);
    NetworkMeasures m;
    std::size_t degree_sum = 0;
    for (const auto v : boost::make_iterator_range(boost::vertices(live))) {
      const std::size_t d = boost::out_degree(v, live);
      ++m.live_vertices;
      degree_sum += d;
      if (m.degree_histogram.size() <= d) m.degree_histogram.resize(d + 1, 0);
      ++m.degree_histogram[d];
    }
    m.links = degree_sum / 2;
    std::vector<double> clustering(boost::num_vertices(g), 0.0);
    boost::all_clustering_coefficients(
        live, boost::make_iterator_property_map(clustering.begin(), index));
    double sum = 0;
    for (const auto v : boost::make_iterator_range(boost::vertices(live))) sum += clustering[v];
    m.mean_clustering = sum / static_cast<double>(m.live_vertices);
    std::vector<std::size_t> component(boost::num_vertices(g), 0);
    m.components = boost::connected_components(
        live, boost::make_iterator_property_map(component.begin(), index));
    std::vector<std::size_t> sizes(m.components, 0);
    for (const auto v : boost::make_iterator_range(boost::vertices(live))) ++sizes[component[v]];
    m.largest_component = *std::max_element(sizes.begin(), sizes.end());
    return m;
  };
  auto same = [](const NetworkMeasures& a, const NetworkMeasures& b) {
    CHECK(a.live_vertices == b.live_vertices);
    CHECK(a.links == b.links);
    CHECK(a.degree_histogram == b.degree_histogram);
    CHECK(a.mean_clustering == b.mean_clustering);  // bit for bit
    CHECK(a.components == b.components);
    CHECK(a.largest_component == b.largest_component);
  };
  std::mt19937_64 gen(42);
  for (int trial = 0; trial < 20; ++trial) {
    const Slot n = 50 + static_cast<Slot>(gen() % 150);
    Network net(2, n);
    std::vector<std::uint8_t> alive(n), subset(n);
    for (Slot s = 0; s < n; ++s) {
      alive[s] = gen() % 5 != 0;
      subset[s] = alive[s] && gen() % 3 != 0;
    }
    Simple kind0(n), both(n);
    const std::size_t tries = n * (1 + gen() % 6);
    for (std::size_t t = 0; t < tries; ++t) {
      const Slot a = static_cast<Slot>(gen() % n), b = static_cast<Slot>(gen() % n);
      const auto kind = static_cast<LinkKind>(gen() % 2);
      if (!alive[a] || !alive[b] || !net.add_link(a, b, kind, 1.0, 0)) continue;
      if (kind == 0) boost::add_edge(a, b, kind0);
      if (!boost::edge(a, b, both).second) boost::add_edge(a, b, both);
    }
    INFO("trial " << trial << ", " << n << " slots");
    same(net.measure(0, alive), boost_measures(kind0, alive));
    same(net.measure_induced(0, subset), boost_measures(kind0, subset));
    same(net.measure_union(alive), boost_measures(both, alive));
  }
}
