//! Every coefficient of the models, with its documented default and range.
//!
//! A scenario's `params: (...)` may set any of these; a field left out keeps its default.
//! `docs/MODELS.md` explains where each number comes from. Each struct is declared through
//! [`table::table!`], so its defaults, ranges and docs are one table (`table`) that the checks
//! and the guide's reference are read from.

pub mod table;

use serde::{Deserialize, Serialize};

use table::{Range, no_numbers};

/// A share, a probability or a rate: from 0 to 1.
const UNIT: Range = Range::Real(0.0, 1.0);
/// A weight or a slope: from 0 to 100.
const COEFFICIENT: Range = Range::Real(0.0, 100.0);
/// A percentage of a whole: 0 to 100.
const PERCENT: Range = Range::Whole(0, 100);
/// A surcharge, margin or cost in per cent or per mille: 0 to 1,000.
const UP_TO_1000: Range = Range::Whole(0, 1_000);
/// A number of turns: up to the longest game (`content::limits::MAX_TURNS`).
const TURNS: Range = Range::Whole(0, 100_000);
/// A price or a value in scrip.
const SCRIP: Range = Range::Whole(0, 1_000_000);

table::table! {
    /// All model parameters of a scenario.
    pub struct Params {
        pub meeting: MeetingParams = MeetingParams::default(), Range::Group(<MeetingParams as table::Table>::fields);
        pub market: MarketParams = MarketParams::default(), Range::Group(<MarketParams as table::Table>::fields);
        pub labour: LabourParams = LabourParams::default(), Range::Group(<LabourParams as table::Table>::fields);
        pub aid: AidParams = AidParams::default(), Range::Group(<AidParams as table::Table>::fields);
        pub bonds: BondParams = BondParams::default(), Range::Group(<BondParams as table::Table>::fields);
        pub deprivation: DeprivationParams = DeprivationParams::default(), Range::Group(<DeprivationParams as table::Table>::fields);
        pub wellbeing: WellbeingParams = WellbeingParams::default(), Range::Group(<WellbeingParams as table::Table>::fields);
        pub events: EventParams = EventParams::default(), Range::Group(<EventParams as table::Table>::fields);
    }

    /// Consensus meetings (DESIGN §4). `docs/MODELS.md` gives the source of each default.
    pub struct MeetingParams {
        /// Weight of expectations in floor time (β) before the decision-rule cells scale it.
        pub beta: f64 = 1.0, COEFFICIENT;
        /// Weight of dominance in floor time (γ).
        pub gamma: f64 = 1.7, COEFFICIENT;
        /// Deference to status in influence (κ).
        pub kappa: f64 = 2.0, COEFFICIENT;
        /// Base susceptibility λ0; λ_i = λ0·(1 − lambda_slope·(e_i + 1)/4).
        pub lambda0: f64 = 0.9, UNIT;
        /// How much status makes a member stubborn (1 = DESIGN's rule, 0 = equal susceptibility).
        pub lambda_slope: f64 = 1.0, UNIT;
        /// Share of votes a request needs, strictly exceeded, to pass under majority rule.
        pub threshold: f64 = 0.5, UNIT;
        /// A member supports an item when their opinion is above this.
        pub support_cut: f64 = 0.5, UNIT;
        /// Labour share one agenda item costs each attendee, in per-mille.
        pub item_cost_permille: u32 = 2, UP_TO_1000;
        /// A member's working hours per turn, to report meeting time in hours.
        pub working_hours: u32 = 160, Range::Whole(1, 10_000);
        /// Members per circle; larger communities meet in circles that send delegates to a council.
        pub circle_size: u32 = 40, Range::Whole(2, 1_000);
        /// Weight of standing (against charisma) in the specific characteristic c_i that enters
        /// expectations: c_i = (1 − w)·charisma + w·standing.
        pub standing_weight: f64 = 0.5, UNIT;
        /// Weight of this turn's social power in the moving average that is standing.
        pub standing_rate: f64 = 0.1, UNIT;
        /// β's multiplier in the Karpowitz–Mendelberg–Shaker cells.
        pub cells: BetaCells = BetaCells::default(), Range::Group(<BetaCells as table::Table>::fields);
        /// Share of the room holding a low mark below which that group is a small minority.
        pub minority_small: f64 = 0.2, UNIT;
        /// Share of the room holding a low mark above which that group is large.
        pub minority_large: f64 = 0.8, UNIT;
        /// Chance that a member of average status votes with the room against their own opinion
        /// in an open vote (Asch: about a third of critical trials).
        pub conformity: f64 = 1.0 / 3.0, UNIT;
        /// How fast conformity falls with status: p_i = conformity·(1 − slope·(e_i − ē)), clamped.
        pub conformity_status: f64 = 1.0, COEFFICIENT;
        /// Chance that an opponent of average status blocks under consensus rather than stands aside.
        pub block: f64 = 0.3, UNIT;
        /// How fast blocking rises with status in an open meeting: p_i = block·(1 + slope·(e_i − ē)).
        pub block_status: f64 = 1.0, COEFFICIENT;
        /// Initial support x(0) of each member for an item (DESIGN §4.4).
        pub support: SupportParams = SupportParams::default(), Range::Group(<SupportParams as table::Table>::fields);
        /// What each facilitation rule does and costs (DESIGN §4.7).
        pub facilitation: FacilitationParams = FacilitationParams::default(), Range::Group(<FacilitationParams as table::Table>::fields);
    }

    /// β's multiplier for each decision rule when the lower-status group is a small minority
    /// (`[0]`) and when it is large (`[1]`); between the two it is interpolated on the group's
    /// share. Karpowitz, Mendelberg & Shaker (2012) found the gender gap in floor time gone under
    /// unanimity with few women and under majority rule with many.
    pub struct BetaCells {
        /// β's multiplier under majority rule with the lower-status group a small minority
        /// (`[0]`) and large (`[1]`), interpolated between.
        pub majority: [f64; 2] = [1.0, 0.0], Range::Real(0.0, 10.0);
        /// A block is a veto, as under unanimity, so it protects a small minority alike.
        pub consensus: [f64; 2] = [0.0, 1.0], Range::Real(0.0, 10.0);
        /// β's multiplier under unanimity, small minority and large.
        pub unanimity: [f64; 2] = [0.0, 1.0], Range::Real(0.0, 10.0);
    }

    /// x(0): the requester 1; each other member `base + by_priority[p] − scarcity·max(0,
    /// demand/pool − 1) + bond·b − prejudice·q + values·attitude − own_need·[own need unmet]`
    /// plus uniform noise in ±`noise`, clipped to [0, 1].
    pub struct SupportParams {
        /// Initial support of every member before the terms below.
        pub base: f64 = 0.5, UNIT;
        /// Added for an item of survival, health, livelihood, flourishing priority.
        pub by_priority: [f64; 4] = [0.30, 0.15, 0.10, 0.0], UNIT;
        /// Removed per unit of demand above the pool (demand/pool − 1).
        pub scarcity: f64 = 0.5, Range::Real(0.0, 10.0);
        /// Added per unit of bond to the requester.
        pub bond: f64 = 0.3, Range::Real(0.0, 10.0);
        /// Removed per unit of prejudice against the requester.
        pub prejudice: f64 = 0.7, Range::Real(0.0, 10.0);
        /// Weight of the member's attitude (−1 to 1) to the item's tags.
        pub values: f64 = 0.5, Range::Real(0.0, 10.0);
        /// Removed when the member's own need of the good is unmet.
        pub own_need: f64 = 0.15, Range::Real(0.0, 10.0);
        /// Uniform noise in ± this.
        pub noise: f64 = 0.05, UNIT;
    }

    /// Facilitation rules act on every channel status reaches; each costs meeting time.
    pub struct FacilitationParams {
        /// Progressive stack: β is multiplied by this (lower-status speakers first).
        pub stack_beta: f64 = 0.0, UNIT;
        /// Progressive stack: κ is multiplied by this (less deference to status).
        pub stack_kappa: f64 = 0.5, UNIT;
        /// Progressive stack: status differences in susceptibility are multiplied by this.
        pub stack_lambda: f64 = 0.5, UNIT;
        /// Timed rounds: no floor share above this many times an equal share (2 = 2/N).
        pub round_cap: f64 = 2.0, COEFFICIENT;
        /// Extra meeting time per item, in per cent: progressive stack, timed rounds, secret ballot.
        pub cost_pct: [u32; 3] = [10, 25, 10], UP_TO_1000;
    }

    /// Open exchange (DESIGN §5).
    pub struct MarketParams {
        /// Shouts per market day (the market's depth); a turn holds `policy.market_days` days.
        pub depth: u32 = 500, Range::Whole(0, 100_000);
        /// Highest price a seller may ask (ZI-C sellers ask between cost and this). Twice the
        /// highest first-unit value, as Gode & Sunder's 200 is about twice their top value.
        pub price_ceiling: u32 = 40, Range::Whole(1, 1_000_000);
        /// A buyer's value of the first unit at survival, health, livelihood, flourishing priority.
        pub first_unit_value: [u32; 4] = [20, 14, 8, 5], SCRIP;
        /// Each further unit is worth this fraction of the previous one.
        pub value_decay: f64 = 0.85, UNIT;
        /// Seller's cost of a unit: base cost × this ÷ skill.
        pub cost_factor: u32 = 3, UP_TO_1000;
        /// Each further unit a seller parts with costs this percentage more.
        pub cost_step_pct: u32 = 10, UP_TO_1000;
        /// How traders shout: `ZiC` (never at a loss) or `ZiU` (anywhere in the range).
        pub trader: TraderKind = TraderKind::ZiC, Range::Other;
        /// Labour each trader spends per market day, per-mille of their working time.
        pub day_cost_permille: u32 = 10, UP_TO_1000;
        /// What prejudice does in a trade: `Refuse` the counterpart, or charge them a `Premium`.
        pub discrimination: Discrimination = Discrimination::Refuse, Range::Other;
        /// Chance a prejudiced trader refuses a marked counterpart, per unit of prejudice strength.
        pub refusal_per_prejudice: f64 = 1.0, COEFFICIENT;
        /// With `Premium`: surcharge (seller) or demanded discount (buyer) at full prejudice, in per cent.
        pub premium_pct: u32 = 50, UP_TO_1000;
        /// Turns of one's needs, at reference prices, a member keeps in scrip before spending the
        /// rest on more of what they want (wants beyond those listed, at falling value).
        pub reserve_turns: u32 = 3, TURNS;
        /// What a seller asks at least for a unit spoilage will take before the next market, in
        /// per cent of the unit's cost rule (its salvage value).
        pub salvage_pct: u32 = 25, PERCENT;
        /// Consecutive turns of unfilled demand valued above a member's unit cost by
        /// `entry_margin_pct` before they may enter.
        pub entry_unfilled_turns: u32 = 2, TURNS;
        /// Consecutive turns the price must exceed a member's unit cost by `entry_margin_pct`.
        pub entry_price_turns: u32 = 4, TURNS;
        /// Margin of price over unit cost that signals a niche, in per cent.
        pub entry_margin_pct: u32 = 25, UP_TO_1000;
        /// Share of working time an entrepreneur moves into the new line, in per cent.
        pub entry_share_pct: u32 = 50, PERCENT;
        /// Turns an entrepreneur stays before leaving is considered.
        pub min_tenure: u32 = 6, TURNS;
        /// Consecutive turns a business must fail to pay before its owner leaves it.
        pub exit_idle_turns: u32 = 2, TURNS;
        /// A turn pays when something sold at a mean price at least this far above unit cost, in per cent.
        pub exit_margin_pct: u32 = 0, UP_TO_1000;
        /// Turns a meeting's refusal of a need is remembered (to mark businesses that serve it).
        pub refusal_memory: u32 = 12, TURNS;
        /// Scrip a business venue's operator must take from its good each turn to open or stay open.
        pub venue_revenue: u64 = 8, SCRIP;
        /// Consecutive paying turns before a closed business venue opens.
        pub venue_open_turns: u32 = 2, TURNS;
        /// Turns a failing venue stays open before it closes, unless its patrons rally.
        pub venue_grace_turns: u32 = 2, TURNS;
        /// Bond to the operator a member needs to join a rally.
        pub rally_min_bond: f64 = 0.2, UNIT;
        /// Largest share of their scrip a member gives in a rally, in per cent.
        pub rally_share_pct: u32 = 25, PERCENT;
    }

    /// Paid work: a labour market held before production, where members sell days of their
    /// working time to producers on traded lines (`docs/MODELS.md`, "Paid work").
    pub struct LabourParams {
        /// Days of work a member can sell per turn; each day is this fraction of their working
        /// time.
        pub days: u32 = 5, Range::Whole(1, 100);
        /// Labour's exponent α in a line's Cobb–Douglas output on its owner's fixed means: with
        /// hired time h beside the owner's own share s, the line makes skill·s·((s + h)/s)^α.
        pub labour_share: f64 = 2.0 / 3.0, UNIT;
    }

    /// Mutual aid (DESIGN §6): who is asked, how readily they give, and the community store.
    pub struct AidParams {
        /// How many hops a request may travel along bonds: 1 asks only one's own partners; 2 lets
        /// a partner who cannot give ask their own bonds on the asker's behalf (default 2; a
        /// prototype covered 39% of shortfalls with one hop and 68% with two); 0 asks nobody.
        pub reach: u32 = 2, Range::Whole(0, 100);
        /// Bonds weaker than this are not asked (default 0.05).
        pub min_bond: f64 = 0.05, UNIT;
        /// Readiness to give when asked, before bonds and prejudice (default 0.5). Readiness is the
        /// chance of honouring a request: `base + bond·w − prejudice·p`, clipped to [0, 1], with w
        /// the bond (the product of bonds along a relayed request) and p the giver's prejudice
        /// against the asker's marks.
        pub readiness_base: f64 = 0.5, UNIT;
        /// Readiness added per unit of bond strength (default 1.0: a bond of 0.5 always gives).
        pub readiness_bond: f64 = 1.0, COEFFICIENT;
        /// Readiness removed per unit of prejudice against the asker (default 1.0; meetings use 0.7
        /// for support, giving one's own goods is taken to be at least as biased).
        pub readiness_prejudice: f64 = 1.0, COEFFICIENT;
        /// Percentage of what a member holds above their need line, after gifts, that they leave
        /// at the community store when it is open (default 50).
        pub store_donation_pct: u32 = 50, PERCENT;
        /// Store shares issued per unit of shortfall at survival, health, livelihood and
        /// flourishing priority (default 4/3/2/1, the wellbeing weights).
        pub store_shares: [u32; 4] = [4, 3, 2, 1], UP_TO_1000;
        /// The chronicle says aid faltered when gifts cover less than this share of a good's
        /// shortfall (default 0.5).
        pub falter_below: f64 = 0.5, UNIT;
    }

    /// How bonds grow and fray (DESIGN §6, "bond rates"). The same whatever the regime, so that
    /// cohesion comparisons between regimes are fair. Each source of contact moves a pair at most
    /// once a turn (`engine::bonds::Touch`); a warm contact is slowed by the pair's prejudice,
    /// `rate · (1 − max(prejudice a→b, b→a))`. Defaults are a prototype's workable rates.
    pub struct BondParams {
        /// Added to a pair's bond by trading in a turn (weak ties; default 0.03).
        pub trade: f64 = 0.03, COEFFICIENT;
        /// Added by a gift (strong ties; default 0.05).
        pub gift: f64 = 0.05, COEFFICIENT;
        /// Added (agreement) or removed (conflict) per pair per meeting (default 0.005).
        pub meeting: f64 = 0.005, COEFFICIENT;
        /// Added to pairs of patrons of the same venue (default 0.01).
        pub venue: f64 = 0.01, COEFFICIENT;
        /// Added by a chance encounter, times (1 − prejudice) (default 0.02).
        pub encounter: f64 = 0.02, COEFFICIENT;
        /// Chance encounters per present member per turn (default 0.5).
        pub encounters_per_member: f64 = 0.5, COEFFICIENT;
        /// Removed when a member refuses a request they could have met (default 0.02).
        pub refusal: f64 = 0.02, COEFFICIENT;
        /// Every bond is multiplied by this each turn: neglect (default 0.97).
        pub decay: f64 = 0.97, UNIT;
        /// The bonds of a member who is not in the community are further multiplied by this each
        /// turn: isolation (default 0.8).
        pub absent_decay: f64 = 0.8, UNIT;
        /// Bonds below this are dropped (default 0.005).
        pub floor: f64 = 0.005, UNIT;
        /// How much a shared experience wears a prejudice down: each warm contact across a
        /// prejudice multiplies its strength by (1 − this) (default 0 = never; intergroup contact
        /// can reduce prejudice, but the game does not assume it).
        pub prejudice_erosion: f64 = 0.0, UNIT;
    }

    /// Hunger and the poverty trap (DESIGN §2, "deprivation").
    pub struct DeprivationParams {
        /// Hunger added by a turn with a survival need unmet.
        pub hunger_step: u32 = 1, UP_TO_1000;
        /// Hunger removed by a fed turn.
        pub recovery: u32 = 1, UP_TO_1000;
        /// Highest hunger level.
        pub max_hunger: u32 = 5, UP_TO_1000;
        /// Output lost per hunger level, in per cent.
        pub output_loss_pct: u32 = 15, PERCENT;
        /// Output never falls below this percentage.
        pub output_floor_pct: u32 = 40, PERCENT;
        /// Hunger at which a member is in crisis.
        pub crisis_hunger: u32 = 3, UP_TO_1000;
    }

    /// How needs met become wellbeing.
    pub struct WellbeingParams {
        /// Weight of each priority's needs met, survival first.
        pub weights: [f64; 4] = [4.0, 3.0, 2.0, 1.0], Range::Real(0.0, 1_000.0);
        /// Share of last turn's wellbeing kept (the rest is this turn's needs met).
        pub memory: f64 = 0.5, UNIT;
        /// Alkire–Foster poverty cutoff k: the weighted share of needs unmet that makes a member poor.
        pub poverty_cutoff: f64 = 1.0 / 3.0, UNIT;
    }

    /// How often storylets fire (DESIGN §7). Each draw weighs every storylet, so the draws a
    /// turn holds are bounded.
    pub struct EventParams {
        /// Draws of automatic storylets at the start of a turn.
        pub per_turn: u32 = 2, Range::Whole(0, 20);
        /// Draws of storylets with choices after a turn resolves.
        pub choices_per_turn: u32 = 1, Range::Whole(0, 5);
        /// Weight of "nothing happens" in every draw, against each storylet's own weight.
        pub quiet_weight: u32 = 10, SCRIP;
    }
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

no_numbers!(Discrimination, TraderKind);

impl TraderKind {
    pub fn name(self) -> &'static str {
        match self {
            TraderKind::ZiC => "ZI-C",
            TraderKind::ZiU => "ZI-U",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::table::{Num, Range, Table, find, out_of_range};
    use super::*;

    #[test]
    fn every_default_lies_in_its_range() {
        assert!(out_of_range(&Params::default(), "").is_empty());
    }

    #[test]
    fn every_number_has_a_bounded_range() {
        let mut n = 0;
        Params::default().each_number("", &mut |path, _, spec| {
            n += 1;
            assert!(
                matches!(spec.range, Range::Real(..) | Range::Whole(..)),
                "{path}"
            );
            assert!(!spec.meaning().is_empty(), "{path} has no doc");
        });
        assert!(n > 80, "only {n} numbers");
    }

    #[test]
    fn paths_find_their_field() {
        let root = Params::fields();
        assert_eq!(find(root, "market.depth").map(|s| s.name), Some("depth"));
        assert_eq!(
            find(root, "wellbeing.weights.3").map(|s| s.name),
            Some("weights")
        );
        assert!(find(root, "wellbeing.weights.4").is_none());
        assert!(find(root, "wellbeing.weights").is_none());
        assert!(find(root, "market.depth.0").is_none());
        assert!(find(root, "meeting.cells").is_none());
        assert!(find(root, "nowhere").is_none());
        let bad = {
            let mut p = Params::default();
            p.events.per_turn = 4_000_000_000;
            p.meeting.cells.majority[1] = f64::NAN;
            out_of_range(&p, "params")
        };
        let paths: Vec<&str> = bad.iter().map(|b| b.0.as_str()).collect();
        assert_eq!(
            paths,
            ["params.meeting.cells.majority.1", "params.events.per_turn"]
        );
        assert_eq!(bad[1].1, Num::Whole(4_000_000_000));
    }
}
