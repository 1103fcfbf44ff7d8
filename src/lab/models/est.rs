//! `EST`: the identities of Wilson's (2007) numeric expectation states, computed by the
//! meeting's own expectation code. Path strengths are published to three decimals, so they
//! are compared after rounding to that precision.

use crate::engine::meeting::expectations::{Expectations, path_strength};
use crate::lab::models::{Judge, Row};

const TOL: f64 = 1e-4;

fn round3(x: f64) -> f64 {
    libm::round(x * 1000.0) / 1000.0
}

pub fn rows() -> Vec<Row> {
    let mut out = Vec::new();
    for (n, target) in [(2, 0.632), (3, 0.317), (4, 0.136), (5, 0.054)] {
        out.push(Row::new(
            "EST",
            format!("path strength f({n}), to 3 decimals"),
            target,
            round3(path_strength(n)),
            TOL,
            Judge::Within,
        ));
    }
    let e = Expectations::default();
    out.push(Row::new(
        "EST",
        "one salient characteristic, high state",
        0.1826,
        e.of(1, 0, 0.0),
        TOL,
        Judge::Within,
    ));
    out.push(Row::new(
        "EST",
        "one salient characteristic, low state",
        -0.1826,
        e.of(0, 1, 0.0),
        TOL,
        Judge::Within,
    ));
    for k in 1..=4u32 {
        out.push(Row::new(
            "EST",
            format!("{k} consistent characteristics = 1 − 0.8174^{k}"),
            1.0 - libm::pow(0.8174, k as f64),
            e.of(k, 0, 0.0),
            TOL,
            Judge::Within,
        ));
    }
    out
}
