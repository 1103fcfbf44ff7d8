//! Synthetic communities (`--synthetic N`): deterministic from the seed, the size asked for,
//! and playable at a thousand members (at a hundred thousand in the release benchmarks).

use std::sync::Arc;
use std::time::Instant;

use agora::engine::report::LayerDetail;
use agora::engine::{Command, Game};
use agora::lab::batch::{self, Batch};
use agora::lab::sim::{self, PolicyChoice, SimSpec};
use indicatif::ProgressBar;

fn grown(n: usize, seed: u64, turns: u32) -> SimSpec {
    let (world, turns) = SimSpec::load("riverside", Some(turns)).unwrap();
    SimSpec {
        world: sim::synthetic(&world, n, seed).unwrap(),
        seed,
        turns,
        policy: PolicyChoice::Mixed.into(),
        script: Vec::new(),
    }
}

fn final_hash(spec: &SimSpec) -> u64 {
    sim::run(spec, |_, _| {}).unwrap().game.hash()
}

#[test]
fn same_seed_same_hash() {
    let a = final_hash(&grown(60, 5, 4));
    assert_eq!(a, final_hash(&grown(60, 5, 4)));
    assert_ne!(a, final_hash(&grown(60, 6, 4)));
}

#[test]
fn n_members_present() {
    let spec = grown(250, 1, 1);
    assert_eq!(spec.world.scenario.members.len(), 250);
    let game = Game::new(Arc::clone(&spec.world), 1);
    assert_eq!(game.state().members.len(), 250);
    let present = game.state().present().count();
    let scenario_absent = SimSpec::load("riverside", None)
        .unwrap()
        .0
        .scenario
        .members
        .iter()
        .filter(|m| !m.present)
        .count();
    assert_eq!(present, 250 - scenario_absent);
}

#[test]
fn a_thousand_members_play_a_few_turns() {
    let spec = grown(1000, 2, 3);
    let mut game = Game::new(Arc::clone(&spec.world), spec.seed);
    for turn in 1..=3 {
        let r = game.apply(Command::EndTurn).unwrap().unwrap();
        assert_eq!(r.turn, turn);
        assert!(r.metrics.needs_met > 0.0, "turn {turn}: nobody's needs met");
        assert!(r.members.len() >= 990);
    }
}

/// The scale target of issue 25: 100,000 members play a turn, their meetings held in circles,
/// and the turn's time is printed. The target (2 s of CPU a turn, 2 GB) is measured in CPU
/// time and peak memory with `/usr/bin/time -v` (docs/PERFORMANCE.md): on the shared build
/// machine the wall-clock time of one turn varies threefold with the load, so it is not
/// asserted. A release benchmark, not part of `cargo test`:
/// `cargo test --release --test synthetic -- --ignored --nocapture`.
#[test]
#[ignore = "release benchmark: 100,000 members, about half a minute"]
fn a_hundred_thousand_members_play_a_turn() {
    let spec = grown(100_000, 1, 2);
    let mut game = Game::new(Arc::clone(&spec.world), spec.seed);
    game.apply(Command::EndTurn).unwrap().unwrap();
    let start = Instant::now();
    let r = game.apply(Command::EndTurn).unwrap().unwrap();
    let took = start.elapsed();
    eprintln!("a turn of 100,000 members: {took:?}");
    assert_eq!(r.turn, 2);
    assert!(r.members.len() >= 99_000);
    assert!(r.metrics.needs_met > 0.0, "nobody's needs met");
    let circles = r
        .goods
        .iter()
        .flat_map(|g| &g.layers)
        .filter_map(|l| match &l.detail {
            LayerDetail::Meeting(m) => Some(m.circles),
            _ => None,
        })
        .max();
    assert!(circles.is_some_and(|c| c >= 1_000), "{circles:?}");
}

#[test]
fn synthetic_lab_rows_do_not_depend_on_jobs() {
    let (world, turns) = SimSpec::load("riverside", Some(3)).unwrap();
    let b = |jobs| Batch {
        synthetic: Some(48),
        ..Batch::new(
            Arc::clone(&world),
            turns,
            0..3,
            batch::parse_policies("commons,exchange", &world).unwrap(),
            jobs,
        )
    };
    let csv = |b: &Batch| {
        let mut out = Vec::new();
        batch::run(b, Some(&mut out), &ProgressBar::hidden()).unwrap();
        String::from_utf8(out).unwrap()
    };
    let one = csv(&b(1));
    assert_eq!(one, csv(&b(2)));
    assert_eq!(one.lines().count(), 1 + 3 * 2);
}
