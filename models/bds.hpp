// Southern business-development-service (BDS) providers and the market for their services: firms
// buy services at the going price, the project buys them for its clients through contracts, and
// providers live or die on the revenue. The seed's finding (Tarnutzer & Dobinger 2013, 4.2):
// providers that live on project budgets close when the project ends unless paying demand was
// built; subsidised services crowd out commercial ones.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "models/parameters.hpp"
#include "sim/population.hpp"
#include "sim/rng.hpp"

namespace twinsim {

struct Context;
struct World;

/// BDS providers of the southern cluster; index = storage slot, `pop.id(slot)` = stable id.
struct BdsProviders {
  sim::Population pop;
  std::vector<double> quality;          // service quality, > 0: scales a client's upgrade
  std::vector<double> price;            // EUR per service-month (a paying client's price)
  std::vector<std::int32_t> capacity;   // clients per month
  std::vector<std::int32_t> clients;    // clients served this month (paying and contracted)
  std::vector<double> revenue_firms;    // from paying firms this month, EUR
  std::vector<double> revenue_project;  // from project contracts this month, EUR
  std::vector<double> cash;             // EUR
  std::vector<std::int32_t> born;       // month of entry (-1: present at the start)

  // Rebuilt by open_bds_month (capacity reserved once): live providers ranked by preference
  // (quality per price, then quality, then id), and the first rank that may still have room.
  std::vector<sim::Slot> ranked;
  std::size_t cursor = 0;
  // Paying firms' revenue of the last 12 months (ring, by month % 12): what pulls entry.
  std::array<double, 12> paid_history{};

  BdsProviders() {
    pop.column(quality, 1.0);
    pop.column(price);
    pop.column(capacity);
    pop.column(clients);
    pop.column(revenue_firms);
    pop.column(revenue_project);
    pop.column(cash);
    pop.column(born, std::int32_t{-1});
  }
};

/// Creates the initial providers (month 0): `bds.initial_providers`, each with the going price
/// and capacity, log quality ~ N(0, quality_spread^2), cash = initial_cash_months x fixed cost.
void init_bds(World& w, const Params& p, const sim::Streams& streams);

/// Resets the providers' monthly clients and revenue and ranks the live providers: higher
/// quality per price first (compared as q_a p_b > q_b p_a, so a zero price ranks first), then
/// higher quality, then lower id.
void open_bds_month(Context& ctx);

/// A project contract for southern firm `client`: the best-ranked provider with room (or, when
/// none has room and `bds.project_recruitment` is on, a provider the project recruits, counted as
/// an entry) serves the client this month and receives `amount` EUR as project revenue; the
/// client's quality rises by exp(upgrading_per_service x absorptive x provider quality). Returns
/// false, and does nothing, when `amount` <= 0 or no provider can serve.
bool contract_service(Context& ctx, sim::Slot client, double amount);

/// Firms buy services. Each live southern firm not served by a contract this month, with cash >
/// 0, cash >= price and last month's profit > 0, buys with probability purchase_probability x
/// profit / (profit + price) (own stream per firm and month); a buyer takes the best-ranked
/// provider with room (none: no purchase), pays its price and gets the service's upgrade.
void buy_services(Context& ctx);

/// Provider accounting: cash += paying and project revenue - fixed cost; cash above
/// reserve_months x fixed cost is paid out to the owners.
void account_providers(Context& ctx);

/// Providers whose cash fell below zero close.
void exit_providers(Context& ctx);

/// Entrants ~ Poisson(entry_rate_per_year / 12 x R / fixed cost), R = paying firms' mean monthly
/// revenue over the last 12 months (project revenue does not pull entry).
void enter_providers(Context& ctx);

}  // namespace twinsim
