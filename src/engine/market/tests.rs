//! The market institution on small worlds: conservation, Becker's shut-out, entrepreneurs,
//! demurrage, determinism.

use crate::engine::allocate;
use crate::engine::ctx::TurnCtx;
use crate::engine::market::schedule;
use crate::engine::meeting::Session;
use crate::engine::report::market::{
    MarketReason, MarketRecord, RefusalOutcome, TradeRecord, Unfilled,
};
use crate::engine::report::verdict::Verdict;
use crate::engine::report::{GoodReport, Layer, LayerDetail, TurnReport};
use crate::engine::state::State;
use crate::engine::types::{Barrier, Priority, Regime};
use crate::engine::world::World;
use crate::engine::world::scenario::{Good, Member, Scenario, ScenarioMeta};

fn ron<T: serde::de::DeserializeOwned>(text: &str) -> T {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(text)
        .expect("test RON parses")
}

const GOODS: &str = r#"[
    (id: "bread", name: "bread", kind: Consumable, base_cost: 2, regime: Exchange),
    (id: "coffee", name: "coffee", kind: Consumable, base_cost: 1, regime: Exchange),
]"#;

/// The schedules of `good`, built in fresh lists.
fn schedules(
    p: &crate::engine::params::MarketParams,
    w: &World,
    members: &[crate::engine::state::MemberState],
    prices: &[u32],
    good: usize,
    claims: &[crate::engine::ctx::Claim],
) -> schedule::Schedules {
    let mut work = schedule::Work::default();
    schedule::build(p, w, members, prices, good, claims, &mut work);
    work.schedules
}

/// A world of two goods, bread and coffee, traded on the market, and the given members.
fn world(members: &str) -> World {
    world_of(GOODS, members)
}

fn world_of(goods: &str, members: &str) -> World {
    let meta: ScenarioMeta = ron(r#"(
        id: "t", name: "T", description: "", turns: 100,
        dimensions: [(id: "trans", high: "cis", low: "trans")],
    )"#);
    let goods: Vec<Good> = ron(goods);
    let members: Vec<Member> = ron(members);
    World::new(Scenario {
        meta,
        goods,
        members,
        storylets: Vec::new(),
    })
    .expect("test world resolves")
}

const BUYER: &str = r#"(id: "ava", name: "Ava", marks: { "trans": Low }, scrip: 100,
    needs: [(good: "bread", amount: 2, priority: Survival)])"#;
const BIGOT: &str = r#"(id: "dale", name: "Dale", skills: { "bread": 5 }, holdings: { "bread": 6 },
    prejudices: [(dimension: "trans", strength: 1.0)])"#;
const FAIR: &str =
    r#"(id: "grace", name: "Grace", skills: { "bread": 5 }, holdings: { "bread": 6 })"#;

/// Allocate every good once, as a turn does, and return the report.
fn allocate_once(world: &World, state: &mut State, turn: u32) -> TurnReport {
    let mut ctx = TurnCtx::new(world, state, turn);
    allocate::run(&mut ctx, &mut Session::default());
    ctx.report
}

fn market_of(report: &TurnReport) -> &MarketRecord {
    report
        .market_records()
        .next()
        .map(|r| r.1)
        .expect("a market ran")
}

#[test]
fn trades_conserve_goods_and_scrip_and_fill_claims() {
    let w = world(&format!("[{BUYER}, {FAIR}]"));
    let mut state = State::new(&w, 7);
    let (goods0, scrip0) = (
        state.stock(0),
        state.members.iter().map(|m| m.scrip).sum::<u64>(),
    );
    let report = allocate_once(&w, &mut state, 1);
    let rec = market_of(&report);
    assert!(
        !rec.trades.is_empty(),
        "a hungry buyer with scrip meets a seller"
    );
    assert_eq!(state.stock(0), goods0);
    assert_eq!(state.members.iter().map(|m| m.scrip).sum::<u64>(), scrip0);
    let paid: u64 = rec.trades.iter().map(|t| t.price as u64).sum();
    assert_eq!(state.members[0].scrip, 100 - paid);
    assert_eq!(state.members[0].holdings[0], rec.trades.len() as u32);
    let served: u32 = report.goods[0].layers[0].served.iter().map(|s| s.1).sum();
    assert_eq!(served, rec.trades.iter().filter(|t| t.need).count() as u32);
    assert_eq!(state.goods[0].last_price.is_some(), !rec.trades.is_empty());
}

#[test]
fn a_prejudiced_sole_seller_shuts_the_buyer_out() {
    let w = world(&format!("[{BUYER}, {BIGOT}]"));
    let mut state = State::new(&w, 3);
    let report = allocate_once(&w, &mut state, 1);
    let rec = market_of(&report);
    assert!(rec.trades.is_empty());
    assert_eq!(rec.refusals.len(), 1);
    assert_eq!(rec.refusals[0].outcome, RefusalOutcome::ShutOut);
    assert_eq!((rec.refusals[0].by, rec.refusals[0].of), (1, 0));
    assert!(matches!(
        rec.unfilled[0].why,
        MarketReason::ShutOut { by: 1, .. }
    ));
    assert!(
        report
            .chronicle
            .iter()
            .any(|e| e.describe(&w).contains("shut out of the bread market"))
    );
}

#[test]
fn with_a_second_seller_the_refused_buyer_trades_elsewhere() {
    let w = world(&format!("[{BUYER}, {BIGOT}, {FAIR}]"));
    let mut state = State::new(&w, 3);
    let report = allocate_once(&w, &mut state, 1);
    let rec = market_of(&report);
    assert_eq!(rec.trades.len(), 2, "both units of need are bought");
    assert!(rec.trades.iter().all(|t| t.seller == 2), "only from Grace");
    assert!(
        rec.refusals
            .iter()
            .all(|r| r.by == 1 && r.outcome == RefusalOutcome::TradedElsewhere)
    );
    assert!(rec.unfilled.is_empty());
}

#[test]
fn clearing_is_deterministic_for_a_seed() {
    let w = world(&format!("[{BUYER}, {BIGOT}, {FAIR}]"));
    let run = |seed| {
        let mut state = State::new(&w, seed);
        let r = allocate_once(&w, &mut state, 1);
        (market_of(&r).clone(), state)
    };
    assert_eq!(run(11), run(11));
    let prices = |seed| {
        (1..=8)
            .map(|t| {
                let mut state = State::new(&w, seed);
                let r = allocate_once(&w, &mut state, t);
                market_of(&r)
                    .trades
                    .iter()
                    .map(|x| x.price)
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
    };
    assert_ne!(prices(11), prices(12), "another seed draws other prices");
}

#[test]
fn demurrage_and_dividend_conserve_scrip_to_the_unit() {
    let w = world(&format!("[{BUYER}, {FAIR}, {BIGOT}]"));
    let mut state = State::new(&w, 1);
    state.members[1].scrip = 37;
    state.policy.demurrage_permille = 50;
    state.policy.dividend = true;
    let total = |s: &State| s.members.iter().map(|m| m.scrip).sum::<u64>() + s.market.treasury;
    let before = total(&state);
    let mut ctx = TurnCtx::new(&w, &mut state, 1);
    super::before_allocation(&mut ctx);
    // 5 from Ava's 100, 1 from Grace's 37, none from Dale's 0: 6 shared as 2 each.
    assert_eq!(
        state.members.iter().map(|m| m.scrip).collect::<Vec<_>>(),
        vec![97, 38, 2]
    );
    assert_eq!(state.market.treasury, 0);
    assert_eq!(total(&state), before);
}

/// A report whose coffee market (good 1) sold one unit to member 2 from each of `sellers`.
fn coffee_report(turn: u32, sellers: &[usize], price: u32) -> TurnReport {
    let trades = sellers
        .iter()
        .map(|&seller| TradeRecord {
            buyer: 2,
            seller,
            price,
            surcharge: 0,
            need: false,
        })
        .collect();
    TurnReport {
        turn,
        goods: vec![GoodReport {
            good: 1,
            layers: vec![Layer {
                regime: Regime::Exchange,
                fallback: false,
                served: Vec::new(),
                detail: LayerDetail::Market(Box::new(MarketRecord {
                    trades,
                    ..MarketRecord::default()
                })),
            }],
            unmet: 0,
        }],
        ..TurnReport::default()
    }
}

#[test]
fn an_entrepreneur_enters_when_the_price_signal_persists_and_leaves_when_it_fades() {
    let w = world(
        r#"[
        (id: "priya", name: "Priya", skills: { "coffee": 5 }, holdings: { "coffee": 20 }),
        (id: "eli", name: "Eli", skills: { "bread": 4, "coffee": 3 }, work: { "bread": 100 }, enterprise: 1.0),
        (id: "ava", name: "Ava", scrip: 100),
    ]"#,
    );
    let mut state = State::new(&w, 5);
    state.params.market.entry_unfilled_turns = 1000;
    let p = state.params.market.clone();
    // Eli's unit cost of coffee is ⌈1 × 3 ÷ 3⌉ = 1; a price of 4 clears the 25% margin.
    let mut entered_at = None;
    let mut left_at = None;
    // Priya sells at 4 for four turns; then Eli sells too, until turn 12; then nobody buys.
    for turn in 1..=20 {
        let sellers: &[usize] = match turn {
            1..=4 => &[0, 0],
            5..=12 => &[0, 1],
            _ => &[],
        };
        let mut ctx = TurnCtx::new(&w, &mut state, turn);
        ctx.report = coffee_report(turn, sellers, 4);
        super::ventures::run(&mut ctx);
        let in_trade = state
            .market
            .ventures
            .iter()
            .any(|v| v.member == 1 && v.good == 1);
        if in_trade && entered_at.is_none() {
            entered_at = Some(turn);
            assert_eq!(state.members[1].work, vec![50, 50]);
        }
        if !in_trade && entered_at.is_some() && left_at.is_none() {
            left_at = Some(turn);
        }
    }
    assert_eq!(
        entered_at,
        Some(p.entry_price_turns),
        "enters once the signal has persisted"
    );
    let left = left_at.expect("leaves once the trade stops paying");
    assert_eq!(
        left,
        12 + p.exit_idle_turns,
        "stays while it pays, leaves after idle turns"
    );
    assert_eq!(state.members[1].work, vec![100, 0], "work restored");
}

/// Demand left unfilled at 5 a pound, for a newcomer whose coffee costs them 4: it pays a 25%
/// margin (5 ≥ 4 × 1.25) but not a 30% one, so the margin decides whether they enter.
#[test]
fn the_entry_margin_decides_who_enters_on_unfilled_demand() {
    let w = world(
        r#"[
        (id: "eli", name: "Eli", skills: { "bread": 4, "coffee": 2 }, work: { "bread": 100 }, enterprise: 1.0),
        (id: "ava", name: "Ava", scrip: 100),
    ]"#,
    );
    let enters = |margin: u32| {
        let mut state = State::new(&w, 5);
        state.params.market.entry_margin_pct = margin;
        state.params.market.entry_price_turns = 1000;
        // ⌈1 × 3 × 100 ÷ (100 × 2)⌉ = 2 per pound at skill 2; cost factor 3 and base cost 1.
        let cost = super::schedule::unit_cost(&state.params.market, &w, &state.members[0], 1, 0);
        assert_eq!(cost, 2);
        for turn in 1..=6 {
            let mut ctx = TurnCtx::new(&w, &mut state, turn);
            let mut report = coffee_report(turn, &[], 0);
            let LayerDetail::Market(rec) = &mut report.goods[0].layers[0].detail else {
                unreachable!()
            };
            rec.unfilled.push(Unfilled {
                member: 1,
                units: 3,
                need_units: 0,
                value: 3,
                why: MarketReason::NoSeller,
                cause: Verdict::Decisive(vec![Barrier::NoSeller]),
            });
            ctx.report = report;
            super::ventures::run(&mut ctx);
        }
        state.market.ventures.iter().any(|v| v.member == 0)
    };
    assert!(enters(0), "value 3 over cost 2 pays without a margin");
    assert!(enters(50), "3 ≥ 2 × 1.5");
    assert!(!enters(51), "3 < 2 × 1.51: the margin keeps them out");
}

#[test]
fn units_about_to_spoil_are_offered_first_at_their_salvage_value() {
    let goods = r#"[
        (id: "bread", name: "bread", kind: Consumable, base_cost: 4, spoilage: 10, regime: Exchange),
    ]"#;
    let members = r#"[
        (id: "ava", name: "Ava", scrip: 100, needs: [(good: "bread", amount: 30, priority: Survival)]),
        (id: "grace", name: "Grace", skills: { "bread": 1 }, holdings: { "bread": 25 }),
    ]"#;
    let w = world_of(goods, members);
    let state = State::new(&w, 1);
    let p = &state.params.market;
    let claims = [crate::engine::ctx::Claim {
        member: 0,
        need: 0,
        priority: Priority::Survival,
        wanted: 30,
        remaining: 30,
        received: Default::default(),
        why: Vec::new(),
    }];
    let s = schedules(p, &w, &state.members, &[4], 0, &claims);
    let costs = s.market.seller_costs(0);
    // 10% of 25 is 2.5: two units spoil this turn (the half is carried).
    let make = schedule::unit_cost(p, &w, &state.members[1], 0, 0);
    assert_eq!(make, 12);
    assert_eq!(
        &costs[..3],
        &[3, 3, 12],
        "two marked down to 25% of 12, then the cost rule"
    );
    let fresh = crate::engine::state::MemberState {
        holdings: vec![5],
        ..state.members[1].clone()
    };
    let members = [state.members[0].clone(), fresh];
    let s = schedules(p, &w, &members, &[4], 0, &claims);
    assert_eq!(
        s.market.seller_costs(0)[0],
        12,
        "half a unit to lose: nothing marked down yet"
    );
}

#[test]
fn scrip_above_the_reserve_buys_more_of_a_want() {
    let members = r#"[
        (id: "rich", name: "Rich", scrip: 1000, needs: [(good: "bread", amount: 2, priority: Survival)],
            wants: [(good: "coffee", amount: 1)]),
        (id: "poor", name: "Poor", scrip: 10, needs: [(good: "bread", amount: 2, priority: Survival)],
            wants: [(good: "coffee", amount: 1)]),
    ]"#;
    let w = world(members);
    let state = State::new(&w, 1);
    let p = &state.params.market;
    // Reserve: 3 turns × 2 loaves × 2 scrip = 12; the rich member's spare 988 buys up to 64
    // more cups at 1 scrip; the poor member, below the reserve, bids for the cup listed.
    assert_eq!(schedule::reserve(p, &state.members[0], &[2, 1]), 12);
    let s = schedules(p, &w, &state.members, &[2, 1], 1, &[]);
    // Values fall on down the ladder, scaled by wealth (1000 ÷ 12), until a cup is worth
    // less than half a scrip: 42 of the 65 units bid.
    let rich = s.market.buyer_values(0);
    assert_eq!(rich.len(), 42);
    assert!(rich.windows(2).all(|w| w[0] >= w[1]));
    assert_eq!(s.market.buyer_values(1).len(), 1);
    let wealth = 1000.0 / 12.0;
    assert!(s.market.buyer_values(0)[0] as f64 >= 5.0 * wealth - 1.0);
    assert_eq!(s.market.buyer_values(1)[0], 5);
}

/// Bread sells at 10 a loaf; cloth at 2 a bolt. Grace bakes and has scrip; Ava weaves and
/// has nothing: no goods and no scrip.
const WORK_GOODS: &str = r#"[
    (id: "bread", name: "bread", kind: Consumable, base_cost: 10, regime: Exchange),
    (id: "cloth", name: "cloth", kind: Consumable, base_cost: 2, regime: Exchange),
]"#;
const BAKER: &str = r#"(id: "grace", name: "Grace", skills: { "bread": 5 }, scrip: 100,
    holdings: { "bread": 2 }, needs: [(good: "bread", amount: 2, priority: Survival)])"#;
const WEAVER: &str = r#"(id: "ava", name: "Ava", marks: { "trans": Low }, skills: { "cloth": 4 },
    needs: [(good: "bread", amount: 2, priority: Survival)])"#;

/// Hold the labour market of turn `turn` alone and return the report.
fn hire(world: &World, state: &mut State, turn: u32) -> TurnReport {
    let mut ctx = TurnCtx::new(world, state, turn);
    super::labour::run(&mut ctx, &mut Default::default());
    ctx.report
}

#[test]
fn a_skilled_member_with_no_goods_earns_wages() {
    let w = world_of(WORK_GOODS, &format!("[{BAKER}, {WEAVER}]"));
    let mut state = State::new(&w, 2);
    let report = hire(&w, &mut state, 1);
    let rec = &report.labour;
    // Ava's day makes 0.8 bolts at 2: she asks 2. Grace's first hired day adds
    // 5 × (1.2^⅔ − 1) = 0.65 loaves at 10: worth 6 to her.
    assert_eq!(rec.workers[1].ask, 2);
    assert_eq!(rec.employers[0].value, 6);
    assert!(!rec.hires.is_empty(), "a day worth 6 meets an ask of 2");
    assert!(rec.hires.iter().all(|h| (h.employer, h.worker) == (0, 1)));
    let wages = rec.wages();
    assert!(wages > 0);
    assert_eq!(state.members[1].scrip, wages, "Ava earns");
    assert_eq!(
        state.members[0].scrip,
        100 - wages,
        "Grace pays, to the unit"
    );
    let days = rec.days() as u32;
    assert_eq!(state.members[1].time_spent_permille, days * 200);
    assert!(report.chronicle.iter().any(|e| {
        e.describe(&w)
            .starts_with(&format!("Ava worked {days} day"))
    }));
    // What the days made goes to Grace's bread; Ava's own cloth shrinks by the days she sold.
    let mut ctx = TurnCtx::new(&w, &mut state, 1);
    ctx.report = report.clone();
    crate::engine::production::run(&mut ctx);
    let made = |m: usize| {
        ctx.report
            .produced
            .iter()
            .find(|p| p.member == m)
            .map_or(0, |p| p.units)
    };
    let milli: u64 = rec.hires.iter().map(|h| h.milli).sum();
    assert_eq!(made(0) as u64, (5000 + milli) / 1000);
    assert_eq!(made(1), 4 * (5 - days) / 5);
}

#[test]
fn a_worker_holding_unsold_stock_asks_less() {
    let w = world_of(WORK_GOODS, &format!("[{BAKER}, {WEAVER}]"));
    let ask = |cloth: u32| {
        let mut state = State::new(&w, 2);
        state.members[1].holdings[1] = cloth;
        hire(&w, &mut state, 1).labour.workers[1].ask
    };
    // Ten bolts nobody bought: another 0.8 is worth its salvage, 25% of 2 a bolt.
    assert_eq!(ask(0), 2);
    assert_eq!(ask(10), 1);
    // The same for an employer: unsold bread makes a hired day worth less to Grace.
    let mut state = State::new(&w, 2);
    state.members[0].holdings[0] = 12;
    assert_eq!(hire(&w, &mut state, 1).labour.employers[0].value, 2);
}

#[test]
fn hiring_off_holds_no_labour_market() {
    let w = world_of(WORK_GOODS, &format!("[{BAKER}, {WEAVER}]"));
    let play = |hiring: bool, market_days: u32| {
        let mut state = State::new(&w, 4);
        state.policy.hiring = hiring;
        state.policy.market_days = market_days;
        (1..=8)
            .map(|_| crate::engine::turn::play(&w, &mut state))
            .map(|r| (r.labour.clone(), r.metrics.wages))
            .collect::<Vec<_>>()
    };
    assert!(
        play(true, 1)
            .iter()
            .any(|(rec, wages)| *wages > 0 && !rec.hires.is_empty())
    );
    for (hiring, days) in [(false, 1), (true, 0)] {
        for (rec, wages) in play(hiring, days) {
            assert_eq!(rec, Default::default());
            assert_eq!(wages, 0);
        }
    }
}

#[test]
fn the_labour_market_is_deterministic_for_a_seed() {
    let w = world_of(WORK_GOODS, &format!("[{BAKER}, {WEAVER}, {FAIR}]"));
    let run = |seed| {
        let mut state = State::new(&w, seed);
        let reports: Vec<_> = (1..=6)
            .map(|_| crate::engine::turn::play(&w, &mut state))
            .collect();
        (reports, state)
    };
    assert_eq!(run(9), run(9));
    let wages = |seed| {
        run(seed)
            .0
            .iter()
            .map(|r| r.labour.clone())
            .collect::<Vec<_>>()
    };
    assert_ne!(wages(9), wages(10), "another seed draws other wages");
}

#[test]
fn a_prejudiced_sole_employer_will_not_hire_a_marked_worker() {
    let dale = r#"(id: "dale", name: "Dale", skills: { "bread": 5 }, scrip: 100,
        holdings: { "bread": 2 }, needs: [(good: "bread", amount: 2, priority: Survival)],
        prejudices: [(dimension: "trans", strength: 1.0)])"#;
    let w = world_of(WORK_GOODS, &format!("[{dale}, {WEAVER}]"));
    let mut state = State::new(&w, 2);
    let report = hire(&w, &mut state, 1);
    assert!(report.labour.hires.is_empty());
    assert_eq!(report.labour.refusals.len(), 1);
    assert_eq!(
        (report.labour.refusals[0].by, report.labour.refusals[0].of),
        (0, 1)
    );
    assert!(
        report
            .chronicle
            .iter()
            .any(|e| e.describe(&w) == "Dale would not hire Ava (trans)")
    );
    assert_eq!(state.members[1].scrip, 0);
}
