// A typed, multiplex, undirected network between agents, on Boost Graph.
//
// Agents are known only by their storage slot (dense indices 0..n-1 that a population reuses after
// an agent exits); vertex i is slot i, always. Each link has a kind, a weight and the step at which
// it was created. The network never sees agent objects and knows nothing of what a kind means.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

namespace sim {

// An agent's storage slot: a dense index that is reused after the agent exits.
using Slot = std::uint32_t;
// The kind of a link; valid kinds are 0..kind_count()-1, fixed when the network is built.
using LinkKind = std::uint8_t;

// Measures of the network restricted to live agents (and to one kind, or the union of kinds).
// Conventions are those of Network::measure.
struct NetworkMeasures {
  std::size_t live_vertices = 0;      // live slots, linked or not
  std::size_t links = 0;              // undirected links among live slots
  double density = 0.0;               // links / (n(n-1)/2) for n live slots; 0 when n < 2
  double mean_degree = 0.0;           // 2 links / n; 0 when n == 0
  double mean_clustering = 0.0;       // Watts-Strogatz mean of local coefficients, 0 for degree < 2
  std::size_t components = 0;         // connected components; an isolated live slot is one
  std::size_t largest_component = 0;  // slots in the largest component; 0 when n == 0
  std::vector<std::size_t> degree_histogram;  // [d] = live slots of degree d, d = 0..max degree
};

// The links of every kind between slots. Undirected; at most one link of a given kind per pair;
// links of different kinds between the same pair coexist; no self-links.
//
// Iteration order (models rely on it for determinism): a slot's links of one kind are visited in
// the order they were created; dissolving a link keeps the relative order of the others, and a
// link dissolved and created again goes to the end. Copies keep that order.
//
// Errors: a slot >= slot_count() or a kind >= kind_count() throws std::out_of_range.
class Network {
 public:
  // A network of `kinds` link kinds (1..256) over `slots` slots with no links.
  // Throws std::invalid_argument if kinds is 0 or more than 256.
  explicit Network(std::size_t kinds, Slot slots = 0);

  // The number of link kinds, fixed at construction.
  std::size_t kind_count() const { return graphs_.size(); }
  // The number of slots (vertices); slots 0..slot_count()-1 are valid.
  Slot slot_count() const { return slots_; }
  // Grows the vertex set to `slots` slots, without links; the network never shrinks.
  // Throws std::invalid_argument if slots < slot_count().
  void resize(Slot slots);

  // Creates the link {a, b} of `kind` with `weight` at `step`. Returns false, and changes nothing,
  // if a == b or the link exists. O(min degree). Throws std::invalid_argument for a non-finite
  // weight.
  bool add_link(Slot a, Slot b, LinkKind kind, double weight, int step);
  // Dissolves the link {a, b} of `kind`; returns false if there was none. O(deg a + deg b).
  bool remove_link(Slot a, Slot b, LinkKind kind);
  // Dissolves every link of `slot`, of every kind (for when its agent exits); returns how many.
  std::size_t isolate(Slot slot);

  // Whether the link {a, b} of `kind` exists (false for a == b). O(min degree).
  bool has_link(Slot a, Slot b, LinkKind kind) const;
  // The weight of the link {a, b} of `kind`, or nothing if there is no such link.
  std::optional<double> weight(Slot a, Slot b, LinkKind kind) const;
  // Sets the weight of the existing link {a, b} of `kind`; returns false if there is none.
  // Throws std::invalid_argument for a non-finite weight.
  bool set_weight(Slot a, Slot b, LinkKind kind, double weight);
  // The step at which the link {a, b} of `kind` was created, or nothing if there is no such link.
  std::optional<int> created(Slot a, Slot b, LinkKind kind) const;

  // The number of links of `kind` at `slot`. O(1).
  std::size_t degree(Slot slot, LinkKind kind) const;
  // The number of links of `kind` in the whole network. O(1).
  std::size_t link_count(LinkKind kind) const;

  // Calls f(Slot other, double weight, int created) for each link of `kind` at `slot`, in creation
  // order. f must not add or dissolve links of `kind` (it would invalidate the iteration).
  template <class F>
  void for_each_link(Slot slot, LinkKind kind, F&& f) const;

  // Dissolves every link of `kind` for which pred(Slot a, Slot b, double weight, int created) is
  // true. pred is called exactly once per link, with a < b, in order of a and then of creation at
  // a, so it may draw random numbers. If pred throws, no link is dissolved. Returns how many.
  template <class Pred>
  std::size_t remove_links_if(LinkKind kind, Pred&& pred);

  // Measures of the links of `kind` among live slots (alive[s] != 0); conventions in
  // NetworkMeasures. Contract: only live slots have links. Throws std::invalid_argument if
  // alive.size() != slot_count(), std::logic_error if a dead slot has a link of `kind`.
  NetworkMeasures measure(LinkKind kind, std::span<const std::uint8_t> alive) const;
  // Measures of the subgraph of `kind` induced by the slots with subset[s] != 0 (links to slots
  // outside the subset are left out), e.g. one cluster's part of a network. No liveness contract:
  // the caller's subset should hold live slots only. Throws std::invalid_argument if
  // subset.size() != slot_count().
  NetworkMeasures measure_induced(LinkKind kind, std::span<const std::uint8_t> subset) const;
  // As measure, over the union of all kinds: a pair linked in any kind is one edge, so a pair
  // linked in two kinds counts once. Throws as measure does, for a dead slot's link of any kind.
  NetworkMeasures measure_union(std::span<const std::uint8_t> alive) const;

 private:
  struct LinkData {
    double weight = 0.0;
    int created = 0;
    bool doomed = false;  // marked by remove_links_if between its two passes, false otherwise
  };
  // One adjacency_list per kind rather than one multigraph with a kind property: per-kind queries
  // (has_link, degree, for_each_link, measure) then touch only that kind's out-edges, degree and
  // link_count are O(1), and no measure needs an edge filter or has parallel edges to discount.
  // vecS out-edge lists keep creation order (Boost erases from them stably) and cost no allocation
  // per link beyond vector growth; the undirected graph keeps each link's property once, in a
  // listS global edge list (one node per link; Boost requires a node-based list to remove edges).
  // Parallel edges are "allowed" to Boost so add_edge does no set lookup; add_link checks first.
  using Graph =
      boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                            LinkData, boost::no_property, boost::listS>;
  using Vertex = boost::graph_traits<Graph>::vertex_descriptor;
  using Edge = boost::graph_traits<Graph>::edge_descriptor;

  const Graph& graph(LinkKind kind) const;
  Graph& graph(LinkKind kind);
  void check_slot(Slot slot) const;
  // The link {a, b} in g, searched for in the shorter out-edge list of the two.
  static std::optional<Edge> find_link(const Graph& g, Slot a, Slot b);
  // The data of the link {a, b} of `kind`, or nullptr (also for a == b); checks a, b and kind.
  const LinkData* find_data(Slot a, Slot b, LinkKind kind) const;
  // Dissolves the links of g marked doomed; returns how many.
  static std::size_t remove_doomed(Graph& g);
  // Clears every doomed mark in g (after a predicate threw).
  static void clear_doomed(Graph& g);

  std::vector<Graph> graphs_;  // graphs_[kind]
  Slot slots_ = 0;
};

template <class F>
void Network::for_each_link(Slot slot, LinkKind kind, F&& f) const {
  const Graph& g = graph(kind);
  check_slot(slot);
  auto [it, end] = boost::out_edges(Vertex{slot}, g);
  for (; it != end; ++it) {
    const LinkData& d = g[*it];
    f(static_cast<Slot>(boost::target(*it, g)), d.weight, d.created);
  }
}

template <class Pred>
std::size_t Network::remove_links_if(LinkKind kind, Pred&& pred) {
  Graph& g = graph(kind);
  bool any = false;
  try {
    // Decide every link first, each once at its smaller end, and dissolve afterwards: Boost's
    // remove_out_edge_if may evaluate its predicate twice on the same edge, which a predicate that
    // draws random numbers must not see.
    for (Vertex a = 0; a < boost::num_vertices(g); ++a) {
      auto [it, end] = boost::out_edges(a, g);
      for (; it != end; ++it) {
        const Vertex b = boost::target(*it, g);
        if (b < a) continue;
        LinkData& d = g[*it];
        if (pred(static_cast<Slot>(a), static_cast<Slot>(b), d.weight, d.created)) {
          d.doomed = true;
          any = true;
        }
      }
    }
  } catch (...) {
    if (any) clear_doomed(g);
    throw;
  }
  return any ? remove_doomed(g) : 0;
}

}  // namespace sim
