//! What a turn did and why: explanations as data.
//!
//! The engine returns a `TurnReport` from every turn. It is not part of the hashed state;
//! the UI, the chronicle and headless play render it. Text comes from `describe` methods so
//! every front end words things the same way. Each institution's own record, and the
//! storylets', has its module here.

pub mod aid;
pub mod events;
pub mod labour;
pub mod market;
pub mod meeting;
pub mod verdict;
pub mod workplace;

use serde::{Deserialize, Serialize};

use crate::engine::bonds::Touch;
use crate::engine::metrics::Metrics;
use crate::engine::types::{GoodId, MemberId, Priority, Regime};
use crate::engine::world::World;

use aid::AidRecord;
use events::{Lapse, Offer, StoryRecord};
use labour::LabourRecord;
use market::{MarketEvent, MarketReason, MarketRecord};
use meeting::{Decision, MeetingRecord, Refusal};
use verdict::Verdict;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TurnReport {
    /// The turn this reports on (1 for the first).
    pub turn: u32,
    /// The labour market held before production: who worked for whom.
    #[serde(default)]
    pub labour: LabourRecord,
    pub produced: Vec<Production>,
    /// One entry per good, in allocation order.
    pub goods: Vec<GoodReport>,
    /// One entry per member present this turn.
    pub members: Vec<MemberReport>,
    /// Notable happenings, in the order they happened.
    pub chronicle: Vec<Entry>,
    /// Contacts between members this turn; once the social update has run, one per pair and
    /// kind, with the move it made.
    pub bonds: Vec<Touch>,
    pub metrics: Metrics,
    /// The state hash after the turn.
    pub hash: u64,
}

impl TurnReport {
    /// The market records of this turn, by good.
    pub fn market_records(&self) -> impl Iterator<Item = (GoodId, &MarketRecord)> {
        self.goods.iter().flat_map(|g| {
            g.layers.iter().filter_map(move |l| match &l.detail {
                LayerDetail::Market(r) => Some((g.good, &**r)),
                _ => None,
            })
        })
    }
}

/// Output of one member in one good.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Production {
    pub member: MemberId,
    pub good: GoodId,
    pub units: u32,
    /// Whether it went into the community pool (the good is held in common).
    pub to_pool: bool,
    /// Contribution credit paid for it, in scrip (0 unless the policy is on and it went into
    /// the pool).
    pub credit: u64,
    /// Of that credit, scrip newly issued because the treasury could not pay it.
    pub issued: u64,
}

/// How one good was allocated, layer by layer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoodReport {
    pub good: GoodId,
    pub layers: Vec<Layer>,
    /// Units of unmet need left after every layer.
    pub unmet: u32,
}

/// One institution's part in a good's allocation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Layer {
    pub regime: Regime,
    /// Whether this layer was the fallback.
    pub fallback: bool,
    /// Units of need this layer filled, by member.
    pub served: Vec<(MemberId, u32)>,
    pub detail: LayerDetail,
}

/// The institution's own record of what it did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LayerDetail {
    /// A consensus meeting (`Commons`): every item's deliberation and outcome.
    Meeting(Box<MeetingRecord>),
    /// Mutual aid: debts repaid, the community store, who asked whom and what came of it.
    Aid(Box<AidRecord>),
    /// An open market: trades, refusals, unfilled demand, entrepreneurs' entries and exits.
    Market(Box<MarketRecord>),
}

impl LayerDetail {
    /// The record in words, one line per happening.
    pub fn describe(&self, world: &World, good: GoodId) -> Vec<String> {
        match self {
            LayerDetail::Meeting(r) => r.describe(world),
            LayerDetail::Aid(r) => r.describe(world, good),
            LayerDetail::Market(r) => r.describe(world, good),
        }
    }
}

/// What one member needed, got and did not get this turn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberReport {
    pub member: MemberId,
    pub needs: Vec<NeedOutcome>,
    /// What the member's interests (uses of a good beyond need: printing a newsletter) got.
    #[serde(default)]
    pub interests: Vec<InterestOutcome>,
    /// Weighted share of needs met this turn (0–1).
    pub met: f64,
    pub wellbeing: f64,
    pub hunger: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeedOutcome {
    pub good: GoodId,
    pub priority: Priority,
    pub label: String,
    pub needed: u32,
    /// Units used (or, for durables, held) toward the need.
    pub met: u32,
    /// Units received this turn toward the need, by institution, in layer order.
    pub received: Vec<(Regime, u32)>,
    /// The good's fallback regime this turn, if it had one.
    #[serde(default)]
    pub fallback: Option<Regime>,
    /// Why it went unmet, when it did.
    pub why: Vec<Reason>,
}

/// One interest's turn: the units it asked for and the units the member could put to it,
/// from what they held once their needs were met.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterestOutcome {
    pub good: GoodId,
    pub purpose: String,
    pub wanted: u32,
    pub met: u32,
}

/// Why a need went (partly) unmet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Reason {
    /// The pool ran out before this claim was filled.
    PoolShort { pool: u32, claimed: u32 },
    /// The pool was empty.
    PoolEmpty,
    /// Mutual aid: the member had no bond strong enough to ask anyone.
    NoOneToAsk,
    /// Mutual aid: everyone asked within reach had nothing to spare above their own need
    /// line, or refused.
    AidShort {
        /// Members asked, directly or on the member's behalf.
        asked: u32,
        /// Those who could have given but refused.
        refused: Vec<MemberId>,
    },
    /// The meeting refused the request.
    Refused(Box<Refusal>),
    /// The market did not fill it.
    Market(MarketReason),
    /// What decided that the market or mutual aid left it unmet, found by taking each
    /// barrier away in turn.
    Barred { regime: Regime, verdict: Verdict },
}

/// A notable happening for the chronicle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Entry {
    /// A member went without a survival need.
    Hungry { member: MemberId, hunger: u32 },
    /// A member's hunger reached the crisis level.
    Crisis { member: MemberId, hunger: u32 },
    /// A member who was in crisis is fed again.
    Recovered { member: MemberId },
    /// A member's shortfall was met, wholly or partly, by gifts along their bonds.
    Carried {
        member: MemberId,
        good: GoodId,
        units: u32,
        /// What the gifts were worth at the last market price (else base cost).
        value: u64,
        givers: Vec<MemberId>,
    },
    /// A member refused a request for a good they had to spare: a partner of the asker's, or
    /// anyone prejudiced against them.
    AidRefused {
        giver: MemberId,
        asker: MemberId,
        good: GoodId,
        /// The giver's readiness to give (the chance they would have).
        readiness: f64,
    },
    /// A member in need had nobody to ask.
    NoOneToAsk { member: MemberId, good: GoodId },
    /// Gifts covered less than `params.aid.falter_below` of a good's shortfall, and at least
    /// two members went without.
    AidFaltered {
        good: GoodId,
        short: u32,
        covered: u32,
    },
    /// A layered good: which layer served whom (only when the fallback served someone).
    Layered(Box<Layered>),
    /// A meeting refused a request, or decided a proposal.
    Meeting(Box<Decision>),
    /// Something notable at market: a shut-out, a refusal, an entrepreneur, a venue.
    Market(MarketEvent),
    /// A workplace's turn: who worked or struck, what was paid and made, who took it.
    Workplace(Box<workplace::Shift>),
    /// A storylet fired (or its choice was applied), with what it did.
    Storylet(Box<StoryRecord>),
    /// A storylet waits for the player's choice before the next turn ends.
    Offered(Box<Offer>),
    /// A storylet's timed effect ran out.
    Lapsed(Box<Lapse>),
}

/// Who each layer of a layered good served this turn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Layered {
    pub good: GoodId,
    pub first: Regime,
    pub fallback: Regime,
    /// Units of need the first institution filled, by member.
    pub by_first: Vec<(MemberId, u32)>,
    /// Units of need the fallback filled, by member.
    pub by_fallback: Vec<(MemberId, u32)>,
    /// Units of need still unmet after both.
    pub unmet: u32,
}

impl Layered {
    /// "grain (Exchange → Aid): Exchange served Brad 2, Dale 1; the Aid fallback served Tom 2;
    /// 1 unit still unmet".
    pub fn describe(&self, world: &World) -> String {
        let list = |v: &[(MemberId, u32)]| {
            if v.is_empty() {
                "nobody".to_string()
            } else {
                v.iter()
                    .map(|&(m, u)| format!("{} {u}", world.member_name(m)))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        let mut s = format!(
            "{} ({} → {}): {} served {}; the {} fallback served {}",
            world.good_name(self.good),
            self.first,
            self.fallback,
            self.first,
            list(&self.by_first),
            self.fallback,
            list(&self.by_fallback)
        );
        if self.unmet > 0 {
            s.push_str(&format!("; {} still unmet", self.unmet));
        }
        s
    }
}

impl Reason {
    pub fn describe(&self, world: &World, good: GoodId) -> String {
        let g = world.good_name(good);
        match self {
            Reason::PoolShort { pool, claimed } => {
                format!("the {g} pool held {pool} against {claimed} claimed")
            }
            Reason::PoolEmpty => format!("the {g} pool was empty"),
            Reason::NoOneToAsk => format!("nobody to ask for {g}: no bonds strong enough"),
            Reason::AidShort { asked, refused } => {
                let mut s = format!("asked {asked} for {g}; nobody had enough to spare");
                if !refused.is_empty() {
                    let names: Vec<&str> = refused.iter().map(|&m| world.member_name(m)).collect();
                    s = format!(
                        "asked {asked} for {g}; {} refused, the rest had nothing to spare",
                        names.join(", ")
                    );
                }
                s
            }
            Reason::Refused(r) => format!("the meeting refused it: {}", r.describe(world)),
            Reason::Market(why) => why.describe(world, good),
            Reason::Barred { regime, verdict } => verdict.describe(*regime),
        }
    }
}

impl NeedOutcome {
    /// "grain (survival): 2 of 3 — the grain pool held 4 against 9 claimed".
    pub fn describe(&self, world: &World) -> String {
        let what = if self.label.is_empty() {
            world.good_name(self.good).to_string()
        } else {
            format!("{} for {}", world.good_name(self.good), self.label)
        };
        let mut s = format!(
            "{what} ({}): {} of {}",
            self.priority, self.met, self.needed
        );
        let why: Vec<String> = self
            .why
            .iter()
            .map(|r| r.describe(world, self.good))
            .collect();
        if let Some(f) = self.fallback
            && self.received.iter().any(|&(r, u)| r == f && u > 0)
        {
            let layers: Vec<String> = self
                .received
                .iter()
                .filter(|&&(_, u)| u > 0)
                .map(|&(r, u)| {
                    if r == f {
                        format!("{u} from the {r} fallback")
                    } else {
                        format!("{u} through {r}")
                    }
                })
                .collect();
            s.push_str(&format!(" ({})", layers.join(", ")));
        }
        if self.met < self.needed && !why.is_empty() {
            s.push_str(" — ");
            s.push_str(&why.join("; "));
        }
        s
    }
}

impl Entry {
    pub fn describe(&self, world: &World) -> String {
        match self {
            Entry::Hungry { member, hunger } => format!(
                "{} went without food {} needed (hunger {hunger})",
                world.member_name(*member),
                crate::engine::world::scenario::pronouns(&world.scenario.members[*member].pronouns)
                    .0
            ),
            Entry::Crisis { member, hunger } => format!(
                "{} is in crisis: hunger {hunger}, output falling — caught in the poverty trap",
                world.member_name(*member)
            ),
            Entry::Market(e) => e.describe(world),
            Entry::Recovered { member } => {
                format!(
                    "{} is eating again and recovering",
                    world.member_name(*member)
                )
            }
            Entry::Carried {
                member,
                good,
                units,
                value,
                givers,
            } => {
                let names: Vec<&str> = givers.iter().map(|&m| world.member_name(m)).collect();
                format!(
                    "{} was carried by {}: {units} {} (worth {value})",
                    world.member_name(*member),
                    names.join(" and "),
                    world.good_name(*good)
                )
            }
            Entry::AidRefused {
                giver,
                asker,
                good,
                readiness,
            } => format!(
                "{} refused {}'s request for {} they could spare (readiness {:.2})",
                world.member_name(*giver),
                world.member_name(*asker),
                world.good_name(*good),
                readiness
            ),
            Entry::NoOneToAsk { member, good } => format!(
                "{} needed {} and had nobody to ask",
                world.member_name(*member),
                world.good_name(*good)
            ),
            Entry::AidFaltered {
                good,
                short,
                covered,
            } => format!(
                "mutual aid faltered: gifts covered {covered} of {short} {} short — too few had any to spare",
                world.good_name(*good)
            ),
            Entry::Layered(l) => l.describe(world),
            Entry::Meeting(d) => d.describe(world),
            Entry::Workplace(w) => w.describe(world),
            Entry::Storylet(r) => r.describe(world),
            Entry::Offered(o) => o.describe(),
            Entry::Lapsed(l) => l.describe(world),
        }
    }
}
