//! Every regime with every fallback: allocation only moves units, and each unit that moved is
//! accounted for by an institution's record — granted by a meeting, handed back to its
//! makers, sold at market, given along a bond, repaid, handed out by or left at the store.

use std::sync::Arc;

use agora::engine::ctx::TurnCtx;
use agora::engine::meeting::Session;
use agora::engine::policy::AidMode;
use agora::engine::report::LayerDetail;
use agora::engine::report::aid::AskOutcome;
use agora::engine::{Command, Game, Regime, State, World, allocate, market, production};
use agora::lab::sim::SimSpec;

const REGIMES: [Regime; 3] = [Regime::Commons, Regime::Exchange, Regime::Aid];

fn riverside() -> Arc<World> {
    SimSpec::load("riverside", Some(40))
        .expect("default scenario loads")
        .0
}

/// Units per (member, good) and per pool, as i64 for differences.
fn stocks(s: &State) -> (Vec<Vec<i64>>, Vec<i64>) {
    (
        s.members
            .iter()
            .map(|m| m.holdings.iter().map(|&h| h as i64).collect())
            .collect(),
        s.goods.iter().map(|x| x.pool as i64).collect(),
    )
}

#[test]
fn every_layer_combination_accounts_for_every_unit() {
    let world = riverside();
    let goods = world.goods.len();
    let mut checked_returns = 0;
    for first in REGIMES {
        for fallback in [None, Some(REGIMES[0]), Some(REGIMES[1]), Some(REGIMES[2])] {
            if fallback == Some(first) {
                continue;
            }
            for (seed, mode) in [(1, AidMode::NeedBased), (2, AidMode::AccountKeeping)] {
                let mut game = Game::new(world.clone(), seed);
                for g in 0..goods {
                    let good = world.scenario.goods[g].id.clone();
                    game.apply(Command::SetRegime {
                        good,
                        regime: first,
                        fallback,
                    })
                    .unwrap();
                }
                game.apply(Command::SetAidMode(mode)).unwrap();
                game.apply(Command::SetCommunityStore(seed == 1)).unwrap();
                for _turn in 0..8 {
                    // Production and the money policies on a copy, then allocation alone.
                    let mut state = game.state().clone();
                    let turn = state.turn + 1;
                    let mut ctx = TurnCtx::new(&world, &mut state, turn);
                    production::run(&mut ctx);
                    market::before_allocation(&mut ctx);
                    let (held0, pool0) = stocks(ctx.state);
                    allocate::run(&mut ctx, &mut Session::default());
                    let report = std::mem::take(&mut ctx.report);
                    let (held1, pool1) = stocks(&state);
                    // What the records say moved.
                    let mut held = held0.clone();
                    let mut pool = pool0.clone();
                    for gr in &report.goods {
                        let g = gr.good;
                        for layer in &gr.layers {
                            match &layer.detail {
                                LayerDetail::Meeting(m) => {
                                    for i in &m.items {
                                        held[i.member][g] += i.granted as i64;
                                        pool[g] -= i.granted as i64;
                                    }
                                    for &(maker, n) in &m.returned {
                                        held[maker][g] += n as i64;
                                        pool[g] -= n as i64;
                                        checked_returns += 1;
                                    }
                                }
                                LayerDetail::Market(r) => {
                                    for t in &r.trades {
                                        held[t.buyer][g] += 1;
                                        held[t.seller][g] -= 1;
                                    }
                                }
                                LayerDetail::Aid(a) => {
                                    for r in &a.repaid {
                                        held[r.debtor][g] -= r.units as i64;
                                        held[r.creditor][g] += r.units as i64;
                                    }
                                    if let Some(s) = &a.store {
                                        for h in &s.handed {
                                            held[h.member][g] += h.units as i64;
                                            pool[g] -= h.units as i64;
                                        }
                                        for &(m, n) in &s.donated {
                                            held[m][g] -= n as i64;
                                            pool[g] += n as i64;
                                        }
                                    }
                                    for ask in &a.asks {
                                        if let AskOutcome::Gave { units, .. } = ask.outcome {
                                            held[ask.asker][g] += units as i64;
                                            held[ask.partner][g] -= units as i64;
                                        }
                                    }
                                }
                            }
                        }
                        let tag = format!("{first:?}>{fallback:?} seed {seed} turn {turn}");
                        let total0: i64 = held0.iter().map(|h| h[g]).sum::<i64>() + pool0[g];
                        let total1: i64 = held1.iter().map(|h| h[g]).sum::<i64>() + pool1[g];
                        assert_eq!(total0, total1, "{tag}: good {g} created or destroyed");
                    }
                    let tag = format!("{first:?}>{fallback:?} seed {seed} turn {turn}");
                    assert_eq!(held, held1, "{tag}: a holding moved without a record");
                    assert_eq!(pool, pool1, "{tag}: a pool moved without a record");
                    game.apply(Command::EndTurn).unwrap();
                }
            }
        }
    }
    assert!(checked_returns > 0, "Commons → Exchange handed units back");
}

/// `Commons → Exchange`: what the meeting leaves of the turn's making goes back to the makers
/// in proportion to what each made, and some of it is then sold — medicine a meeting would
/// not allot reaches those it refused through the healers' own sales.
#[test]
fn a_meeting_hands_its_leftover_back_to_the_makers_who_sell_it() {
    let world = riverside();
    let mut game = Game::new(world.clone(), 4);
    game.apply(Command::SetRegime {
        good: "medicine".into(),
        regime: Regime::Commons,
        fallback: Some(Regime::Exchange),
    })
    .unwrap();
    let medicine = world.good("medicine").unwrap();
    let (mut returned, mut sold_by_makers) = (0u32, 0u32);
    for _ in 0..10 {
        let r = game.apply(Command::EndTurn).unwrap().unwrap();
        let made: Vec<(usize, u32)> = r
            .produced
            .iter()
            .filter(|p| p.good == medicine && p.to_pool)
            .map(|p| (p.member, p.units))
            .collect();
        let total: u32 = made.iter().map(|m| m.1).sum();
        let gr = r.goods.iter().find(|g| g.good == medicine).unwrap();
        let LayerDetail::Meeting(m) = &gr.layers[0].detail else {
            panic!("medicine is allotted at a meeting first")
        };
        let back: u32 = m.returned.iter().map(|x| x.1).sum();
        returned += back;
        for &(maker, n) in &m.returned {
            let units = made.iter().find(|x| x.0 == maker).unwrap().1;
            // Within one unit of the exact pro-rata share (largest remainders).
            let exact = back as f64 * units as f64 / total as f64;
            assert!((n as f64 - exact).abs() < 1.0, "{n} vs {exact}");
        }
        if let Some(LayerDetail::Market(mr)) = gr.layers.get(1).map(|l| &l.detail) {
            sold_by_makers += mr
                .trades
                .iter()
                .filter(|t| m.returned.iter().any(|x| x.0 == t.seller))
                .count() as u32;
        }
    }
    assert!(returned > 0, "the meeting left medicine to hand back");
    assert!(sold_by_makers > 0, "the makers sold some of it");
}
