//! Whatever content `agora check` accepts plays: the default scenario with any parameters in
//! their documented ranges (each at an end, its default or between), quantities up to the
//! content limit and any regimes plays the default scenario's 40 turns at 20 members in
//! under a second a turn (in a release build; debug builds are allowed four). So bounding
//! parameters is enough to keep every turn short, and stopping between phases enough to
//! interrupt one (issue 23).
//!
//! `AGORA_ACCEPTED_CASES=N` runs more cases (the default keeps `cargo test` to seconds):
//! `cargo test --release --test ranges accepted`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use agora::content::embedded;
use agora::content::load::{check_parsed, load};
use agora::engine::events::path;
use agora::engine::params::Params;
use agora::engine::params::table::{Range, Table};
use agora::engine::{Command, Game, Regime, World};
use proptest::prelude::*;

/// The slowest a turn may be.
fn bound() -> Duration {
    if cfg!(debug_assertions) {
        Duration::from_secs(4)
    } else {
        Duration::from_secs(1)
    }
}

fn cases() -> u32 {
    std::env::var("AGORA_ACCEPTED_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
}

/// Every numeric parameter's path and range.
fn numbers() -> Vec<(String, Range)> {
    let mut out = Vec::new();
    Params::default().each_number("", &mut |p, _, spec| out.push((p.to_string(), spec.range)));
    out
}

/// A value of `range` picked by `k` (0: the low end, 1: the high end, 2: between, 3: keep).
fn pick(range: Range, k: u8, t: f64) -> Option<f64> {
    let (lo, hi) = match range {
        Range::Real(lo, hi) => (lo, hi),
        Range::Whole(lo, hi) => (lo as f64, hi as f64),
        _ => return None,
    };
    let v = match k % 4 {
        0 => lo,
        1 => hi,
        2 => lo + (hi - lo) * t,
        _ => return None,
    };
    Some(if matches!(range, Range::Whole(..)) {
        v.floor()
    } else {
        v
    })
}

prop_compose! {
    fn scenario()(
        choices in proptest::collection::vec((0u8..4, 0.0f64..1.0), numbers().len()),
        quantities in proptest::collection::vec(0usize..4, 64),
        regimes in proptest::collection::vec(0usize..3, 8),
        days in 0u32..=10,
        demurrage in 0u32..=200,
    ) -> agora::engine::world::Scenario {
        let mut sc = agora::content::load::load(&embedded("riverside").unwrap()).unwrap().scenario;
        for ((p, range), (k, t)) in numbers().into_iter().zip(choices) {
            if let Some(v) = pick(range, k, t) {
                path::set(&mut sc.meta.params, &p, v).expect("in range");
            }
        }
        sc.meta.policy.market_days = days;
        sc.meta.policy.demurrage_permille = demurrage;
        let amount = |i: usize| [1, 100, 10_000, 100_000][quantities[i % quantities.len()]];
        let mut i = 0;
        for m in &mut sc.members {
            for n in &mut m.needs { n.amount = amount(i); i += 1; }
            for h in m.holdings.values_mut() { *h = amount(i); i += 1; }
            for s in m.skills.values_mut() { *s = amount(i); i += 1; }
        }
        for (g, r) in sc.goods.iter_mut().zip(regimes) {
            g.regime = [Regime::Commons, Regime::Exchange, Regime::Aid][r];
            g.pool = amount(i);
            i += 1;
        }
        // Twenty members: copies of the first under new ids.
        let more = 20usize.saturating_sub(sc.members.len());
        let extra: Vec<_> = sc.members[..more].iter().cloned().enumerate().map(|(k, mut m)| {
            m.id = format!("{}-{k}", m.id);
            m
        }).collect();
        sc.members.extend(extra);
        sc
    }
}

/// Play the whole game, each turn within [`bound`]; the slowest turn.
fn plays_in_time(sc: agora::engine::world::Scenario) -> Duration {
    let turns = sc.meta.turns;
    let mut game = Game::new(Arc::new(World::new(sc).unwrap()), 1);
    let mut slowest = Duration::ZERO;
    while !game.is_over() {
        let start = Instant::now();
        game.apply(Command::EndTurn).unwrap();
        slowest = slowest.max(start.elapsed());
    }
    assert_eq!(game.turn(), turns);
    assert!(slowest < bound(), "a turn took {slowest:?}");
    slowest
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn content_check_accepts_plays_every_turn_in_under_a_second(sc in scenario()) {
        prop_assume!(check_parsed(&sc, "accepted").is_ok());
        prop_assert_eq!(sc.members.len(), 20);
        let slowest = plays_in_time(sc);
        eprintln!("40 turns, the slowest {slowest:?}");
    }
}

/// The costliest corner: every parameter at the high end of its range (circles aside, which
/// make meetings cheaper), ten market days, every quantity at the limit, every good traded.
/// `market.depth` was bounded at 1,000,000 shouts a day, which made this a second a turn
/// in a debug build; it is 100,000.
#[test]
fn the_costliest_corner_plays_in_time() {
    let mut sc = load(&embedded("riverside").unwrap()).unwrap().scenario;
    for (p, range) in numbers() {
        if let Some(v) = pick(range, 1, 0.0) {
            path::set(&mut sc.meta.params, &p, v).unwrap();
        }
    }
    sc.meta.params.meeting.circle_size = 40;
    sc.meta.policy.market_days = 10;
    for m in &mut sc.members {
        for n in &mut m.needs {
            n.amount = 100_000;
        }
        for q in m.holdings.values_mut().chain(m.skills.values_mut()) {
            *q = 100_000;
        }
    }
    for g in &mut sc.goods {
        g.regime = Regime::Exchange;
        g.pool = 100_000;
    }
    check_parsed(&sc, "corner").expect("check accepts the corner");
    let slowest = plays_in_time(sc);
    eprintln!("the costliest corner: the slowest turn {slowest:?}");
}
