//! Crises found in Riverside's reports: shortages that begin (not those that go on), the
//! engine's reasons grouped by member, hardship a storylet brought, and a member about to
//! leave.

use super::*;
use crate::engine::report::Reason;
use crate::engine::report::events::{Offer, StoryRecord};
use crate::engine::state::events::Pending;
use crate::engine::{Command, Game};
use crate::lab::sim::SimSpec;

/// Riverside's first turn: the world, its report and the state after it.
fn riverside() -> (std::sync::Arc<World>, TurnReport, State) {
    let (world, _) = SimSpec::load("riverside", None).unwrap();
    let mut game = Game::new(world.clone(), 3);
    let report = game.apply(Command::EndTurn).unwrap().unwrap();
    (world, report, game.state().clone())
}

/// `r` with every need met, and `who`'s grain need left short for want of pool.
fn short(world: &World, r: &TurnReport, who: &[MemberId]) -> TurnReport {
    let grain = world.good("grain").unwrap();
    let mut r = r.clone();
    r.chronicle.clear();
    for mr in &mut r.members {
        for o in &mut mr.needs {
            o.met = o.needed;
            o.why.clear();
            if who.contains(&mr.member) && o.good == grain && o.priority == Priority::Survival {
                o.met = 0;
                o.why = vec![Reason::PoolShort {
                    pool: 4,
                    claimed: 9,
                }];
            }
        }
    }
    r
}

fn record(happened: Vec<Happened>) -> Entry {
    Entry::Storylet(Box::new(StoryRecord {
        storylet: "some-storylet".into(),
        title: "A hard month".into(),
        text: "It happened.".into(),
        roles: Vec::new(),
        answer: None,
        happened,
        involved: Vec::new(),
    }))
}

#[test]
fn a_shortage_is_a_crisis_the_month_it_begins_with_the_engines_reason() {
    let (world, r, state) = riverside();
    let (tom, ava) = (world.member("tom").unwrap(), world.member("ava").unwrap());
    let fed = short(&world, &r, &[]);
    assert!(begun(&world, &state, None, &fed).is_empty());
    let now = short(&world, &r, &[tom, ava]);
    let cs = begun(&world, &state, Some(&fed), &now);
    assert_eq!(cs.len(), 1, "{cs:?}");
    let c = &cs[0];
    assert_eq!(c.kind, Kind::Shortage);
    assert_eq!(c.title, "Grain ran short");
    assert_eq!(c.good, world.good("grain"));
    assert_eq!(c.who, vec![tom.min(ava), tom.max(ava)]);
    // One reason, said once, naming both.
    assert_eq!(c.causes.len(), 1, "{:?}", c.causes);
    assert!(c.causes[0].contains("the grain pool held 4 against 9 claimed"));
    assert!(c.causes[0].contains("Tom") && c.causes[0].contains("Ava"));
    // The month after, the same shortage goes on: no new card. A third member going short
    // begins one for them alone.
    assert!(begun(&world, &state, Some(&now), &now).is_empty());
    let rosa = world.member("rosa").unwrap();
    let more = short(&world, &r, &[tom, ava, rosa]);
    let cs = begun(&world, &state, Some(&now), &more);
    assert_eq!(cs.len(), 1);
    assert_eq!(cs[0].who, vec![rosa]);
    assert_eq!(
        cs[0].what,
        "Rosa Delgado went without the grain needed to live this month."
    );
}

#[test]
fn hardship_and_illness_a_storylet_brings_name_who_it_touches() {
    let (world, r, state) = riverside();
    let grain = world.good("grain").unwrap();
    let med = world.good("medicine").unwrap();
    let tom = world.member("tom").unwrap();
    let mut now = short(&world, &r, &[]);
    now.chronicle = vec![record(vec![Happened::Output {
        members: None,
        good: Some(grain),
        percent: 45,
        turns: 6,
    }])];
    let cs = begun(&world, &state, Some(&now), &now);
    assert_eq!(cs.len(), 1);
    assert_eq!(cs[0].kind, Kind::Hardship);
    assert_eq!(cs[0].good, Some(grain));
    assert_eq!(cs[0].causes, vec!["grain output at 45% for 6 turns"]);
    // Everyone who needs grain.
    let eaters = now
        .members
        .iter()
        .filter(|m| m.needs.iter().any(|o| o.good == grain))
        .count();
    assert_eq!(cs[0].who.len(), eaters);
    now.chronicle = vec![record(vec![Happened::NeedAdded {
        member: tom,
        good: med,
        amount: 1,
        priority: Priority::Health,
        label: "the fever".into(),
        turns: Some(4),
    }])];
    let cs = begun(&world, &state, Some(&now), &now);
    assert_eq!((cs[0].kind, cs[0].who.clone()), (Kind::Illness, vec![tom]));
    // A storylet that only brings people together is no crisis.
    now.chronicle = vec![record(vec![Happened::Bonds {
        pairs: vec![(0, 1)],
        delta: 0.05,
    }])];
    assert!(begun(&world, &state, Some(&now), &now).is_empty());
}

#[test]
fn a_waiting_storylet_that_could_send_someone_away_is_a_crisis_to_answer() {
    let (world, r, mut state) = riverside();
    let hank = world.member("hank").unwrap();
    let mut now = short(&world, &r, &[]);
    for (id, roles) in [("crisis-leaving", vec![hank]), ("ava-asks", vec![])] {
        now.chronicle.push(Entry::Offered(Box::new(Offer {
            storylet: id.into(),
            title: format!("{id} title"),
            text: "…".into(),
            choices: vec!["a".into()],
        })));
        state.events.pending.push(Pending {
            storylet: id.into(),
            title: format!("{id} title"),
            text: "…".into(),
            roles: vec![("who".into(), roles)],
            choices: vec!["a".into()],
            answer: None,
            turn: 2,
        });
    }
    state.members[hank].hunger = 5;
    let cs = begun(&world, &state, Some(&now), &now);
    assert_eq!(cs.len(), 1, "only the storylet with a Leave: {cs:?}");
    assert_eq!(cs[0].kind, Kind::Leaving);
    assert_eq!(cs[0].who, vec![hank]);
    assert_eq!(cs[0].storylet.as_deref(), Some("crisis-leaving"));
    assert_eq!(cs[0].causes[0], "Hank Sorensen has gone hungry 5 months");
}

/// In a real game the drought is a crisis the month it comes, from its effects alone.
#[test]
fn riversides_drought_lands_as_a_crisis() {
    let (world, _) = SimSpec::load("riverside", None).unwrap();
    let mut game = Game::new(world.clone(), 1);
    let mut before: Option<TurnReport> = None;
    for _ in 0..20 {
        let r = game.apply(Command::EndTurn).unwrap().unwrap();
        let drought = r
            .chronicle
            .iter()
            .any(|e| matches!(e, Entry::Storylet(s) if s.storylet == "drought"));
        let cs = begun(&world, game.state(), before.as_ref(), &r);
        if drought {
            let c = cs.iter().find(|c| c.kind == Kind::Hardship).unwrap();
            assert_eq!(c.title, "The dry summer");
            assert_eq!(c.good, world.good("grain"));
            return;
        }
        before = Some(r);
    }
    panic!("no drought in 20 months of seed 1");
}
