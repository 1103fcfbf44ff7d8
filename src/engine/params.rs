//! Every coefficient of the models, with its documented default.
//!
//! A scenario's `params: (...)` may set any of these; a field left out keeps its default.
//! `docs/MODELS.md` explains where each number comes from.

use serde::{Deserialize, Serialize};

/// All model parameters of a scenario.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    pub meeting: MeetingParams,
    pub market: MarketParams,
    pub aid: AidParams,
    pub bonds: BondParams,
    pub deprivation: DeprivationParams,
    pub wellbeing: WellbeingParams,
}

/// Consensus meetings (DESIGN §4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MeetingParams {
    /// Weight of expectations in floor time (β); majority rule with a small minority.
    pub beta: f64,
    /// Weight of dominance in floor time (γ).
    pub gamma: f64,
    /// Deference to status in influence (κ).
    pub kappa: f64,
    /// Base susceptibility λ0; λ_i = λ0·(1 − (e_i + 1)/4).
    pub lambda0: f64,
    /// Support a request needs to pass.
    pub threshold: f64,
    /// Labour share one agenda item costs each attendee, in per-mille.
    pub item_cost_permille: u32,
    /// Members per circle; larger communities meet in circles that send delegates.
    pub circle_size: u32,
}

impl Default for MeetingParams {
    fn default() -> Self {
        MeetingParams {
            beta: 1.0,
            gamma: 1.7,
            kappa: 2.0,
            lambda0: 0.9,
            threshold: 0.5,
            item_cost_permille: 2,
            circle_size: 40,
        }
    }
}

/// Open exchange (DESIGN §5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MarketParams {
    /// Shouts per market period (the market's depth).
    pub depth: u32,
    /// Highest price a seller may ask.
    pub price_ceiling: u32,
    /// A buyer's value of the first unit at survival, health, livelihood, flourishing priority.
    pub first_unit_value: [u32; 4],
    /// Each further unit is worth this fraction of the previous one.
    pub value_decay: f64,
    /// Seller's cost of a unit: base cost × this ÷ skill.
    pub cost_factor: u32,
    /// Each further unit a seller parts with costs this percentage more.
    pub cost_step_pct: u32,
}

impl Default for MarketParams {
    fn default() -> Self {
        MarketParams {
            depth: 500,
            price_ceiling: 200,
            first_unit_value: [20, 14, 8, 5],
            value_decay: 0.85,
            cost_factor: 3,
            cost_step_pct: 10,
        }
    }
}

/// Mutual aid (DESIGN §6): who is asked, how readily they give, and the community store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AidParams {
    /// How many hops a request may travel along bonds: 1 asks only one's own partners; 2 lets
    /// a partner who cannot give ask their own bonds on the asker's behalf (default 2; a
    /// prototype covered 39% of shortfalls with one hop and 68% with two); 0 asks nobody.
    pub reach: u32,
    /// Bonds weaker than this are not asked (default 0.05).
    pub min_bond: f64,
    /// Readiness to give when asked, before bonds and prejudice (default 0.5). Readiness is the
    /// chance of honouring a request: `base + bond·w − prejudice·p`, clipped to [0, 1], with w
    /// the bond (the product of bonds along a relayed request) and p the giver's prejudice
    /// against the asker's marks.
    pub readiness_base: f64,
    /// Readiness added per unit of bond strength (default 1.0: a bond of 0.5 always gives).
    pub readiness_bond: f64,
    /// Readiness removed per unit of prejudice against the asker (default 1.0; meetings use 0.7
    /// for support, giving one's own goods is taken to be at least as biased).
    pub readiness_prejudice: f64,
    /// Percentage of what a member holds above their need line, after gifts, that they leave
    /// at the community store when it is open (default 50).
    pub store_donation_pct: u32,
    /// Store shares issued per unit of shortfall at survival, health, livelihood and
    /// flourishing priority (default 4/3/2/1, the wellbeing weights).
    pub store_shares: [u32; 4],
    /// The chronicle says aid faltered when gifts cover less than this share of a good's
    /// shortfall (default 0.5).
    pub falter_below: f64,
}

impl Default for AidParams {
    fn default() -> Self {
        AidParams {
            reach: 2,
            min_bond: 0.05,
            readiness_base: 0.5,
            readiness_bond: 1.0,
            readiness_prejudice: 1.0,
            store_donation_pct: 50,
            store_shares: [4, 3, 2, 1],
            falter_below: 0.5,
        }
    }
}

/// How bonds grow and fray (DESIGN §6, "bond rates"). The same whatever the regime, so that
/// cohesion comparisons between regimes are fair. Each source of contact moves a pair at most
/// once a turn (`engine::bonds::Touch`); a warm contact is slowed by the pair's prejudice,
/// `rate · (1 − max(prejudice a→b, b→a))`. Defaults are a prototype's workable rates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BondParams {
    /// Added to a pair's bond by trading in a turn (weak ties; default 0.03).
    pub trade: f64,
    /// Added by a gift (strong ties; default 0.05).
    pub gift: f64,
    /// Added (agreement) or removed (conflict) per pair per meeting (default 0.005).
    pub meeting: f64,
    /// Added to pairs of patrons of the same venue (default 0.01).
    pub venue: f64,
    /// Added by a chance encounter, times (1 − prejudice) (default 0.02).
    pub encounter: f64,
    /// Chance encounters per present member per turn (default 0.5).
    pub encounters_per_member: f64,
    /// Removed when a member refuses a request they could have met (default 0.02).
    pub refusal: f64,
    /// Every bond is multiplied by this each turn: neglect (default 0.97).
    pub decay: f64,
    /// The bonds of a member who is not in the community are further multiplied by this each
    /// turn: isolation (default 0.8).
    pub absent_decay: f64,
    /// Bonds below this are dropped (default 0.005).
    pub floor: f64,
    /// How much a shared experience wears a prejudice down: each warm contact across a
    /// prejudice multiplies its strength by (1 − this) (default 0 = never; intergroup contact
    /// can reduce prejudice, but the game does not assume it).
    pub prejudice_erosion: f64,
}

impl Default for BondParams {
    fn default() -> Self {
        BondParams {
            trade: 0.03,
            gift: 0.05,
            meeting: 0.005,
            venue: 0.01,
            encounter: 0.02,
            encounters_per_member: 0.5,
            refusal: 0.02,
            decay: 0.97,
            absent_decay: 0.8,
            floor: 0.005,
            prejudice_erosion: 0.0,
        }
    }
}

/// Hunger and the poverty trap (DESIGN §2, "deprivation").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeprivationParams {
    /// Hunger added by a turn with a survival need unmet.
    pub hunger_step: u32,
    /// Hunger removed by a fed turn.
    pub recovery: u32,
    /// Highest hunger level.
    pub max_hunger: u32,
    /// Output lost per hunger level, in per cent.
    pub output_loss_pct: u32,
    /// Output never falls below this percentage.
    pub output_floor_pct: u32,
    /// Hunger at which a member is in crisis.
    pub crisis_hunger: u32,
}

impl Default for DeprivationParams {
    fn default() -> Self {
        DeprivationParams {
            hunger_step: 1,
            recovery: 1,
            max_hunger: 5,
            output_loss_pct: 15,
            output_floor_pct: 40,
            crisis_hunger: 3,
        }
    }
}

/// How needs met become wellbeing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WellbeingParams {
    /// Weight of each priority's needs met, survival first.
    pub weights: [f64; 4],
    /// Share of last turn's wellbeing kept (the rest is this turn's needs met).
    pub memory: f64,
    /// Alkire–Foster poverty cutoff k: the weighted share of needs unmet that makes a member poor.
    pub poverty_cutoff: f64,
}

impl Default for WellbeingParams {
    fn default() -> Self {
        WellbeingParams {
            weights: [4.0, 3.0, 2.0, 1.0],
            memory: 0.5,
            poverty_cutoff: 1.0 / 3.0,
        }
    }
}
