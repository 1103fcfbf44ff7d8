//! `TAT`: the Walrasian auctioneer against the game's double auction. A two-good
//! Cobb-Douglas exchange economy (member i has utility x1^a_i · x2^(1−a_i) and endowment
//! (w1_i, w2_i); good 2 is the numéraire) has its equilibrium price where tâtonnement stops —
//! raise the price of good 1 while it is in excess demand, lower it while in excess supply —
//! which is the closed form p1* = Σ a_i·w2_i / Σ (1 − a_i)·w1_i (a test holds it to 1e-6).
//!
//! The rows put the same kind of economy through the game's own double auction
//! (`market::cda`): each agent's net demand for good 1 is cut into units of δ, and unit k is
//! valued at the price at which the agent would choose to hold k − ½ more (a buyer) or k − ½
//! fewer (a seller) units — its marginal rate of substitution along its budget line, the
//! inverse of its Walrasian demand — so the induced schedule clears at the auctioneer's price
//! up to the discretisation. Zero-intelligence traders do not learn, and their mean price is
//! not the competitive price unless supply and demand are symmetric (Gode & Sunder's own
//! market 1 trades at 78 on average against an equilibrium of 82); what the auction does find
//! is the equilibrium at the close of each period, once only the marginal units are left to
//! trade. The rows compare both with the auctioneer's price.

use rand::RngExt;

use crate::engine::market::cda::{self, Market, Outcome, Scratch};
use crate::engine::params::{MarketParams, TraderKind};
use crate::engine::rng;
use crate::lab::models::{Judge, Print, Row, Sample};

/// One trader of the economy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Agent {
    /// Cobb-Douglas share of good 1.
    pub a: f64,
    pub w1: f64,
    pub w2: f64,
}

/// Excess demand for good 1 at price `p` (good 2's price is 1).
pub fn excess_demand(agents: &[Agent], p: f64) -> f64 {
    agents
        .iter()
        .map(|g| g.a * (p * g.w1 + g.w2) / p - g.w1)
        .sum()
}

/// Tâtonnement: p ← p·(1 + λ·z(p)/W1), W1 the endowment of good 1, until |z| is negligible.
/// Returns the price and the rounds it took.
pub fn tatonnement(agents: &[Agent], start: f64, step: f64, tolerance: f64) -> (f64, u32) {
    let w1: f64 = agents.iter().map(|g| g.w1).sum();
    let mut p = start;
    for round in 1..=100_000 {
        let z = excess_demand(agents, p);
        if (z / w1).abs() < tolerance {
            return (p, round);
        }
        p *= 1.0 + step * z / w1;
    }
    (p, 100_000)
}

/// How economies are turned into double auctions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Auction {
    /// The traders (the game's `MarketParams::trader`).
    pub trader: TraderKind,
    /// Units of good 1 per traded unit (δ).
    pub unit: f64,
    /// Prices are in 1/`scale` of good 2.
    pub scale: f64,
    /// Shouts per period at most (a ZI-C market stops by itself once no bid can reach an ask).
    pub shouts: u32,
    /// Periods per economy (each from the endowment).
    pub periods: u32,
    /// Economies.
    pub economies: u64,
    /// Agents per economy.
    pub agents: usize,
}

impl Default for Auction {
    fn default() -> Self {
        Auction {
            trader: MarketParams::default().trader,
            unit: 0.1,
            scale: 1000.0,
            shouts: 100_000,
            periods: 50,
            economies: 20,
            agents: 12,
        }
    }
}

/// A seeded economy whose agents are alike enough that the auction's schedules are close to
/// linear around the equilibrium: shares in (0.4, 0.6), endowments in [4, 6).
pub fn market_economy(seed: u64, n: usize) -> Vec<Agent> {
    let mut r = rng::stream(seed, "models-tat-cda", 0, 0);
    (0..n)
        .map(|_| Agent {
            a: 0.4 + 0.2 * r.random::<f64>(),
            w1: 4.0 + 2.0 * r.random::<f64>(),
            w2: 4.0 + 2.0 * r.random::<f64>(),
        })
        .collect()
}

/// The double auction induced by `agents`: each agent is a buyer of good 1 with unit k worth
/// `scale·a·w2 / ((1 − a)·w1 + (k − ½)·δ)` and a seller with unit k costing
/// `scale·a·w2 / ((1 − a)·w1 − (k − ½)·δ)` (while that is positive), rounded to whole prices.
/// A unit worth less than every seller's first cost, or costing more than every buyer's first
/// value, could never trade and is left out. Prices run from 1 to twice the highest value, as
/// the game's `price_ceiling` is twice the highest first-unit value.
pub fn induced_market(agents: &[Agent], unit: f64, scale: f64) -> Market {
    let value =
        |g: &Agent, k: u32| scale * g.a * g.w2 / ((1.0 - g.a) * g.w1 + (k as f64 - 0.5) * unit);
    let cost = |g: &Agent, k: u32| {
        let room = (1.0 - g.a) * g.w1 - (k as f64 - 0.5) * unit;
        (room > 0.0).then(|| scale * g.a * g.w2 / room)
    };
    let top_value = agents.iter().map(|g| value(g, 1)).fold(0.0, f64::max);
    let low_cost = agents
        .iter()
        .filter_map(|g| cost(g, 1))
        .fold(f64::INFINITY, f64::min);
    let mut m = Market::new(1, (2.0 * top_value).round() as u32);
    for g in agents {
        let values = (1..)
            .map(|k| value(g, k))
            .take_while(|&v| v >= low_cost)
            .map(|v| v.round() as u32);
        m.add_buyer(values, u64::MAX);
    }
    for g in agents {
        let costs = (1..)
            .map_while(|k| cost(g, k))
            .take_while(|&c| c <= top_value)
            .map(|c| c.round() as u32);
        m.add_seller(costs);
    }
    m
}

/// What the auction did in one economy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prices {
    /// The auctioneer's price, in the auction's price units.
    pub auctioneer: f64,
    /// Mean price over every trade of every period.
    pub mean: f64,
    /// Mean over periods of the period's last trade price (its close).
    pub close: f64,
}

/// Run `auction.periods` periods of the induced market of `agents`, feeding every trade's
/// price to `print`.
pub fn auction_prices(agents: &[Agent], auction: &Auction, seed: u64, print: &mut Print) -> Prices {
    let m = induced_market(agents, auction.unit, auction.scale);
    let (mut sum, mut trades, mut close, mut closes) = (0.0, 0u64, 0.0, 0u32);
    let mut scratch = Scratch::default();
    let mut out = Outcome::default();
    for period in 0..auction.periods {
        let mut r = rng::stream(seed, "models-tat-auction", period, 0);
        cda::run(
            &m,
            auction.trader,
            auction.shouts,
            &mut r,
            &mut scratch,
            &mut out,
        );
        for t in &out.trades {
            print.u64(t.price as u64);
            sum += t.price as f64;
        }
        trades += out.trades.len() as u64;
        if let Some(t) = out.trades.last() {
            close += t.price as f64;
            closes += 1;
        }
    }
    let (p, _) = tatonnement(agents, 1.0, 0.5, 1e-12);
    Prices {
        auctioneer: auction.scale * p,
        mean: sum / trades.max(1) as f64,
        close: close / closes.max(1) as f64,
    }
}

/// The rows: the auction's closing and mean prices against the auctioneer's, as the mean
/// absolute error (%) over the economies.
pub fn auction_rows(auction: &Auction) -> Vec<Row> {
    let mut sample = Sample {
        seeds: auction.economies * auction.periods as u64,
        ..Sample::default()
    };
    let (mut close, mut mean) = (0.0, 0.0);
    for seed in 1..=auction.economies {
        let agents = market_economy(seed, auction.agents);
        let p = auction_prices(&agents, auction, seed, &mut sample.print);
        let err = |x: f64| 100.0 * (x / p.auctioneer - 1.0).abs();
        close += err(p.close);
        mean += err(p.mean);
    }
    let n = auction.economies.max(1) as f64;
    vec![
        Row::new(
            "TAT",
            "auction's closing price vs auctioneer's, |error| %",
            0.0,
            close / n,
            1.0,
            Judge::Within,
        )
        .over(&sample),
        Row::new(
            "TAT",
            "auction's mean price vs auctioneer's, |error| %",
            0.0,
            mean / n,
            5.0,
            Judge::Within,
        )
        .over(&sample),
    ]
}

pub fn rows() -> Vec<Row> {
    auction_rows(&Auction::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The equilibrium price of good 1 in closed form.
    fn closed_form(agents: &[Agent]) -> f64 {
        let num: f64 = agents.iter().map(|g| g.a * g.w2).sum();
        let den: f64 = agents.iter().map(|g| (1.0 - g.a) * g.w1).sum();
        num / den
    }

    /// A seeded economy of `n` agents with shares in (0.1, 0.9) and endowments in [1, 10).
    fn economy(seed: u64, n: usize) -> Vec<Agent> {
        let mut r = rng::stream(seed, "models-tat", 0, 0);
        (0..n)
            .map(|_| Agent {
                a: 0.1 + 0.8 * r.random::<f64>(),
                w1: 1.0 + 9.0 * r.random::<f64>(),
                w2: 1.0 + 9.0 * r.random::<f64>(),
            })
            .collect()
    }

    /// The design's `TAT` identity: over 20 economies the auctioneer's price is the closed
    /// form to 1e-6.
    #[test]
    fn tatonnement_finds_the_closed_form_price() {
        let agents = [
            Agent {
                a: 0.5,
                w1: 1.0,
                w2: 0.0,
            },
            Agent {
                a: 0.5,
                w1: 0.0,
                w2: 1.0,
            },
        ];
        // Σ a·w2 / Σ (1 − a)·w1 = 0.5 / 0.5 = 1.
        assert!((closed_form(&agents) - 1.0).abs() < 1e-15);
        let (p, rounds) = tatonnement(&agents, 3.0, 0.5, 1e-12);
        assert!((p - 1.0).abs() < 1e-9 && rounds < 100_000);
        assert!(excess_demand(&agents, 2.0) < 0.0 && excess_demand(&agents, 0.5) > 0.0);
        for seed in 1..=20 {
            let agents = economy(seed, 12);
            let (p, _) = tatonnement(&agents, 1.0, 0.5, 1e-12);
            let star = closed_form(&agents);
            assert!(
                ((p - star) / star).abs() < 1e-6,
                "economy {seed}: {p} vs {star}"
            );
        }
    }

    #[test]
    fn the_game_s_auction_passes_the_rows() {
        for r in rows() {
            assert!(r.pass, "{r:?}");
        }
    }

    #[test]
    fn traders_who_ignore_their_values_fail_both_rows() {
        // ZI-U traders shout anywhere in the price range: the auction no longer finds the price.
        let ziu = Auction {
            trader: TraderKind::ZiU,
            periods: 10,
            ..Auction::default()
        };
        let rows = auction_rows(&ziu);
        assert!(!rows[0].pass && !rows[1].pass, "{rows:?}");
    }

    #[test]
    fn a_market_that_closes_before_the_margin_fails_the_closing_row() {
        // With too few shouts a period ends before only the marginal units are left, and its
        // last price is not pinned to the equilibrium.
        let short = Auction {
            shouts: 200,
            periods: 10,
            ..Auction::default()
        };
        let r = &auction_rows(&short)[0];
        assert!(!r.pass, "{r:?}");
    }

    /// The induced schedule's competitive equilibrium: the midpoint of the prices at which as
    /// many units are demanded as supplied (values sorted down against costs sorted up).
    fn schedule_equilibrium(m: &Market) -> f64 {
        let mut v = m.values.clone();
        let mut c = m.costs.clone();
        v.sort_unstable_by(|a, b| b.cmp(a));
        c.sort_unstable();
        let q = v.iter().zip(&c).take_while(|(v, c)| v > c).count();
        assert!(q > 0, "some unit trades");
        let lo = c[q - 1].max(v.get(q).copied().unwrap_or(0));
        let hi = v[q - 1].min(c.get(q).copied().unwrap_or(u32::MAX));
        0.5 * (lo as f64 + hi as f64)
    }

    /// Each agent's schedule holds its Walrasian net demand rounded to the nearest unit
    /// (within ±δ/2), so at any price the schedule's excess demand is within n·δ/2 of the
    /// economy's, z(p) = W·(p1*/p − 1) with W = Σ (1 − a_i)·w1_i: the schedule clears where
    /// |p1*/p − 1| ≤ n·δ/(2W), and rounding values and costs to whole prices adds half a unit.
    #[test]
    fn the_induced_schedule_clears_at_the_walrasian_price() {
        let (unit, scale) = (0.1, 1000.0);
        for seed in 1..=20 {
            let agents = market_economy(seed, 12);
            let m = induced_market(&agents, unit, scale);
            let star = scale * closed_form(&agents);
            let w: f64 = agents.iter().map(|g| (1.0 - g.a) * g.w1).sum();
            let bound = agents.len() as f64 * unit / (2.0 * w) + 0.5 / star;
            let eq = schedule_equilibrium(&m);
            assert!(
                (star / eq - 1.0).abs() <= bound,
                "{eq} vs {star}, bound {bound}"
            );
            // Every buyer's values fall and every seller's costs rise, unit by unit.
            for b in 0..m.buyers() {
                assert!(m.buyer_values(b).windows(2).all(|w| w[0] >= w[1]));
            }
            for s in 0..m.sellers() {
                assert!(m.seller_costs(s).windows(2).all(|w| w[0] <= w[1]));
            }
        }
    }
}
