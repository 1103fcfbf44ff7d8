//! Paid work (issue 21): over whole games with every money mechanism on at once — wages,
//! wear and spoilage, demurrage, the dividend and contribution credits — scrip is conserved
//! to the unit except what credits issue, and every wage is in the labour record.
//!
//! The wage market on small worlds (a skilled member with no goods earns, unsold stock
//! lowers an ask, hiring off holds no market, determinism, Becker) is tested beside it, in
//! `engine::market::tests`.

use std::sync::Arc;

use agora::engine::report::TurnReport;
use agora::engine::{Command, Game, Regime, World};
use agora::lab::sim::SimSpec;

/// The default scenario without storylets (a storylet may hand out scrip or goods, which
/// would blur the accounting).
fn riverside() -> Arc<World> {
    let (w, _) = SimSpec::load("riverside", Some(40)).unwrap();
    let mut sc = w.scenario.clone();
    sc.storylets.clear();
    Arc::new(World::new(sc).unwrap())
}

/// Σ balances + treasury.
fn money(game: &Game) -> u64 {
    let s = game.state();
    s.members.iter().map(|m| m.scrip).sum::<u64>() + s.market.treasury
}

#[test]
fn scrip_is_conserved_through_wages_wear_demurrage_dividends_and_credits() {
    let world = riverside();
    // Tools and cloth wear (10% and 5% a turn), grain spoils: stocks are lost every turn.
    assert!(world.goods.iter().filter(|g| g.spoilage > 0).count() >= 3);
    let (mut wages, mut credits, mut hires) = (0, 0, 0);
    for seed in 0..4 {
        let mut game = Game::new(Arc::clone(&world), seed);
        // Food and the press in common, paid for by credits; the rest traded, so members
        // can be hired onto medicine, tools, cloth and coffee.
        for g in ["medicine", "tools", "cloth", "coffee"] {
            game.apply(Command::SetRegime {
                good: g.into(),
                regime: Regime::Exchange,
                fallback: None,
            })
            .unwrap();
        }
        for cmd in [
            Command::SetDemurrage(50),
            Command::SetDividend(true),
            Command::SetContributionCredits(true),
            Command::SetHiring(true),
        ] {
            game.apply(cmd).unwrap();
        }
        let start = money(&game);
        for _ in 0..40 {
            let r: TurnReport = game.apply(Command::EndTurn).unwrap().unwrap();
            assert_eq!(
                money(&game),
                start + game.state().market.issued,
                "seed {seed} turn {}: balances and treasury = endowments + what credits issued",
                r.turn
            );
            let paid: u64 = r.labour.hires.iter().map(|h| h.wages).sum();
            assert_eq!(r.metrics.wages, paid, "every wage is in the record");
            assert!(
                r.labour
                    .hires
                    .iter()
                    .all(|h| h.days > 0 && h.employer != h.worker)
            );
            wages += paid;
            hires += r.labour.hires.len();
            credits += r.metrics.credits_paid;
        }
    }
    assert!(wages > 0 && hires > 0, "members worked for pay");
    assert!(credits > 0, "credits were paid");
}
