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
    pub events: EventParams,
}

/// Consensus meetings (DESIGN §4). `docs/MODELS.md` gives the source of each default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MeetingParams {
    /// Weight of expectations in floor time (β) before the decision-rule cells scale it.
    pub beta: f64,
    /// Weight of dominance in floor time (γ).
    pub gamma: f64,
    /// Deference to status in influence (κ).
    pub kappa: f64,
    /// Base susceptibility λ0; λ_i = λ0·(1 − lambda_slope·(e_i + 1)/4).
    pub lambda0: f64,
    /// How much status makes a member stubborn (1 = DESIGN's rule, 0 = equal susceptibility).
    pub lambda_slope: f64,
    /// Share of votes a request needs, strictly exceeded, to pass under majority rule.
    pub threshold: f64,
    /// A member supports an item when their opinion is above this.
    pub support_cut: f64,
    /// Labour share one agenda item costs each attendee, in per-mille.
    pub item_cost_permille: u32,
    /// A member's working hours per turn, to report meeting time in hours.
    pub working_hours: u32,
    /// Members per circle; larger communities meet in circles that send delegates to a council.
    pub circle_size: u32,
    /// Weight of standing (against charisma) in the specific characteristic c_i that enters
    /// expectations: c_i = (1 − w)·charisma + w·standing.
    pub standing_weight: f64,
    /// Weight of this turn's social power in the moving average that is standing.
    pub standing_rate: f64,
    /// β's multiplier in the Karpowitz–Mendelberg–Shaker cells.
    pub cells: BetaCells,
    /// Share of the room holding a low mark below which that group is a small minority.
    pub minority_small: f64,
    /// Share of the room holding a low mark above which that group is large.
    pub minority_large: f64,
    /// Chance that a member of average status votes with the room against their own opinion
    /// in an open vote (Asch: about a third of critical trials).
    pub conformity: f64,
    /// How fast conformity falls with status: p_i = conformity·(1 − slope·(e_i − ē)), clamped.
    pub conformity_status: f64,
    /// Chance that an opponent of average status blocks under consensus rather than stands aside.
    pub block: f64,
    /// How fast blocking rises with status in an open meeting: p_i = block·(1 + slope·(e_i − ē)).
    pub block_status: f64,
    /// Initial support x(0) of each member for an item (DESIGN §4.4).
    pub support: SupportParams,
    /// What each facilitation rule does and costs (DESIGN §4.7).
    pub facilitation: FacilitationParams,
}

impl Default for MeetingParams {
    fn default() -> Self {
        MeetingParams {
            beta: 1.0,
            gamma: 1.7,
            kappa: 2.0,
            lambda0: 0.9,
            lambda_slope: 1.0,
            threshold: 0.5,
            support_cut: 0.5,
            item_cost_permille: 2,
            working_hours: 160,
            circle_size: 40,
            standing_weight: 0.5,
            standing_rate: 0.1,
            cells: BetaCells::default(),
            minority_small: 0.2,
            minority_large: 0.8,
            conformity: 1.0 / 3.0,
            conformity_status: 1.0,
            block: 0.3,
            block_status: 1.0,
            support: SupportParams::default(),
            facilitation: FacilitationParams::default(),
        }
    }
}

/// β's multiplier for each decision rule when the lower-status group is a small minority
/// (`[0]`) and when it is large (`[1]`); between the two it is interpolated on the group's
/// share. Karpowitz, Mendelberg & Shaker (2012) found the gender gap in floor time gone under
/// unanimity with few women and under majority rule with many.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BetaCells {
    pub majority: [f64; 2],
    /// A block is a veto, as under unanimity, so it protects a small minority alike.
    pub consensus: [f64; 2],
    pub unanimity: [f64; 2],
}

impl Default for BetaCells {
    fn default() -> Self {
        BetaCells {
            majority: [1.0, 0.0],
            consensus: [0.0, 1.0],
            unanimity: [0.0, 1.0],
        }
    }
}

/// x(0): the requester 1; each other member `base + by_priority[p] − scarcity·max(0,
/// demand/pool − 1) + bond·b − prejudice·q + values·attitude − own_need·[own need unmet]`
/// plus uniform noise in ±`noise`, clipped to [0, 1].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SupportParams {
    pub base: f64,
    /// Added for an item of survival, health, livelihood, flourishing priority.
    pub by_priority: [f64; 4],
    pub scarcity: f64,
    pub bond: f64,
    pub prejudice: f64,
    /// Weight of the member's attitude (−1 to 1) to the item's tags.
    pub values: f64,
    pub own_need: f64,
    pub noise: f64,
}

impl Default for SupportParams {
    fn default() -> Self {
        SupportParams {
            base: 0.5,
            by_priority: [0.30, 0.15, 0.10, 0.0],
            scarcity: 0.5,
            bond: 0.3,
            prejudice: 0.7,
            values: 0.5,
            own_need: 0.15,
            noise: 0.05,
        }
    }
}

/// Facilitation rules act on every channel status reaches; each costs meeting time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FacilitationParams {
    /// Progressive stack: β is multiplied by this (lower-status speakers first).
    pub stack_beta: f64,
    /// Progressive stack: κ is multiplied by this (less deference to status).
    pub stack_kappa: f64,
    /// Progressive stack: status differences in susceptibility are multiplied by this.
    pub stack_lambda: f64,
    /// Timed rounds: no floor share above this many times an equal share (2 = 2/N).
    pub round_cap: f64,
    /// Extra meeting time per item, in per cent: progressive stack, timed rounds, secret ballot.
    pub cost_pct: [u32; 3],
}

impl Default for FacilitationParams {
    fn default() -> Self {
        FacilitationParams {
            stack_beta: 0.0,
            stack_kappa: 0.5,
            stack_lambda: 0.5,
            round_cap: 2.0,
            cost_pct: [10, 25, 10],
        }
    }
}

/// Open exchange (DESIGN §5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MarketParams {
    /// Shouts per market day (the market's depth); a turn holds `policy.market_days` days.
    pub depth: u32,
    /// Highest price a seller may ask (ZI-C sellers ask between cost and this). Twice the
    /// highest first-unit value, as Gode & Sunder's 200 is about twice their top value.
    pub price_ceiling: u32,
    /// A buyer's value of the first unit at survival, health, livelihood, flourishing priority.
    pub first_unit_value: [u32; 4],
    /// Each further unit is worth this fraction of the previous one.
    pub value_decay: f64,
    /// Seller's cost of a unit: base cost × this ÷ skill.
    pub cost_factor: u32,
    /// Each further unit a seller parts with costs this percentage more.
    pub cost_step_pct: u32,
    /// How traders shout: `ZiC` (never at a loss) or `ZiU` (anywhere in the range).
    pub trader: TraderKind,
    /// Labour each trader spends per market day, per-mille of their working time.
    pub day_cost_permille: u32,
    /// What prejudice does in a trade: refuse the counterpart, or charge them a premium.
    pub discrimination: Discrimination,
    /// Chance a prejudiced trader refuses a marked counterpart, per unit of prejudice strength.
    pub refusal_per_prejudice: f64,
    /// With `Premium`: surcharge (seller) or demanded discount (buyer) at full prejudice, in per cent.
    pub premium_pct: u32,
    /// Turns of one's needs, at reference prices, a member keeps in scrip before spending the
    /// rest on more of what they want (wants beyond those listed, at falling value).
    pub reserve_turns: u32,
    /// What a seller asks at least for a unit spoilage will take before the next market, in
    /// per cent of the unit's cost rule (its salvage value).
    pub salvage_pct: u32,
    /// Consecutive turns of unfilled demand valued above a member's unit cost by
    /// `entry_margin_pct` before they may enter.
    pub entry_unfilled_turns: u32,
    /// Consecutive turns the price must exceed a member's unit cost by `entry_margin_pct`.
    pub entry_price_turns: u32,
    /// Margin of price over unit cost that signals a niche, in per cent.
    pub entry_margin_pct: u32,
    /// Share of working time an entrepreneur moves into the new line, in per cent.
    pub entry_share_pct: u32,
    /// Turns an entrepreneur stays before leaving is considered.
    pub min_tenure: u32,
    /// Consecutive turns a business must fail to pay before its owner leaves it.
    pub exit_idle_turns: u32,
    /// A turn pays when something sold at a mean price at least this far above unit cost, in per cent.
    pub exit_margin_pct: u32,
    /// Turns a meeting's refusal of a need is remembered (to mark businesses that serve it).
    pub refusal_memory: u32,
    /// Scrip a business venue's operator must take from its good each turn to open or stay open.
    pub venue_revenue: u64,
    /// Consecutive paying turns before a closed business venue opens.
    pub venue_open_turns: u32,
    /// Turns a failing venue stays open before it closes, unless its patrons rally.
    pub venue_grace_turns: u32,
    /// Bond to the operator a member needs to join a rally.
    pub rally_min_bond: f64,
    /// Largest share of their scrip a member gives in a rally, in per cent.
    pub rally_share_pct: u32,
}

/// What a prejudiced trader does to the counterparts they are biased against (Becker).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Discrimination {
    /// Refuse to trade, with a chance rising with the prejudice.
    #[default]
    Refuse,
    /// Trade, but at a premium rising with the prejudice.
    Premium,
}

/// How zero-intelligence traders shout.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TraderKind {
    /// Constrained: never bid above value, never ask below cost.
    #[default]
    ZiC,
    /// Unconstrained: anywhere in the price range.
    ZiU,
}

impl TraderKind {
    pub fn name(self) -> &'static str {
        match self {
            TraderKind::ZiC => "ZI-C",
            TraderKind::ZiU => "ZI-U",
        }
    }
}

impl Default for MarketParams {
    fn default() -> Self {
        MarketParams {
            depth: 500,
            price_ceiling: 40,
            first_unit_value: [20, 14, 8, 5],
            value_decay: 0.85,
            cost_factor: 3,
            cost_step_pct: 10,
            trader: TraderKind::ZiC,
            day_cost_permille: 10,
            discrimination: Discrimination::Refuse,
            refusal_per_prejudice: 1.0,
            premium_pct: 50,
            reserve_turns: 3,
            salvage_pct: 25,
            entry_unfilled_turns: 2,
            entry_price_turns: 4,
            entry_margin_pct: 25,
            entry_share_pct: 50,
            min_tenure: 6,
            exit_idle_turns: 2,
            exit_margin_pct: 0,
            refusal_memory: 12,
            venue_revenue: 8,
            venue_open_turns: 2,
            venue_grace_turns: 2,
            rally_min_bond: 0.2,
            rally_share_pct: 25,
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

/// How often storylets fire (DESIGN §7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EventParams {
    /// Draws of automatic storylets at the start of a turn.
    pub per_turn: u32,
    /// Draws of storylets with choices after a turn resolves.
    pub choices_per_turn: u32,
    /// Weight of "nothing happens" in every draw, against each storylet's own weight.
    pub quiet_weight: u32,
}

impl Default for EventParams {
    fn default() -> Self {
        EventParams {
            per_turn: 2,
            choices_per_turn: 1,
            quiet_weight: 10,
        }
    }
}
