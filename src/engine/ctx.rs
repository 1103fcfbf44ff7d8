//! What the turn's rules work on: the turn's context, and the claims on a good that
//! allocation hands each institution in turn.

use crate::engine::bonds::{self, Contact, Tone};
use crate::engine::market;
use crate::engine::report::{Reason, TurnReport};
use crate::engine::rng::{self, Stream};
use crate::engine::state::State;
use crate::engine::types::{MemberId, Priority, Regime};
use crate::engine::world::World;

/// What every phase of a turn works on.
pub struct TurnCtx<'a> {
    pub world: &'a World,
    pub state: &'a mut State,
    /// The turn being played (1 for the first).
    pub turn: u32,
    pub report: TurnReport,
    /// The goods market's working lists (`turn::Carry` keeps them between turns).
    pub market: market::Scratch,
}

impl<'a> TurnCtx<'a> {
    /// A context for playing turn `turn` (1 for the first) with an empty report, its lists
    /// of goods and members sized for every good and member.
    pub fn new(world: &'a World, state: &'a mut State, turn: u32) -> TurnCtx<'a> {
        TurnCtx::reusing(world, state, turn, TurnReport::default())
    }

    /// [`TurnCtx::new`], its report in the lists of a `spent` one (see `turn::Carry`),
    /// emptied: their room is kept, so a turn does not allocate and grow them afresh.
    pub fn reusing(
        world: &'a World,
        state: &'a mut State,
        turn: u32,
        spent: TurnReport,
    ) -> TurnCtx<'a> {
        let TurnReport {
            turn: _,
            labour: _,
            mut produced,
            mut goods,
            mut members,
            mut chronicle,
            mut bonds,
            metrics: _,
            hash: _,
        } = spent;
        produced.clear();
        goods.clear();
        goods.reserve(world.goods.len());
        members.clear();
        members.reserve(state.members.len());
        chronicle.clear();
        bonds.clear();
        let report = TurnReport {
            turn,
            produced,
            goods,
            members,
            chronicle,
            bonds,
            ..TurnReport::default()
        };
        TurnCtx {
            world,
            state,
            turn,
            report,
            market: market::Scratch::default(),
        }
    }

    /// This turn's random stream for subsystem `name`, split by `sub`.
    pub fn rng(&self, name: &str, sub: u64) -> Stream {
        rng::stream(self.state.seed, name, self.turn, sub)
    }

    /// Record a contact between `a` and `b` this turn. The social update applies it: each kind
    /// of contact moves a pair at most once a turn (by its rate in `params.bonds`, warm
    /// contacts slowed by prejudice). Contacts of a member with themself are ignored.
    pub fn touch(&mut self, a: MemberId, b: MemberId, contact: Contact, tone: Tone) {
        bonds::touch(&mut self.report.bonds, a, b, contact, tone);
    }
}

/// One member's shortfall of one need of the good being allocated.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub member: MemberId,
    /// Index into the member's `needs`.
    pub need: usize,
    pub priority: Priority,
    /// The shortfall when allocation began.
    pub wanted: u32,
    /// What is still unmet.
    pub remaining: u32,
    /// Units received, by institution.
    pub received: Received,
    pub why: Vec<Reason>,
}

impl Claim {
    /// Record that `units` reached this claim through `regime` (the goods move separately).
    pub fn fill(&mut self, regime: Regime, units: u32) {
        let units = units.min(self.remaining);
        if units == 0 {
            return;
        }
        self.remaining -= units;
        let r = &mut self.received;
        match r.each[..usize::from(r.len)]
            .iter_mut()
            .find(|(x, _)| *x == regime)
        {
            Some(entry) => entry.1 += units,
            None => {
                r.each[usize::from(r.len)] = (regime, units);
                r.len += 1;
            }
        }
    }
}

/// A claim's units received, by institution, in the order they first came: one entry a
/// regime at most, so they fit in place (no list allocated for every claim filled). Reads
/// as a slice.
#[derive(Clone, Copy, Default)]
pub struct Received {
    len: u8,
    each: [(Regime, u32); Regime::ALL.len()],
}

impl std::ops::Deref for Received {
    type Target = [(Regime, u32)];

    fn deref(&self) -> &Self::Target {
        &self.each[..usize::from(self.len)]
    }
}

impl PartialEq for Received {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl std::fmt::Debug for Received {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_never_exceeds_the_claim() {
        let mut c = Claim {
            member: 0,
            need: 0,
            priority: Priority::Survival,
            wanted: 3,
            remaining: 3,
            received: Received::default(),
            why: vec![],
        };
        c.fill(Regime::Commons, 2);
        c.fill(Regime::Aid, 5);
        assert_eq!(c.remaining, 0);
        assert_eq!(*c.received, [(Regime::Commons, 2), (Regime::Aid, 1)]);
    }
}
