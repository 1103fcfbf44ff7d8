//! The mutable state of a game. Everything here is hashed after every turn, so it holds
//! only what the rules need: no history, no explanations (those are returned in reports).
//! What each institution and the storylets remember between turns has its own module.

pub mod aid;
pub mod events;
mod fits;
pub mod market;
pub mod wear;
pub mod workplace;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::engine::bonds::BondGraph;
use crate::engine::params::Params;
use crate::engine::policy::Policy;
use crate::engine::types::{GoodId, Mark, MemberId, Priority, Regime};
use crate::engine::world::World;

use aid::AidState;
use events::EventsState;
use market::MarketState;
use workplace::WorkplaceState;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct State {
    /// Turns completed so far; the turn being played is `turn + 1`.
    pub turn: u32,
    pub seed: u64,
    pub policy: Policy,
    pub params: Params,
    /// Indexed like the scenario's goods.
    pub goods: Vec<GoodState>,
    /// Indexed like the scenario's members; members who have not arrived or have left stay.
    pub members: Vec<MemberState>,
    pub bonds: BondGraph,
    /// Debts kept under account-keeping aid, and the community store's shares.
    pub aid: AidState,
    /// Indexed like the scenario's venues.
    pub venues: Vec<VenueState>,
    /// Flags set by storylets.
    pub flags: BTreeSet<String>,
    /// What the market institutions remember between turns (treasury, entrepreneurs, venues).
    pub market: MarketState,
    /// The game is over: no more turns.
    pub ended: bool,
    /// Storylets: choices waiting, what fired when, timed effects.
    pub events: EventsState,
    /// Indexed like the scenario's workplaces; not written (nor hashed) when there are none,
    /// so a scenario without keeps its state hashes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub workplaces: Vec<WorkplaceState>,
}

/// What a good's allocation looks like now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoodState {
    /// Units held in common.
    pub pool: u32,
    pub regime: Regime,
    /// Receives what `regime` leaves unmet.
    pub fallback: Option<Regime>,
    /// The last market price, if it has ever traded.
    pub last_price: Option<u32>,
    /// The pool's spoilage carried between turns, in thousandths of a unit.
    #[serde(default)]
    pub wear: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberState {
    pub present: bool,
    /// By dimension index.
    pub marks: Vec<Mark>,
    pub charisma: f64,
    pub dominance: f64,
    /// Units per turn at full time, by good.
    pub skills: Vec<u32>,
    /// Percentage of working time, by good.
    pub work: Vec<u32>,
    pub needs: Vec<NeedState>,
    pub wants: Vec<(GoodId, u32)>,
    pub interests: Vec<InterestState>,
    /// Units held, by good.
    pub holdings: Vec<u32>,
    pub scrip: u64,
    pub standing: f64,
    pub prejudices: Vec<PrejudiceState>,
    /// Attitudes toward tags, sorted by tag.
    pub values: Vec<(String, f64)>,
    pub enterprise: f64,
    /// 0–1, smoothed weighted share of needs met.
    pub wellbeing: f64,
    /// Turns of unmet survival needs, less fed turns (bounded).
    pub hunger: u32,
    /// Fractional production carried between turns, in thousandths of a unit, by good.
    pub progress: Vec<u32>,
    /// Working time spent in meetings and markets last turn, per-mille; it is not spent producing.
    pub time_spent_permille: u32,
    /// Spoilage and wear carried between turns, in thousandths of a unit, by good: a stock
    /// too small to lose a whole unit in one turn loses it over several.
    #[serde(default)]
    pub wear: Vec<u32>,
    /// What meetings did with the items this member brought, over the game.
    #[serde(default)]
    pub audit: Audit,
}

/// A member's meeting record over the game, for the bias audit: items brought and passed,
/// those that passed only because of status and floor time, and what decided each refusal.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audit {
    pub asked: u32,
    pub passed: u32,
    /// Passed, but would have failed in a room of equals.
    pub carried: u32,
    /// Refusals decided by each factor, by `Factor::index`.
    pub struck: [u32; 4],
    /// Refusals no single factor decided.
    pub jointly: u32,
    /// Refusals none of the factors decided: the room did not want it.
    pub merits: u32,
    /// Needs and interests the market or mutual aid left unmet, counted once a turn each.
    #[serde(default)]
    pub short: u32,
    /// Of those, the ones each barrier decided, by `Barrier::index` (a shortfall two
    /// barriers each decided counts under both).
    #[serde(default)]
    pub barred: [u32; 7],
    /// Shortfalls only barriers together decided.
    #[serde(default)]
    pub barred_jointly: u32,
    /// Shortfalls no barrier decided: the draws, or nobody to ask however weak the bond.
    #[serde(default)]
    pub unbarred: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeedState {
    pub good: GoodId,
    pub amount: u32,
    pub priority: Priority,
    pub label: String,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterestState {
    pub good: GoodId,
    pub amount: u32,
    pub purpose: String,
    pub priority: Priority,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrejudiceState {
    pub dimension: usize,
    pub against: Mark,
    pub strength: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VenueState {
    pub open: bool,
}

impl MemberState {
    /// How strongly this member is biased against `other` (the strongest matching prejudice).
    pub fn prejudice_against(&self, other: &MemberState) -> f64 {
        self.prejudices
            .iter()
            .filter(|p| other.marks.get(p.dimension) == Some(&p.against))
            .map(|p| p.strength)
            .fold(0.0, f64::max)
    }

    /// This member's attitude toward something tagged with `tags` (sum of values, clamped).
    /// Each tag's value is found by equality, not bisection: `values` is sorted with each tag
    /// once, so it is the same entry, and a member holds a few values whose tags mostly
    /// differ in length, which `==` compares before any byte. Out of line, as it was: inlined
    /// into the meeting's opinions it cost the meeting more than it saved.
    #[inline(never)]
    pub fn attitude(&self, tags: &[String]) -> f64 {
        let sum: f64 = tags
            .iter()
            .filter_map(|t| self.values.iter().find(|(k, _)| k == t).map(|v| v.1))
            .sum();
        sum.clamp(-1.0, 1.0)
    }

    /// Total units per turn this member needs of `good`.
    pub fn need_of(&self, good: GoodId) -> u32 {
        self.needs
            .iter()
            .filter(|n| n.good == good)
            .map(|n| n.amount)
            .fold(0u32, u32::saturating_add)
    }
}

impl State {
    /// The state at the start of a game.
    pub fn new(world: &World, seed: u64) -> State {
        let sc = &world.scenario;
        let n_goods = sc.goods.len();
        let per_good = |map: &std::collections::BTreeMap<String, u32>| {
            let mut v = vec![0u32; n_goods];
            for (id, n) in map {
                if let Some(g) = world.good(id) {
                    v[g] = *n;
                }
            }
            v
        };
        let members: Vec<MemberState> = sc
            .members
            .iter()
            .map(|m| {
                let skills = per_good(&m.skills);
                let mut work = per_good(&m.work);
                if work.iter().all(|&w| w == 0) {
                    // All the time on the best skill (the first of equals).
                    if let Some((best, _)) = skills
                        .iter()
                        .enumerate()
                        .filter(|(_, s)| **s > 0)
                        .max_by_key(|&(i, s)| (*s, std::cmp::Reverse(i)))
                    {
                        work[best] = 100;
                    }
                }
                let mut values: Vec<(String, f64)> =
                    m.values.iter().map(|(k, v)| (k.clone(), *v)).collect();
                values.sort_by(|a, b| a.0.cmp(&b.0));
                MemberState {
                    present: m.present,
                    marks: sc
                        .meta
                        .dimensions
                        .iter()
                        .map(|d| m.marks.get(&d.id).copied().unwrap_or_default())
                        .collect(),
                    charisma: m.charisma.clamp(0.0, 1.0),
                    dominance: m.dominance.clamp(0.0, 1.0),
                    skills,
                    work,
                    needs: m
                        .needs
                        .iter()
                        .filter_map(|n| {
                            Some(NeedState {
                                good: world.good(&n.good)?,
                                amount: n.amount,
                                priority: n.priority,
                                label: n.label.clone(),
                                tags: n.tags.clone(),
                            })
                        })
                        .collect(),
                    wants: m
                        .wants
                        .iter()
                        .filter_map(|w| Some((world.good(&w.good)?, w.amount)))
                        .collect(),
                    interests: m
                        .interests
                        .iter()
                        .filter_map(|i| {
                            Some(InterestState {
                                good: world.good(&i.good)?,
                                amount: i.amount,
                                purpose: i.purpose.clone(),
                                priority: i.priority,
                                tags: i.tags.clone(),
                            })
                        })
                        .collect(),
                    holdings: per_good(&m.holdings),
                    scrip: m.scrip,
                    standing: m.standing.clamp(0.0, 1.0),
                    prejudices: m
                        .prejudices
                        .iter()
                        .filter_map(|p| {
                            Some(PrejudiceState {
                                dimension: world.dimension(&p.dimension)?,
                                against: p.against,
                                strength: p.strength.clamp(0.0, 1.0),
                            })
                        })
                        .collect(),
                    values,
                    enterprise: m.enterprise.clamp(0.0, 1.0),
                    wellbeing: 1.0,
                    hunger: 0,
                    progress: vec![0; n_goods],
                    time_spent_permille: 0,
                    wear: vec![0; n_goods],
                    audit: Audit::default(),
                }
            })
            .collect();
        let mut bonds = BondGraph::new(members.len());
        for (a, b, w) in &sc.meta.bonds {
            if let (Some(a), Some(b)) = (world.member(a), world.member(b)) {
                bonds.set(a, b, *w);
            }
        }
        State {
            turn: 0,
            seed,
            policy: sc.meta.policy.clone(),
            params: sc.meta.params.clone(),
            goods: sc
                .goods
                .iter()
                .map(|g| GoodState {
                    pool: g.pool,
                    regime: g.regime,
                    fallback: g.fallback.filter(|f| *f != g.regime),
                    last_price: None,
                    wear: 0,
                })
                .collect(),
            members,
            bonds,
            aid: AidState::default(),
            venues: sc
                .meta
                .venues
                .iter()
                .map(|v| VenueState { open: v.open })
                .collect(),
            flags: BTreeSet::new(),
            market: MarketState::default(),
            ended: false,
            events: EventsState::new(sc.members.len()),
            workplaces: sc.meta.workplaces.iter().map(WorkplaceState::new).collect(),
        }
    }

    /// Indices of members currently in the community.
    pub fn present(&self) -> impl Iterator<Item = MemberId> + '_ {
        self.members
            .iter()
            .enumerate()
            .filter(|(_, m)| m.present)
            .map(|(i, _)| i)
    }

    /// Units of a good in the community: the pool plus every present member's holdings.
    pub fn stock(&self, good: GoodId) -> u64 {
        self.goods[good].pool as u64
            + self
                .members
                .iter()
                .filter(|m| m.present)
                .map(|m| m.holdings[good] as u64)
                .sum::<u64>()
    }
}
