#include "sim/network.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

namespace sim {

namespace {

// Kinds are LinkKind values, so there can be at most 256 of them.
constexpr std::size_t max_kinds = std::size_t{std::numeric_limits<LinkKind>::max()} + 1;

// The measures of an undirected simple graph whose vertex i is slot i, over the slots with
// in[s] != 0 and the links between them. `neighbours(v)` is v's list of neighbours (any
// container of slots, each at most once; slots outside `in` are skipped). The subgraph is first
// copied into a compact adjacency array (CSR: 32-bit offsets and neighbours, a few bytes per link
// instead of a heap block per slot), which every pass then reads from cache.
template <class Space, class Neighbours>
NetworkMeasures measure_graph(std::size_t slots, std::span<const std::uint8_t> in, Space& space,
                              Neighbours&& neighbours) {
  NetworkMeasures m;
  std::vector<std::uint32_t>& first = space.first;  // [v, v + 1): v's neighbours in `adjacent`
  std::vector<Slot>& adjacent = space.adjacent;
  first.assign(slots + 1, 0);
  adjacent.clear();
  for (std::size_t v = 0; v < slots; ++v) {
    first[v] = static_cast<std::uint32_t>(adjacent.size());
    if (!in[v]) continue;
    for (const Slot u : neighbours(v))
      if (in[u]) adjacent.push_back(u);
    const std::size_t d = adjacent.size() - first[v];
    ++m.live_vertices;
    if (m.degree_histogram.size() <= d) m.degree_histogram.resize(d + 1, 0);
    ++m.degree_histogram[d];
  }
  first[slots] = static_cast<std::uint32_t>(adjacent.size());
  if (m.live_vertices == 0) return m;
  auto degree = [&](std::size_t v) { return std::size_t{first[v + 1] - first[v]}; };
  auto begin = [&](std::size_t v) { return adjacent.data() + first[v]; };
  auto end = [&](std::size_t v) { return adjacent.data() + first[v + 1]; };

  const double n = static_cast<double>(m.live_vertices);
  m.links = adjacent.size() / 2;
  m.mean_degree = static_cast<double>(adjacent.size()) / n;
  m.density = m.live_vertices < 2 ? 0.0 : static_cast<double>(m.links) / (n * (n - 1.0) / 2.0);

  // Local clustering as in Watts & Strogatz (1998): the linked pairs of v's neighbours over
  // k(k-1)/2 for degree k, 0 when k < 2, and those vertices stay in the mean (as networkx does,
  // and Boost's all_clustering_coefficients did before). The pairs are counted by marking v's
  // neighbours and walking each neighbour's list: O(sum of squared degrees) in all.
  constexpr Slot none = std::numeric_limits<Slot>::max();
  std::vector<Slot>& mark = space.mark;
  mark.assign(slots, none);
  double clustering_sum = 0.0;  // summed in slot order: the result depends on the links only
  for (std::size_t v = 0; v < slots; ++v) {
    if (!in[v] || degree(v) < 2) continue;
    for (const Slot* u = begin(v); u != end(v); ++u) mark[*u] = static_cast<Slot>(v);
    std::size_t linked = 0;  // each linked pair of neighbours, seen from both ends
    for (const Slot* u = begin(v); u != end(v); ++u)
      for (const Slot* w = begin(*u); w != end(*u); ++w) linked += mark[*w] == v;
    const double k = static_cast<double>(degree(v));
    clustering_sum += static_cast<double>(linked / 2) / (k * (k - 1.0) / 2.0);
  }
  m.mean_clustering = clustering_sum / n;

  // Connected components by breadth-first search: an isolated slot is a component of its own.
  std::vector<std::uint8_t>& seen = space.seen;
  seen.assign(slots, 0);
  std::vector<Slot>& queue = space.queue;
  for (std::size_t start = 0; start < slots; ++start) {
    if (!in[start] || seen[start]) continue;
    ++m.components;
    queue.assign(1, static_cast<Slot>(start));
    seen[start] = 1;
    for (std::size_t head = 0; head < queue.size(); ++head)
      for (const Slot* u = begin(queue[head]); u != end(queue[head]); ++u)
        if (!seen[*u]) {
          seen[*u] = 1;
          queue.push_back(*u);
        }
    m.largest_component = std::max(m.largest_component, queue.size());
  }
  return m;
}

}  // namespace

void check_link_weight(double weight) {
  if (!std::isfinite(weight)) {
    throw std::invalid_argument("sim::Network: link weight must be finite, got " +
                                std::to_string(weight));
  }
}

Network::Network(std::size_t kinds, Slot slots) : slots_(slots) {
  if (kinds == 0 || kinds > max_kinds) {
    throw std::invalid_argument("sim::Network: kinds must be in 1.." + std::to_string(max_kinds) +
                                ", got " + std::to_string(kinds));
  }
  kinds_.resize(kinds);
  for (Kind& k : kinds_) k.ends.resize(slots);
}

void Network::resize(Slot slots) {
  if (slots < slots_) {
    throw std::invalid_argument("sim::Network::resize: the network never shrinks (" +
                                std::to_string(slots_) + " slots, asked for " +
                                std::to_string(slots) + ")");
  }
  for (Kind& k : kinds_) k.ends.resize(slots);
  slots_ = slots;
}

const Network::Kind& Network::kind_of(LinkKind kind) const {
  if (kind >= kinds_.size()) {
    throw std::out_of_range("sim::Network: link kind " + std::to_string(kind) + " out of range (" +
                            std::to_string(kinds_.size()) + " kinds)");
  }
  return kinds_[kind];
}

Network::Kind& Network::kind_of(LinkKind kind) {
  return const_cast<Kind&>(std::as_const(*this).kind_of(kind));
}

void Network::check_slot(Slot slot) const {
  if (slot >= slots_) {
    throw std::out_of_range("sim::Network: slot " + std::to_string(slot) + " out of range (" +
                            std::to_string(slots_) + " slots)");
  }
}

const Network::End* Network::find_end(const Kind& k, Slot a, Slot b) {
  for (const End& e : k.ends[a])
    if (e.other == b) return &e;
  return nullptr;
}

Network::End* Network::find_end(Kind& k, Slot a, Slot b) {
  return const_cast<End*>(find_end(std::as_const(k), a, b));
}

void Network::erase_end(Kind& k, Slot a, Slot b) {
  Ends& ends = k.ends[a];
  const auto it =
      std::find_if(ends.begin(), ends.end(), [b](const End& e) { return e.other == b; });
  if (it != ends.end()) ends.erase(it);
}

bool Network::add_link(Slot a, Slot b, LinkKind kind, double weight, int step) {
  Kind& k = kind_of(kind);
  check_slot(a);
  check_slot(b);
  check_link_weight(weight);
  if (a == b || find_link(a, b, kind)) return false;
  k.ends[a].push_back({b, step, weight});
  k.ends[b].push_back({a, step, weight});
  ++k.links;
  return true;
}

bool Network::remove_link(Slot a, Slot b, LinkKind kind) {
  Kind& k = kind_of(kind);
  check_slot(a);
  check_slot(b);
  if (a == b || !find_end(k, a, b)) return false;
  erase_end(k, a, b);
  erase_end(k, b, a);
  --k.links;
  return true;
}

std::size_t Network::isolate(Slot slot) {
  check_slot(slot);
  std::size_t removed = 0;
  for (Kind& k : kinds_) {
    Ends& ends = k.ends[slot];
    for (const End& e : ends) erase_end(k, e.other, slot);
    removed += ends.size();
    k.links -= ends.size();
    ends.clear();
  }
  return removed;
}

const Network::End* Network::find_link(Slot a, Slot b, LinkKind kind) const {
  const Kind& k = kind_of(kind);
  check_slot(a);
  check_slot(b);
  if (a == b) return nullptr;
  // Each link is at both ends; looking it up at the end of smaller degree costs O(min degree).
  return k.ends[a].size() <= k.ends[b].size() ? find_end(k, a, b) : find_end(k, b, a);
}

bool Network::has_link(Slot a, Slot b, LinkKind kind) const {
  return find_link(a, b, kind) != nullptr;
}

std::optional<double> Network::weight(Slot a, Slot b, LinkKind kind) const {
  const End* e = find_link(a, b, kind);
  return e ? std::optional<double>(e->weight) : std::nullopt;
}

bool Network::set_weight(Slot a, Slot b, LinkKind kind, double weight) {
  Kind& k = kind_of(kind);
  check_slot(a);
  check_slot(b);
  check_link_weight(weight);
  if (a == b) return false;
  End* at_a = find_end(k, a, b);
  if (!at_a) return false;
  at_a->weight = weight;
  find_end(k, b, a)->weight = weight;
  return true;
}

std::optional<int> Network::created(Slot a, Slot b, LinkKind kind) const {
  const End* e = find_link(a, b, kind);
  return e ? std::optional<int>(e->created) : std::nullopt;
}

std::size_t Network::degree(Slot slot, LinkKind kind) const {
  const Kind& k = kind_of(kind);
  check_slot(slot);
  return k.ends[slot].size();
}

std::size_t Network::link_count(LinkKind kind) const {
  return kind_of(kind).links;
}

std::size_t Network::remove_doomed(Kind& k) {
  // Mark both ends of each doomed link with a NaN weight (a live link's weight is finite), then
  // erase the marked ends of every slot touched, keeping the order of the others.
  constexpr double kDoomed = std::numeric_limits<double>::quiet_NaN();
  touched_.clear();
  for (const auto& [a, i] : doomed_) {
    End& e = k.ends[a][i];
    find_end(k, e.other, a)->weight = kDoomed;
    e.weight = kDoomed;
    touched_.push_back(a);
    touched_.push_back(e.other);
  }
  std::sort(touched_.begin(), touched_.end());
  touched_.erase(std::unique(touched_.begin(), touched_.end()), touched_.end());
  for (const Slot s : touched_)
    std::erase_if(k.ends[s], [](const End& e) { return std::isnan(e.weight); });
  k.links -= doomed_.size();
  return doomed_.size();
}

void Network::check_alive(LinkKind kind, std::span<const std::uint8_t> alive) const {
  const Kind& k = kind_of(kind);
  if (alive.size() != slots_) {
    throw std::invalid_argument("sim::Network::measure: alive has " + std::to_string(alive.size()) +
                                " entries for " + std::to_string(slots_) + " slots");
  }
  for (std::size_t s = 0; s < alive.size(); ++s) {
    if (alive[s] == 0 && !k.ends[s].empty()) {
      throw std::logic_error("sim::Network::measure: dead slot " + std::to_string(s) + " has " +
                             std::to_string(k.ends[s].size()) + " links of kind " +
                             std::to_string(kind) + " (isolate slots when their agents exit)");
    }
  }
}

NetworkMeasures Network::measure(LinkKind kind, std::span<const std::uint8_t> alive) const {
  check_alive(kind, alive);
  // Only live slots have links, so the subgraph induced by the live slots is the whole network.
  return measure_induced(kind, alive);
}

NetworkMeasures Network::measure_induced(LinkKind kind,
                                         std::span<const std::uint8_t> subset) const {
  const Kind& k = kind_of(kind);
  if (subset.size() != slots_) {
    throw std::invalid_argument("sim::Network::measure_induced: subset has " +
                                std::to_string(subset.size()) + " entries for " +
                                std::to_string(slots_) + " slots");
  }
  // Ends hold the other slot first: a view of the slots without copying the lists.
  struct Others {
    const Ends& ends;
    struct It {
      const End* e;
      Slot operator*() const { return e->other; }
      It& operator++() {
        ++e;
        return *this;
      }
      bool operator!=(const It& o) const { return e != o.e; }
    };
    It begin() const { return {ends.data()}; }
    It end() const { return {ends.data() + ends.size()}; }
  };
  return measure_graph(slots_, subset, measure_space_,
                       [&](std::size_t v) { return Others{k.ends[v]}; });
}

NetworkMeasures Network::measure_union(std::span<const std::uint8_t> alive) const {
  for (std::size_t kind = 0; kind < kinds_.size(); ++kind)
    check_alive(static_cast<LinkKind>(kind), alive);
  // A pair linked in any kind is one edge: the union as a simple graph, each neighbour once.
  std::vector<std::vector<Slot>> merged(slots_);
  constexpr Slot none = std::numeric_limits<Slot>::max();
  std::vector<Slot> seen_from(slots_, none);
  for (Slot a = 0; a < slots_; ++a) {
    for (const Kind& k : kinds_)
      for (const End& e : k.ends[a])
        if (seen_from[e.other] != a) {
          seen_from[e.other] = a;
          merged[a].push_back(e.other);
        }
  }
  return measure_graph(slots_, alive, measure_space_,
                       [&](std::size_t v) -> const std::vector<Slot>& { return merged[v]; });
}

}  // namespace sim
