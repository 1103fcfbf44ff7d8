//! Lab mode: the CSV does not depend on the number of threads, shards concatenate to the
//! full run, the summary's intervals match a hand computation, and thesis tests come out as
//! they should on constructed cases.

use std::process::Command;

use agora::lab::batch::{self, Batch, Row, Tally};
use agora::lab::sim::{Policy, SimSpec};
use agora::lab::thesis::{self, Hypothesis, Verdict};
use agora::lab::{merge, sweep};
use indicatif::ProgressBar;

fn batch(jobs: usize, seeds: std::ops::Range<u64>) -> Batch {
    let (world, turns) = SimSpec::load("riverside", Some(6)).unwrap();
    let policies = batch::parse_policies("commons,exchange,aid,mixed", &world).unwrap();
    Batch::new(world, turns, seeds, policies, jobs)
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
    // scenario, content_hash, mods, run_seeds, run_turns, seed, policy, turns, hash.
    let keys = |l: &str| -> Vec<String> { l.split(',').take(9).map(String::from).collect() };
    let k = keys(lines[1]);
    assert_eq!(
        k[..8],
        ["riverside", &k[1], "", "0..12", "6", "0", "commons", "6"]
    );
    assert_eq!(
        k[1],
        format!(
            "{:016x}",
            agora::engine::reload::content_hash(&batch(1, 0..1).world)
        )
    );
    assert_eq!(keys(lines[4])[5..7], ["0", "mixed"]);
    assert_eq!(keys(lines[5])[5..7], ["1", "commons"]);
    let cols = lines[0].split(',').count();
    assert!(lines.iter().all(|l| l.split(',').count() == cols));
}

#[test]
fn shards_concatenate_to_the_full_run() {
    let b = batch(2, 3..14);
    let full = csv(&b);
    let mut joined = String::new();
    for i in 0..4 {
        let mut shard = batch(1, batch::shard_seeds(3..14, (i, 4)));
        shard.played.seeds = 3..14;
        let part = csv(&shard);
        let body = part.split_once('\n').unwrap().1;
        if i == 0 {
            joined.push_str(&(batch::header(&b).join(",") + "\n"));
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
    // The default policies: commons, exchange, aid, mixed (Riverside's tests name no other).
    assert_eq!(v["games"], 16);
    assert_eq!(v["policies"][1], "exchange");
    assert!(v["means"][0]["by_policy"][0][1]["lo"].is_number());
    assert_eq!(v["thesis"].as_array().unwrap().len(), 2);
    assert_eq!(v["paired"][0]["a"], "exchange");
}

/// A row whose first numeric column (`lpq_needs_met`) is `x`.
fn row(seed: u64, policy: usize, x: f64) -> Row {
    let mut values = vec![0.0; batch::community_columns().len()];
    values[0] = x;
    Row {
        seed,
        point: 0,
        policy,
        turns: 1,
        hash: 0,
        values,
    }
}

fn tally(pairs: &[(f64, f64)]) -> Tally {
    let mut t = Tally::new(batch::community_columns(), vec!["a".into(), "b".into()]);
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
    let (world, _) = SimSpec::load("riverside", Some(1)).unwrap();
    // b − a is 0.2 ± a little on every seed: clearly above 0.1, clearly below 0.3.
    let clear: Vec<(f64, f64)> = (0..20)
        .map(|i| (0.5, 0.7 + 0.01 * ((i % 3) as f64 - 1.0)))
        .collect();
    let t = tally(&clear);
    let v = |h: Hypothesis| thesis::judge(&[h], &t, &world)[0].verdict;
    assert_eq!(v(claim(0.1)), Verdict::Supported);
    assert_eq!(v(claim(0.3)), Verdict::NotSupported);
    // Noisy differences around 0.1: the interval straddles the threshold.
    let noisy: Vec<(f64, f64)> = (0..8)
        .map(|i| (0.5, 0.6 + if i % 2 == 0 { 0.3 } else { -0.3 }))
        .collect();
    let t = tally(&noisy);
    assert_eq!(
        thesis::judge(&[claim(0.1)], &t, &world)[0].verdict,
        Verdict::Inconclusive
    );
    // A policy that was not run is not tested, and the note says what to run.
    let mut h = claim(0.0);
    h.a = "mixed+medicine=exchange".into();
    let j = &thesis::judge(&[h.clone()], &t, &world)[0];
    assert_eq!(j.verdict, Verdict::NotTested);
    let note = j.note.as_deref().unwrap();
    assert!(
        note.contains("`mixed+medicine=exchange` was not run"),
        "{note}"
    );
    assert!(note.contains("--policies"), "{note}");
    // A name that is no policy of the scenario says why.
    h.a = "mixed+medicin=exchange".into();
    let j = &thesis::judge(&[h], &t, &world)[0];
    assert_eq!(j.verdict, Verdict::NotTested);
    let note = j.note.as_deref().unwrap();
    assert!(note.contains("unknown good `medicin`"), "{note}");
}

#[test]
fn every_shipped_scenario_declares_a_testable_hypothesis() {
    for (id, _) in thesis::EMBEDDED {
        let (world, _) = SimSpec::load(id, Some(1)).unwrap();
        let cols = batch::columns(&world);
        let run = batch::default_policies(&world, &thesis::for_scenario(id).unwrap()).unwrap();
        let hs = thesis::for_scenario(id).unwrap();
        assert!(!hs.is_empty(), "{id}");
        for h in hs {
            assert!(cols.contains(&h.metric), "{id}: {}", h.metric);
            for p in [&h.a, &h.b] {
                Policy::parse_for(p, &world).unwrap();
                // The default run plays it.
                assert!(run.iter().any(|q| q.name == *p), "{id}: {p} is not run");
            }
        }
    }
}

/// A CSV's rows as maps from column name to field.
fn rows_of(csv: &str) -> Vec<std::collections::HashMap<String, String>> {
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    lines
        .map(|l| {
            let fields: Vec<&str> = l.split(',').collect();
            assert_eq!(fields.len(), header.len());
            header
                .iter()
                .zip(fields)
                .map(|(h, f)| (h.to_string(), f.to_string()))
                .collect()
        })
        .collect()
}

#[test]
fn member_columns_are_means_of_the_reports() {
    let b = batch(1, 0..3);
    let text = csv(&b);
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let sc = &b.world.scenario;
    // A `met.` column for each good each member needs, an `interest.` column for each
    // interest, a `scrip.` column for everyone; the same columns on every row.
    for m in &sc.members {
        for n in &m.needs {
            let c = format!("met.{}.{}", m.id, n.good);
            assert!(header.contains(&c.as_str()), "no {c}");
        }
        for i in &m.interests {
            let c = format!("interest.{}.{}", m.id, i.good);
            assert!(header.contains(&c.as_str()), "no {c}");
        }
        assert!(header.contains(&format!("scrip.{}", m.id).as_str()));
    }
    // Needs a storylet gives a member by name have a column too (Ruth's reading primer).
    assert!(header.contains(&"met.ruth.press"));
    assert!(header.contains(&"interest.ruth.press"));
    assert!(header.contains(&"avg_velocity") && header.contains(&"final_gini_scrip"));
    // Shares in [0, 1], or empty when the member never had that need in the game (Ava's
    // press need comes only with a storylet); scrip never empty.
    let rows = rows_of(&text);
    let mut empty = 0;
    for r in &rows {
        for (k, v) in r {
            if k.starts_with("met.") || k.starts_with("interest.") {
                if v.is_empty() {
                    empty += 1;
                    continue;
                }
                let x: f64 = v.parse().unwrap();
                assert!((0.0..=1.0).contains(&x), "{k} = {v}");
            }
            if k.starts_with("scrip.") {
                assert!(v.parse::<f64>().unwrap() >= 0.0, "{k} = {v}");
            }
        }
    }
    assert!(empty > 0 && empty < rows.len() * header.len() / 4);
    // By hand from the reports of seed 1 under the scenario's own regimes: Tom's medicine
    // (his heart pills, and the fall a storylet may add), Ava's press interest, Tom's scrip.
    let w = &b.world;
    let spec = SimSpec {
        world: w.clone(),
        seed: 1,
        turns: b.turns,
        policy: Policy::parse("mixed").unwrap(),
        script: Vec::new(),
    };
    let (tom, ava) = (w.member("tom").unwrap(), w.member("ava").unwrap());
    let (medicine, press) = (w.good("medicine").unwrap(), w.good("press").unwrap());
    let (mut met, mut met_n, mut int, mut int_n) = (0.0, 0, 0.0, 0);
    let run = agora::lab::sim::run_batch(&spec, |_, r| {
        if let Some(m) = r.members.iter().find(|m| m.member == tom) {
            let (mut got, mut needed) = (0, 0);
            for n in m.needs.iter().filter(|n| n.good == medicine) {
                got += n.met.min(n.needed);
                needed += n.needed;
            }
            if needed > 0 {
                met += got as f64 / needed as f64;
                met_n += 1;
            }
        }
        if let Some(m) = r.members.iter().find(|m| m.member == ava) {
            let (mut got, mut wanted) = (0, 0);
            for i in m.interests.iter().filter(|i| i.good == press) {
                got += i.met.min(i.wanted);
                wanted += i.wanted;
            }
            if wanted > 0 {
                int += got as f64 / wanted as f64;
                int_n += 1;
            }
        }
    })
    .unwrap();
    assert!(met_n > 0 && int_n > 0);
    let row = rows
        .iter()
        .find(|r| r["seed"] == "1" && r["policy"] == "mixed")
        .unwrap();
    let field = |k: &str| row[k].parse::<f64>().unwrap();
    assert!((field("met.tom.medicine") - met / met_n as f64).abs() < 1e-12);
    assert!((field("interest.ava.press") - int / int_n as f64).abs() < 1e-12);
    assert_eq!(
        field("scrip.tom"),
        run.game.state().members[tom].scrip as f64
    );
}

#[test]
fn a_per_good_policy_changes_only_that_good_at_the_start() {
    use agora::engine::{Game, Regime};
    let (world, _) = SimSpec::load("riverside", Some(2)).unwrap();
    let start = |p: &str| {
        let mut g = Game::new(world.clone(), 4);
        for c in Policy::parse_for(p, &world).unwrap().commands(&world) {
            g.apply(c).unwrap();
        }
        g.state().clone()
    };
    let mixed = start("mixed");
    let medicine = world.good("medicine").unwrap();
    for (p, regime, fallback) in [
        ("mixed+medicine=exchange", Regime::Exchange, None),
        (
            "mixed+medicine=Exchange>AID",
            Regime::Exchange,
            Some(Regime::Aid),
        ),
        ("mixed+medicine=aid", Regime::Aid, None),
    ] {
        let mut want = mixed.clone();
        want.goods[medicine].regime = regime;
        want.goods[medicine].fallback = fallback;
        assert_eq!(start(p), want, "{p}");
    }
    // On another base: every good under exchange but grain.
    let s = start("exchange+grain=commons");
    for (g, gs) in world.scenario.goods.iter().zip(&s.goods) {
        let want = if g.id == "grain" {
            Regime::Commons
        } else {
            Regime::Exchange
        };
        assert_eq!(gs.regime, want, "{}", g.id);
    }
}

#[test]
fn thesis_tests_with_per_good_policies_are_judged() {
    // The Press's tests compare `mixed+press=exchange` with `mixed`; the default run plays them.
    let (world, turns) = SimSpec::load("press", Some(4)).unwrap();
    let hs = thesis::for_scenario("press").unwrap();
    let policies = batch::default_policies(&world, &hs).unwrap();
    let names: Vec<&str> = policies.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "commons",
            "exchange",
            "aid",
            "mixed",
            "mixed+press=exchange"
        ]
    );
    let b = Batch::new(world.clone(), turns, 0..6, policies, 2);
    let t = batch::run(&b, None, &ProgressBar::hidden())
        .unwrap()
        .remove(0);
    for j in thesis::judge(&hs, &t, &world) {
        assert_ne!(j.verdict, Verdict::NotTested, "{:?}", j.note);
        assert_eq!(j.effect.unwrap().n, 6);
    }
    // The policies differ: selling the press changes some game.
    let p = t.policy("mixed+press=exchange").unwrap();
    let m = t.policy("MIXED").unwrap();
    let c = t.column("final_trades").unwrap();
    let d = t.diff(p, m, c).unwrap();
    assert!(d.mean != 0.0 || d.sd != 0.0);
}

#[test]
fn cli_takes_per_good_policies_and_names_the_choices_when_wrong() {
    let exe = env!("CARGO_BIN_EXE_agora");
    let out = Command::new(exe)
        .args([
            "lab",
            "--scenario",
            "clinic",
            "--seeds",
            "0..3",
            "--turns",
            "2",
            "--policies",
            "mixed,mixed+medicine=exchange>aid,mixed+medicine=exchange",
            "--json",
            "--out",
            "-",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    let rows = rows_of(&csv);
    assert_eq!(rows.len(), 9);
    assert_eq!(rows[1]["policy"], "mixed+medicine=exchange>aid");
    let v: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    // The medicine test is judged; the whole-regime one says what to run.
    assert!(v["thesis"][0]["effect"]["mean"].is_number());
    assert_eq!(v["thesis"][1]["verdict"], "not_tested");
    assert!(
        v["thesis"][1]["note"]
            .as_str()
            .unwrap()
            .contains("policies `aid` and `exchange` were not run")
    );
    for (args, says) in [
        (
            ["lab", "--policies", "mixed+medicine=barter"],
            "expected commons, exchange or aid",
        ),
        (
            ["lab", "--policies", "mixed+medicin=exchange"],
            "unknown good `medicin`; riverside has grain, medicine, tools, cloth, press, coffee",
        ),
        (
            ["sim", "--policy", "barter+medicine=aid"],
            "expected mixed, commons, exchange or aid",
        ),
        (
            ["sim", "--policy", "mixed+medicine"],
            "GOOD=REGIME or GOOD=REGIME>FALLBACK",
        ),
    ] {
        let out = Command::new(exe).args(args).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

/// A run's shards written to files, each played on its own as `--shard i/n` plays it.
fn shard_files(b: &Batch, n: u64, dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    (0..n)
        .map(|i| {
            let mut s = b.clone();
            s.seeds = batch::shard_seeds(b.seeds.clone(), (i, n));
            let path = dir.join(format!("part{i}.csv"));
            std::fs::write(&path, csv(&s)).unwrap();
            path
        })
        .collect()
}

/// The summary text and JSON of a run's statistics.
fn summarise(
    played: &batch::Played,
    paths: &[String],
    points: Vec<Vec<f64>>,
    tallies: &[Tally],
    world: &agora::engine::World,
) -> (String, serde_json::Value) {
    let hs = thesis::for_scenario("riverside").unwrap();
    let o = agora::lab::summary::Outcome {
        played,
        seeds: played.seeds.clone(),
        paths,
        points,
        tallies,
    };
    (o.text(&hs, world), o.json(&hs, world).unwrap())
}

fn swept(seeds: std::ops::Range<u64>, vary: &[&str]) -> Batch {
    let (world, turns) = SimSpec::load("riverside", Some(3)).unwrap();
    let policies = batch::parse_policies("commons,exchange,aid", &world).unwrap();
    let varies: Vec<_> = vary.iter().map(|v| sweep::parse_vary(v).unwrap()).collect();
    Batch {
        sweep: sweep::Sweep::new(&world, &varies).unwrap(),
        ..Batch::new(world, turns, seeds, policies, 1)
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 12, ..Default::default() })]

    /// Merged shards give the whole run's summary and thesis tests exactly, for any number
    /// of shards given in any order, with a sweep or without.
    #[test]
    fn merged_shards_summarise_as_the_whole_run(
        n in 1u64..7,
        len in 1u64..9,
        sweeping: bool,
        rotate in 0usize..7,
    ) {
        let vary: &[&str] = if sweeping { &["meeting.lambda0=0.5,0.9"] } else { &[] };
        let b = swept(5..5 + len, vary);
        let whole = batch::run(&b, None, &ProgressBar::hidden()).unwrap();
        let points: Vec<Vec<f64>> = b.sweep.points.iter().map(|p| p.values.clone()).collect();
        let expect = summarise(&b.played, &b.sweep.paths, points, &whole, &b.world);
        let dir = tempfile::tempdir().unwrap();
        let mut files = shard_files(&b, n, dir.path());
        let k = rotate % files.len();
        files.rotate_left(k);
        let m = merge::files(&files).unwrap();
        proptest::prop_assert_eq!(&m.played, &b.played);
        let got = summarise(&m.played, &m.paths, m.points.clone(), &m.tallies, &b.world);
        proptest::prop_assert_eq!(got, expect);
    }
}

#[test]
fn merge_refuses_shards_of_other_runs_and_overlaps() {
    let dir = tempfile::tempdir().unwrap();
    let b = swept(0..6, &[]);
    let files = shard_files(&b, 3, dir.path());
    let err = |files: &[std::path::PathBuf]| format!("{:#}", merge::files(files).unwrap_err());
    // A shard missing.
    let e = err(&files[..2]);
    assert!(
        e.contains("seeds 4..6 of the run 0..6 are in none of the shards"),
        "{e}"
    );
    // The same file twice, and a shard overlapping another.
    let e = err(&[files[0].clone(), files[0].clone()]);
    assert!(e.contains("part0.csv is given twice"), "{e}");
    let copy = dir.path().join("copy.csv");
    std::fs::copy(&files[1], &copy).unwrap();
    let e = err(&[
        files[0].clone(),
        files[1].clone(),
        copy.clone(),
        files[2].clone(),
    ]);
    assert!(
        e.contains("seed 2 is played twice") && e.contains("copy.csv:2"),
        "{e}"
    );
    // Another game length, other policies, another sweep: each named with its files.
    let other = |b: Batch, name: &str| {
        let mut s = b;
        s.seeds = batch::shard_seeds(0..6, (2, 3));
        s.played.seeds = 0..6;
        let p = dir.path().join(name);
        std::fs::write(&p, csv(&s)).unwrap();
        vec![files[0].clone(), files[1].clone(), p]
    };
    let (world, turns) = SimSpec::load("riverside", Some(4)).unwrap();
    let policies = batch::parse_policies("commons,exchange,aid", &world).unwrap();
    let e = err(&other(
        Batch::new(world, turns, 0..6, policies, 1),
        "long.csv",
    ));
    assert!(
        e.contains("long.csv:2: run_turns is `4`, but") && e.contains("part0.csv:2 has `3`"),
        "{e}"
    );
    let (world, turns) = SimSpec::load("riverside", Some(3)).unwrap();
    let policies = batch::parse_policies("commons,exchange,mixed", &world).unwrap();
    let e = err(&other(
        Batch::new(world, turns, 0..6, policies, 1),
        "pol.csv",
    ));
    assert!(
        e.contains("pol.csv:2: seed 4 plays policies commons,exchange,mixed"),
        "{e}"
    );
    let e = err(&other(swept(0..6, &["meeting.kappa=1"]), "sweep.csv"));
    assert!(
        e.contains("part0.csv and ")
            && e.contains(
                "sweep.csv have different columns (column 10: `lpq_needs_met` and `meeting.kappa`)"
            ),
        "{e}"
    );
    // Not a lab CSV at all.
    let junk = dir.path().join("junk.csv");
    std::fs::write(&junk, "a,b\n1,2\n").unwrap();
    assert!(err(&[junk]).contains("junk.csv:1: not a lab CSV"));
}

#[test]
fn a_sweep_plays_every_point_with_a_column_per_parameter() {
    let b = swept(
        0..2,
        &["meeting.lambda0=0.5,0.9", "market.entry_margin_pct=25,60"],
    );
    let text = csv(&b);
    let rows = rows_of(&text);
    // 2 seeds × 4 grid points × 3 policies, in seed, grid point, policy order.
    assert_eq!(rows.len(), 24);
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    assert_eq!(
        header[9..11],
        ["meeting.lambda0", "market.entry_margin_pct"]
    );
    assert_eq!(header[11], "lpq_needs_met");
    let at = |i: usize| {
        let r = &rows[i];
        (
            r["seed"].clone(),
            r["meeting.lambda0"].clone(),
            r["market.entry_margin_pct"].clone(),
            r["policy"].clone(),
        )
    };
    assert_eq!(
        at(0),
        ("0".into(), "0.5".into(), "25".into(), "commons".into())
    );
    assert_eq!(
        at(4),
        ("0".into(), "0.5".into(), "60".into(), "exchange".into())
    );
    assert_eq!(
        at(9),
        ("0".into(), "0.9".into(), "60".into(), "commons".into())
    );
    assert_eq!(
        at(12),
        ("1".into(), "0.5".into(), "25".into(), "commons".into())
    );
    // The point at the defaults (λ0 0.9, margin 25) plays exactly the unswept games; the
    // others play different ones.
    let plain = rows_of(&csv(&swept(0..2, &[])));
    for (p, policy) in ["commons", "exchange", "aid"].iter().enumerate() {
        assert_eq!(rows[6 + p]["hash"], plain[p]["hash"], "{policy}");
    }
    assert!((0..3).any(|p| rows[p]["hash"] != plain[p]["hash"]));
    // The summary is grouped by grid point.
    let tallies = batch::run(&b, None, &ProgressBar::hidden()).unwrap();
    assert_eq!(tallies.len(), 4);
    assert!(tallies.iter().all(|t| t.games == 6));
    let points: Vec<Vec<f64>> = b.sweep.points.iter().map(|p| p.values.clone()).collect();
    let (text, json) = summarise(&b.played, &b.sweep.paths, points, &tallies, &b.world);
    assert!(
        text.contains("== meeting.lambda0 = 0.9, market.entry_margin_pct = 60 =="),
        "{text}"
    );
    assert_eq!(text.matches("thesis tests").count(), 4);
    assert_eq!(json["points"][3]["point"][1]["value"], 60.0);
    assert_eq!(json["vary"][0], "meeting.lambda0");
}

#[test]
fn cli_merge_prints_the_whole_runs_summary() {
    let dir = tempfile::tempdir().unwrap();
    let exe = env!("CARGO_BIN_EXE_agora");
    let lab = |extra: &[&str]| {
        let out = Command::new(exe)
            .current_dir(dir.path())
            .args([
                "lab",
                "--seeds",
                "0..6",
                "--turns",
                "3",
                "--policies",
                "commons,aid",
            ])
            .args(extra)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let whole = lab(&[]);
    for i in 0..2 {
        lab(&["--shard", &format!("{i}/2"), "--out", &format!("p{i}.csv")]);
    }
    let out = Command::new(exe)
        .current_dir(dir.path())
        .args(["lab", "merge", "p1.csv", "p0.csv"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let merged = String::from_utf8(out.stdout).unwrap();
    assert!(merged.starts_with("Riverside — seeds 0..6, 3 turns, 12 games merged from 2 shards\n"));
    let tail = |s: &str| s.split_once('\n').unwrap().1.to_string();
    assert_eq!(tail(&merged), tail(&whole));
    assert!(
        tail(&whole).starts_with("scenario riverside, content "),
        "{whole}"
    );
    let out = Command::new(exe)
        .current_dir(dir.path())
        .args(["lab", "merge", "p0.csv"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("seeds 3..6 of the run 0..6"));
}

/// `--plot`'s SVG: well-formed, one series per policy (one colour each: a point per metric
/// and grid point, and its legend entry), every policy and metric named.
#[test]
fn the_plot_is_an_svg_with_a_series_per_policy() {
    let b = swept(0..4, &["meeting.kappa=0,2"]);
    let tallies = batch::run(&b, None, &ProgressBar::hidden()).unwrap();
    let o = agora::lab::summary::Outcome {
        played: &b.played,
        seeds: b.seeds.clone(),
        paths: &b.sweep.paths,
        points: b.sweep.points.iter().map(|p| p.values.clone()).collect(),
        tallies: &tallies,
    };
    let svg = o.plot("Riverside").unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let mut by_colour: std::collections::BTreeMap<String, usize> = Default::default();
    for n in doc.descendants().filter(|n| n.has_tag_name("circle")) {
        *by_colour
            .entry(n.attribute("fill").unwrap().to_string())
            .or_default() += 1;
    }
    assert_eq!(by_colour.len(), 3, "{by_colour:?}");
    let metrics = batch::HEADLINE.len();
    assert!(
        by_colour.values().all(|&n| n == metrics * 2 + 1),
        "{by_colour:?}"
    );
    let text: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect();
    for name in ["commons", "exchange", "aid", "Riverside — by meeting.kappa"]
        .into_iter()
        .chain(batch::HEADLINE)
    {
        assert!(text.contains(&name), "no text {name}: {text:?}");
    }
}
