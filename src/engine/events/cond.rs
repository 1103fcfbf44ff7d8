//! Evaluating a storylet's conditions on a state. Pure; an id that does not resolve (which
//! validation rules out) makes its condition false rather than panicking.

use crate::content::story::{Cond, Has};
use crate::engine::metrics::TIE;
use crate::engine::state::State;
use crate::engine::types::MemberId;
use crate::engine::world::World;

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
        Cond::VenueStruggling(id) => venue(s, id).is_some_and(|v| {
            st.venues[v].open && st.market.venues.get(v).is_some_and(|b| b.failing > 0)
        }),
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
mod tests {
    use super::*;
    use crate::content::story::Cond::*;
    use crate::content::{self, load};
    use crate::engine::metrics::Metrics;
    use crate::engine::types::{Mark, Regime};

    fn world() -> World {
        let sources = content::embedded("riverside").unwrap();
        World::new(load::load(&sources).unwrap().scenario).unwrap()
    }

    fn check(w: &World, st: &State, roles: &[(String, Vec<MemberId>)], c: &Cond) -> bool {
        holds(
            c,
            &Scope {
                world: w,
                state: st,
                roles,
            },
        )
    }

    fn s(x: &str) -> String {
        x.to_string()
    }

    #[test]
    fn trees_turns_stocks_prices_and_regimes() {
        let w = world();
        let mut st = State::new(&w, 1);
        st.turn = 9; // turn 10 is about to be played
        let none = [];
        assert!(check(&w, &st, &none, &All(vec![])));
        assert!(!check(&w, &st, &none, &Any(vec![])));
        assert!(check(&w, &st, &none, &TurnAtLeast(10)));
        assert!(!check(&w, &st, &none, &TurnAtLeast(11)));
        assert!(check(&w, &st, &none, &TurnAtMost(10)));
        assert!(!check(
            &w,
            &st,
            &none,
            &All(vec![TurnAtLeast(10), TurnAtMost(9)])
        ));
        assert!(check(
            &w,
            &st,
            &none,
            &Any(vec![TurnAtLeast(11), TurnAtMost(10)])
        ));
        assert!(check(&w, &st, &none, &Not(Box::new(TurnAtLeast(11)))));
        let grain = w.good("grain").unwrap();
        let stock = st.stock(grain);
        assert!(check(&w, &st, &none, &StockBelow(s("grain"), stock + 1)));
        assert!(!check(&w, &st, &none, &StockBelow(s("grain"), stock)));
        assert!(check(&w, &st, &none, &StockAbove(s("grain"), stock - 1)));
        // A good that never traded has no price: neither above nor below.
        assert!(!check(&w, &st, &none, &PriceAbove(s("grain"), 0)));
        assert!(!check(&w, &st, &none, &PriceBelow(s("grain"), 1000)));
        st.goods[grain].last_price = Some(9);
        assert!(check(&w, &st, &none, &PriceAbove(s("grain"), 8)));
        assert!(!check(&w, &st, &none, &PriceAbove(s("grain"), 9)));
        assert!(check(&w, &st, &none, &PriceBelow(s("grain"), 10)));
        assert!(check(
            &w,
            &st,
            &none,
            &RegimeIs(s("grain"), Regime::Commons)
        ));
        assert!(!check(
            &w,
            &st,
            &none,
            &RegimeIs(s("tools"), Regime::Commons)
        ));
        // Unknown ids are false, never a panic.
        assert!(!check(&w, &st, &none, &StockAbove(s("gold"), 0)));
        assert!(!check(
            &w,
            &st,
            &none,
            &MemberHas(s("nobody"), Has::Present)
        ));
    }

    #[test]
    fn members_roles_bonds_flags_metrics_and_venues() {
        let w = world();
        let mut st = State::new(&w, 1);
        let none = [];
        let (ava, tom, yusuf) = (
            w.member("ava").unwrap(),
            w.member("tom").unwrap(),
            w.member("yusuf").unwrap(),
        );
        let has = |st: &State, who: &str, h: Has| check(&w, st, &none, &MemberHas(s(who), h));
        assert!(has(&st, "ava", Has::Present));
        assert!(!has(&st, "yusuf", Has::Present));
        assert!(has(&st, "ava", Has::Mark(s("trans"), Mark::Low)));
        assert!(!has(&st, "brad", Has::Mark(s("trans"), Mark::Low)));
        assert!(has(&st, "tom", Has::Need(s("medicine"))));
        assert!(!has(&st, "tom", Has::Skill(s("grain"), 1)));
        assert!(has(&st, "dale", Has::Skill(s("grain"), 9)));
        assert!(has(&st, "dale", Has::Works(s("grain"))));
        assert!(has(&st, "ava", Has::Want(s("coffee"))));
        assert!(has(&st, "ava", Has::ScripAtLeast(12)));
        assert!(has(&st, "ava", Has::ScripBelow(13)));
        assert!(has(&st, "ava", Has::StandingBelow(0.41)));
        assert!(has(&st, "brad", Has::StandingAbove(0.79)));
        assert!(has(&st, "hank", Has::OneOf(vec![s("eli"), s("hank")])));
        assert!(!has(&st, "ava", Has::InCrisis));
        st.members[tom].hunger = 3;
        assert!(has(&st, "tom", Has::InCrisis));
        assert!(has(&st, "tom", Has::HungerAtLeast(3)));
        assert!(!has(&st, "tom", Has::HungerAtLeast(4)));
        // Streaks: unmet and met runs.
        let med = w.good("medicine").unwrap();
        st.events.streaks[ava] = vec![crate::engine::events::Streak {
            good: med,
            met: 0,
            unmet: 2,
        }];
        assert!(has(&st, "ava", Has::Unmet(s("medicine"), 2)));
        assert!(!has(&st, "ava", Has::Unmet(s("medicine"), 3)));
        assert!(!has(&st, "ava", Has::Met(s("medicine"), 1)));
        // Ties count bonds of at least TIE with members present.
        assert!(has(&st, "ava", Has::Ties(3)));
        st.bonds.set(ava, yusuf, 0.5);
        assert!(!has(&st, "ava", Has::Ties(4)), "an absent member is no tie");
        // A role stands for its members; a role of several must all pass.
        let roles = vec![(s("who"), vec![tom]), (s("pair"), vec![ava, tom])];
        assert!(check(&w, &st, &roles, &MemberHas(s("who"), Has::InCrisis)));
        assert!(!check(
            &w,
            &st,
            &roles,
            &MemberHas(s("pair"), Has::InCrisis)
        ));
        assert!(check(
            &w,
            &st,
            &roles,
            &MemberHas(s("pair"), Has::Need(s("medicine")))
        ));
        assert!(!check(
            &w,
            &st,
            &roles,
            &BondAbove(s("pair"), s("pair"), 0.0)
        ));
        st.bonds.set(ava, tom, 0.2);
        assert!(check(
            &w,
            &st,
            &roles,
            &BondAbove(s("pair"), s("pair"), 0.1)
        ));
        assert!(check(&w, &st, &none, &BondAbove(s("ava"), s("lou"), 0.5)));
        assert!(!check(&w, &st, &none, &BondAbove(s("ava"), s("lou"), 0.6)));
        // Flags, metrics (none before the first turn) and venues.
        assert!(!check(&w, &st, &none, &FlagSet(s("drought"))));
        st.flags.insert(s("drought"));
        assert!(check(&w, &st, &none, &FlagSet(s("drought"))));
        assert!(!check(&w, &st, &none, &MetricBelow(s("survival_met"), 2.0)));
        st.events.metrics = Some(Metrics {
            survival_met: 0.5,
            ..Metrics::default()
        });
        assert!(check(&w, &st, &none, &MetricBelow(s("survival_met"), 0.6)));
        assert!(!check(&w, &st, &none, &MetricAbove(s("survival_met"), 0.6)));
        assert!(!check(
            &w,
            &st,
            &none,
            &MetricAbove(s("no_such_metric"), -1.0)
        ));
        assert!(check(&w, &st, &none, &VenueOpen(s("grange"))));
        assert!(!check(&w, &st, &none, &VenueOpen(s("grounds"))));
        let grounds = 1;
        st.venues[grounds].open = true;
        st.market.venues = vec![Default::default(); 2];
        assert!(!check(&w, &st, &none, &VenueStruggling(s("grounds"))));
        st.market.venues[grounds].failing = 1;
        assert!(check(&w, &st, &none, &VenueStruggling(s("grounds"))));
        st.venues[grounds].open = false;
        assert!(!check(&w, &st, &none, &VenueStruggling(s("grounds"))));
    }
}
