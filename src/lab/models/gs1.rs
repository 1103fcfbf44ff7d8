//! `GS1`: Gode & Sunder's (1993) market 1 through the engine's own double auction.
//!
//! Six buyers value their units at 102, 97, 92, 87, 82, 77; six sellers' units cost 34, 46,
//! 58, 70, 82, 94; prices 1–200; six periods, many seeds. Zero-intelligence traders without
//! the budget constraint (ZI-U) realise about 90% of the surplus; constrained ones (ZI-C)
//! nearly all of it, rising with the number of shouts a period allows.

use crate::engine::market::cda::Book;
use crate::engine::params::TraderKind;
use crate::lab::models::market::{Schedule, efficiency};
use crate::lab::models::{Judge, Row};

/// Seeds per measured cell (each of six periods).
const SEEDS: u32 = 1000;

/// Gode & Sunder's market 1.
pub fn market_1() -> Schedule {
    Schedule {
        buyers: vec![vec![102, 97, 92, 87, 82, 77]; 6],
        sellers: vec![vec![34, 46, 58, 70, 82, 94]; 6],
        price_range: (1, 200),
    }
}

pub fn rows() -> Vec<Row> {
    let s = market_1();
    let eff = |kind, shouts| efficiency(&s, kind, Book::Clears, shouts, 6, SEEDS).efficiency_pct;
    let mut rows = vec![
        Row::new(
            "GS1",
            "ZI-U efficiency %, 2000 shouts",
            90.0,
            eff(TraderKind::ZiU, 2000),
            0.5,
            Judge::Within,
        ),
        Row::new(
            "GS1",
            "ZI-C efficiency %, 2000 shouts",
            99.9,
            eff(TraderKind::ZiC, 2000),
            1.5,
            Judge::Within,
        ),
    ];
    for (shouts, target) in [
        (25, 19.0),
        (50, 36.0),
        (100, 61.0),
        (200, 82.0),
        (500, 98.0),
    ] {
        rows.push(Row::new(
            "GS1",
            format!("ZI-C efficiency %, {shouts} shouts"),
            target,
            eff(TraderKind::ZiC, shouts),
            3.0,
            Judge::Within,
        ));
    }
    rows
}
