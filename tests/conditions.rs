//! Storylet conditions on Riverside's own world: whether they hold (`events::cond`) and, when
//! they do not, what would open them in words (`events::words`).

use agora::content::{self, load};
use agora::engine::events::cond::{Scope, holds};
use agora::engine::events::words::missing;
use agora::engine::metrics::Metrics;
use agora::engine::state::State;
use agora::engine::types::{Mark, MemberId, Regime};
use agora::engine::world::World;
use agora::engine::world::story::Cond::{self, *};
use agora::engine::world::story::Has;

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
    st.events.streaks[ava] = vec![agora::engine::state::events::Streak {
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

#[test]
fn a_closed_choice_says_what_it_waits_for() {
    let w = world();
    let mut st = State::new(&w, 1);
    st.turn = 3;
    let roles = vec![(
        s("pair"),
        vec![w.member("ava").unwrap(), w.member("lou").unwrap()],
    )];
    let scope = Scope {
        world: &w,
        state: &st,
        roles: &roles,
    };
    let why = |c: &Cond| missing(c, &scope);
    assert_eq!(why(&RegimeIs(s("grain"), Regime::Commons)), None);
    assert_eq!(
        why(&RegimeIs(s("tools"), Regime::Commons)).as_deref(),
        Some("opens when tools is shared by Commons")
    );
    assert_eq!(
        why(&Not(Box::new(RegimeIs(s("grain"), Regime::Commons)))).as_deref(),
        Some("opens when grain is shared some other way than Commons")
    );
    // Of an All, the first part that fails; an Any lists its ways.
    assert_eq!(
        why(&All(vec![
            TurnAtLeast(2),
            TurnAtLeast(9),
            FlagSet(s("drought"))
        ]))
        .as_deref(),
        Some("opens when it is month 9 or later")
    );
    assert_eq!(
        why(&Any(vec![FlagSet(s("drought")), TurnAtMost(2)])).as_deref(),
        // A flag is named by the storylet that sets it, never by its id.
        Some("opens when either “The dry summer” has happened or it is month 2 or earlier")
    );
    // De Morgan inside a Not; members by name, roles of several joined.
    assert_eq!(
        why(&Not(Box::new(Any(vec![
            TurnAtLeast(2),
            FlagSet(s("seed-eaten"))
        ]))))
        .as_deref(),
        Some(
            "opens when it is before month 2 and “The seed grain” has not been answered “Share \
             it out now” or “Frank sells it at the drought price”"
        )
    );
    assert_eq!(
        why(&MemberHas(s("pair"), Has::InCrisis)).as_deref(),
        Some("opens when Ava Moreno and Lou Tanaka are in crisis")
    );
    assert_eq!(
        why(&MemberHas(s("tom"), Has::Skill(s("grain"), 1))).as_deref(),
        Some("opens when Tom Whitfield is able to make 1 grain a month")
    );
    assert_eq!(
        why(&Not(Box::new(MemberHas(
            s("tom"),
            Has::Need(s("medicine"))
        ))))
        .as_deref(),
        Some("opens when Tom Whitfield does not need medicine")
    );
    // A condition that can never hold says so, rather than "opens when".
    assert_eq!(
        why(&Any(vec![])).as_deref(),
        Some("never opens: its condition cannot hold")
    );
    assert_eq!(
        why(&Not(Box::new(All(vec![])))).as_deref(),
        Some("never opens: its condition cannot hold")
    );
}
