//! Objective statuses as a game goes (on track → at risk → failed, or met at the end) and
//! the grade, on Riverside's objectives with reports whose outcomes are set by hand.

use super::grade::{LETTERS, OBJECTIVE_POINTS, grade};
use super::*;
use crate::engine::world::story::{Cond, Objective};
use crate::engine::{Game, Priority, TurnReport};
use crate::lab::sim::SimSpec;

/// Riverside over `turns` turns, one real report of its first turn, and the state after it.
fn riverside(turns: u32) -> (std::sync::Arc<World>, TurnReport, State) {
    let (world, _) = SimSpec::load("riverside", Some(turns)).unwrap();
    let mut game = Game::new(world.clone(), 3);
    let report = game
        .apply(crate::engine::Command::EndTurn)
        .unwrap()
        .unwrap();
    (world, report, game.state().clone())
}

/// `n` copies of `r` in which member `m`'s needs of good `g` are met as `met[i]` says.
fn turns(r: &TurnReport, m: usize, g: usize, met: &[bool]) -> Vec<TurnReport> {
    met.iter()
        .enumerate()
        .map(|(i, &ok)| {
            let mut r = r.clone();
            r.turn = i as u32 + 1;
            let mr = r.members.iter_mut().find(|x| x.member == m).unwrap();
            for o in mr.needs.iter_mut().filter(|o| o.good == g) {
                o.met = if ok { o.needed } else { 0 };
            }
            r
        })
        .collect()
}

/// The state after `played` of `of` turns (ended after the last).
fn at(state: &State, played: usize, of: u32) -> State {
    let mut s = state.clone();
    s.turn = played as u32;
    s.ended = played as u32 >= of;
    s
}

fn status_of(js: &[Judged], id: &str) -> Status {
    js.iter().find(|j| j.id == id).unwrap().status
}

#[test]
fn a_need_goes_on_track_then_at_risk_then_fails_once_out_of_reach() {
    let (world, r, state) = riverside(6);
    let (tom, med) = (
        world.member("tom").unwrap(),
        world.good("medicine").unwrap(),
    );
    // Half of six months: on track after a met month, at risk after two unmet of three.
    let seq = [true, false, false, false, false, false];
    let mut seen = Vec::new();
    for k in 1..=seq.len() {
        let rs = turns(&r, tom, med, &seq[..k]);
        let js = judge(&world, &rs, &at(&state, k, 6));
        let j = js.iter().find(|j| j.id == "tom").unwrap().clone();
        seen.push(j.status);
        if k == 3 {
            assert_eq!(
                j.detail,
                "Tom has had his heart pills 1 of 3 months; 2 of 3 would be on track"
            );
            assert!((j.progress - (1.0 / 3.0) / 0.5).abs() < 1e-9);
        }
    }
    // 1 of 4 with two to come can still reach 3 of 6; 1 of 5 with one to come cannot.
    assert_eq!(
        seen,
        [
            Status::OnTrack,
            Status::OnTrack,
            Status::AtRisk,
            Status::AtRisk,
            Status::Failed,
            Status::Failed
        ]
    );
    let js = judge(&world, &turns(&r, tom, med, &[true; 6]), &at(&state, 6, 6));
    assert_eq!(status_of(&js, "tom"), Status::Met);
    assert_eq!(js.iter().find(|j| j.id == "tom").unwrap().progress, 1.0);
}

#[test]
fn hunger_is_at_risk_two_months_short_of_the_limit_and_fails_at_it() {
    let (world, r, state) = riverside(10);
    let grain = world.good("grain").unwrap();
    let rosa = world.member("rosa").unwrap();
    assert!(
        r.members
            .iter()
            .find(|x| x.member == rosa)
            .unwrap()
            .needs
            .iter()
            .any(|o| o.good == grain && o.priority == Priority::Survival)
    );
    let mut seq = vec![true];
    let mut seen = Vec::new();
    for _ in 0..5 {
        seq.push(false);
        let rs = turns(&r, rosa, grain, &seq);
        let js = judge(&world, &rs, &at(&state, seq.len(), 10));
        seen.push(status_of(&js, "no-one-starves"));
        if seq.len() == 4 {
            let d = &js[0].detail;
            assert_eq!(
                d,
                "Rosa has gone hungry 3 months running; 5 in a row fails this"
            );
        }
    }
    // The limit is five: runs of 1 and 2 are on track, 3 and 4 at risk, 5 fails.
    assert_eq!(
        seen,
        [
            Status::OnTrack,
            Status::OnTrack,
            Status::AtRisk,
            Status::AtRisk,
            Status::Failed
        ]
    );
    // A fed month ends the run: back on track, the longest run remembered.
    seq[5] = true;
    let js = judge(
        &world,
        &turns(&r, rosa, grain, &seq),
        &at(&state, seq.len(), 10),
    );
    assert_eq!(js[0].status, Status::OnTrack);
    assert!(js[0].detail.contains("4 months"), "{}", js[0].detail);
}

#[test]
fn a_condition_at_the_end_is_at_risk_until_it_holds_and_judged_when_over() {
    let (world, r, state) = riverside(4);
    let grounds = world
        .scenario
        .meta
        .objectives
        .iter()
        .position(|o| matches!(o.test, Test::AtEnd(Cond::VenueOpen(_))))
        .unwrap();
    let rs = vec![r.clone()];
    let closed = judge(&world, &rs, &at(&state, 1, 4));
    assert_eq!(closed[grounds].status, Status::AtRisk);
    assert_eq!(closed[grounds].detail, "The Grounds is closed now");
    let mut open = at(&state, 4, 4);
    for v in open.venues.iter_mut() {
        v.open = true;
    }
    assert_eq!(judge(&world, &rs, &open)[grounds].status, Status::Met);
    let over_closed = judge(&world, &rs, &at(&state, 4, 4));
    assert_eq!(over_closed[grounds].status, Status::Failed);
}

#[test]
fn the_grade_counts_objectives_met_and_three_measures() {
    let (world, r, state) = riverside(2);
    let rs = vec![r.clone(), r.clone()];
    let js = judge(&world, &rs, &at(&state, 2, 2));
    let g = grade(&js, &rs);
    let met = js.iter().filter(|j| j.status == Status::Met).count() as f64;
    let m = &r.metrics;
    let want = OBJECTIVE_POINTS * met / js.len() as f64
        + 15.0 * m.needs_met
        + 15.0 * m.survival_met
        + 10.0 * m.worst_wellbeing.clamp(0.0, 1.0);
    assert!((g.score - want).abs() < 1e-9, "{} vs {want}", g.score);
    let letter = LETTERS
        .iter()
        .find(|(_, lo)| want >= *lo)
        .map_or('E', |l| l.0);
    assert_eq!(g.letter, letter);
    assert_eq!(g.parts.len(), 4);
    let lines = g.lines();
    assert!(lines[0].contains(&format!("objectives met: {met} of 5")));
    assert!(lines.last().unwrap().contains(&format!("→ {letter}")));
    // Every objective met and every measure full is an A; none and empty a bare E.
    let mut all = js.clone();
    for j in &mut all {
        j.status = Status::Met;
    }
    let mut full = r.clone();
    full.metrics.needs_met = 1.0;
    full.metrics.survival_met = 1.0;
    full.metrics.worst_wellbeing = 1.0;
    let best = grade(&all, &[full]);
    assert!((best.score - 100.0).abs() < 1e-9);
    assert_eq!(best.letter, 'A');
    let mut none = js;
    for j in &mut none {
        j.status = Status::Failed;
    }
    assert_eq!(grade(&none, &[]).letter, 'E');
    // Without objectives the measures carry the whole hundred.
    let bare: [Judged; 0] = [];
    let mut half = r;
    half.metrics.needs_met = 0.5;
    half.metrics.survival_met = 0.5;
    half.metrics.worst_wellbeing = 0.5;
    assert!((grade(&bare, &[half]).score - 50.0).abs() < 1e-9);
}

#[test]
fn judging_is_a_function_of_its_inputs() {
    let (world, r, state) = riverside(3);
    let mut world2 = (*world).clone();
    world2.scenario.meta.objectives.push(Objective {
        id: "x".into(),
        text: "x".into(),
        test: Test::MetricAtMost {
            metric: "gini_wealth".into(),
            value: 0.0,
            over: Span::Mean,
        },
    });
    let rs = vec![r];
    let a = judge(&world2, &rs, &at(&state, 1, 3));
    assert_eq!(a, judge(&world2, &rs, &at(&state, 1, 3)));
    assert_eq!(a.len(), 6);
    assert_eq!(a[5].status, Status::AtRisk);
    assert!(a[5].detail.starts_with("gini wealth: "), "{}", a[5].detail);
}
