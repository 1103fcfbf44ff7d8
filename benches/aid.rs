//! One mutual-aid round of the default scenario: every good through the `Aid` layer, from a
//! state ten turns into a game under mutual aid.

use std::hint::black_box;
use std::sync::Arc;

use agora::engine::turn::TurnCtx;
use agora::engine::{Command, Game, Regime, aid, allocate};
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

criterion_group!(benches, aid_round);
criterion_main!(benches);
