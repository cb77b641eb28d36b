#include "models/invariants.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace twinsim {

namespace {

// Sums of many terms are compared with this relative tolerance (and an absolute one of 1e-6 EUR
// or jobs for sums near 0): the model's own rounding stays orders of magnitude below it.
constexpr double kTolerance = 1e-9;

bool close(double a, double b) {
  return std::abs(a - b) <= kTolerance * std::max(std::abs(a), std::abs(b)) + 1e-6;
}

bool at_most(double a, double b) {
  return a <= b + kTolerance * std::abs(b) + 1e-6;
}

[[noreturn]] void fail(const Context& ctx, const std::string& what) {
  throw InvariantError("month " + std::to_string(ctx.month) + ": " + what);
}

std::string number(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", x);
  return text;
}

std::string market_name(const Context& ctx, int cluster, std::size_t sector) {
  return std::string(kClusterNames[cluster]) + " market of sector '" +
         ctx.params.sectors[sector].name + "'";
}

std::string firm_name(const Context& ctx, sim::Slot i) {
  const Firms& f = ctx.world.firms;
  return std::string(kClusterNames[f.cluster[i]]) + " firm " + std::to_string(f.pop.id(i)) +
         " (sector '" + ctx.params.sectors[f.sector[i]].name + "')";
}

// `value` finite and in [low, high] (in (0, high] when `positive`); `who()` names the agent or
// market, called only to report a failure (so that passing checks allocate nothing).
template <class Who>
void check_value(const Context& ctx, Who&& who, const char* name, double value, double low,
                 double high = INFINITY, bool positive = false) {
  if (std::isfinite(value) && value >= low && value <= high && (!positive || value > 0)) return;
  const std::string range =
      positive ? "(0, " + number(high) + "]" : "[" + number(low) + ", " + number(high) + "]";
  fail(ctx, who() + ": " + name + " = " + number(value) + ", expected a number in " + range);
}

void check_firm_value(const Context& ctx, sim::Slot i, const char* name, double value, double low,
                      double high = INFINITY) {
  check_value(
      ctx, [&] { return firm_name(ctx, i); }, name, value, low, high);
}

// One market's clearing adds up: its bidders' orders to its demand (all 0 when none attracts any),
// their sales to the market's sales and at most the demand. Returns the share of the demand left
// unserved, which each bidder holds as backlog in proportion to its orders.
double check_shares(const Context& ctx, int c, std::size_t s, double orders, double sales) {
  const Market& m = ctx.world.market(c, s);
  const std::string where = market_name(ctx, c, s);
  if (!std::isfinite(m.demand) || m.demand < 0)
    fail(ctx, where + ": demand = " + number(m.demand) + ", expected a finite number >= 0");
  if (!close(orders, m.demand) && orders != 0)
    fail(ctx, where + ": the firms' orders add up to " + number(orders) + ", not to the demand " +
                  number(m.demand));
  if (!at_most(sales, m.demand))
    fail(ctx,
         where + ": the firms' sales " + number(sales) + " exceed the demand " + number(m.demand));
  if (!close(sales, m.sales))
    fail(ctx, where + ": the market's sales " + number(m.sales) + " are not its firms' sales " +
                  number(sales));
  return m.demand > 0 ? (m.demand - sales) / m.demand : 0.0;
}

void check_backlog(const Context& ctx, sim::Slot i, double expected) {
  if (!close(ctx.world.firms.backlog[i], expected))
    fail(ctx, firm_name(ctx, i) + ": backlog " + number(ctx.world.firms.backlog[i]) +
                  " is not its orders' share of the demand left unserved, " + number(expected));
}

}  // namespace

void check_market_clearing(Context& ctx) {
  const World& w = ctx.world;
  const Firms& f = w.firms;
  const double productivity[kClusters] = {ctx.params.north.labour_productivity,
                                          ctx.params.south.labour_productivity};
  for (std::size_t s = 0; s < w.sectors; ++s) {
    const auto& south = w.market_members[kSouth * w.sectors + s];
    const auto& north = w.market_members[kNorth * w.sectors + s];
    // The southern market's bidders: its lead firms (suppliers sell to buyers, supply.cpp). The
    // northern market's: the northern firms and the southern lead firms' exports.
    double orders = 0, sales = 0, north_orders = 0, exports = 0;
    for (sim::Slot i : south) {
      if (f.tier[i] > 0) continue;
      check_firm_value(ctx, i, "orders", f.orders[i], 0);
      check_firm_value(ctx, i, "export orders", f.export_orders[i], 0);
      check_firm_value(ctx, i, "sales + export sales", f.sales[i] + f.export_sales[i], 0,
                       f.employees[i] * productivity[kSouth] * (1 + kTolerance) + 1e-6);
      check_firm_value(ctx, i, "export sales", f.export_sales[i], 0);
      orders += f.orders[i];
      sales += f.sales[i];
      north_orders += f.export_orders[i];
      exports += f.export_sales[i];
    }
    double north_sales = exports;
    for (sim::Slot i : north) {
      check_firm_value(ctx, i, "orders", f.orders[i], 0);
      check_firm_value(ctx, i, "sales", f.sales[i], 0,
                       f.employees[i] * productivity[kNorth] * (1 + kTolerance) + 1e-6);
      north_orders += f.orders[i];
      north_sales += f.sales[i];
    }
    const double unserved = check_shares(ctx, kSouth, s, orders, sales);
    const double unserved_north = check_shares(ctx, kNorth, s, north_orders, north_sales);
    if (!close(exports, w.market(kNorth, s).exports))
      fail(ctx, market_name(ctx, kNorth, s) + ": exports " + number(w.market(kNorth, s).exports) +
                    " are not the southern exporters' sales " + number(exports));
    for (sim::Slot i : south)
      if (f.tier[i] == 0)
        check_backlog(ctx, i, f.orders[i] * unserved + f.export_orders[i] * unserved_north);
    for (sim::Slot i : north) check_backlog(ctx, i, f.orders[i] * unserved_north);
  }
}

void check_month(Context& ctx) {
  const World& w = ctx.world;
  const Firms& f = w.firms;
  const sim::Network& net = w.network;
  for (sim::Slot i = 0; i < f.pop.slots(); ++i) {
    if (!f.pop.alive(i)) {
      for (sim::LinkKind k = 0; k < kLinkKinds; ++k)
        if (net.degree(i, k) > 0)
          fail(ctx, "a closed firm's slot " + std::to_string(i) + " still has " +
                        std::to_string(net.degree(i, k)) + " link(s) of kind " + std::to_string(k));
      continue;
    }
    check_firm_value(ctx, i, "employees", f.employees[i], 0);
    check_firm_value(ctx, i, "cash", f.cash[i], 0);
    check_firm_value(ctx, i, "customers", f.customers[i], 0);
    check_firm_value(ctx, i, "orders", f.orders[i], 0);
    check_firm_value(ctx, i, "sales", f.sales[i], 0);
    check_firm_value(ctx, i, "backlog", f.backlog[i], 0);
    check_firm_value(ctx, i, "export orders", f.export_orders[i], 0);
    check_firm_value(ctx, i, "export sales", f.export_sales[i], 0);
    check_firm_value(ctx, i, "profit", f.profit[i], -INFINITY);
    check_firm_value(ctx, i, "absorptive capacity", f.absorptive[i], 0, 1);
    check_firm_value(ctx, i, "management", f.management[i], 0, 1);
    check_firm_value(ctx, i, "export readiness", f.export_readiness[i], 0, 1);
    check_firm_value(ctx, i, "perceived competition threat", f.threat_competition[i], 0, 1);
    check_firm_value(ctx, i, "perceived IP threat", f.threat_ip[i], 0, 1);
    for (const auto& dim : f.capability) check_firm_value(ctx, i, "capability", dim[i], -INFINITY);
    const auto firm = [&] { return firm_name(ctx, i); };
    check_value(ctx, firm, "quality", f.quality[i], 0, INFINITY, true);
    check_value(ctx, firm, "price", f.price[i], 0, INFINITY, true);
    if (f.tier[i] >= kMaxTiers)
      fail(ctx, firm_name(ctx, i) + ": tier " + std::to_string(f.tier[i]));
    for (sim::LinkKind k = 0; k < kLinkKinds; ++k)
      net.for_each_link(i, k, [&](sim::Slot j, double weight, int) {
        const auto link = [&] {
          return "a link of kind " + std::to_string(k) + " between " + firm_name(ctx, i) +
                 " and slot " + std::to_string(j);
        };
        if (j == i) fail(ctx, link() + ": a firm linked to itself");
        if (j >= f.pop.slots() || !f.pop.alive(j)) fail(ctx, link() + ": the slot holds no firm");
        if (!std::isfinite(weight) || (k != kCooperation && (weight < 0 || weight > 1)))
          fail(ctx, link() + ": weight " + number(weight));
        const bool same_sector = f.sector[i] == f.sector[j];
        const bool cross_border = f.cluster[i] != f.cluster[j];
        if (k == kSupply &&
            !(same_sector && f.cluster[i] == kSouth && !cross_border && f.tier[i] != f.tier[j]))
          fail(ctx,
               link() + ": a supply link must join southern firms of one sector and two tiers");
        if (k != kSupply && k != kCooperation && !(same_sector && cross_border))
          fail(ctx, link() +
                        ": a cross-border link must join a southern and a northern firm of "
                        "one sector");
      });
  }

  const BdsProviders& b = w.bds;
  for (sim::Slot s = 0; s < b.pop.slots(); ++s) {
    if (!b.pop.alive(s)) continue;
    const auto who = [&] { return "BDS provider " + std::to_string(b.pop.id(s)); };
    check_value(ctx, who, "quality", b.quality[s], 0, INFINITY, true);
    check_value(ctx, who, "price", b.price[s], 0, INFINITY);
    check_value(ctx, who, "cash", b.cash[s], 0, INFINITY);
    check_value(ctx, who, "revenue from firms", b.revenue_firms[s], 0, INFINITY);
    check_value(ctx, who, "revenue from the project", b.revenue_project[s], 0, INFINITY);
    check_value(ctx, who, "clients", b.clients[s], 0, b.capacity[s]);
  }

  const Associations& a = w.associations;
  for (std::size_t k = 0; k < a.strength.size(); ++k) {
    const auto who = [&] {
      return "association of the " +
             market_name(ctx, static_cast<int>(k / a.sectors), k % a.sectors);
    };
    check_value(ctx, who, "strength", a.strength[k], 0, 1);
    check_value(ctx, who, "income from fees", a.income_fees[k], 0, INFINITY);
    check_value(ctx, who, "income from the project", a.income_project[k], 0, INFINITY);
  }

  for (std::size_t k = 0; k < w.markets.size(); ++k) {
    const Market& m = w.markets[k];
    const auto who = [&] {
      return market_name(ctx, static_cast<int>(k / w.sectors), k % w.sectors);
    };
    check_value(ctx, who, "demand", m.demand, 0, INFINITY);
    check_value(ctx, who, "sales", m.sales, 0, m.demand * (1 + kTolerance) + 1e-6);
    check_value(ctx, who, "growth over 12 months", m.growth_12m, -1, INFINITY);
    check_value(ctx, who, "quality standard", m.quality_standard, -INFINITY, INFINITY);
  }

  const Project& pr = w.project;
  const double budget = ctx.params.project.budget_eur;
  const auto project = [] { return std::string("the project"); };
  check_value(ctx, project, "money spent", pr.spent, 0, budget * (1 + kTolerance));
  check_value(ctx, project, "money spent this month", pr.spent_this_month, 0, pr.spent);
  for (const double r : pr.relationship) check_value(ctx, project, "relationship capital", r, 0, 1);
  double paid_out = w.events.bds_revenue_project;
  for (std::size_t k = 0; k < a.income_project.size(); ++k) paid_out += a.income_project[k];
  if (!at_most(paid_out, pr.spent_this_month))
    fail(ctx, "the project paid providers and associations " + number(paid_out) +
                  " this month, more than it spent (" + number(pr.spent_this_month) + ")");
  if (!at_most(w.events.input_served, w.events.input_orders))
    fail(ctx, "suppliers served input orders of " + number(w.events.input_served) +
                  ", more than the " + number(w.events.input_orders) + " ordered");
}

void check_metrics(std::uint32_t month, std::span<const double> row,
                   std::span<const sim::MetricSpec> specs) {
  for (std::size_t k = 0; k < row.size(); ++k)
    if (!std::isfinite(row[k]))
      throw InvariantError("month " + std::to_string(month) + ": metric " + specs[k].name + " = " +
                           number(row[k]) + ", expected a finite number");
}

}  // namespace twinsim
