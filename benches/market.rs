//! Clearing a turn's markets: 24 members, 6 goods, 500 shouts each (target < 100 µs); and
//! the peer figure: zero-intelligence traders (ZI-C) on Gode and Sunder's market 1, whole
//! markets of six periods at 100 and 1,000 shouts a period, each market with its own seed,
//! so the double auction's cost can be set beside published implementations doing the same
//! work (docs/PERFORMANCE.md).
//!
//! `cargo bench --bench market`

use std::hint::black_box;

use agora::engine::allocate;
use agora::engine::ctx::TurnCtx;
use agora::engine::market::cda::{self, Book, Outcome, Scratch};
use agora::engine::meeting::Session;
use agora::engine::params::TraderKind;
use agora::engine::rng;
use agora::engine::state::State;
use agora::engine::world::World;
use agora::engine::world::scenario::{Good, Member, Scenario, ScenarioMeta};
use agora::lab::models::gs1;
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

/// The allocator of the `agora` binary, so a clearing costs here what it costs in the game.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const GOODS: usize = 6;
const MEMBERS: usize = 24;

fn ron<T: serde::de::DeserializeOwned>(text: &str) -> T {
    agora::content::load::ron_options()
        .from_str(text)
        .expect("bench RON parses")
}

/// Each member makes one good, needs two others and wants a third; a few hold prejudices.
fn world() -> World {
    let meta: ScenarioMeta = ron(r#"(
        id: "bench", name: "Bench", description: "", turns: 100,
        dimensions: [(id: "d", high: "h", low: "l")],
    )"#);
    let priorities = [
        "Survival",
        "Health",
        "Livelihood",
        "Flourishing",
        "Health",
        "Survival",
    ];
    let goods: Vec<Good> = (0..GOODS)
        .map(|g| {
            ron(&format!(
                r#"(id: "g{g}", name: "g{g}", kind: Consumable, base_cost: {}, regime: Exchange)"#,
                2 + g
            ))
        })
        .collect();
    let members: Vec<Member> = (0..MEMBERS)
        .map(|i| {
            let (make, a, b, c) = (i % GOODS, (i + 1) % GOODS, (i + 2) % GOODS, (i + 3) % GOODS);
            let marks = if i % 3 == 0 { r#"{ "d": Low }"# } else { "{}" };
            let prejudice = if i % 5 == 0 {
                r#"[(dimension: "d", strength: 0.6)]"#
            } else {
                "[]"
            };
            ron(&format!(
                r#"(id: "m{i}", name: "M{i}", marks: {marks}, skills: {{ "g{make}": 6 }},
                    holdings: {{ "g{make}": 12 }}, scrip: {},
                    needs: [(good: "g{a}", amount: 2, priority: {}), (good: "g{b}", amount: 1, priority: {})],
                    wants: [(good: "g{c}", amount: 2)], prejudices: {prejudice})"#,
                40 + 7 * i,
                priorities[a],
                priorities[b],
            ))
        })
        .collect();
    World::new(Scenario {
        meta,
        goods,
        members,
        storylets: Vec::new(),
    })
    .expect("bench world resolves")
}

fn clear(c: &mut Criterion) {
    let w = world();
    let mut state = State::new(&w, 1);
    state.params.market.depth = 500;
    c.bench_function("market: 24 members × 6 goods × 500 shouts", |b| {
        b.iter_batched(
            || state.clone(),
            |mut s| {
                let mut ctx = TurnCtx::new(&w, &mut s, 1);
                black_box(allocate::run(&mut ctx, &mut Session::default()));
                // Returned, so dropping the state is not timed.
                (ctx.report, s)
            },
            BatchSize::SmallInput,
        )
    });
}

/// Independent six-period markets of Gode and Sunder's market 1 with ZI-C traders, as the
/// `GS1` rows of `agora models` play them (a trade clears the book); one iteration is one
/// market, each with the next seed. Throughput is in shouts.
fn gode_sunder(c: &mut Criterion) {
    let market = gs1::market_1().market(Book::Clears);
    let mut g = c.benchmark_group("gode-sunder market 1, ZI-C, 6 periods");
    for shouts in [100u32, 1000] {
        g.throughput(Throughput::Elements(6 * u64::from(shouts)));
        g.bench_function(format!("{shouts} shouts a period"), |b| {
            let (mut scratch, mut out) = (Scratch::default(), Outcome::default());
            let mut seed = 0u64;
            b.iter(|| {
                seed += 1;
                let mut surplus = 0;
                for period in 0..6 {
                    let mut r = rng::stream(seed, "models-market", period, 0);
                    cda::run(
                        &market,
                        TraderKind::ZiC,
                        shouts,
                        &mut r,
                        &mut scratch,
                        &mut out,
                    );
                    surplus += out.surplus(&market);
                }
                black_box(surplus)
            })
        });
    }
    g.finish();
}

criterion_group!(benches, clear, gode_sunder);
criterion_main!(benches);
