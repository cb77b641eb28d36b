// A typed, multiplex, undirected network between agents.
//
// Agents are known only by their storage slot (dense indices 0..n-1 that a population reuses after
// an agent exits); vertex i is slot i, always. Each link has a kind, a weight and the step at which
// it was created. The network never sees agent objects and knows nothing of what a kind means.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace sim {

// Throws std::invalid_argument unless a link weight is finite.
void check_link_weight(double weight);

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
  std::size_t kind_count() const { return kinds_.size(); }
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
  // Sets the weight of each link of `kind` at `slot` to f(Slot other, double weight, int created),
  // in creation order: set_weight for every link of a slot, in O(its degree + its partners'
  // degrees) rather than a search per link. f must not add or dissolve links. Throws
  // std::invalid_argument for a non-finite weight (the links before it are updated).
  template <class F>
  void update_weights(Slot slot, LinkKind kind, F&& f);

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
  // One end of a link: the other slot and the link's data, held at both ends. A slot's links of
  // one kind are a contiguous vector in creation order, so walking them (what models do most,
  // several times a month) reads memory in sequence; the price is writing a weight at both ends.
  // (Boost's adjacency_list, used before, kept each link's data in a node of its own: a cache
  // miss per link visited; docs/performance.md.)
  struct End {
    Slot other = 0;
    int created = 0;
    double weight = 0.0;
  };
  using Ends = std::vector<End>;
  struct Kind {
    std::vector<Ends> ends;  // [slot]
    std::size_t links = 0;
  };

  const Kind& kind_of(LinkKind kind) const;
  Kind& kind_of(LinkKind kind);
  void check_slot(Slot slot) const;
  // Throws as measure does when `alive` does not fit or a dead slot has a link of `kind`.
  void check_alive(LinkKind kind, std::span<const std::uint8_t> alive) const;
  // The link {a, b} of `kind` (one of its ends), or nullptr (also for a == b); checks a, b, kind.
  const End* find_link(Slot a, Slot b, LinkKind kind) const;
  // The end of the link {a, b} held at a, or nullptr.
  static const End* find_end(const Kind& k, Slot a, Slot b);
  static End* find_end(Kind& k, Slot a, Slot b);
  // Erases a's end of the link {a, b}, keeping the order of a's other links.
  static void erase_end(Kind& k, Slot a, Slot b);
  // Dissolves the links {a, ends[a][i].other} for each (a, i) in doomed_ (i ascending per a).
  std::size_t remove_doomed(Kind& k);

  std::vector<Kind> kinds_;  // kinds_[kind]
  Slot slots_ = 0;
  // Working space kept between calls, so that the removals and measures a model makes every step
  // allocate nothing once grown (hence: no two calls on one network at the same time, even of
  // const members).
  std::vector<std::pair<Slot, std::size_t>> doomed_;  // remove_links_if: (a, place at a)
  std::vector<Slot> touched_;                         // remove_doomed: slots to compact
  struct MeasureSpace {
    std::vector<std::uint32_t> first;  // the measured subgraph in compact form (CSR)
    std::vector<Slot> adjacent, mark, queue;
    std::vector<std::uint8_t> seen;
  };
  mutable MeasureSpace measure_space_;
};

template <class F>
void Network::for_each_link(Slot slot, LinkKind kind, F&& f) const {
  const Kind& k = kind_of(kind);
  check_slot(slot);
  for (const End& e : k.ends[slot]) f(e.other, e.weight, e.created);
}

template <class F>
void Network::update_weights(Slot slot, LinkKind kind, F&& f) {
  Kind& k = kind_of(kind);
  check_slot(slot);
  for (End& e : k.ends[slot]) {
    const double w = f(e.other, e.weight, e.created);
    if (w == e.weight) continue;
    check_link_weight(w);
    e.weight = w;
    find_end(k, e.other, slot)->weight = w;
  }
}

template <class Pred>
std::size_t Network::remove_links_if(LinkKind kind, Pred&& pred) {
  Kind& k = kind_of(kind);
  // Decide every link first, each once at its smaller end, and dissolve afterwards: if pred
  // throws, nothing has changed.
  doomed_.clear();
  for (Slot a = 0; a < slots_; ++a) {
    const Ends& ends = k.ends[a];
    for (std::size_t i = 0; i < ends.size(); ++i)
      if (ends[i].other > a && pred(a, ends[i].other, ends[i].weight, ends[i].created))
        doomed_.emplace_back(a, i);
  }
  return doomed_.empty() ? 0 : remove_doomed(k);
}

}  // namespace sim
