//! Mutual aid in the default scenario: gifts flow along bonds, the member who cannot work is
//! carried by his bonds (or not, without them), and aid falters when everyone is short.

use std::sync::Arc;

use agora::engine::report::{Entry, TurnReport};
use agora::engine::{Command, Game, Regime, World};
use agora::lab::sim::SimSpec;

fn riverside(edit: impl FnOnce(&mut agora::engine::world::scenario::Scenario)) -> Arc<World> {
    let (w, _) = SimSpec::load("riverside", Some(40)).unwrap();
    let mut sc = w.scenario.clone();
    // Aid alone: storylets (friends stepping in, new bonds) would blur the contrast.
    sc.storylets.clear();
    edit(&mut sc);
    Arc::new(World::new(sc).unwrap())
}

/// Every good under `Aid`, `turns` turns; returns each turn's report.
fn play_aid(world: &Arc<World>, seed: u64, turns: u32) -> Vec<TurnReport> {
    let mut game = Game::new(Arc::clone(world), seed);
    for g in &world.scenario.goods {
        game.apply(Command::SetRegime {
            good: g.id.clone(),
            regime: Regime::Aid,
            fallback: None,
        })
        .unwrap();
    }
    (0..turns)
        .map(|_| game.apply(Command::EndTurn).unwrap().unwrap())
        .collect()
}

/// Share of Tom's grain need met over a game, and how often he was carried.
fn tom(world: &Arc<World>, seed: u64) -> (f64, usize, usize) {
    let tom = world.member("tom").unwrap();
    let grain = world.good("grain").unwrap();
    let reports = play_aid(world, seed, 20);
    let (mut met, mut needed) = (0u32, 0u32);
    let (mut carried, mut alone) = (0, 0);
    for r in &reports {
        let m = r.members.iter().find(|m| m.member == tom).unwrap();
        for n in m.needs.iter().filter(|n| n.good == grain) {
            met += n.met;
            needed += n.needed;
        }
        for e in &r.chronicle {
            match e {
                Entry::Carried { member, good, .. } if *member == tom && *good == grain => {
                    carried += 1
                }
                Entry::NoOneToAsk { member, .. } if *member == tom => alone += 1,
                _ => {}
            }
        }
    }
    (met as f64 / needed as f64, carried, alone)
}

#[test]
fn the_member_who_cannot_work_is_carried_by_his_bonds_or_not() {
    let with = riverside(|_| {});
    let without = riverside(|sc| sc.meta.bonds.retain(|(a, b, _)| a != "tom" && b != "tom"));
    let (mut fed_with, mut fed_without) = (0.0, 0.0);
    for seed in 1..=5 {
        let (fed, carried, alone) = tom(&with, seed);
        assert!(carried > 0, "seed {seed}: Tom's bonds carry him");
        assert_eq!(alone, 0);
        fed_with += fed;
        let (fed, _, alone) = tom(&without, seed);
        assert!(
            alone > 0,
            "seed {seed}: without bonds Tom has nobody to ask"
        );
        fed_without += fed;
    }
    assert!(fed_with > fed_without + 1.0, "{fed_with} vs {fed_without}");
}

#[test]
fn gifts_flow_along_bonds() {
    let world = riverside(|_| {});
    let reports = play_aid(&world, 1, 10);
    let gifts: usize = reports
        .iter()
        .flat_map(|r| &r.chronicle)
        .filter(|e| matches!(e, Entry::Carried { .. }))
        .count();
    assert!(gifts >= 20, "{gifts} gifts in 10 turns");
    // Gifts strengthen bonds: the report carries the contacts, with gifts among them.
    assert!(reports.iter().any(|r| {
        r.bonds
            .iter()
            .any(|t| t.contact == agora::engine::bonds::Contact::Gift && t.delta > 0.0)
    }));
    assert!(reports.iter().all(|r| r.metrics.aid_value > 0));
}

#[test]
fn aid_falters_when_everyone_is_short() {
    let normal = riverside(|_| {});
    // A drought: every producer's output halved.
    let drought = riverside(|sc| {
        for m in &mut sc.members {
            for s in m.skills.values_mut() {
                *s /= 2;
            }
        }
    });
    let coverage = |w: &Arc<World>| -> f64 {
        let mut sum = 0.0;
        let mut n = 0.0;
        for seed in 1..=3 {
            for r in play_aid(w, seed, 20).iter().skip(4) {
                sum += r.metrics.aid_coverage;
                n += 1.0;
            }
        }
        sum / n
    };
    let (c_normal, c_drought) = (coverage(&normal), coverage(&drought));
    assert!(
        c_drought < c_normal - 0.1,
        "coverage {c_drought:.3} in drought vs {c_normal:.3}"
    );
    let faltered = play_aid(&drought, 1, 20)
        .iter()
        .flat_map(|r| r.chronicle.clone())
        .any(|e| matches!(e, Entry::AidFaltered { good: 0, .. }));
    assert!(faltered, "the chronicle says aid faltered for grain");
}
