//! Lab mode: the CSV does not depend on the number of threads, shards concatenate to the
//! full run, the summary's intervals match a hand computation, and thesis tests come out as
//! they should on constructed cases.

use std::process::Command;

use agora::lab::batch::{self, Batch, Row, Tally};
use agora::lab::sim::SimSpec;
use agora::lab::thesis::{self, Hypothesis, Verdict};
use indicatif::ProgressBar;

fn batch(jobs: usize, seeds: std::ops::Range<u64>) -> Batch {
    let (world, turns) = SimSpec::load("riverside", Some(6)).unwrap();
    Batch {
        world,
        turns,
        seeds,
        policies: batch::parse_policies("commons,exchange,aid,mixed").unwrap(),
        jobs,
        synthetic: None,
    }
}

fn csv(b: &Batch) -> String {
    let mut out = Vec::new();
    batch::run(b, Some(&mut out), &ProgressBar::hidden()).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn csv_is_the_same_for_any_number_of_jobs() {
    let one = csv(&batch(1, 0..12));
    let two = csv(&batch(2, 0..12));
    let three = csv(&batch(3, 0..12));
    assert_eq!(one, two);
    assert_eq!(one, three);
    // Header plus one row per (seed, policy), in seed-then-policy order.
    let lines: Vec<&str> = one.lines().collect();
    assert_eq!(lines.len(), 1 + 12 * 4);
    assert!(lines[1].starts_with("riverside,0,commons,6,"));
    assert!(lines[4].starts_with("riverside,0,mixed,6,"));
    assert!(lines[5].starts_with("riverside,1,commons,6,"));
    let cols = lines[0].split(',').count();
    assert!(lines.iter().all(|l| l.split(',').count() == cols));
}

#[test]
fn shards_concatenate_to_the_full_run() {
    let full = csv(&batch(2, 3..14));
    let mut joined = String::new();
    for i in 0..4 {
        let part = csv(&batch(1, batch::shard_seeds(3..14, (i, 4))));
        let body = part.split_once('\n').unwrap().1;
        if i == 0 {
            joined.push_str(&batch::header());
        }
        joined.push_str(body);
    }
    assert_eq!(full, joined);
}

#[test]
fn cli_shards_concatenate_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let exe = env!("CARGO_BIN_EXE_agora");
    let run = |extra: &[&str], out: &str| {
        let path = dir.path().join(out);
        let st = Command::new(exe)
            .args([
                "lab",
                "--seeds",
                "0..5",
                "--turns",
                "4",
                "--policies",
                "commons,aid",
            ])
            .args(extra)
            .arg("--out")
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            st.status.success(),
            "{}",
            String::from_utf8_lossy(&st.stderr)
        );
        std::fs::read_to_string(path).unwrap()
    };
    let full = run(&["--jobs", "2"], "full.csv");
    let mut joined = String::new();
    for i in 0..3 {
        let part = run(&["--jobs", "1", "--shard", &format!("{i}/3")], "part.csv");
        let (header, body) = part.split_once('\n').unwrap();
        if i == 0 {
            joined.push_str(header);
            joined.push('\n');
        }
        joined.push_str(body);
    }
    assert_eq!(full, joined);
}

#[test]
fn cli_prints_summary_and_thesis_json() {
    let out = Command::new(env!("CARGO_BIN_EXE_agora"))
        .args(["lab", "--seeds", "0..4", "--turns", "3", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["games"], 12);
    assert_eq!(v["policies"][1], "exchange");
    assert!(v["means"][0]["by_policy"][0][1]["lo"].is_number());
    assert_eq!(v["thesis"].as_array().unwrap().len(), 2);
    assert_eq!(v["paired"][0]["a"], "exchange");
}

/// A row whose first numeric column (`lpq_needs_met`) is `x`.
fn row(seed: u64, policy: usize, x: f64) -> Row {
    let mut values = vec![0.0; batch::columns().len()];
    values[0] = x;
    Row {
        seed,
        policy,
        turns: 1,
        hash: 0,
        values,
    }
}

fn tally(pairs: &[(f64, f64)]) -> Tally {
    let mut t = Tally::new(vec!["a".into(), "b".into()]);
    for (s, &(a, b)) in pairs.iter().enumerate() {
        t.add_seed(&[row(s as u64, 0, a), row(s as u64, 1, b)]);
    }
    t
}

#[test]
fn intervals_match_a_hand_computation() {
    // a: 1 2 3 4 5 — mean 3, sd √2.5 = 1.5811388, t(4, .975) = 2.776445,
    // half-width 2.776445 × 1.5811388 / √5 = 1.9632432.
    // b: 2 2 4 3 6 — differences b − a: 1 0 1 −1 1, mean 0.4, sd √0.8 = 0.8944272,
    // half-width 2.776445 × 0.8944272 / √5 = 1.1105780.
    let t = tally(&[(1.0, 2.0), (2.0, 2.0), (3.0, 4.0), (4.0, 3.0), (5.0, 6.0)]);
    let e = t.each[0][0].estimate();
    assert!((e.mean - 3.0).abs() < 1e-12);
    assert!((e.sd - 1.581_138_8).abs() < 1e-7);
    assert!((e.lo - (3.0 - 1.963_243_2)).abs() < 1e-6);
    assert!((e.hi - (3.0 + 1.963_243_2)).abs() < 1e-6);
    let d = t.diff(1, 0, 0).unwrap();
    assert!((d.mean - 0.4).abs() < 1e-12);
    assert!((d.lo - (0.4 - 1.110_578_0)).abs() < 1e-6);
    assert!((d.hi - (0.4 + 1.110_578_0)).abs() < 1e-6);
    // The same difference the other way round.
    let r = t.diff(0, 1, 0).unwrap();
    assert!((r.lo + d.hi).abs() < 1e-12 && (r.hi + d.lo).abs() < 1e-12);
}

fn claim(at_least: f64) -> Hypothesis {
    Hypothesis {
        id: "h".into(),
        text: "b exceeds a".into(),
        metric: "lpq_needs_met".into(),
        a: "b".into(),
        b: "a".into(),
        at_least,
    }
}

#[test]
fn thesis_tests_on_constructed_cases() {
    // b − a is 0.2 ± a little on every seed: clearly above 0.1, clearly below 0.3.
    let clear: Vec<(f64, f64)> = (0..20)
        .map(|i| (0.5, 0.7 + 0.01 * ((i % 3) as f64 - 1.0)))
        .collect();
    let t = tally(&clear);
    let v = |h: Hypothesis| thesis::judge(&[h], &t)[0].verdict;
    assert_eq!(v(claim(0.1)), Verdict::Supported);
    assert_eq!(v(claim(0.3)), Verdict::NotSupported);
    // Noisy differences around 0.1: the interval straddles the threshold.
    let noisy: Vec<(f64, f64)> = (0..8)
        .map(|i| (0.5, 0.6 + if i % 2 == 0 { 0.3 } else { -0.3 }))
        .collect();
    let t = tally(&noisy);
    assert_eq!(
        thesis::judge(&[claim(0.1)], &t)[0].verdict,
        Verdict::Inconclusive
    );
    // A policy that was not run cannot be judged.
    let mut h = claim(0.0);
    h.a = "market".into();
    let j = &thesis::judge(&[h], &t)[0];
    assert_eq!(j.verdict, Verdict::Inconclusive);
    assert!(j.note.as_deref().unwrap().contains("--policies"));
}

#[test]
fn every_shipped_scenario_declares_a_testable_hypothesis() {
    let cols = batch::columns();
    for (id, _) in thesis::EMBEDDED {
        let hs = thesis::for_scenario(id).unwrap();
        assert!(!hs.is_empty(), "{id}");
        for h in hs {
            assert!(cols.contains(&h.metric), "{id}: {}", h.metric);
            for p in [&h.a, &h.b] {
                batch::parse_policies(p).unwrap();
            }
        }
    }
}
