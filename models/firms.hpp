// Firms' systems: innovation, accounting, employment, exit and entry.
#pragma once

#include "models/world.hpp"

namespace twinsim {

/// Resets the month's event counters and the lists of live firms per cluster.
void begin_month(Context& ctx);

/// Log quality follows a random walk of rare steps: with probability p = innovation_probability a
/// month, quality *= exp(volatility / sqrt(p) x N(0, 1)) (p = 1: a Gaussian walk).
void innovate(Context& ctx);

/// Demonstration learning: a firm below its market's quality standard (the sales-weighted mean log
/// quality, set by update_customers) closes the share firms.demonstration_learning x absorptive
/// capacity of the gap in log quality each month; firms above it learn nothing from it.
void learn_by_demonstration(Context& ctx);

/// profit = sales x (price - material cost share) - wage x employees - fixed cost (sales at the
/// reference price); cash += profit, up to the reserve.
void account(Context& ctx);

/// Pricing: a lead firm's price moves by firms.price_adjustment of the gap toward
/// (quality / its market's quality standard)^firms.price_quality_elasticity; a supplier's price
/// is the reference price 1.
void set_prices(Context& ctx);

/// Employment moves toward the staff the firm's business needs (max(orders, sales + backlog) /
/// labour productivity) by the hiring rate, rising by at most the maximum growth rate x (1 +
/// management) a month:
/// employment follows output.
void adjust_employment(Context& ctx);

/// Firms whose cash fell below zero exit, and others close with probability 1 - exp(-h / 12), h =
/// closure_rate_per_year + young_closure_rate_per_year x exp(-age / young_months) (firms present
/// at the start count as old); their links dissolve.
void exit_firms(Context& ctx);
/// That closure probability, 1 - exp(-h / 12), for a firm of `age` months (a negative age: present
/// at the start).
double closure_probability(const FirmParams& fp, double age);

/// Entrants per market (cluster x sector) ~ Poisson(rate/12 x incumbents x max(0, 1 + sensitivity
/// x 12-month demand growth)); an entrant imitates its market's firms (quality around their mean
/// log quality) at a small size, and starts with the customers its capacity would hold at the
/// market's mean ratio of customers to capacity.
void enter_firms(Context& ctx);

}  // namespace twinsim
