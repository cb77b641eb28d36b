#include "sim/network.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include <boost/graph/clustering_coefficient.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/property_map/property_map.hpp>

namespace sim {

namespace {

// Kinds are LinkKind values, so there can be at most 256 of them.
constexpr std::size_t max_kinds = std::size_t{std::numeric_limits<LinkKind>::max()} + 1;

void check_weight(double weight) {
  if (!std::isfinite(weight)) {
    throw std::invalid_argument("sim::Network: link weight must be finite, got " +
                                std::to_string(weight));
  }
}

// Vertex filter for filtered_graph: keeps live slots. filtered_graph copies its predicates into
// every iterator, so this holds a pointer, not the span's contents.
struct LiveSlot {
  const std::uint8_t* alive = nullptr;
  template <class V>
  bool operator()(V v) const {
    return alive[v] != 0;
  }
};

// The measures of any undirected simple graph whose vertex i is slot i, over live slots.
// Everything is computed on a filtered_graph that hides dead slots, with Boost's algorithms.
template <class G>
NetworkMeasures measure_live(const G& g, std::span<const std::uint8_t> alive) {
  const boost::filtered_graph<G, boost::keep_all, LiveSlot> live(g, boost::keep_all{},
                                                                 LiveSlot{alive.data()});
  // filtered_graph keeps the underlying vertex indices (0..num_vertices(g)-1), so property maps
  // are sized for every slot, dead ones included, and indexed by slot.
  const auto index = boost::get(boost::vertex_index, live);
  const std::size_t n_slots = boost::num_vertices(g);

  NetworkMeasures m;
  std::size_t degree_sum = 0;
  for (const auto v : boost::make_iterator_range(boost::vertices(live))) {
    const std::size_t d = boost::out_degree(v, live);
    ++m.live_vertices;
    degree_sum += d;
    if (m.degree_histogram.size() <= d) m.degree_histogram.resize(d + 1, 0);
    ++m.degree_histogram[d];
  }
  if (m.live_vertices == 0) return m;

  const double n = static_cast<double>(m.live_vertices);
  m.links = degree_sum / 2;
  m.mean_degree = static_cast<double>(degree_sum) / n;
  m.density = m.live_vertices < 2 ? 0.0 : static_cast<double>(m.links) / (n * (n - 1.0) / 2.0);

  // Local clustering as in Watts & Strogatz (1998): triangles through v over k(k-1)/2 for degree
  // k; Boost gives 0 when k < 2, and those vertices stay in the mean (as networkx does, unlike
  // the variant that averages over degree >= 2 only). The mean is taken here rather than from
  // all_clustering_coefficients' return value, which divides by num_vertices of the underlying
  // graph, dead slots included. Boost looks each neighbour pair up by scanning out-edges, so a
  // vertex of degree k costs O(k^3): fine for social degrees, slow for hubs of thousands.
  std::vector<double> clustering(n_slots, 0.0);
  boost::all_clustering_coefficients(live,
                                     boost::make_iterator_property_map(clustering.begin(), index));
  double clustering_sum = 0.0;
  // Summed in slot order, so the result does not depend on anything but the links.
  for (const auto v : boost::make_iterator_range(boost::vertices(live))) {
    clustering_sum += clustering[v];
  }
  m.mean_clustering = clustering_sum / n;

  // connected_components only visits the filtered graph's vertices, so an isolated live slot is
  // a component of its own and dead slots are none.
  std::vector<std::size_t> component(n_slots, 0);
  m.components = boost::connected_components(
      live, boost::make_iterator_property_map(component.begin(), index));
  std::vector<std::size_t> sizes(m.components, 0);
  for (const auto v : boost::make_iterator_range(boost::vertices(live))) ++sizes[component[v]];
  m.largest_component = *std::max_element(sizes.begin(), sizes.end());
  return m;
}

template <class G>
void check_alive(const G& g, std::span<const std::uint8_t> alive, std::size_t kind) {
  if (alive.size() != boost::num_vertices(g)) {
    throw std::invalid_argument("sim::Network::measure: alive has " + std::to_string(alive.size()) +
                                " entries for " + std::to_string(boost::num_vertices(g)) +
                                " slots");
  }
  for (std::size_t s = 0; s < alive.size(); ++s) {
    if (alive[s] == 0 && boost::out_degree(s, g) != 0) {
      throw std::logic_error("sim::Network::measure: dead slot " + std::to_string(s) + " has " +
                             std::to_string(boost::out_degree(s, g)) + " links of kind " +
                             std::to_string(kind) + " (isolate slots when their agents exit)");
    }
  }
}

}  // namespace

Network::Network(std::size_t kinds, Slot slots) : slots_(slots) {
  if (kinds == 0 || kinds > max_kinds) {
    throw std::invalid_argument("sim::Network: kinds must be in 1.." + std::to_string(max_kinds) +
                                ", got " + std::to_string(kinds));
  }
  graphs_.reserve(kinds);
  for (std::size_t k = 0; k < kinds; ++k) graphs_.emplace_back(slots);
}

void Network::resize(Slot slots) {
  if (slots < slots_) {
    throw std::invalid_argument("sim::Network::resize: the network never shrinks (" +
                                std::to_string(slots_) + " slots, asked for " +
                                std::to_string(slots) + ")");
  }
  // add_vertex on a vecS vertex list appends the next index, so vertex i stays slot i.
  for (Graph& g : graphs_) {
    while (boost::num_vertices(g) < slots) boost::add_vertex(g);
  }
  slots_ = slots;
}

const Network::Graph& Network::graph(LinkKind kind) const {
  if (kind >= graphs_.size()) {
    throw std::out_of_range("sim::Network: link kind " + std::to_string(kind) + " out of range (" +
                            std::to_string(graphs_.size()) + " kinds)");
  }
  return graphs_[kind];
}

Network::Graph& Network::graph(LinkKind kind) {
  return const_cast<Graph&>(std::as_const(*this).graph(kind));
}

void Network::check_slot(Slot slot) const {
  // Boost's add_edge would silently grow a vecS vertex list to fit; a slot the population has not
  // announced through resize is a caller's error.
  if (slot >= slots_) {
    throw std::out_of_range("sim::Network: slot " + std::to_string(slot) + " out of range (" +
                            std::to_string(slots_) + " slots)");
  }
}

std::optional<Network::Edge> Network::find_link(const Graph& g, Slot a, Slot b) {
  // Each link is in both endpoints' out-edge lists; scanning the shorter costs O(min degree).
  Vertex from = a;
  Vertex to = b;
  if (boost::out_degree(to, g) < boost::out_degree(from, g)) std::swap(from, to);
  auto [it, end] = boost::out_edges(from, g);
  for (; it != end; ++it) {
    if (boost::target(*it, g) == to) return *it;
  }
  return std::nullopt;
}

bool Network::add_link(Slot a, Slot b, LinkKind kind, double weight, int step) {
  Graph& g = graph(kind);
  check_slot(a);
  check_slot(b);
  check_weight(weight);
  if (a == b || find_link(g, a, b)) return false;
  boost::add_edge(a, b, LinkData{weight, step, false}, g);
  return true;
}

bool Network::remove_link(Slot a, Slot b, LinkKind kind) {
  Graph& g = graph(kind);
  check_slot(a);
  check_slot(b);
  if (a == b) return false;
  const std::optional<Edge> e = find_link(g, a, b);
  if (!e) return false;
  // Removing by descriptor erases the one link from both out-edge vectors (stably) and its node
  // from the global edge list; remove_edge(a, b, g) would scan both lists to their ends.
  boost::remove_edge(*e, g);
  return true;
}

std::size_t Network::isolate(Slot slot) {
  check_slot(slot);
  std::size_t removed = 0;
  for (Graph& g : graphs_) {
    removed += boost::out_degree(slot, g);
    // remove_out_edge_if with an always-true predicate clears the slot's list in one pass and each
    // neighbour's list once: O(deg + sum of neighbours' degrees). clear_vertex would rescan the
    // slot's list from the front for every link.
    boost::remove_out_edge_if(
        Vertex{slot}, [](const Edge&) { return true; }, g);
  }
  return removed;
}

bool Network::has_link(Slot a, Slot b, LinkKind kind) const {
  const Graph& g = graph(kind);
  check_slot(a);
  check_slot(b);
  return a != b && find_link(g, a, b).has_value();
}

const Network::LinkData* Network::find_data(Slot a, Slot b, LinkKind kind) const {
  const Graph& g = graph(kind);
  check_slot(a);
  check_slot(b);
  if (a == b) return nullptr;
  const std::optional<Edge> e = find_link(g, a, b);
  return e ? &g[*e] : nullptr;
}

std::optional<double> Network::weight(Slot a, Slot b, LinkKind kind) const {
  const LinkData* d = find_data(a, b, kind);
  return d ? std::optional<double>(d->weight) : std::nullopt;
}

bool Network::set_weight(Slot a, Slot b, LinkKind kind, double weight) {
  Graph& g = graph(kind);
  check_slot(a);
  check_slot(b);
  check_weight(weight);
  if (a == b) return false;
  const std::optional<Edge> e = find_link(g, a, b);
  if (!e) return false;
  g[*e].weight = weight;
  return true;
}

std::optional<int> Network::created(Slot a, Slot b, LinkKind kind) const {
  const LinkData* d = find_data(a, b, kind);
  return d ? std::optional<int>(d->created) : std::nullopt;
}

std::size_t Network::degree(Slot slot, LinkKind kind) const {
  const Graph& g = graph(kind);
  check_slot(slot);
  return boost::out_degree(slot, g);
}

std::size_t Network::link_count(LinkKind kind) const {
  // The undirected graph's global edge list holds each link once.
  return boost::num_edges(graph(kind));
}

std::size_t Network::remove_doomed(Graph& g) {
  const std::size_t before = boost::num_edges(g);
  // The predicate only reads the mark, so Boost may evaluate it as often as it likes. A doomed
  // link is dissolved at whichever end is visited first, from both ends at once.
  for (Vertex v = 0; v < boost::num_vertices(g); ++v) {
    if (boost::out_degree(v, g) == 0) continue;
    boost::remove_out_edge_if(
        v, [&g](const Edge& e) { return g[e].doomed; }, g);
  }
  return before - boost::num_edges(g);
}

void Network::clear_doomed(Graph& g) {
  for (const Edge e : boost::make_iterator_range(boost::edges(g))) g[e].doomed = false;
}

NetworkMeasures Network::measure(LinkKind kind, std::span<const std::uint8_t> alive) const {
  const Graph& g = graph(kind);
  check_alive(g, alive, kind);
  return measure_live(g, alive);
}

NetworkMeasures Network::measure_induced(LinkKind kind,
                                         std::span<const std::uint8_t> subset) const {
  const Graph& g = graph(kind);
  if (subset.size() != boost::num_vertices(g)) {
    throw std::invalid_argument("sim::Network::measure_induced: subset has " +
                                std::to_string(subset.size()) + " entries for " +
                                std::to_string(boost::num_vertices(g)) + " slots");
  }
  // filtered_graph hides out-edges whose target fails the vertex filter, so this is the induced
  // subgraph.
  return measure_live(g, subset);
}

NetworkMeasures Network::measure_union(std::span<const std::uint8_t> alive) const {
  for (std::size_t k = 0; k < graphs_.size(); ++k) check_alive(graphs_[k], alive, k);

  // Boost has no view that merges several graphs and drops parallel edges, and parallel edges
  // would inflate both degree and Boost's clustering count. So the union is built as a simple
  // graph (O(links) time and memory per call) and measured like a single kind. A pair is added
  // once, at its smaller end, the first time any kind links it: `seen_from[b] == a` marks that
  // {a, b} was added while visiting a.
  using SimpleGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
  SimpleGraph u(slots_);
  constexpr std::size_t none = std::numeric_limits<std::size_t>::max();
  std::vector<std::size_t> seen_from(slots_, none);
  for (Vertex a = 0; a < slots_; ++a) {
    for (const Graph& g : graphs_) {
      for (const Vertex b : boost::make_iterator_range(boost::adjacent_vertices(a, g))) {
        if (b > a && seen_from[b] != a) {
          seen_from[b] = a;
          boost::add_edge(a, b, u);
        }
      }
    }
  }
  return measure_live(u, alive);
}

}  // namespace sim
