use super::ask::readiness;
use super::*;
use crate::engine::allocate;
use crate::engine::params::AidParams;
use crate::engine::report::aid::Repayment;
use crate::engine::report::verdict::Verdict;
use crate::engine::state::State;
use crate::engine::types::Barrier;
use crate::engine::world::World;
use crate::engine::world::scenario::{Good, Member, Scenario, ScenarioMeta};

/// One good (`grain`, under `Aid`), one dimension (`trans`), and members given as
/// `(id, low mark?, need, holdings, prejudice against the low mark)`.
pub(crate) fn world(members: &[(&str, bool, u32, u32, f64)], bonds: &[(&str, &str, f64)]) -> World {
    let bonds: Vec<String> = bonds
        .iter()
        .map(|(a, b, w)| format!("(\"{a}\", \"{b}\", {w:?})"))
        .collect();
    let meta: ScenarioMeta = ron::from_str(&format!(
        "(id: \"t\", name: \"T\", description: \"\", turns: 10,
          dimensions: [(id: \"trans\", high: \"cis\", low: \"trans\")],
          bonds: [{}])",
        bonds.join(", ")
    ))
    .unwrap();
    let goods: Vec<Good> =
        ron::from_str("[(id: \"grain\", name: \"grain\", kind: Consumable, regime: Aid)]").unwrap();
    let members: Vec<Member> = members
        .iter()
        .map(|(id, low, need, held, prejudice)| {
            let marks = if *low { "{\"trans\": Low}" } else { "{}" };
            let prejudices = if *prejudice > 0.0 {
                format!("[(dimension: \"trans\", strength: {prejudice:?})]")
            } else {
                "[]".into()
            };
            ron::from_str(&format!(
                "(id: \"{id}\", name: \"{id}\", marks: {marks},
                  needs: [(good: \"grain\", amount: {need}, priority: Survival)],
                  holdings: {{\"grain\": {held}}}, prejudices: {prejudices})"
            ))
            .unwrap()
        })
        .collect();
    World::new(Scenario {
        meta,
        goods,
        members,
        storylets: Vec::new(),
    })
    .unwrap()
}

/// Run the aid layer for grain once, on `turn`; returns the record and the claims.
fn aid_round(world: &World, state: &mut State, turn: u32) -> (AidRecord, Vec<Claim>) {
    let mut ctx = TurnCtx::new(world, state, turn);
    let mut claims = allocate::claims(&ctx, 0);
    let LayerDetail::Aid(rec) = run(&mut ctx, 0, &mut claims) else {
        panic!("aid returns its record");
    };
    (*rec, claims)
}

fn village() -> World {
    world(
        &[
            ("rich", false, 2, 12, 0.0),
            ("tom", false, 2, 0, 0.0),
            ("ruth", false, 2, 2, 0.0),
            ("poor", true, 3, 1, 0.0),
            ("loner", false, 2, 0, 0.0),
            ("far", false, 2, 9, 0.0),
        ],
        &[
            ("tom", "ruth", 0.5),
            ("ruth", "far", 1.0),
            ("rich", "poor", 0.6),
            ("rich", "ruth", 0.1),
        ],
    )
}

#[test]
fn gifts_conserve_goods_and_never_go_below_the_need_line() {
    let w = village();
    for mode in [AidMode::NeedBased, AidMode::AccountKeeping] {
        for store in [false, true] {
            for seed in 0..20 {
                let mut state = State::new(&w, seed);
                state.policy.aid_mode = mode;
                state.policy.community_store = store;
                state.goods[0].pool = 3;
                let before: Vec<u32> = state.members.iter().map(|m| m.holdings[0]).collect();
                let stock = state.stock(0);
                let (rec, _) = aid_round(&w, &mut state, 1);
                assert_eq!(state.stock(0), stock, "goods are conserved");
                assert!(rec.gifted > 0);
                for (m, member) in state.members.iter().enumerate() {
                    let line = member.need_of(0);
                    if member.holdings[0] < before[m] {
                        assert!(member.holdings[0] >= line, "{m} gave below their need line");
                    }
                }
            }
        }
    }
}

#[test]
fn a_partner_who_cannot_give_asks_their_own_bonds() {
    let w = village();
    let tom = w.member("tom").unwrap();
    let far = w.member("far").unwrap();
    let ruth = w.member("ruth").unwrap();
    let mut state = State::new(&w, 1);
    let (rec, claims) = aid_round(&w, &mut state, 1);
    // Ruth holds only her own need; she passes Tom's request on to Far (0.5 × 1.0).
    assert!(rec.asks.iter().any(|a| a.asker == tom
        && a.partner == ruth
        && matches!(a.outcome, AskOutcome::NothingToSpare { .. })));
    let via = rec
        .asks
        .iter()
        .find(|a| a.asker == tom && a.partner == far)
        .unwrap();
    assert_eq!(via.via, Some(ruth));
    assert!((via.weight - 0.5).abs() < 1e-12);
    assert!(
        claims
            .iter()
            .filter(|c| c.member == tom)
            .all(|c| c.remaining == 0)
    );
    // With one hop Tom goes without.
    let mut state = State::new(&w, 1);
    state.params.aid.reach = 1;
    let (rec, claims) = aid_round(&w, &mut state, 1);
    assert!(rec.went_without.contains(&(tom, 2)));
    let c = claims.iter().find(|c| c.member == tom).unwrap();
    assert!(matches!(c.why[0], Reason::AidShort { asked: 1, .. }));
    // Ruth had nothing to spare: with something, she would have given.
    assert_eq!(c.why[1], barred(Verdict::Decisive(vec![Barrier::NoSpare])));
    // Loner has no bonds at all: nothing taken away would have found them a giver.
    let loner = w.member("loner").unwrap();
    let c = claims.iter().find(|c| c.member == loner).unwrap();
    assert_eq!(c.why, vec![Reason::NoOneToAsk, barred(Verdict::Unmoved)]);
    assert_eq!(state.members[loner].audit.short, 1);
    assert_eq!(state.members[loner].audit.unbarred, 1);
}

fn barred(verdict: Verdict) -> Reason {
    Reason::Barred {
        regime: Regime::Aid,
        verdict,
    }
}

/// The verdict on `a`'s shortfall, with `a` (low mark, need 2, holding 0) and `b`
/// (need 2, holding `held`, prejudice `prejudice`) bonded at `bond`.
fn pair_verdict(bond: f64, held: u32, prejudice: f64) -> Verdict {
    let w = world(
        &[("a", true, 2, 0, 0.0), ("b", false, 2, held, prejudice)],
        &[("a", "b", bond)],
    );
    let mut state = State::new(&w, 3);
    let (_, claims) = aid_round(&w, &mut state, 1);
    let c = claims.iter().find(|c| c.member == 0).unwrap();
    assert!(c.remaining > 0, "a went without");
    let Some(Reason::Barred { verdict, .. }) = c.why.last() else {
        panic!("a shortfall carries its verdict: {:?}", c.why)
    };
    verdict.clone()
}

#[test]
fn each_aid_barrier_alone_flips_a_case() {
    let one = |b| Verdict::Decisive(vec![b]);
    // A tie too weak to ask (0.02 < min_bond) to someone with plenty.
    assert_eq!(pair_verdict(0.02, 9, 0.0), one(Barrier::NoBond));
    // A partner with plenty whose prejudice takes readiness to 0.
    assert_eq!(pair_verdict(0.5, 9, 1.0), one(Barrier::PartnerPrejudice));
    // A ready partner holding only their own need.
    assert_eq!(pair_verdict(0.5, 2, 0.0), one(Barrier::NoSpare));
}

#[test]
fn account_keeping_records_and_settles_debts() {
    let w = village();
    let (rich, poor) = (w.member("rich").unwrap(), w.member("poor").unwrap());
    let mut state = State::new(&w, 1);
    state.policy.aid_mode = AidMode::AccountKeeping;
    let (rec, _) = aid_round(&w, &mut state, 1);
    let owed: u32 = state
        .aid
        .debts
        .iter()
        .filter(|d| d.debtor == poor && d.creditor == rich)
        .map(|d| d.units)
        .sum();
    assert_eq!(owed, 2, "poor was short 2 and owes them");
    assert!(
        rec.asks
            .iter()
            .any(|a| matches!(a.outcome, AskOutcome::Gave { debt: true, .. }))
    );
    // Poor eats, then has a good harvest: the debt is repaid from what they hold above
    // their own need line, before anyone asks.
    state.members[poor].holdings[0] = 4;
    let rich_before = state.members[rich].holdings[0];
    let (rec, _) = aid_round(&w, &mut state, 2);
    assert_eq!(
        rec.repaid,
        vec![Repayment {
            debtor: poor,
            creditor: rich,
            units: 1
        }]
    );
    assert_eq!(state.members[poor].holdings[0], 3);
    assert_eq!(state.members[rich].holdings[0], rich_before + 1);
    state.members[poor].holdings[0] = 9;
    let (rec, _) = aid_round(&w, &mut state, 3);
    assert_eq!(rec.repaid[0].units, 1);
    assert!(state.aid.debts.iter().all(|d| d.debtor != poor));
    // Need-based aid keeps no debts.
    let mut state = State::new(&w, 1);
    aid_round(&w, &mut state, 1);
    assert!(state.aid.debts.is_empty());
}

#[test]
fn a_prejudiced_member_gives_less_to_the_targets_of_the_prejudice() {
    // Same giver, same bond, same need: only the asker's mark differs.
    let given = |low: bool| -> u32 {
        let w = world(
            &[("giver", false, 2, 20, 0.5), ("asker", low, 2, 0, 0.0)],
            &[("giver", "asker", 0.3)],
        );
        (0..200)
            .map(|seed| {
                let mut state = State::new(&w, seed);
                aid_round(&w, &mut state, 1).0.gifted
            })
            .sum()
    };
    let (to_cis, to_trans) = (given(false), given(true));
    // Readiness 0.8 against 0.3: 320 and 120 units expected.
    assert!(to_trans < to_cis, "{to_trans} vs {to_cis}");
    assert!(to_trans > 60 && to_trans < 180, "{to_trans}");
    assert!(to_cis > 260, "{to_cis}");
}

#[test]
fn the_store_hands_out_shares_for_need_and_takes_donations() {
    let w = village();
    let mut state = State::new(&w, 1);
    state.policy.community_store = true;
    state.goods[0].pool = 4;
    let loner = w.member("loner").unwrap();
    let (rec, _) = aid_round(&w, &mut state, 1);
    let store = rec.store.unwrap();
    assert_eq!(store.stock, 4);
    // Loner, who has nobody to ask, gets fed from the store.
    assert!(
        store
            .handed
            .iter()
            .any(|h| h.member == loner && h.units > 0)
    );
    assert!(rec.from_store > 0);
    // The rich leave half their spare at the store.
    let rich = w.member("rich").unwrap();
    assert!(store.donated.iter().any(|&(m, u)| m == rich && u > 0));
    assert_eq!(
        state.goods[0].pool,
        4 - rec.from_store + store.donated.iter().map(|d| d.1).sum::<u32>()
    );
}

#[test]
fn gifts_are_valued_at_the_market_price() {
    let w = village();
    let mut state = State::new(&w, 1);
    state.goods[0].last_price = Some(7);
    let (rec, _) = aid_round(&w, &mut state, 1);
    assert!(rec.market_price);
    assert_eq!(rec.value, rec.gifted as u64 * 7);
    let mut state = State::new(&w, 1);
    let (rec, _) = aid_round(&w, &mut state, 1);
    assert_eq!(rec.price, w.goods[0].base_cost);
    assert!(!rec.describe(&w, 0).is_empty());
}

#[test]
fn readiness_follows_bonds_and_falls_with_prejudice() {
    let p = AidParams::default();
    assert_eq!(readiness(&p, 0.5, 0.0), 1.0);
    assert!((readiness(&p, 0.2, 0.0) - 0.7).abs() < 1e-12);
    assert!(readiness(&p, 0.2, 0.3) < readiness(&p, 0.2, 0.0));
    assert_eq!(readiness(&p, 0.0, 1.0), 0.0);
}
