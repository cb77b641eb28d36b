#include "models/supply.hpp"

#include <algorithm>
#include <cmath>

#include "models/markets.hpp"

namespace twinsim {

namespace {
constexpr sim::Purpose kInitTier("init.tier");
constexpr sim::Purpose kInitSupply("init.supply");
constexpr sim::Purpose kEntrantTier("entry.tier");
constexpr sim::Purpose kSupplyDissolve("supply.dissolve");
constexpr sim::Purpose kSupplySearch("supply.search");
constexpr sim::Purpose kFunctional("project.functional");

// The tier of uniform draw u under `shares` (cumulative; the last tier takes rounding).
std::uint8_t draw_tier(const std::vector<double>& shares, double u) {
  double cumulative = 0;
  for (std::size_t k = 0; k + 1 < shares.size(); ++k) {
    cumulative += shares[k];
    if (u < cumulative) return static_cast<std::uint8_t>(k);
  }
  return static_cast<std::uint8_t>(shares.size() - 1);
}

// Index of a uniform draw u in [0, 1) among n > 0 items.
std::size_t draw_index(std::size_t n, double u) {
  return std::min(n - 1, static_cast<std::size_t>(u * static_cast<double>(n)));
}

// Input orders a buyer places per EUR of its sales: material share x in-cluster sourcing share.
double input_ratio(const Params& p) {
  return p.south.material_cost_share * p.supply.sourcing_share;
}

// Fills w.tier_members with the live southern firms of sector s, by tier.
void list_tiers(World& w, std::size_t s) {
  for (auto& t : w.tier_members) t.clear();
  for (sim::Slot i : w.market_members[kSouth * w.sectors + s])
    if (w.firms.pop.alive(i)) w.tier_members[w.firms.tier[i]].push_back(i);
}

// The number of f's supply links to firms of tier `tier`, and the k-th of them (k < count; f
// itself when there is none), in the network's order.
std::size_t count_at_tier(const World& w, sim::Slot f, int tier) {
  std::size_t n = 0;
  w.network.for_each_link(f, kSupply,
                          [&](sim::Slot o, double, int) { n += w.firms.tier[o] == tier ? 1 : 0; });
  return n;
}
sim::Slot nth_at_tier(const World& w, sim::Slot f, int tier, std::size_t k) {
  sim::Slot found = f;
  std::size_t seen = 0;
  w.network.for_each_link(f, kSupply, [&](sim::Slot o, double, int) {
    if (w.firms.tier[o] == tier && seen++ == k) found = o;
  });
  return found;
}
// A uniformly drawn link of f to tier `tier` (u in [0, 1)), or f when there is none.
sim::Slot pick_at_tier(const World& w, sim::Slot f, int tier, double u) {
  const std::size_t n = count_at_tier(w, f, tier);
  if (n == 0) return f;
  return nth_at_tier(w, f, tier, draw_index(n, u));
}

// A buyer whose suppliers served less than this share of its input orders searches for another.
constexpr double kFullFill = 0.99;

bool has_room(const Firms& f, sim::Slot i, double productivity) {
  return f.orders[i] < f.employees[i] * productivity;
}
}  // namespace

void init_supply(World& w, const Params& p, const sim::Streams& streams) {
  Firms& f = w.firms;
  const std::size_t room = f.pop.slots() * 2 + 16;
  for (auto& t : w.tier_members) t.reserve(room);
  w.fill_ratio.reserve(room);
  w.input_fill.reserve(room);
  w.supplier_round.reserve(room);
  for (auto* v : {&w.supply_left, &w.supply_total}) v->reserve(room);
  const ClusterParams& cp = p.south;
  const double q = input_ratio(p);
  collect_members(w);              // market_members of the initial firms (rebuilt every month)
  std::vector<double> cumulative;  // initialisation only: buyers' cumulative capacity
  for (std::size_t s = 0; s < w.sectors; ++s) {
    const SectorParams& sp = p.sectors[s];
    if (sp.depth() == 0) continue;
    for (sim::Slot i : w.market_members[kSouth * w.sectors + s])
      f.tier[i] = draw_tier(sp.tier_shares, streams.stream(kInitTier, f.pop.id(i), 0).uniform());
    list_tiers(w, s);
    // The chain starts balanced: tier k's capacity is q^k times the lead firms' (what the tier
    // above orders at the same demand ratio), with the sector's total employment kept. Each tier's
    // drawn sizes are scaled by one factor, found by bisection so that the floor of one employee
    // is accounted for (a tier whose floor alone exceeds its share keeps the floor).
    double drawn = 0, sum_q = 0;
    for (sim::Slot i : w.market_members[kSouth * w.sectors + s]) drawn += f.employees[i];
    for (int k = 0; k <= sp.depth(); ++k) sum_q += std::pow(q, k);
    for (int k = 0; k <= sp.depth(); ++k) {
      const auto& members = w.tier_members[static_cast<std::size_t>(k)];
      const double target = drawn * std::pow(q, k) / sum_q;
      auto total = [&](double scale) {
        double sum = 0;
        for (sim::Slot i : members) sum += std::max(1.0, f.employees[i] * scale);
        return sum;
      };
      double lo = 0, hi = 1;
      while (total(hi) < target && hi < 1e9) hi *= 2;
      for (int it = 0; it < 60; ++it) (total(0.5 * (lo + hi)) < target ? lo : hi) = 0.5 * (lo + hi);
      for (sim::Slot i : members) {
        f.employees[i] = std::max(1.0, f.employees[i] * hi);
        f.cash[i] = cp.initial_cash_months * cp.wage * f.employees[i];
        // Customers (of a lead firm in the final market; a supplier's follow its sales to
        // buyers), as init_world sets them: demand shared by capacity.
        f.customers[i] = cp.initial_demand_ratio * f.employees[i] * cp.labour_productivity;
      }
    }
    // Only the lead firms sell to the final market.
    double lead_capacity = 0;
    for (sim::Slot i : w.tier_members[0]) lead_capacity += f.employees[i] * cp.labour_productivity;
    Market& m = w.market(kSouth, s);
    m.initial_demand = cp.initial_demand_ratio * lead_capacity;
    m.demand = m.initial_demand;
    m.history.fill(m.initial_demand);
    // The existing division of labour: every supplier of tier k+1 has a buyer of tier k, drawn in
    // proportion to the buyers' size (a larger buyer needs more suppliers); buyers with fewer
    // than suppliers_wanted get more, drawn at random. Established links start at trust 1.
    for (int k = 0; k < sp.depth(); ++k) {
      const auto& buyers = w.tier_members[static_cast<std::size_t>(k)];
      const auto& suppliers = w.tier_members[static_cast<std::size_t>(k) + 1];
      if (buyers.empty() || suppliers.empty()) continue;
      cumulative.clear();
      double sum = 0;
      for (sim::Slot b : buyers) cumulative.push_back(sum += f.employees[b]);
      for (sim::Slot j : suppliers) {
        const double u = streams.stream(kInitSupply, f.pop.id(j), 0).uniform() * sum;
        const auto at = std::upper_bound(cumulative.begin(), cumulative.end(), u);
        const auto b = static_cast<std::size_t>(at - cumulative.begin());
        w.network.add_link(buyers[std::min(b, buyers.size() - 1)], j, kSupply, 1.0, 0);
      }
      for (sim::Slot b : buyers) {
        auto stream = streams.stream(kInitSupply, f.pop.id(b), 0);
        for (std::int64_t tries = 0;
             tries < 3 * p.supply.suppliers_wanted &&
             static_cast<std::int64_t>(count_at_tier(w, b, k + 1)) < p.supply.suppliers_wanted;
             ++tries) {
          w.network.add_link(b, suppliers[draw_index(suppliers.size(), stream.uniform())], kSupply,
                             1.0, 0);
        }
      }
    }
  }
}

void prepare_entrant_tiers(World& w, const Params& p) {
  const Firms& f = w.firms;
  w.entry_buyers.resize(w.sectors);
  w.entry_list.assign(f.pop.slots(), 0);
  w.entry_place.assign(f.pop.slots(), 0);
  for (std::size_t s = 0; s < w.sectors; ++s) {
    if (p.sectors[s].depth() == 0) continue;
    const auto& market = w.market_members[kSouth * w.sectors + s];
    for (std::size_t i = 0; i < market.size(); ++i) {
      w.entry_list[market[i]] = static_cast<std::uint32_t>(s + 1);
      w.entry_place[market[i]] = static_cast<std::uint32_t>(i);
    }
    for (int t = 0; t < kMaxTiers; ++t)
      w.entry_buyers[s][static_cast<std::size_t>(t)].reset(market.size(), [&](std::size_t i) {
        return f.pop.alive(market[i]) && f.tier[market[i]] == t;
      });
  }
}

namespace {

// The tier of entrant e and, for a supplier, the link to its first buyer.
void place_entrant(Context& ctx, sim::Slot e) {
  Firms& f = ctx.world.firms;
  f.tier[e] = 0;
  f.past_supplier_id[e] = Firms::kNoAgent;
  const SectorParams& sp = ctx.params.sectors[f.sector[e]];
  if (f.cluster[e] != kSouth || sp.depth() == 0) return;
  auto stream = ctx.streams.stream(kEntrantTier, f.pop.id(e), ctx.month);
  f.tier[e] = draw_tier(sp.tier_shares, stream.uniform());
  if (f.tier[e] == 0) return;
  // A supplier sets up to serve a customer: it enters with a first buyer of the tier above, drawn
  // at random among the live firms of that tier in its market's member list (e itself, not yet
  // counted, is not among them).
  const auto above = static_cast<std::size_t>(f.tier[e] - 1);
  const sim::CountTree& buyers = ctx.world.entry_buyers[f.sector[e]][above];
  if (buyers.total() == 0) return;
  const std::size_t k = draw_index(buyers.total(), stream.uniform());
  const sim::Slot i =
      ctx.world.market_members[kSouth * ctx.world.sectors + f.sector[e]][buyers.find(k)];
  ctx.world.network.resize(static_cast<sim::Slot>(f.pop.slots()));
  if (ctx.world.network.add_link(i, e, kSupply, ctx.params.supply.initial_trust,
                                 static_cast<int>(ctx.month)))
    ++ctx.world.events.supply_links_formed;
}

}  // namespace

void assign_entrant_tier(Context& ctx, sim::Slot e) {
  place_entrant(ctx, e);
  // From now on e, alive at its tier, is a possible first buyer for later entrants of its market,
  // if its slot (freed this month and reused) is in that market's member list. A northern firm or
  // one of another sector in such a slot is no buyer there (a supplier linked to it would supply
  // across the border: the check of models/invariants.cpp found that).
  World& w = ctx.world;
  if (e < w.entry_list.size() && w.entry_list[e] != 0 && w.firms.cluster[e] == kSouth &&
      w.entry_list[e] == w.firms.sector[e] + 1u)
    w.entry_buyers[w.entry_list[e] - 1][static_cast<std::size_t>(w.firms.tier[e])].set(
        w.entry_place[e]);
}

void supply_orders(Context& ctx) {
  World& w = ctx.world;
  Firms& f = w.firms;
  const Params& p = ctx.params;
  const double q = input_ratio(p);
  const double beta = p.market.competition_sensitivity;
  const double productivity = p.south.labour_productivity;
  const double adjust = p.supply.trust_adjustment;
  const std::size_t slots = f.pop.slots();
  w.fill_ratio.resize(slots);
  w.input_fill.assign(slots, 1.0);
  w.supplier_round.assign(slots, {});
  for (auto* v : {&w.supply_left, &w.supply_total, &w.supply_quality_pow}) v->assign(slots, 0.0);
  w.supply_first.resize(slots);
  w.supply_count.resize(slots);
  for (std::size_t s = 0; s < w.sectors; ++s) {
    const int depth = p.sectors[s].depth();
    Market& m = w.market(kSouth, s);
    m.supply_sales = 0;
    if (depth == 0) continue;
    list_tiers(w, s);
    for (int k = 0; k < depth; ++k) {
      const auto& buyers = w.tier_members[static_cast<std::size_t>(k)];
      const auto& suppliers = w.tier_members[static_cast<std::size_t>(k) + 1];
      // A buyer's orders are split over its suppliers in proportion to trust x employees x
      // quality^beta (the final market's weights, with trust); `open` limits the split to the
      // suppliers that had room at the start of a round.
      auto weight = [&](sim::Slot j, double trust) {
        return trust * f.employees[j] * w.supply_quality_pow[j];
      };
      // Each buyer's suppliers at tier k + 1 with their weights, listed once for all rounds (the
      // weights do not change between rounds) in one contiguous array, in link order. A round
      // splits with `split` (which records the total weight split over in w.supply_total[b]) and
      // then goes over the same split again with `resplit` (no supplier's room changes between).
      auto each = [&](sim::Slot b, bool open, auto&& use) {
        const auto first = w.supply_links.begin() + static_cast<std::ptrdiff_t>(w.supply_first[b]);
        const auto last = first + static_cast<std::ptrdiff_t>(w.supply_count[b]);
        for (auto it = first; it != last; ++it)
          if (!open || w.supplier_round[it->first].room > 0) use(it->first, it->second);
      };
      auto split = [&](sim::Slot b, bool open, auto&& use) {
        double total = 0;
        each(b, open, [&](sim::Slot, double wt) { total += wt; });
        w.supply_total[b] = total;
        if (total <= 0) return false;
        each(b, open, [&](sim::Slot j, double wt) { use(j, wt / total); });
        return true;
      };
      auto resplit = [&](sim::Slot b, bool open, auto&& use) {
        const double total = w.supply_total[b];
        if (total <= 0) return false;
        each(b, open, [&](sim::Slot j, double wt) { use(j, wt / total); });
        return true;
      };
      for (sim::Slot j : suppliers) {
        w.supply_quality_pow[j] = std::pow(f.quality[j], beta);
        f.orders[j] = 0;
        f.sales[j] = 0;
        f.backlog[j] = 0;
        w.supplier_round[j].room = f.employees[j] * productivity;
      }
      w.supply_links.clear();
      for (sim::Slot b : buyers) {
        w.supply_first[b] = w.supply_links.size();
        w.network.for_each_link(b, kSupply, [&](sim::Slot j, double t, int) {
          if (f.tier[j] == k + 1) w.supply_links.emplace_back(j, weight(j, t));
        });
        w.supply_count[b] = w.supply_links.size() - w.supply_first[b];
      }
      // Round 0: input = q x (sales + export sales) over all the buyer's suppliers; a buyer
      // without suppliers imports everything. Later rounds offer what was not served to the
      // buyer's suppliers that still have room (water-filling, as in the final market); what is
      // left after the last round is imported.
      for (sim::Slot b : buyers) {
        const double input = q * (f.sales[b] + f.export_sales[b]);
        w.events.input_orders += input;
        w.supply_left[b] = input;
      }
      for (int round = 0; round < kClearingRounds; ++round) {
        const bool open = round > 0;
        bool offered = false;
        for (sim::Slot j : suppliers) w.supplier_round[j].offer = 0;
        for (sim::Slot b : buyers)
          if (w.supply_left[b] > 0)
            offered |= split(b, open, [&](sim::Slot j, double share) {
              w.supplier_round[j].offer += w.supply_left[b] * share;
            });
        if (!offered) break;
        for (sim::Slot j : suppliers) {
          World::SupplierRound& r = w.supplier_round[j];
          if (round == 0) f.orders[j] = r.offer;  // what the supplier attracts
          const double served = std::min(r.offer, r.room);
          r.ratio = r.offer > 0 ? served / r.offer : 1.0;
          f.sales[j] += served;
        }
        for (sim::Slot b : buyers) {
          if (w.supply_left[b] <= 0) continue;
          const double left = w.supply_left[b];
          double unserved = 0;
          if (resplit(b, open, [&](sim::Slot j, double share) {
                unserved += left * share * (1.0 - w.supplier_round[j].ratio);
              }))
            w.supply_left[b] = unserved;
        }
        for (sim::Slot j : suppliers)
          w.supplier_round[j].room = std::max(0.0, f.employees[j] * productivity - f.sales[j]);
      }
      for (sim::Slot j : suppliers) {
        // Its delivery ratio: what it served of the orders it attracted (spillover included).
        w.fill_ratio[j] = f.orders[j] > 0 ? std::min(1.0, f.sales[j] / f.orders[j]) : 0.0;
        m.supply_sales += f.sales[j];
        w.events.input_served += f.sales[j];
      }
      // Trust: a smoothed delivery record, toward 0 when the buyer ordered nothing. A buyer's
      // input fill (the share of its input orders served in the cluster) tells it to look for
      // another supplier.
      for (sim::Slot b : buyers) {
        const double input = q * (f.sales[b] + f.export_sales[b]);
        const bool ordered = input > 0;
        w.input_fill[b] = ordered ? 1.0 - w.supply_left[b] / input : 1.0;
        w.network.update_weights(b, kSupply, [&](sim::Slot j, double t, int) {
          return f.tier[j] == k + 1 ? t + adjust * ((ordered ? w.fill_ratio[j] : 0.0) - t) : t;
        });
      }
    }
  }
}

void supplier_search(Context& ctx) {
  World& w = ctx.world;
  Firms& f = w.firms;
  const Params& p = ctx.params;
  const SupplyParams& sp = p.supply;
  const double rate = sp.dissolution_per_year / 12.0;
  const auto& pop = f.pop;
  // Dissolution: a buyer drops a supplier of too little trust; other links end at a rate falling
  // with trust, and the buyer remembers that supplier as a past partner. (A supplier's exit
  // removes its links in the exit phase.)
  w.network.remove_links_if(kSupply, [&](sim::Slot a, sim::Slot b, double trust, int) {
    if (trust < sp.min_trust) return true;
    const auto key = sim::pair_key(pop.id(a), pop.id(b));
    const double hazard = 1.0 - std::exp(-rate * (1.0 - trust));
    if (ctx.streams.stream(kSupplyDissolve, key, ctx.month).uniform() >= hazard) return false;
    const sim::Slot buyer = f.tier[a] < f.tier[b] ? a : b, supplier = buyer == a ? b : a;
    f.past_supplier[buyer] = supplier;
    f.past_supplier_id[buyer] = pop.id(supplier);
    return true;
  });
  if (sp.suppliers_wanted <= 0 || sp.search_probability <= 0) return;
  const double productivity = p.south.labour_productivity;
  for (std::size_t s = 0; s < w.sectors; ++s) {
    const int depth = p.sectors[s].depth();
    if (depth == 0) continue;
    list_tiers(w, s);
    for (int k = 0; k < depth; ++k) {
      const int next = k + 1;
      const auto& candidates = w.tier_members[static_cast<std::size_t>(next)];
      if (candidates.empty()) continue;
      for (sim::Slot b : w.tier_members[static_cast<std::size_t>(k)]) {
        // A buyer searches when it has fewer suppliers than it wants, or (however many it has)
        // when its suppliers could not serve all its input orders this month.
        const auto have = static_cast<std::int64_t>(count_at_tier(w, b, next));
        const bool short_of_inputs = b < w.input_fill.size() && w.input_fill[b] < kFullFill;
        if (have >= sp.suppliers_wanted && !short_of_inputs) continue;
        auto stream = ctx.streams.stream(kSupplySearch, pop.id(b), ctx.month);
        if (stream.uniform() >= sp.search_probability) continue;
        auto usable = [&](sim::Slot j) {
          return j != b && pop.alive(j) && f.cluster[j] == kSouth && f.sector[j] == s &&
                 f.tier[j] == next && !w.network.has_link(b, j, kSupply) &&
                 has_room(f, j, productivity);
        };
        // Past partner first (the same firm still there: the slot's id is the remembered one).
        sim::Slot found = b;
        const sim::Slot past = f.past_supplier[b];
        if (f.past_supplier_id[b] != Firms::kNoAgent && past < pop.slots() &&
            pop.id(past) == f.past_supplier_id[b] && usable(past))
          found = past;
        // Then partners of partners: a supplier of a cooperation partner, or a supplier of
        // another buyer of one of its own suppliers.
        const double u1 = stream.uniform(), u2 = stream.uniform(), u3 = stream.uniform();
        if (found == b) {
          const std::size_t d = w.network.degree(b, kCooperation);
          if (d > 0) {
            sim::Slot partner = b;
            std::size_t seen = 0;
            const std::size_t pick = draw_index(d, u1);
            w.network.for_each_link(b, kCooperation, [&](sim::Slot o, double, int) {
              if (seen++ == pick) partner = o;
            });
            const sim::Slot j = pick_at_tier(w, partner, next, u2);
            if (usable(j)) found = j;
          }
        }
        if (found == b) {
          const sim::Slot own = pick_at_tier(w, b, next, u1);
          const sim::Slot other = own == b ? b : pick_at_tier(w, own, k, u2);
          const sim::Slot j = other == b ? b : pick_at_tier(w, other, next, u3);
          if (usable(j)) found = j;
        }
        // Then at random among the next tier.
        if (found == b) {
          const sim::Slot j = candidates[draw_index(candidates.size(), stream.uniform())];
          if (usable(j)) found = j;
        }
        if (found != b &&
            w.network.add_link(b, found, kSupply, sp.initial_trust, static_cast<int>(ctx.month)))
          ++w.events.supply_links_formed;
      }
    }
  }
}

bool functional_upgrading(Context& ctx, sim::Slot client) {
  World& w = ctx.world;
  Firms& f = w.firms;
  if (f.tier[client] != 3) return false;
  const double p = ctx.params.project.functional_upgrading_per_month * f.absorptive[client];
  auto stream = ctx.streams.stream(kFunctional, f.pop.id(client), ctx.month);
  if (stream.uniform() >= p) return true;
  // Its former buyers (tier 2) are its peers now; the project brokers a first tier-1 buyer.
  w.partners.clear();
  w.network.for_each_link(client, kSupply,
                          [&](sim::Slot o, double t, int) { w.partners.emplace_back(o, t); });
  for (const auto& [o, t] : w.partners) w.network.remove_link(client, o, kSupply);
  f.tier[client] = 2;
  ++w.events.tier_upgrades;
  list_tiers(w, f.sector[client]);
  const auto& buyers = w.tier_members[1];
  if (!buyers.empty()) {
    const sim::Slot buyer = buyers[draw_index(buyers.size(), stream.uniform())];
    if (w.network.add_link(buyer, client, kSupply, ctx.params.supply.initial_trust,
                           static_cast<int>(ctx.month)))
      ++w.events.supply_links_formed;
  }
  return true;
}

double supply_experience(const World& w, sim::Slot f) {
  double sum = 0;
  std::size_t n = 0;
  w.network.for_each_link(f, kSupply, [&](sim::Slot, double t, int) {
    sum += t;
    ++n;
  });
  return n ? sum / static_cast<double>(n) : 0.0;
}

}  // namespace twinsim
