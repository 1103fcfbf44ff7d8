//! Evaluating a storylet's conditions on a state. Pure; an id that does not resolve (which
//! validation rules out) makes its condition false rather than panicking.

use rand::RngExt;

use crate::engine::metrics::TIE;
use crate::engine::rng;
use crate::engine::state::State;
use crate::engine::types::MemberId;
use crate::engine::world::World;
use crate::engine::world::story::{Cond, Has};

/// What a condition is evaluated against: the world, the state and the roles bound so far.
#[derive(Clone, Copy)]
pub struct Scope<'a> {
    pub world: &'a World,
    pub state: &'a State,
    pub roles: &'a [(String, Vec<MemberId>)],
}

impl<'a> Scope<'a> {
    /// The turn about to be played.
    pub fn now(&self) -> u32 {
        self.state.turn + 1
    }

    /// The members a name stands for: a bound role, else a member id.
    pub fn members(&self, who: &str) -> &'a [MemberId] {
        match self.roles.iter().find(|(r, _)| r == who) {
            Some((_, ms)) => ms,
            None => self.world.member_slice(who),
        }
    }
}

/// The turn an `Opens(from, to)` window opens in the game of `seed`: uniform over the
/// window, from its own stream (keyed by the window, so storylets that share a window open
/// together, as a season would).
pub fn opening(seed: u64, from: u32, to: u32) -> u32 {
    if to <= from {
        return from;
    }
    from + rng::stream(seed, "opens", from, to as u64).random_range(0..=to - from)
}

/// Whether `c` holds.
pub fn holds(c: &Cond, s: &Scope) -> bool {
    let st = s.state;
    let good = |id: &str| s.world.good(id);
    match c {
        Cond::All(cs) => cs.iter().all(|c| holds(c, s)),
        Cond::Any(cs) => cs.iter().any(|c| holds(c, s)),
        Cond::Not(c) => !holds(c, s),
        Cond::TurnAtLeast(n) => s.now() >= *n,
        Cond::TurnAtMost(n) => s.now() <= *n,
        // Drawn only inside the window: before it the answer is no, after it yes.
        Cond::Opens(from, to) => {
            let now = s.now();
            now >= *from && (now > *to || now >= opening(st.seed, *from, *to))
        }
        Cond::StockBelow(g, n) => good(g).is_some_and(|g| st.stock(g) < *n),
        Cond::StockAbove(g, n) => good(g).is_some_and(|g| st.stock(g) > *n),
        Cond::PriceAbove(g, n) => good(g)
            .and_then(|g| st.goods[g].last_price)
            .is_some_and(|p| p > *n),
        Cond::PriceBelow(g, n) => good(g)
            .and_then(|g| st.goods[g].last_price)
            .is_some_and(|p| p < *n),
        Cond::RegimeIs(g, r) => good(g).is_some_and(|g| st.goods[g].regime == *r),
        Cond::MemberHas(who, test) => {
            let ms = s.members(who);
            !ms.is_empty() && ms.iter().all(|&m| has(test, m, s))
        }
        Cond::BondAbove(a, b, w) => {
            let (a, b) = (s.members(a), s.members(b));
            let mut pairs = a
                .iter()
                .flat_map(|&x| b.iter().map(move |&y| (x, y)))
                .filter(|(x, y)| x != y)
                .peekable();
            pairs.peek().is_some() && pairs.all(|(x, y)| st.bonds.get(x, y) > *w)
        }
        Cond::FlagSet(f) => st.flags.contains(f),
        Cond::MetricBelow(name, v) => metric(s, name).is_some_and(|x| x < *v),
        Cond::MetricAbove(name, v) => metric(s, name).is_some_and(|x| x > *v),
        Cond::VenueOpen(id) => venue(s, id).is_some_and(|v| st.venues[v].open),
        Cond::WorkplaceOpen(id) => workplace(s, id).is_some_and(|w| st.workplaces[w].open),
        Cond::RunBy(id, by) => workplace(s, id).is_some_and(|w| st.workplaces[w].run_by == *by),
        Cond::Striking(id) => workplace(s, id).is_some_and(|w| st.workplaces[w].struck),
        Cond::VenueStruggling(id) => venue(s, id).is_some_and(|v| {
            st.venues[v].open && st.market.venues.get(v).is_some_and(|b| b.failing > 0)
        }),
        Cond::MeetingsUse(f) => {
            let fac = &st.policy.facilitation;
            match f.as_str() {
                "progressive_stack" => fac.progressive_stack,
                "timed_rounds" => fac.timed_rounds,
                "secret_ballot" => fac.secret_ballot,
                _ => false,
            }
        }
    }
}

/// Index of a venue by id, if the state has it.
fn venue(s: &Scope, id: &str) -> Option<usize> {
    s.world
        .scenario
        .meta
        .venues
        .iter()
        .position(|v| v.id == id)
        .filter(|&v| v < s.state.venues.len())
}

/// Index of a workplace by id, if the state has it.
fn workplace(s: &Scope, id: &str) -> Option<usize> {
    s.world
        .workplace(id)
        .filter(|&w| w < s.state.workplaces.len())
}

fn metric(s: &Scope, name: &str) -> Option<f64> {
    s.state.events.metrics.as_ref()?.get(name)
}

/// Whether member `m` passes `test`.
pub fn has(test: &Has, m: MemberId, s: &Scope) -> bool {
    let Some(mem) = s.state.members.get(m) else {
        return false;
    };
    let good = |id: &str| s.world.good(id);
    match test {
        Has::Present => mem.present,
        Has::OneOf(ids) => ids.iter().any(|id| s.world.member(id) == Some(m)),
        Has::Mark(dim, mark) => s
            .world
            .dimension(dim)
            .is_some_and(|d| mem.marks.get(d) == Some(mark)),
        Has::Need(g) => good(g).is_some_and(|g| mem.need_of(g) > 0),
        Has::Asks(g) => good(g).is_some_and(|g| {
            mem.need_of(g) > 0 || mem.interests.iter().any(|i| i.good == g && i.amount > 0)
        }),
        Has::Want(g) => good(g).is_some_and(|g| mem.wants.iter().any(|w| w.0 == g && w.1 > 0)),
        Has::Skill(g, n) => good(g).is_some_and(|g| mem.skills[g] >= *n),
        Has::Works(g) => good(g).is_some_and(|g| mem.work[g] > 0 && mem.skills[g] > 0),
        Has::Holds(g, n) => good(g).is_some_and(|g| mem.holdings[g] >= *n),
        Has::ScripAtLeast(n) => mem.scrip >= *n,
        Has::ScripBelow(n) => mem.scrip < *n,
        Has::StandingAbove(v) => mem.standing > *v,
        Has::StandingBelow(v) => mem.standing < *v,
        Has::WellbeingBelow(v) => mem.wellbeing < *v,
        Has::HungerAtLeast(n) => mem.hunger >= *n,
        Has::InCrisis => mem.hunger >= s.state.params.deprivation.crisis_hunger,
        Has::Unmet(g, n) => good(g)
            .and_then(|g| s.state.events.streak(m, g))
            .is_some_and(|st| st.unmet >= *n),
        Has::Met(g, n) => good(g)
            .and_then(|g| s.state.events.streak(m, g))
            .is_some_and(|st| st.met >= *n),
        Has::Ties(n) => {
            let ties = s
                .state
                .bonds
                .neighbours(m)
                .filter(|&(b, w)| w >= TIE && s.state.members.get(b).is_some_and(|x| x.present))
                .count();
            ties >= *n as usize
        }
    }
}

#[cfg(test)]
mod opening_tests {
    use super::opening;

    #[test]
    fn a_window_opens_within_itself_on_a_month_the_seed_draws() {
        let turns: Vec<u32> = (0..200).map(|seed| opening(seed, 12, 18)).collect();
        assert!(turns.iter().all(|t| (12..=18).contains(t)));
        // Every month of the window comes up, and the same seed always gives the same one.
        for m in 12..=18 {
            assert!(turns.contains(&m), "month {m} never drawn");
        }
        assert_eq!(opening(7, 12, 18), opening(7, 12, 18));
        assert_eq!(opening(7, 5, 5), 5);
        assert_eq!(
            opening(7, 9, 3),
            9,
            "a window written backwards opens at its start"
        );
    }
}
