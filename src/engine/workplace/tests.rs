//! Workplaces on a small world: wages conserve scrip, shares divide output by per cent, the
//! workers' meeting weighs views by social power, and a strike follows the wage rule.

use super::{divide, run};
use crate::engine::ctx::TurnCtx;
use crate::engine::report::workplace::Shift;
use crate::engine::report::{Entry, TurnReport};
use crate::engine::state::State;
use crate::engine::world::World;
use crate::engine::world::scenario::{Run, Scenario, ScenarioMeta};

fn ron<T: serde::de::DeserializeOwned>(text: &str) -> T {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(text)
        .expect("test RON parses")
}

/// Flour at 4 scrip; a mill making 2 sacks a crew day, 5 days a shift; a skilled miller
/// (Ada, 5 sacks a turn by hand), two hands (Bo, Cy) and a propertied member (Di) who owns
/// 60% of it to Ada's 40%.
fn world(run_by: &str, wage: u32) -> World {
    let meta: ScenarioMeta = ron(&format!(
        r#"(
        id: "t", name: "T", description: "", turns: 10,
        dimensions: [(id: "class", high: "propertied", low: "working")],
        workplaces: [(id: "mill", name: "the mill", good: "flour", per_day: 2, shift: 5,
            crew: ["ada", "bo", "cy"], owner: "di", shares: [("di", 60), ("ada", 40)],
            run_by: {run_by}, wage: {wage}, fair_pct: 50)],
    )"#
    ));
    let goods =
        ron(r#"[(id: "flour", name: "flour", kind: Consumable, base_cost: 4, regime: Exchange)]"#);
    let members = ron(r#"[
        (id: "ada", name: "Ada", marks: { "class": Low }, skills: { "flour": 5 }, scrip: 10),
        (id: "bo", name: "Bo", marks: { "class": Low }, scrip: 10),
        (id: "cy", name: "Cy", marks: { "class": Low }, scrip: 10),
        (id: "di", name: "Di", charisma: 0.8, scrip: 1000),
    ]"#);
    World::new(Scenario {
        meta,
        goods,
        members,
        storylets: Vec::new(),
    })
    .expect("test world resolves")
}

fn shift(world: &World, state: &mut State) -> (TurnReport, Shift) {
    let mut ctx = TurnCtx::new(world, state, 1);
    run(&mut ctx);
    let report = ctx.report;
    let shift = report
        .chronicle
        .iter()
        .find_map(|e| match e {
            Entry::Workplace(s) => Some((**s).clone()),
            _ => None,
        })
        .expect("the mill worked a shift");
    (report, shift)
}

fn scrip(state: &State) -> u64 {
    state.members.iter().map(|m| m.scrip).sum()
}

#[test]
fn an_owner_pays_each_day_and_takes_the_output() {
    let w = world("Owner", 6);
    let mut st = State::new(&w, 1);
    let before = scrip(&st);
    let (_, s) = shift(&w, &mut st);
    assert!(
        !s.strike(),
        "6 a day is fair: Ada's day makes 3 sacks, 12 scrip"
    );
    assert_eq!(s.worked.iter().map(|w| w.1).sum::<u32>(), 15);
    assert_eq!(s.wages, 90);
    assert_eq!(scrip(&st), before, "wages move scrip, never make it");
    assert_eq!(st.members[0].scrip, 10 + 30);
    // 15 days at 2 sacks, and Ada's 5 days add her own 1 a day.
    assert_eq!(s.units, 35);
    assert_eq!(s.shared, vec![(3, 35)]);
    assert_eq!(st.members[3].holdings[0], 35);
    // Each day worked is a fifth of the worker's own time.
    assert_eq!(st.members[1].time_spent_permille, 1000);
}

#[test]
fn shareholders_pay_and_take_by_their_per_cent() {
    let w = world("Shares", 5);
    let mut st = State::new(&w, 1);
    st.members[0].scrip = 1000;
    let (_, s) = shift(&w, &mut st);
    assert_eq!(s.units, 35);
    assert_eq!(s.shared, vec![(3, 21), (0, 14)]);
    // The wage bill of 75 falls 60:40 (a day at a time, to whoever is furthest behind).
    assert_eq!(st.members[3].scrip, 1000 - 45);
    assert_eq!(st.members[0].scrip, 1000 - 30 + 25);
}

#[test]
fn a_day_nobody_can_pay_is_not_worked() {
    let w = world("Owner", 6);
    let mut st = State::new(&w, 1);
    st.members[3].scrip = 20;
    let (_, s) = shift(&w, &mut st);
    assert_eq!(s.worked.iter().map(|w| w.1).sum::<u32>(), 3);
    assert_eq!(s.unpaid, 12);
    assert_eq!(st.members[3].scrip, 2);
}

#[test]
fn workers_divide_by_their_meeting_and_pay_nobody() {
    let w = world("Workers", 6);
    let mut st = State::new(&w, 1);
    let before: Vec<u64> = st.members.iter().map(|m| m.scrip).collect();
    let (_, s) = shift(&w, &mut st);
    assert_eq!(s.wages, 0);
    assert_eq!(
        before,
        st.members.iter().map(|m| m.scrip).collect::<Vec<_>>()
    );
    // Ada made 15 of 35 and wants a split by work; Bo and Cy (10 each) want it equal. With
    // three of one status, the room is level: θ = ⅓.
    let t = s.by_work.expect("the workers' meeting settled");
    assert!((t - 1.0 / 3.0).abs() < 1e-9, "θ = {t}");
    let got: u32 = s.shared.iter().map(|x| x.1).sum();
    assert_eq!(got, 35);
    let ada = s.shared.iter().find(|x| x.0 == 0).unwrap().1;
    assert!(
        ada > 35 / 3 && ada < 15,
        "Ada gets {ada}: more than equal, less than her make"
    );
    // Charisma bends the room: a charismatic Ada moves the settled split toward her view.
    st = State::new(&w, 1);
    st.members[0].charisma = 1.0;
    st.members[0].dominance = 1.0;
    let (_, s2) = shift(&w, &mut st);
    assert!(s2.by_work.unwrap() > t + 0.05, "{:?} vs {t}", s2.by_work);
}

#[test]
fn a_wage_below_the_fair_share_is_struck_by_those_who_can_hold_out() {
    // Bo's and Cy's day makes 2 sacks (8 scrip), fair at 4; Ada's 3 (12), fair at 6. Each
    // needs 2 sacks a turn (8 scrip); Cy has no scrip to hold out with.
    let w = world("Owner", 3);
    let mut st = State::new(&w, 1);
    for member in st.members.iter_mut().take(3) {
        member.needs.push(crate::engine::state::NeedState {
            good: 0,
            amount: 2,
            priority: crate::engine::types::Priority::Survival,
            label: String::new(),
            tags: Vec::new(),
        });
    }
    st.members[2].scrip = 0;
    let (report, s) = shift(&w, &mut st);
    assert!(s.strike() && !s.called);
    assert_eq!(s.struck, vec![0, 1]);
    assert_eq!(s.crossed, vec![2]);
    assert_eq!(s.worked, vec![(2, 5)]);
    assert!(st.workplaces[0].struck);
    // Strikers' bonds with the owner are strained; with each other, warmed.
    assert!(report.bonds.len() >= 2);
    // At 4 a day Ada alone holds it unfair: one of three is no strike.
    let w = world("Owner", 4);
    let mut st = State::new(&w, 1);
    let (_, s) = shift(&w, &mut st);
    assert!(!s.strike());
    assert_eq!(s.worked.len(), 3);
}

#[test]
fn a_called_strike_withholds_whatever_the_wage_and_ends() {
    let w = world("Owner", 50);
    let mut st = State::new(&w, 1);
    st.workplaces[0].called = 1;
    let (_, s) = shift(&w, &mut st);
    assert!(s.called && s.struck.len() == 3 && s.units == 0);
    assert_eq!(st.workplaces[0].called, 0);
    let (_, s) = shift(&w, &mut st);
    assert!(!s.strike());
    // Workers never strike against themselves.
    let w = world("Workers", 0);
    let mut st = State::new(&w, 1);
    st.workplaces[0].called = 2;
    let (_, s) = shift(&w, &mut st);
    assert!(!s.strike());
}

#[test]
fn a_closed_workplace_does_nothing() {
    let w = world("Owner", 6);
    let mut st = State::new(&w, 1);
    st.workplaces[0].open = false;
    let mut ctx = TurnCtx::new(&w, &mut st, 1);
    run(&mut ctx);
    assert!(ctx.report.chronicle.is_empty());
    assert_eq!(
        Run::Owner.undeclared(false, true),
        Some("is run by its owner but declares no `owner`")
    );
}

#[test]
fn division_gives_whole_units_by_largest_remainder() {
    assert_eq!(divide(10, &[(0, 60.0), (1, 40.0)]), vec![(0, 6), (1, 4)]);
    assert_eq!(
        divide(10, &[(0, 1.0), (1, 1.0), (2, 1.0)]),
        vec![(0, 4), (1, 3), (2, 3)]
    );
    assert_eq!(divide(1, &[(0, 0.0), (1, 1.0)]), vec![(1, 1)]);
    assert!(divide(0, &[(0, 1.0)]).is_empty());
}
