#include "models/schedule.hpp"

#include <set>

#include "models/associations.hpp"
#include "models/bds.hpp"
#include "models/firms.hpp"
#include "models/invariants.hpp"
#include "models/markets.hpp"
#include "models/network_rules.hpp"
#include "models/project.hpp"
#include "models/supply.hpp"
#include "models/twinning.hpp"

namespace twinsim {

sim::Schedule<Context> build_schedule(const Params& p, bool check_invariants) {
  sim::Schedule<Context> month(check_invariants);
  // Process overview (docs/model.md, ODD section 3). Events run first in their month.
  month
      .phase("begin month", begin_month)      // reset counters; list live firms
      .phase("market demand", update_demand)  // trend x cycle x shocks
      .phase("bds offers", open_bds_month)    // providers' month opens; ranked by value
      .phase("association month", open_association_month)  // associations' income reset
      .phase("project", run_project)         // phases, spending, client support, contracts
      .phase("bds purchases", buy_services)  // firms buy services at the going price
      .phase("innovation", innovate)         // random walk of quality
      .phase("demonstration", learn_by_demonstration)  // laggards imitate the market's standard
      .phase("market clearing", clear_markets)         // demand shared by customers x quality^beta
      .check("check: market clearing", check_market_clearing)  // orders add up to demand
      .phase("supply orders", supply_orders)    // tiered sectors: inputs ordered down the chain
      .phase("customers", update_customers)     // customers follow who served them
      .phase("twinning trade", twinning_trade)  // subcontracting, learning, trust on links
      .phase("northern perceptions", perceive_threats)  // fear of competition and IP infringement
      .phase("accounting", account)                     // profit and cash
      .phase("pricing", set_prices)                     // prices follow demand pressure
      .phase("employment", adjust_employment)           // staff toward what orders need
      .phase("exit", exit_firms)                        // firms out of cash leave
      .phase("entry", enter_firms)                      // entrants, pulled by demand growth
      .phase("bds accounting", account_providers)  // revenue - fixed cost; payout above reserve
      .phase("bds exit", exit_providers)           // providers out of cash close
      .phase("bds entry", enter_providers)         // entrants, pulled by paying revenue
      .phase("association membership", review_membership)        // join or leave; fees; information
      .phase("association accounting", account_associations)     // strength from income; memoranda
      .phase("link dissolution", dissolve_links)                 // cooperation links fade
      .phase("cross-border dissolution", dissolve_cross_border)  // untrusted links break
      .phase("link formation", form_links)                       // partner search, triadic closure
      .phase("joint actions", joint_actions)      // association members find partners among members
      .phase("supplier search", supplier_search)  // supply links end; buyers seek suppliers
      .phase("matchmaking", matchmaking)          // the project proposes cross-border matches
      .phase("association matchmaking", association_matchmaking)  // also after the project
      .check("check: month", check_month);  // stocks >= 0, links between live firms, budget
  // One event per distinct month: the event applies every shock of its month.
  for (std::int64_t m :
       std::set<std::int64_t>(p.market.shock_months.begin(), p.market.shock_months.end()))
    month.at(m, "demand shocks", apply_demand_shocks);
  if (p.donor.crisis) month.at(p.donor.crisis_start_month, "donor crisis", donor_crisis);
  return month;
}

}  // namespace twinsim
