//! Saves as replays (issue 8's targets: verify ≤ 1.2× the plain simulation, any seek under
//! 50 ms): reading a 1,000-turn save, verifying it (re-simulating from the start, every hash
//! checked) against the plain simulation of the same commands, seeking to turn 524 (the
//! farthest a seek replays: 24 turns past the keyframe at 500), and opening it in the
//! replay viewer.
//!
//! `cargo bench --bench replay`

use std::hint::black_box;
use std::sync::Arc;

use agora::engine::{Command, Game};
use agora::lab::sim::SimSpec;
use agora::save::{Meta, Recorder, Save, store};
use agora::tui::replay::Replay;
use agora::tui::screens::viewer::ViewerScreen;
use criterion::{Criterion, criterion_group, criterion_main};

/// A 1,000-turn riverside game (seed 7, two policy changes) as a save with its keyframes.
fn save() -> Save {
    let (world, _) = SimSpec::load("riverside", Some(1000)).unwrap();
    let mut game = Game::new(world, 7);
    let mut rec = Recorder::default();
    for t in 1..=1000 {
        if t == 10 {
            game.apply(Command::SetMarketDays(2)).unwrap();
        }
        if t == 40 {
            game.apply(Command::SetDividend(true)).unwrap();
        }
        game.apply(Command::EndTurn).unwrap();
        rec.observe(&game);
    }
    Save::capture(&game, &Meta::default(), &rec.keyframes)
}

fn bench(c: &mut Criterion) {
    let save = save();
    let dir = tempfile::tempdir().unwrap();
    let path = store::write_named(dir.path(), "bench", &save).unwrap();
    let worlds = save.worlds().unwrap();
    let mut g = c.benchmark_group("replay_1000_turns");
    g.sample_size(10);
    g.bench_function("read", |b| b.iter(|| black_box(Save::read(&path).unwrap())));
    g.bench_function("plain_sim", |b| {
        b.iter(|| {
            let mut game = Game::new(Arc::clone(&worlds.initial), save.header.seed);
            for cmd in &save.commands {
                game.apply(cmd.clone()).unwrap();
            }
            black_box(game.hash())
        })
    });
    g.bench_function("verify", |b| b.iter(|| black_box(save.verify().unwrap())));
    g.bench_function("seek_to_524", |b| {
        b.iter(|| black_box(save.replay(&worlds, Some(524), false).unwrap()))
    });
    g.bench_function("viewer_open", |b| {
        b.iter(|| {
            let replay = Replay::open(save.clone(), "bench.ron".into()).unwrap();
            black_box(ViewerScreen::new(Box::new(replay)).unwrap())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
