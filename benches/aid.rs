//! One mutual-aid round of the default scenario: every good through the `Aid` layer, from a
//! state ten turns into a game under mutual aid.

use std::hint::black_box;
use std::sync::Arc;

use agora::engine::ctx::TurnCtx;
use agora::engine::state::State;
use agora::engine::world::scenario::{Good, Member, Scenario, ScenarioMeta};
use agora::engine::{Command, Game, Regime, World, aid, allocate};
use agora::lab::sim::SimSpec;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

fn aid_round(c: &mut Criterion) {
    let (world, _) = SimSpec::load("riverside", Some(40)).expect("default scenario");
    let mut game = Game::new(Arc::clone(&world), 1);
    for g in &world.scenario.goods {
        game.apply(Command::SetRegime {
            good: g.id.clone(),
            regime: Regime::Aid,
            fallback: None,
        })
        .unwrap();
    }
    for _ in 0..10 {
        game.apply(Command::EndTurn).unwrap();
    }
    let start = game.state().clone();
    c.bench_function("aid round, riverside", |b| {
        b.iter_batched_ref(
            || start.clone(),
            |state| {
                let mut ctx = TurnCtx::new(&world, state, 11);
                for &g in &world.allocation_order {
                    let mut claims = allocate::claims(&ctx, g);
                    black_box(aid::run(&mut ctx, g, &mut claims));
                }
                ctx.report
            },
            BatchSize::SmallInput,
        )
    });
}

/// `n` members on a ring, each bonded to the next two on either side; every third member
/// holds nothing and asks, the rest hold a little above their need.
fn ring(n: usize) -> (World, State) {
    let meta: ScenarioMeta =
        ron::from_str("(id: \"ring\", name: \"Ring\", description: \"\", turns: 10)").unwrap();
    let goods: Vec<Good> =
        ron::from_str("[(id: \"grain\", name: \"grain\", kind: Consumable, regime: Aid)]").unwrap();
    let members: Vec<Member> = (0..n)
        .map(|i| {
            let held = if i % 3 == 0 { 0 } else { 3 };
            ron::from_str(&format!(
                "(id: \"m{i}\", name: \"M{i}\",
                  needs: [(good: \"grain\", amount: 2, priority: Survival)],
                  holdings: {{\"grain\": {held}}})"
            ))
            .unwrap()
        })
        .collect();
    let mut sc = Scenario {
        meta,
        goods,
        members,
        storylets: Vec::new(),
    };
    for i in 0..n {
        for d in 1..=2 {
            let w = if d == 1 { 0.4 } else { 0.2 };
            sc.meta
                .bonds
                .push((format!("m{i}"), format!("m{}", (i + d) % n), w));
        }
    }
    let world = World::new(sc).unwrap();
    let state = State::new(&world, 1);
    (world, state)
}

/// The same round on rings of 1,000 and 10,000 members: time should grow about tenfold.
fn aid_scaling(c: &mut Criterion) {
    for n in [1_000, 10_000] {
        let (world, start) = ring(n);
        c.bench_function(&format!("aid round, ring of {n}"), |b| {
            b.iter_batched_ref(
                || start.clone(),
                |state| {
                    let mut ctx = TurnCtx::new(&world, state, 1);
                    let mut claims = allocate::claims(&ctx, 0);
                    black_box(aid::run(&mut ctx, 0, &mut claims));
                    ctx.report
                },
                BatchSize::LargeInput,
            )
        });
    }
}

criterion_group!(benches, aid_round, aid_scaling);
criterion_main!(benches);
