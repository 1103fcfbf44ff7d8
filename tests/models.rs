//! `agora models`: every row passes, and every row's fingerprint is the golden one.
//!
//! A fingerprint hashes the raw results a row is measured from (trades, floor shares,
//! settled opinions, herds), so a change in the engine code a row runs changes it even when
//! the measured value stays within its tolerance. When a change is meant, re-record the
//! fingerprint here with a line saying why, as ndouglas/SugarScape's `tests/golden.rs` does.

use std::process::Command;

/// (row, fingerprint): a row is `id: measured quantity`, as `agora models --json` prints it.
const GOLDEN: &[(&str, u64)] = &[
    // EST draws nothing: the fingerprint is the measured value's.
    ("EST: path strength f(2), to 3 decimals", 0xb81a934d693aff95),
    ("EST: path strength f(3), to 3 decimals", 0x99b25524c13c0416),
    ("EST: path strength f(4), to 3 decimals", 0xceb7603c8c4acc17),
    ("EST: path strength f(5), to 3 decimals", 0x81dec8bd2cd410ee),
    (
        "EST: one salient characteristic, high state",
        0x23ed4e330590d8d5,
    ),
    (
        "EST: one salient characteristic, low state",
        0x23edce330591b255,
    ),
    (
        "EST: 1 consistent characteristics = 1 − 0.8174^1",
        0x23ed4e330590d8d5,
    ),
    (
        "EST: 2 consistent characteristics = 1 − 0.8174^2",
        0x006cb2fe52cc70b8,
    ),
    (
        "EST: 3 consistent characteristics = 1 − 0.8174^3",
        0xf93c5e259f1e4ffa,
    ),
    (
        "EST: 4 consistent characteristics = 1 − 0.8174^4",
        0x4e7660be1b8b7d5b,
    ),
    // Every trade (buyer, seller, price) of 1000 seeds × 6 periods per cell.
    ("GS1: ZI-U efficiency %, 2000 shouts", 0xb26611105e1c1394),
    ("GS1: ZI-C efficiency %, 2000 shouts", 0xfc2685870a8d7715),
    ("GS1: ZI-C efficiency %, 25 shouts", 0x6085c528b06dd7c6),
    ("GS1: ZI-C efficiency %, 50 shouts", 0xe12bf79a9f830737),
    ("GS1: ZI-C efficiency %, 100 shouts", 0x614706c24a94f618),
    ("GS1: ZI-C efficiency %, 200 shouts", 0x8a160effbb3e42bc),
    ("GS1: ZI-C efficiency %, 500 shouts", 0xce9907158d5cf310),
    // Each untied item's yes votes and the sum of its settled opinions.
    (
        "FJ: initial majority prevails, jury N=12, λ0=0.9 (%)",
        0x7b892a80be02c70c,
    ),
    (
        "FJ: majority prevails, game's rooms N=12–17, λ0=0.9 (%)",
        0xa9f9280e831f042c,
    ),
    // Every floor share of 4000 simulated meetings per rule.
    (
        "KM: low/high talk ratio, 1 of 5 low-status, majority",
        0xc91b123469ad32b9,
    ),
    (
        "KM: low/high talk ratio, 1 of 5 low-status, unanimity",
        0x78e1d59d4880f49a,
    ),
    // The calibration meeting's floor shares.
    (
        "BAL: top speaker's floor share, 5 members, one dominant",
        0x8c4a433f93d35eec,
    ),
    // Every trade price of 20 economies × 50 periods (one sample for both rows).
    (
        "TAT: auction's closing price vs auctioneer's, |error| %",
        0x8bcb390d3c70d836,
    ),
    (
        "TAT: auction's mean price vs auctioneer's, |error| %",
        0x8bcb390d3c70d836,
    ),
    // Every herd at the end, three arms × 60 seeds (one sample for the four rows).
    (
        "OSO: herd survival, need-based ≥ none (60 seeds)",
        0x0ceec6fd5fe75460,
    ),
    (
        "OSO: herd survival, need-based ≥ account-keeping",
        0x0ceec6fd5fe75460,
    ),
    ("OSO: Gini of herds, need-based < none", 0x0ceec6fd5fe75460),
    (
        "OSO: Gini of herds, need-based < account-keeping",
        0x0ceec6fd5fe75460,
    ),
];

fn models(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_agora"))
        .arg("models")
        .args(args)
        .output()
        .expect("agora runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn every_row_passes_with_its_golden_fingerprint() {
    let (code, out) = models(&["--json"]);
    assert_eq!(code, 0, "a row failed:\n{out}");
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut seen = Vec::new();
    for r in rows.as_array().unwrap() {
        let key = format!(
            "{}: {}",
            r["id"].as_str().unwrap(),
            r["what"].as_str().unwrap()
        );
        for field in ["target", "measured", "tolerance"] {
            assert!(r[field].as_f64().is_some(), "{field} of {key}");
        }
        assert_eq!(r["pass"], true, "{r}");
        let print = u64::from_str_radix(r["fingerprint"].as_str().unwrap(), 16).unwrap();
        seen.push((key, print));
    }
    let golden: Vec<(String, u64)> = GOLDEN.iter().map(|&(k, p)| (k.to_string(), p)).collect();
    for ((key, print), (gkey, gprint)) in seen.iter().zip(&golden) {
        assert_eq!(key, gkey, "rows changed: re-record the table");
        assert_eq!(
            print, gprint,
            "{key}: fingerprint {print:#018x}, golden {gprint:#018x}"
        );
    }
    assert_eq!(seen.len(), golden.len(), "{seen:#x?}");
    for id in ["EST", "GS1", "FJ", "KM", "BAL", "TAT", "OSO"] {
        assert!(seen.iter().any(|(k, _)| k.starts_with(id)), "no {id} row");
    }
}

#[test]
fn the_table_shows_seeds_and_fingerprints() {
    let (code, out) = models(&[]);
    assert_eq!(code, 0, "{out}");
    let header = out.lines().next().unwrap();
    for column in [
        "target",
        "measured",
        "tolerance",
        "verdict",
        "seeds",
        "fingerprint",
    ] {
        assert!(header.contains(column), "{header}");
    }
    let gs1 = out
        .lines()
        .find(|l| l.contains("ZI-C efficiency %, 100 shouts"))
        .unwrap();
    assert!(gs1.contains(" pass ") && gs1.contains(" 6000 "), "{gs1}");
    assert!(!out.contains("FAIL"), "{out}");
}
