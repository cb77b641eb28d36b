// A population of agents stored as structure-of-arrays: one contiguous array per state variable,
// indexed by slot. Agents have stable ids that are never reused; slots of agents that exited are
// reused by later entrants, so the arrays stay dense and the per-step loop does not allocate.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <stdexcept>
#include <vector>

namespace sim {

using Slot = std::uint32_t;
using AgentId = std::uint64_t;

/// Storage bookkeeping for one kind of agent. A model's agent struct owns a Population and its
/// state columns (std::vector<T>), and registers each column once, so that `add` grows or resets
/// every column together. Not copyable or movable: columns are registered by address.
class Population {
 public:
  Population() = default;
  Population(const Population&) = delete;
  Population& operator=(const Population&) = delete;

  /// Registers a state column; `initial` is the value a new agent starts with.
  template <class T>
  void column(std::vector<T>& values, T initial = T{}) {
    if (slots() != 0)
      throw std::logic_error("Population::column: register columns before adding agents");
    columns_.push_back({[&values, initial](std::size_t n) { values.resize(n, initial); },
                        [&values, initial](Slot slot) { values[slot] = initial; }});
  }

  /// Reserves storage for `n` slots in every column (entries up to that size do not allocate).
  void reserve(std::size_t n);

  /// A new agent: reuses the most recently freed slot, else appends one. Every column is reset to
  /// its initial value at that slot. Returns the slot; `id(slot)` is the agent's new stable id.
  Slot add();

  /// The agent at `slot` exits. Its state stays readable until the slot is reused.
  void remove(Slot slot);

  bool alive(Slot slot) const { return alive_[slot] != 0; }
  AgentId id(Slot slot) const { return id_[slot]; }
  /// Number of live agents.
  std::size_t size() const { return live_; }
  /// Number of slots in use or free (the length of every column).
  std::size_t slots() const { return alive_.size(); }
  /// 1 for a live slot, 0 for a free one; one byte per slot, for masks in measures.
  const std::vector<std::uint8_t>& alive_mask() const { return alive_; }
  /// Ids handed out so far (the next agent gets this id).
  AgentId ids_issued() const { return next_id_; }

  ~Population() = default;

 private:
  struct Column {
    std::function<void(std::size_t)> resize;  // to n slots, new ones at the initial value
    std::function<void(Slot)> reset;          // one slot back to the initial value
  };
  std::vector<Column> columns_;
  std::vector<std::uint8_t> alive_;
  std::vector<AgentId> id_;
  std::vector<Slot> free_;
  std::size_t live_ = 0;
  AgentId next_id_ = 0;
};

inline void Population::reserve(std::size_t n) {
  alive_.reserve(n);
  id_.reserve(n);
  free_.reserve(n);
  const std::size_t current = slots();
  for (auto& c : columns_) {
    // Growing to n and back to the current size keeps the capacity.
    c.resize(std::max(n, current));
    c.resize(current);
  }
}

inline Slot Population::add() {
  Slot slot;
  if (!free_.empty()) {
    slot = free_.back();
    free_.pop_back();
    for (auto& c : columns_) c.reset(slot);
  } else {
    if (alive_.size() >= std::numeric_limits<Slot>::max())
      throw std::length_error("Population: too many agents");
    slot = static_cast<Slot>(alive_.size());
    alive_.push_back(0);
    id_.push_back(0);
    for (auto& c : columns_) c.resize(alive_.size());
  }
  alive_[slot] = 1;
  id_[slot] = next_id_++;
  ++live_;
  return slot;
}

inline void Population::remove(Slot slot) {
  if (slot >= alive_.size() || !alive_[slot])
    throw std::logic_error("Population::remove: not a live agent");
  alive_[slot] = 0;
  free_.push_back(slot);
  --live_;
}

}  // namespace sim
