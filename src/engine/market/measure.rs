//! The market's figures for the turn's metrics (DESIGN §8): allocative efficiency, mean
//! price and its dispersion, unfilled demand, what changed hands and how fast money moves
//! (velocity, wages included), wages and days worked, and the Gini of scrip.

use crate::engine::metrics::{Metrics, gini};
use crate::engine::report::TurnReport;
use crate::engine::report::market::TradeRecord;
use crate::engine::state::State;

/// Up to this many trades in a market, their log prices are kept rather than taken twice.
const FEW_TRADES: usize = 32;

/// Add the market's figures to `report.metrics`.
pub fn measure(state: &State, report: &mut TurnReport) {
    let (mut surplus, mut max, mut trades, mut unfilled) = (0i64, 0i64, 0u64, 0u64);
    let (mut price_sum, mut sq, mut logged) = (0.0f64, 0.0f64, 0u64);
    for (_, r) in report.market_records() {
        surplus += r.surplus;
        max += r.max_surplus;
        unfilled += r.unfilled.iter().map(|u| u.units as u64).sum::<u64>();
        if r.trades.is_empty() {
            continue;
        }
        trades += r.trades.len() as u64;
        // Dispersion within each good (the law of one price), pooled over goods.
        let log = |t: &TradeRecord| libm::log(t.price.max(1) as f64);
        let n = r.trades.len();
        if n <= FEW_TRADES {
            // Each logarithm taken once, kept on the stack.
            let mut buf = [0.0f64; FEW_TRADES];
            for (l, t) in buf.iter_mut().zip(&r.trades) {
                *l = log(t);
            }
            let logs = &buf[..n];
            let mean = logs.iter().copied().sum::<f64>() / n as f64;
            for &l in logs {
                sq += (l - mean) * (l - mean);
            }
        } else {
            let logs = r.trades.iter().map(log);
            let mean = logs.clone().sum::<f64>() / n as f64;
            for l in logs {
                sq += (l - mean) * (l - mean);
            }
        }
        logged += r.trades.len() as u64;
        price_sum += r.trades.iter().map(|t| t.price as f64).sum::<f64>();
    }
    let m: &mut Metrics = &mut report.metrics;
    m.market_efficiency = if max > 0 {
        surplus as f64 / max as f64
    } else {
        1.0
    };
    m.trades = trades;
    m.trade_value = price_sum as u64;
    m.wages = report.labour.wages();
    m.days_worked = report.labour.days();
    // Every scrip that changed hands, for goods or for work.
    m.velocity = if m.money_supply > 0 {
        (price_sum + m.wages as f64) / m.money_supply as f64
    } else {
        0.0
    };
    m.mean_price = if trades > 0 {
        price_sum / trades as f64
    } else {
        0.0
    };
    m.price_dispersion = if logged > 0 {
        (sq / logged as f64).sqrt()
    } else {
        0.0
    };
    m.unfilled_demand = unfilled;
    let scrip: Vec<f64> = state
        .members
        .iter()
        .filter(|x| x.present)
        .map(|x| x.scrip as f64)
        .collect();
    m.gini_scrip = gini(&scrip);
    m.treasury = state.market.treasury;
    m.scrip_issued = state.market.issued;
    m.credits_paid = report.produced.iter().map(|p| p.credit).sum();
}
