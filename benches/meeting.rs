//! A meeting of 40 members with 20 items: the engine's `Commons` institution for one good,
//! including seating the room (expectations, floor, the solved influence process).

use std::hint::black_box;

use agora::content;
use agora::engine::allocate;
use agora::engine::ctx::TurnCtx;
use agora::engine::meeting::{self, Session};
use agora::engine::report::TurnReport;
use agora::engine::{Command, Game, Regime, World};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

/// Riverside with its members repeated to 40 (all present), every good in common.
fn forty() -> World {
    let (loaded, _) = content::open(content::DEFAULT_SCENARIO).expect("default scenario loads");
    let mut sc = loaded.scenario;
    let base = sc.members.clone();
    sc.members = (0..40)
        .map(|i| {
            let mut m = base[i % base.len()].clone();
            m.id = format!("{}-{i}", m.id);
            m.present = true;
            m
        })
        .collect();
    sc.meta.bonds.clear();
    World::new(sc).expect("world resolves")
}

fn bench(c: &mut Criterion) {
    let world = std::sync::Arc::new(forty());
    let grain = world.good("grain").expect("grain");
    let mut game = Game::new(world.clone(), 7);
    game.apply(Command::SetRegime {
        good: "grain".into(),
        regime: Regime::Commons,
        fallback: None,
    })
    .expect("regime");
    let mut state = game.state().clone();
    for m in &mut state.members {
        m.holdings[grain] = 0;
    }
    state.goods[grain].pool = 30;
    let claims = {
        let ctx = TurnCtx {
            world: &world,
            state: &mut state.clone(),
            turn: 1,
            report: TurnReport::default(),
            market: Default::default(),
        };
        let mut claims = allocate::claims(&ctx, grain);
        claims.truncate(20);
        claims
    };
    assert_eq!(claims.len(), 20);
    c.bench_function("meeting 40 members × 20 items", |b| {
        b.iter_batched(
            || (state.clone(), claims.clone()),
            |(mut state, mut claims)| {
                let mut ctx = TurnCtx {
                    world: &world,
                    state: &mut state,
                    turn: 1,
                    report: TurnReport::default(),
                    market: Default::default(),
                };
                let detail = meeting::run(&mut ctx, &mut Session::default(), grain, &mut claims);
                // Returned, so dropping the inputs is not timed.
                black_box((detail, ctx.report, state, claims))
            },
            BatchSize::SmallInput,
        )
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
