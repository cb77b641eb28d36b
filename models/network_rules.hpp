// Cooperation links between firms of the same cluster: formed by search (random or through
// partners' partners) and dissolved at a constant hazard.
#pragma once

#include "models/world.hpp"

namespace twinsim {

/// Each link dissolves this month with probability 1 - exp(-rate / 12).
void dissolve_links(Context& ctx);

/// Each firm makes Poisson(rate / 12) partner searches (times project.cluster_development_boost
/// for the project's southern firms during cluster development); a search goes through a random
/// partner's partner with probability closure_share (triadic closure), else to a random firm of the
/// cluster. Firms search in slot order, so a link made earlier this month can be used by a later
/// search.
void form_links(Context& ctx);

}  // namespace twinsim
