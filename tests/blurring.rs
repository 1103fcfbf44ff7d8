//! Blurring the lines (issue 12): layered regimes send exactly the unmet remainder to the
//! fallback, scrip is conserved except where a policy creates it, and contribution credits
//! pay at the last market price (the treasury first, then newly issued scrip).
//!
//! Conformity under a secret ballot and two-hop aid's need line are tested where they live
//! (`engine::meeting::vote`, `engine::aid::tests`).

use std::sync::Arc;

use agora::engine::report::{Entry, TurnReport};
use agora::engine::{Command, Game, Regime, World};
use agora::lab::sim::SimSpec;

/// The default scenario without storylets (a storylet may hand out scrip or goods, which
/// would blur the accounting these tests check).
fn riverside() -> Arc<World> {
    let (w, _) = SimSpec::load("riverside", Some(40)).unwrap();
    let mut sc = w.scenario.clone();
    sc.storylets.clear();
    Arc::new(World::new(sc).unwrap())
}

fn set(game: &mut Game, good: &str, regime: Regime, fallback: Option<Regime>) {
    game.apply(Command::SetRegime {
        good: good.into(),
        regime,
        fallback,
    })
    .unwrap();
}

fn end(game: &mut Game) -> TurnReport {
    game.apply(Command::EndTurn).unwrap().unwrap()
}

/// Units of `good` each member was served by one layer of the report.
fn served(r: &TurnReport, good: usize, layer: usize, members: usize) -> Vec<u32> {
    let mut v = vec![0; members];
    let g = r.goods.iter().find(|g| g.good == good).unwrap();
    if let Some(l) = g.layers.get(layer) {
        for &(m, u) in &l.served {
            v[m] += u;
        }
    }
    v
}

/// Units of `good` member `m` went short of this turn (after every layer).
fn short(r: &TurnReport, m: usize, good: usize) -> u32 {
    r.members
        .iter()
        .filter(|mr| mr.member == m)
        .flat_map(|mr| mr.needs.iter())
        .filter(|o| o.good == good)
        .map(|o| o.needed - o.met.min(o.needed))
        .sum()
}

#[test]
fn layering_sends_exactly_the_unmet_remainder_to_the_fallback() {
    let world = riverside();
    let grain = world.good("grain").unwrap();
    let n = world.scenario.members.len();
    let mut fallback_served = 0;
    for seed in 0..6 {
        for k in [1u32, 5, 12] {
            // Two games alike until turn k: grain under Exchange alone, and Exchange → Aid.
            let mut alone = Game::new(Arc::clone(&world), seed);
            let mut layered = Game::new(Arc::clone(&world), seed);
            set(&mut alone, "grain", Regime::Exchange, None);
            set(&mut layered, "grain", Regime::Exchange, None);
            for _ in 1..k {
                end(&mut alone);
                end(&mut layered);
            }
            assert_eq!(alone.hash(), layered.hash());
            set(&mut layered, "grain", Regime::Exchange, Some(Regime::Aid));
            let a = end(&mut alone);
            let b = end(&mut layered);
            let ga = a.goods.iter().find(|g| g.good == grain).unwrap();
            let gb = b.goods.iter().find(|g| g.good == grain).unwrap();
            // The first layer is the same market, serving the same members.
            assert_eq!(ga.layers.len(), 1);
            assert_eq!(ga.layers[0].served, gb.layers[0].served);
            let first = served(&b, grain, 0, n);
            let second = served(&b, grain, 1, n);
            let left_alone = ga.unmet;
            if left_alone == 0 {
                assert_eq!(
                    gb.layers.len(),
                    1,
                    "nothing unmet: the fallback does not sit"
                );
                continue;
            }
            assert_eq!(gb.layers.len(), 2);
            assert!(gb.layers[1].fallback);
            // What the fallback filled plus what stayed unmet is exactly what the market
            // alone left unmet…
            let by_fallback: u32 = second.iter().sum();
            assert_eq!(by_fallback + gb.unmet, left_alone, "seed {seed} turn {k}");
            // …member by member: each is served by the fallback exactly what the market
            // left them short, less what is still unmet after it.
            for (m, &given) in second.iter().enumerate().take(n) {
                assert_eq!(
                    given + short(&b, m, grain),
                    short(&a, m, grain),
                    "seed {seed} turn {k} member {m}"
                );
            }
            assert_eq!(first, served(&a, grain, 0, n));
            fallback_served += by_fallback;
            // The chronicle says which layer served whom.
            if by_fallback > 0 {
                assert!(b.chronicle.iter().any(|e| matches!(
                    e,
                    Entry::Layered(l) if l.good == grain
                        && l.first == Regime::Exchange
                        && l.fallback == Regime::Aid
                        && l.by_fallback.iter().map(|x| x.1).sum::<u32>() == by_fallback
                )));
            }
        }
    }
    assert!(fallback_served > 0, "the fallback served someone somewhere");
}

/// Σ balances + treasury.
fn money(game: &Game) -> u64 {
    let s = game.state();
    s.members.iter().map(|m| m.scrip).sum::<u64>() + s.market.treasury
}

#[test]
fn scrip_is_conserved_except_what_credits_issue() {
    let world = riverside();
    for seed in 0..4 {
        for credits in [false, true] {
            let mut game = Game::new(Arc::clone(&world), seed);
            game.apply(Command::SetDemurrage(50)).unwrap();
            game.apply(Command::SetDividend(true)).unwrap();
            game.apply(Command::SetContributionCredits(credits))
                .unwrap();
            let start = money(&game);
            for _ in 0..30 {
                let r = end(&mut game);
                assert_eq!(r.metrics.scrip_issued, game.state().market.issued);
                assert_eq!(
                    money(&game),
                    start + r.metrics.scrip_issued,
                    "seed {seed} credits {credits} turn {}",
                    r.turn
                );
                assert_eq!(
                    r.metrics.money_supply + r.metrics.treasury,
                    money(&game),
                    "the metrics show the whole money supply"
                );
                if !credits {
                    assert_eq!(r.metrics.scrip_issued, 0);
                    assert_eq!(r.metrics.credits_paid, 0);
                }
            }
        }
    }
}

#[test]
fn contribution_credits_pay_at_the_last_market_price_treasury_first() {
    let world = riverside();
    let grain = world.good("grain").unwrap();
    let base = world.goods[grain].base_cost as u64;
    let mut paid_at_price = 0;
    for seed in 0..4 {
        let mut game = Game::new(Arc::clone(&world), seed);
        // Off: nothing is paid for what goes into the pool.
        let r = end(&mut game);
        assert!(r.produced.iter().all(|p| p.credit == 0 && p.issued == 0));
        assert!(r.produced.iter().any(|p| p.to_pool));
        // Grain under Exchange for a while gives it a market price; a demurrage without a
        // dividend fills the treasury.
        set(&mut game, "grain", Regime::Exchange, None);
        game.apply(Command::SetDemurrage(100)).unwrap();
        for _ in 0..6 {
            end(&mut game);
        }
        set(&mut game, "grain", Regime::Commons, None);
        game.apply(Command::SetContributionCredits(true)).unwrap();
        for _ in 0..6 {
            let price = game.state().goods[grain]
                .last_price
                .map_or(base, |p| p as u64);
            let treasury = game.state().market.treasury;
            let issued_before = game.state().market.issued;
            let r = end(&mut game);
            let mut total = 0;
            for p in &r.produced {
                if p.to_pool && p.good == grain {
                    assert_eq!(p.credit, p.units as u64 * price);
                    paid_at_price += 1;
                } else if !p.to_pool {
                    assert_eq!(p.credit, 0, "only output into a pool is credited");
                }
                total += p.credit;
            }
            assert_eq!(r.metrics.credits_paid, total);
            let issued: u64 = r.produced.iter().map(|p| p.issued).sum();
            assert_eq!(
                issued,
                total.saturating_sub(treasury),
                "the treasury pays first"
            );
            assert_eq!(game.state().market.issued, issued_before + issued);
        }
    }
    assert!(paid_at_price > 0);
}

#[test]
fn credits_fall_back_to_base_cost_for_a_good_never_traded() {
    let world = riverside();
    let grain = world.good("grain").unwrap();
    let mut game = Game::new(Arc::clone(&world), 3);
    assert_eq!(game.state().goods[grain].last_price, None);
    game.apply(Command::SetContributionCredits(true)).unwrap();
    let r = end(&mut game);
    let ps: Vec<_> = r
        .produced
        .iter()
        .filter(|p| p.good == grain && p.to_pool)
        .collect();
    assert!(!ps.is_empty());
    for p in ps {
        assert_eq!(
            p.credit,
            p.units as u64 * world.goods[grain].base_cost as u64
        );
        // An empty treasury: all of it is newly issued.
        assert_eq!(p.issued, p.credit);
    }
}

#[test]
fn explanations_name_the_fallback_layer() {
    let world = riverside();
    let grain = world.good("grain").unwrap();
    let mut found = false;
    for seed in 0..6 {
        let mut game = Game::new(Arc::clone(&world), seed);
        set(&mut game, "grain", Regime::Exchange, Some(Regime::Aid));
        for _ in 0..10 {
            let r = end(&mut game);
            for mr in &r.members {
                for o in mr.needs.iter().filter(|o| o.good == grain) {
                    assert_eq!(o.fallback, Some(Regime::Aid));
                    if o.received.iter().any(|&(g, u)| g == Regime::Aid && u > 0) {
                        let text = o.describe(&world);
                        assert!(text.contains("from the Aid fallback"), "{text}");
                        found = true;
                    }
                }
            }
            for e in &r.chronicle {
                if let Entry::Layered(l) = e {
                    let text = e.describe(&world);
                    assert!(text.contains("the Aid fallback served"), "{text}");
                    assert_eq!(l.good, grain);
                }
            }
        }
    }
    assert!(
        found,
        "the Aid fallback served someone in ten turns of six seeds"
    );
}

/// The blurring table's subjects come from what the scenario declares, not from ids: in
/// Riverside, the most-marked member who needs care and can work is Ava (medicine), and the
/// member who needs care with no skill is Tom.
#[test]
fn the_blurring_subjects_follow_the_declarations() {
    let world = SimSpec::load("riverside", None).unwrap().0;
    let s = agora::lab::blurring::Subjects::of(&world).unwrap();
    assert_eq!(
        s.care,
        (
            world.member("ava").unwrap(),
            world.good("medicine").unwrap()
        )
    );
    assert_eq!(s.cannot_work, world.member("tom").unwrap());
}
