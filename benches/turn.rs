//! Whole turns: the default scenario, the cost per turn early and late in a 1,000-turn game,
//! and synthetic communities of 100, 1,000 and 10,000 members (`--synthetic`).

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use agora::engine::state::State;
use agora::engine::{Command, Game, World, turn};
use agora::lab::sim::{self, SimSpec};
use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};

/// The allocator of the `agora` binary, so turns cost here what they cost there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A game of `world` played `turns` turns in (mixed policy, seed 1): its world and state.
fn after(world: Arc<World>, turns: u32) -> (Arc<World>, State) {
    let mut game = Game::new(Arc::clone(&world), 1);
    for _ in 0..turns {
        game.apply(Command::EndTurn).unwrap();
    }
    (world, game.state().clone())
}

/// One turn of the default scenario, ten turns in.
fn riverside_turn(c: &mut Criterion) {
    let (world, _) = SimSpec::load("riverside", Some(40)).expect("default scenario");
    let (world, start) = after(world, 10);
    c.bench_function("turn, riverside", |b| {
        b.iter_batched_ref(
            || start.clone(),
            |state| black_box(turn::play(&world, state)),
            BatchSize::SmallInput,
        )
    });
}

/// 100 turns from the start and from turn 900 of a 1,000-turn game: the cost of a turn
/// must not grow as the game goes on.
fn long_game(c: &mut Criterion) {
    let (world, _) = SimSpec::load("riverside", Some(1000)).expect("default scenario");
    let mut g = c.benchmark_group("1000-turn game, 100 turns");
    g.sample_size(10).measurement_time(Duration::from_secs(4));
    for from in [0, 900] {
        let (world, start) = after(Arc::clone(&world), from);
        g.bench_with_input(BenchmarkId::from_parameter(from), &from, |b, _| {
            b.iter_batched_ref(
                || start.clone(),
                |state| {
                    for _ in 0..100 {
                        black_box(turn::play(&world, state));
                    }
                },
                BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

/// One turn of synthetic communities grown from the default scenario, two turns in.
fn synthetic_turn(c: &mut Criterion) {
    let (base, _) = SimSpec::load("riverside", Some(40)).expect("default scenario");
    let mut g = c.benchmark_group("turn, synthetic members");
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    for n in [100, 1_000, 10_000] {
        let world = sim::synthetic(&base, n, 1).expect("synthetic community");
        let (world, start) = after(world, 2);
        g.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter_batched_ref(
                || start.clone(),
                |state| black_box(turn::play(&world, state)),
                BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

criterion_group!(benches, riverside_turn, long_game, synthetic_turn);
criterion_main!(benches);
