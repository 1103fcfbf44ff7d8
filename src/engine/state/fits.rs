//! Whether a state read from outside (a save's keyframe) fits its world: every list indexed
//! by member, good, venue or dimension of the right length, every index in range, every
//! parameter within its documented range and every quantity within the content limits. The
//! rules index freely, so a keyframe a hostile save built to match its own recomputed hashes
//! must not reach them unless it fits.

use crate::engine::params::Params;
use crate::engine::params::table::{Num, Table, find, out_of_range};
use crate::engine::state::State;
use crate::engine::world::World;

/// The largest quantity of a need, want or interest (as `content::limits::MAX_QUANTITY`).
const MAX_QUANTITY: u32 = 100_000;

impl State {
    /// The first way this state does not fit `world`, if there is one.
    pub fn misfit(&self, world: &World) -> Option<String> {
        let sc = &world.scenario;
        let (members, goods) = (sc.members.len(), sc.goods.len());
        let (venues, dims) = (sc.meta.venues.len(), sc.meta.dimensions.len());
        let params = out_of_range(&self.params, "params")
            .into_iter()
            .chain(out_of_range(&self.policy, "policy"));
        if let Some((path, value, spec)) = params.into_iter().next() {
            return Some(format!("`{path}` is {value}; expected {}", spec.range));
        }
        let lengths = [
            ("goods", self.goods.len(), goods),
            ("members", self.members.len(), members),
            ("venues", self.venues.len(), venues),
            ("bonds", self.bonds.len(), members),
            ("streaks", self.events.streaks.len(), members),
        ];
        if let Some((what, have, want)) = lengths.iter().find(|(_, h, w)| h != w) {
            return Some(format!("{have} {what} where the content has {want}"));
        }
        if !self.bonds.fits() {
            return Some("a bond names no member or is not a number from 0 to 1".into());
        }
        let good = |g: usize| g < goods;
        let member = |m: usize| m < members;
        for (i, m) in self.members.iter().enumerate() {
            let per_good = [&m.skills, &m.work, &m.holdings, &m.progress];
            let bounded = |q: u32| q <= MAX_QUANTITY;
            let fits = m.marks.len() == dims
                && per_good.iter().all(|v| v.len() == goods)
                && m.needs.iter().all(|n| good(n.good) && bounded(n.amount))
                && m.wants.iter().all(|&(g, a)| good(g) && bounded(a))
                && m.interests
                    .iter()
                    .all(|x| good(x.good) && bounded(x.amount))
                && m.prejudices
                    .iter()
                    .all(|p| p.dimension < dims && unit(p.strength))
                && [
                    m.charisma,
                    m.dominance,
                    m.standing,
                    m.enterprise,
                    m.wellbeing,
                ]
                .into_iter()
                .all(unit)
                && m.values.iter().all(|v| v.1.is_finite());
            if !fits {
                return Some(format!("member {i} does not fit the content"));
            }
        }
        let market = &self.market;
        let fits = market.signals.len() <= members * goods
            && market.venues.len() <= venues
            && market.refused.iter().all(|r| member(r.0))
            && market.ventures.iter().all(|v| {
                member(v.member)
                    && good(v.good)
                    && v.prior.len() <= goods
                    && v.served.iter().all(|&m| member(m))
            })
            && self.aid.store.shares.len() <= members
            && self
                .aid
                .debts
                .iter()
                .all(|d| member(d.debtor) && member(d.creditor) && good(d.good))
            && self.events.streaks.iter().flatten().all(|s| good(s.good))
            && self
                .events
                .pending
                .iter()
                .flat_map(|p| p.roles.iter().flat_map(|r| &r.1))
                .all(|&m| member(m))
            && self
                .events
                .timers
                .iter()
                .all(|t| timer_fits(&t.what, members, goods));
        (!fits).then(|| "the market, aid or storylet records do not fit the content".into())
    }
}

fn unit(v: f64) -> bool {
    (0.0..=1.0).contains(&v)
}

fn timer_fits(t: &crate::engine::state::events::Timed, members: usize, goods: usize) -> bool {
    use crate::engine::state::events::Timed;
    match t {
        Timed::Flag(_) => true,
        Timed::Need {
            member,
            good,
            amount,
            ..
        } => *member < members && *good < goods && *amount <= MAX_QUANTITY,
        Timed::Output {
            members: who, good, ..
        } => who.iter().flatten().all(|&m| m < members) && good.is_none_or(|g| g < goods),
        Timed::Param { path, old } => {
            find(Params::fields(), path).is_some_and(|s| s.range.admits(Num::Real(*old)))
        }
    }
}
