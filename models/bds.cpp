#include "models/bds.hpp"

#include <algorithm>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <optional>

#include "models/world.hpp"
#include "sim/poisson.hpp"

namespace twinsim {

namespace {
constexpr sim::Purpose kInitQuality("bds.init.quality");
constexpr sim::Purpose kPurchase("bds.purchase");
constexpr sim::Purpose kEntryCount("bds.entry.count");
constexpr sim::Purpose kEntrantQuality("bds.entry.quality");

// A new provider at the going price and capacity; log quality ~ N(0, spread^2) from `stream`.
sim::Slot add_provider(BdsProviders& b, const BdsParams& bp, sim::Stream stream,
                       std::int32_t born) {
  const sim::Slot s = b.pop.add();
  boost::random::normal_distribution<double> normal;
  b.quality[s] = std::exp(bp.quality_spread * normal(stream));
  b.price[s] = bp.price;
  b.capacity[s] = static_cast<std::int32_t>(bp.capacity);
  b.cash[s] = bp.initial_cash_months * bp.fixed_cost;
  b.born[s] = born;
  return s;
}

// The best-ranked provider that still has room this month. Room only shrinks within a month, so
// the cursor only moves forward: finding providers for all of a month's clients is linear.
std::optional<sim::Slot> provider_with_room(BdsProviders& b) {
  for (; b.cursor < b.ranked.size(); ++b.cursor) {
    const sim::Slot s = b.ranked[b.cursor];
    if (b.pop.alive(s) && b.clients[s] < b.capacity[s]) return s;
  }
  return std::nullopt;
}

// Provider `s` serves firm `client` this month: one service-month, the upgrade scaled by the
// client's absorptive capacity and the provider's quality (as the project's upgrading is scaled by
// absorptive capacity).
void serve(Context& ctx, sim::Slot s, sim::Slot client) {
  BdsProviders& b = ctx.world.bds;
  Firms& f = ctx.world.firms;
  ++b.clients[s];
  f.quality[client] *=
      std::exp(ctx.params.bds.upgrading_per_service * f.absorptive[client] * b.quality[s]);
  f.bds_month[client] = static_cast<std::int32_t>(ctx.month);
}
}  // namespace

void init_bds(World& w, const Params& p, const sim::Streams& streams) {
  BdsProviders& b = w.bds;
  // Room for market entry and for the providers the project may recruit, before reallocation.
  const auto recruits = static_cast<std::size_t>(
      p.project.assisted_firms / std::max<std::int64_t>(p.bds.capacity, 1) + 1);
  const std::size_t room = 4 * (static_cast<std::size_t>(p.bds.initial_providers) + recruits) + 64;
  b.pop.reserve(room);
  b.ranked.reserve(room);
  for (std::int64_t n = 0; n < p.bds.initial_providers; ++n)
    add_provider(b, p.bds, streams.stream(kInitQuality, b.pop.ids_issued(), 0), -1);
}

void open_bds_month(Context& ctx) {
  BdsProviders& b = ctx.world.bds;
  b.ranked.clear();
  for (sim::Slot s = 0; s < b.pop.slots(); ++s) {
    if (!b.pop.alive(s)) continue;
    b.clients[s] = 0;
    b.revenue_firms[s] = 0;
    b.revenue_project[s] = 0;
    b.ranked.push_back(s);
  }
  // Quality per price, compared without division so that free services rank first and two free
  // services compare by quality; ids break ties, so the order does not depend on slots.
  std::sort(b.ranked.begin(), b.ranked.end(), [&b](sim::Slot x, sim::Slot y) {
    const double vx = b.quality[x] * b.price[y], vy = b.quality[y] * b.price[x];
    if (vx != vy) return vx > vy;
    if (b.quality[x] != b.quality[y]) return b.quality[x] > b.quality[y];
    return b.pop.id(x) < b.pop.id(y);
  });
  b.cursor = 0;
}

bool contract_service(Context& ctx, sim::Slot client, double amount) {
  if (amount <= 0) return false;
  BdsProviders& b = ctx.world.bds;
  const BdsParams& bp = ctx.params.bds;
  std::optional<sim::Slot> s = provider_with_room(b);
  if (!s && bp.project_recruitment && bp.capacity > 0) {
    // The project brings in a provider for its contracts (the seed's suppliers "foremost
    // interested in the project budgets"); it ranks last this month.
    const auto id = b.pop.ids_issued();
    s = add_provider(b, bp, ctx.streams.stream(kEntrantQuality, id, ctx.month),
                     static_cast<std::int32_t>(ctx.month));
    b.ranked.push_back(*s);
    ++ctx.world.events.bds_entries;
  }
  if (!s) return false;
  b.revenue_project[*s] += amount;
  ctx.world.events.bds_revenue_project += amount;
  ++ctx.world.events.bds_contracts;
  serve(ctx, *s, client);
  return true;
}

void buy_services(Context& ctx) {
  const BdsParams& bp = ctx.params.bds;
  if (bp.purchase_probability <= 0) return;
  BdsProviders& b = ctx.world.bds;
  Firms& f = ctx.world.firms;
  const auto month = static_cast<std::int32_t>(ctx.month);
  for (sim::Slot i : ctx.world.members[kSouth]) {
    // A contracted client does not buy what the project gives it: the subsidised service
    // replaces a paid one.
    if (f.bds_month[i] == month) continue;
    const double profit = f.profit[i];
    if (profit <= 0 || f.cash[i] <= 0 || f.cash[i] < bp.price) continue;
    // Demand falls with the price relative to last month's profit: p0 x profit / (profit + P).
    const double probability = bp.purchase_probability * profit / (profit + bp.price);
    if (ctx.streams.stream(kPurchase, f.pop.id(i), ctx.month).uniform() >= probability) continue;
    const std::optional<sim::Slot> s = provider_with_room(b);
    if (!s) break;  // every provider is full: later buyers find no room either
    f.cash[i] -= b.price[*s];
    b.revenue_firms[*s] += b.price[*s];
    ctx.world.events.bds_revenue_firms += b.price[*s];
    ++ctx.world.events.bds_services_bought;
    serve(ctx, *s, i);
  }
}

void account_providers(Context& ctx) {
  BdsProviders& b = ctx.world.bds;
  const BdsParams& bp = ctx.params.bds;
  // Owners take out what exceeds the reserve: a provider does not hoard a project's budget, so
  // its survival after the project depends on the revenue it earns then.
  const double reserve = bp.reserve_months * bp.fixed_cost;
  for (sim::Slot s = 0; s < b.pop.slots(); ++s) {
    if (!b.pop.alive(s)) continue;
    b.cash[s] += b.revenue_firms[s] + b.revenue_project[s] - bp.fixed_cost;
    b.cash[s] = std::min(b.cash[s], reserve);
  }
  b.paid_history[ctx.month % b.paid_history.size()] = ctx.world.events.bds_revenue_firms;
}

void exit_providers(Context& ctx) {
  BdsProviders& b = ctx.world.bds;
  for (sim::Slot s = 0; s < b.pop.slots(); ++s)
    if (b.pop.alive(s) && b.cash[s] < 0) {
      b.pop.remove(s);
      ++ctx.world.events.bds_exits;
    }
}

void enter_providers(Context& ctx) {
  BdsProviders& b = ctx.world.bds;
  const BdsParams& bp = ctx.params.bds;
  // Mean monthly paying revenue over the last 12 months (fewer in the first year).
  const std::size_t months = std::min<std::size_t>(ctx.month + 1, b.paid_history.size());
  double paid = 0;
  for (std::size_t k = 0; k < months; ++k) paid += b.paid_history[k];
  paid /= static_cast<double>(months);
  // Entry is pulled by the number of providers paying demand could sustain (paid / fixed cost).
  const double expected = bp.entry_rate_per_year / 12.0 * paid / bp.fixed_cost;
  if (expected <= 0) return;
  auto count_stream = ctx.streams.stream(kEntryCount, 0, ctx.month);
  const int entrants = sim::PoissonCount(expected)(count_stream);
  for (int n = 0; n < entrants; ++n) {
    add_provider(b, bp, ctx.streams.stream(kEntrantQuality, b.pop.ids_issued(), ctx.month),
                 static_cast<std::int32_t>(ctx.month));
    ++ctx.world.events.bds_entries;
  }
}

}  // namespace twinsim
