//! Consensus meetings in play: explanations, the leftover rule, circles, standing, bonds,
//! and how rules and facilitation move outcomes and voice.

use std::sync::Arc;

use agora::engine::metrics::Metrics;
use agora::engine::policy::{DecisionRule, Facilitation};
use agora::engine::report::meeting::MeetingRecord;
use agora::engine::report::{Entry, LayerDetail, Reason, TurnReport};
use agora::engine::types::Mark;
use agora::engine::{Command, Game, Regime, World};
use agora::lab::sim::{PolicyChoice, SimSpec};

fn riverside() -> World {
    let (w, _) = SimSpec::load("riverside", Some(40)).expect("default scenario loads");
    (*w).clone()
}

/// A game with every good in common, `before` applied, played `turns` turns.
fn play(world: World, seed: u64, before: &[Command], turns: u32) -> (Game, Vec<TurnReport>) {
    let world = Arc::new(world);
    let mut game = Game::new(world.clone(), seed);
    for c in PolicyChoice::All(Regime::Commons).commands(&world) {
        game.apply(c).unwrap();
    }
    for c in before {
        game.apply(c.clone()).unwrap();
    }
    let reports = (0..turns)
        .map(|_| game.apply(Command::EndTurn).unwrap().unwrap())
        .collect();
    (game, reports)
}

fn meetings(r: &TurnReport) -> impl Iterator<Item = &MeetingRecord> {
    r.goods
        .iter()
        .flat_map(|g| &g.layers)
        .filter_map(|l| match &l.detail {
            LayerDetail::Meeting(m) => Some(m.as_ref()),
            _ => None,
        })
}

fn mean(reports: &[TurnReport], f: impl Fn(&Metrics) -> f64) -> f64 {
    reports.iter().map(|r| f(&r.metrics)).sum::<f64>() / reports.len() as f64
}

#[test]
fn every_item_leaves_a_record_and_every_refusal_a_reason() {
    let world = riverside();
    let (_, reports) = play(world.clone(), 1, &[], 6);
    let mut refused = 0;
    for r in &reports {
        for m in meetings(r).filter(|m| !m.items.is_empty()) {
            let floor: f64 = m.floor.iter().map(|f| f.1).sum();
            let power: f64 = m.power.iter().map(|p| p.1).sum();
            assert!((floor - 1.0).abs() < 1e-9 && (power - 1.0).abs() < 1e-9);
            assert!(m.hours > 0.0);
            let granted: u32 = m.items.iter().map(|i| i.granted).sum();
            assert_eq!(
                m.pool_before - m.pool_after,
                granted,
                "no unit created or lost"
            );
            for item in &m.items {
                assert!(item.top_speaker.is_some() && item.mover.is_some());
                assert_eq!(item.approved, item.refusal.is_none());
                refused += usize::from(!item.approved);
            }
        }
        for o in r.members.iter().flat_map(|m| &m.needs) {
            if let Some(Reason::Refused(why)) = o.why.first() {
                let text = Reason::Refused(why.clone()).describe(&world, o.good);
                // The refusal names what decided it, and the floor only where status did.
                let cause = why.cause.as_ref().expect("a refusal carries its cause");
                assert!(
                    text.contains("decided by") || text.contains("decided it"),
                    "{text}"
                );
                assert_eq!(
                    text.contains("of the floor"),
                    cause.involves(agora::engine::types::Factor::Status),
                    "{text}"
                );
            }
        }
    }
    assert!(refused > 0, "some item is refused in six turns");
    let entries: Vec<String> = reports
        .iter()
        .flat_map(|r| &r.chronicle)
        .filter(|e| matches!(e, Entry::Meeting(_)))
        .map(|e| e.describe(&world))
        .collect();
    assert!(entries.iter().any(|e| e.contains("hormone therapy")));
    assert!(entries.iter().any(|e| e.contains("printing Threads")));
}

#[test]
fn the_leftover_rule_rations_refused_survival_requests() {
    let mut world = riverside();
    // A room that passes nothing: every request is refused.
    world.scenario.meta.params.meeting.threshold = 1.0;
    let world = World::new(world.scenario).unwrap();
    let on = play(world.clone(), 3, &[], 3).1;
    let off = play(world, 3, &[Command::SetLeftoverRationing(false)], 3).1;
    let rationed = |r: &TurnReport| -> u32 {
        let listed: u32 = meetings(r).flat_map(|m| &m.rationed).map(|e| e.1).sum();
        let granted: u32 = meetings(r).flat_map(|m| &m.items).map(|i| i.granted).sum();
        assert_eq!(
            listed, granted,
            "only the leftover rule gives when nothing passes"
        );
        listed
    };
    assert!(on.iter().map(rationed).sum::<u32>() > 0);
    assert_eq!(off.iter().map(rationed).sum::<u32>(), 0);
    assert!(mean(&on, |m| m.survival_met) > mean(&off, |m| m.survival_met));
}

#[test]
fn status_shapes_who_is_heard_and_who_gets_what() {
    let (_, reports) = play(riverside(), 1, &[], 20);
    let last = &reports.last().unwrap().metrics;
    let trans = 2;
    let voice = |mark| {
        last.voice
            .iter()
            .find(|v| v.dimension == trans && v.mark == mark)
            .unwrap()
    };
    assert!(voice(Mark::Low).parity < 1.0 && voice(Mark::High).parity > 1.0);
    let approved = |mark| {
        reports
            .iter()
            .flat_map(|r| &r.metrics.voice)
            .filter(|v| v.dimension == trans && v.mark == mark)
            .map(|v| v.approved)
            .sum::<f64>()
    };
    assert!(approved(Mark::Low) < approved(Mark::High));
    assert!(last.floor_gini > 0.0 && last.power_concentration > 1.0 / 16.0);
}

#[test]
fn facilitation_moves_voice_parity_and_costs_time() {
    let open = play(riverside(), 1, &[], 10).1;
    let stack = Command::SetFacilitation(Facilitation {
        progressive_stack: true,
        ..Facilitation::default()
    });
    let stacked = play(riverside(), 1, &[stack], 10).1;
    let rounds = Command::SetFacilitation(Facilitation {
        timed_rounds: true,
        ..Facilitation::default()
    });
    let timed = play(riverside(), 1, &[rounds], 10).1;
    let parity = |r: &[TurnReport]| mean(r, |m| m.voice_parity_min);
    assert!(parity(&stacked) > parity(&open) + 0.05);
    assert!(mean(&timed, |m| m.floor_gini) < mean(&open, |m| m.floor_gini));
    let per_item = |r: &[TurnReport]| {
        let items: usize = r.iter().flat_map(meetings).map(|m| m.items.len()).sum();
        r.iter().map(|t| t.metrics.meeting_hours).sum::<f64>() / items as f64
    };
    assert!(per_item(&stacked) > per_item(&open));
}

#[test]
fn decision_rules_change_outcomes() {
    let approved = |rule| {
        let (_, r) = play(riverside(), 2, &[Command::SetDecisionRule(rule)], 10);
        mean(&r, |m| m.requests_approved)
    };
    let majority = approved(DecisionRule::Majority);
    let unanimity = approved(DecisionRule::Unanimity);
    let consensus = approved(DecisionRule::Consensus);
    assert!(unanimity < majority, "{unanimity} vs {majority}");
    assert!(consensus < majority, "{consensus} vs {majority}");
}

#[test]
fn meetings_take_time_from_production_and_move_standing() {
    let world = riverside();
    let before = Game::new(Arc::new(world.clone()), 1).state().clone();
    let (game, _) = play(world, 1, &[], 1);
    let after = game.state();
    assert!(
        after
            .members
            .iter()
            .filter(|m| m.present)
            .all(|m| m.time_spent_permille > 0)
    );
    let moved = before
        .members
        .iter()
        .zip(&after.members)
        .filter(|(a, b)| a.present && a.standing != b.standing)
        .count();
    assert!(moved > 0);
}

#[test]
fn agreement_and_conflict_move_each_bond_at_most_one_step_a_turn() {
    let world = riverside();
    let mut quiet = world.clone();
    quiet.scenario.meta.params.bonds.meeting = 0.0;
    let quiet = World::new(quiet.scenario).unwrap();
    let step = world.scenario.meta.params.bonds.meeting;
    let (a, _) = play(world.clone(), 5, &[], 1);
    let (b, _) = play(quiet, 5, &[], 1);
    let n = world.scenario.members.len();
    let mut moved = 0;
    for i in 0..n {
        for j in i + 1..n {
            let d = (a.state().bonds.get(i, j) - b.state().bonds.get(i, j)).abs();
            assert!(d <= step + 1e-12, "{i}-{j} moved {d}");
            moved += usize::from(d > 0.0);
        }
    }
    assert!(moved > 0);
}

#[test]
fn large_communities_meet_in_circles_at_linear_cost() {
    let big = |copies: usize| {
        let mut w = riverside();
        let base = w.scenario.members.clone();
        w.scenario.members = (0..copies * base.len())
            .map(|i| {
                let mut m = base[i % base.len()].clone();
                m.id = format!("{}-{i}", m.id);
                m
            })
            .collect();
        w.scenario.meta.bonds.clear();
        World::new(w.scenario).unwrap()
    };
    let hours_per_member = |copies| {
        let (g, r) = play(big(copies), 1, &[], 1);
        let present = g.state().members.iter().filter(|m| m.present).count();
        let circles = meetings(&r[0]).map(|m| m.circles).max().unwrap();
        let delegates = meetings(&r[0]).map(|m| m.delegates.len()).max().unwrap();
        assert_eq!(delegates, if circles > 1 { circles as usize } else { 0 });
        (r[0].metrics.meeting_hours / present as f64, circles)
    };
    let (small, one) = hours_per_member(2);
    let (large, many) = hours_per_member(8);
    assert_eq!(one, 1);
    assert_eq!(many, 4);
    assert!(large < 1.5 * small, "{large} vs {small} hours per member");
}

/// Scarcity is judged per good: a famine of grain leaves the room's view of the press
/// exactly as it was (the same initial and settled support for every press item).
#[test]
fn scarcity_of_grain_does_not_touch_a_press_request() {
    let plenty = riverside();
    let mut famine = plenty.scenario.clone();
    famine
        .goods
        .iter_mut()
        .find(|g| g.id == "grain")
        .unwrap()
        .pool = 0;
    for m in &mut famine.members {
        m.holdings.remove("grain");
    }
    let famine = World::new(famine).unwrap();
    let press = |w: &World| {
        let (_, reports) = play(w.clone(), 3, &[], 1);
        let grain = w.good("grain").unwrap();
        let press = w.good("press").unwrap();
        let ms: Vec<&MeetingRecord> = meetings(&reports[0]).collect();
        let short = ms.iter().find(|m| m.good == grain).map(|m| m.pool_before);
        let items: Vec<(f64, f64)> = ms
            .iter()
            .find(|m| m.good == press)
            .expect("the press is allotted at a meeting")
            .items
            .iter()
            .map(|i| (i.mean_before, i.support_after))
            .collect();
        (short, items)
    };
    let (grain_plenty, press_plenty) = press(&plenty);
    let (grain_famine, press_famine) = press(&famine);
    assert!(
        grain_famine < grain_plenty,
        "the famine is real: {grain_famine:?} < {grain_plenty:?}"
    );
    assert!(!press_plenty.is_empty());
    assert_eq!(press_plenty, press_famine);
}
