//! Mods: patch operations, load order, conflicts, the broken-mod fixtures with their exact
//! diagnostics, the shipped content passing `agora check`, and reload keeping replays valid.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use agora::check;
use agora::content::mods::manifest::{Manifest, ModSource};
use agora::content::mods::order::{Available, resolve};
use agora::content::mods::reload::{ContentSpec, reload};
use agora::content::mods::{self, ModRef};
use agora::content::{Diagnostic, Source};
use agora::engine::policy::DecisionRule;
use agora::engine::{Command, Game, World};

const FIXTURES: &str = "tests/fixtures/broken-mods";

fn riverside_with(mods: &[&str], dirs: &[PathBuf]) -> Result<mods::Modded, Vec<Diagnostic>> {
    let ids: Vec<String> = mods.iter().map(|s| s.to_string()).collect();
    mods::open("riverside", &ids, dirs)
}

#[test]
fn the_example_mod_changes_what_it_says() {
    let base = agora::content::open("riverside").unwrap().0.scenario;
    let m = riverside_with(&["midwife"], &[]).unwrap();
    let sc = &m.loaded.scenario;
    assert_eq!(
        m.mods,
        vec![ModRef {
            id: "midwife".into(),
            version: "1.0.0".into()
        }]
    );
    assert_ne!(m.content_hash, agora::content::content_hash(&base));
    // Add
    let odile = sc.members.iter().find(|x| x.id == "odile").unwrap();
    assert!(!odile.present);
    assert!(sc.storylets.iter().any(|s| s.id == "odile-arrives"));
    // Remove
    assert!(!sc.storylets.iter().any(|s| s.id == "grounds-thursday"));
    assert_eq!(sc.storylets.len(), base.storylets.len());
    // Patch: Scale, Set
    let med = |s: &agora::engine::world::Scenario| {
        s.goods
            .iter()
            .find(|g| g.id == "medicine")
            .cloned()
            .unwrap()
    };
    assert_eq!(med(sc).pool, med(&base).pool * 2);
    assert_eq!(med(sc).spoilage, 3);
    assert_eq!(sc.meta.policy.decision_rule, DecisionRule::Consensus);
    let cut = |s: &agora::engine::world::Scenario| s.meta.params.meeting.support_cut;
    assert!((cut(sc) - cut(&base) * 0.9).abs() < 1e-12);
    // AddTo on a map and on a list of tuples
    let nia = sc.members.iter().find(|x| x.id == "nia").unwrap();
    assert_eq!(nia.values.get("midwifery"), Some(&0.4));
    assert_eq!(nia.charisma, 0.5);
    assert_eq!(sc.meta.bonds.len(), base.meta.bonds.len() + 2);
    // RemoveFrom by key
    let brad = sc.members.iter().find(|x| x.id == "brad").unwrap();
    assert!(brad.prejudices.iter().all(|p| p.dimension != "trans"));
    // Replace
    let grange = sc.meta.venues.iter().find(|v| v.id == "grange").unwrap();
    assert!(grange.description.contains("Odile's clinic"));
    // Every kind of operation appears in the example.
    let text: String = std::fs::read_dir("assets/mods/midwife")
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    for op in [
        "Add(",
        "Replace(",
        "Patch(",
        "Remove(",
        "Set(",
        "AddTo(",
        "RemoveFrom(",
        "Scale(",
    ] {
        assert!(text.contains(op), "the example mod never uses {op}");
    }
}

fn manifest(id: &str, deps: &[&str], after: &[&str], before: &[&str]) -> Available {
    let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect();
    Available {
        manifest: Manifest {
            id: id.into(),
            name: id.into(),
            version: "1".into(),
            description: String::new(),
            scenarios: Vec::new(),
            dependencies: v(deps),
            load_after: v(after),
            load_before: v(before),
        },
        src: ModSource {
            folder: id.into(),
            manifest: Source {
                path: format!("{id}/mod.ron"),
                text: format!(
                    "(id: \"{id}\", dependencies: {deps:?}, load_after: {after:?}, load_before: {before:?})"
                ),
            },
            files: Vec::new(),
        },
    }
}

#[test]
fn load_order_is_dependencies_then_hints_then_id() {
    let avail = vec![
        manifest("alpha", &["zeta"], &[], &[]),
        manifest("beta", &[], &[], &["alpha"]),
        manifest("gamma", &[], &["alpha"], &[]),
        manifest("zeta", &[], &[], &[]),
        manifest("unused", &[], &[], &[]),
    ];
    let ids = |order: Vec<usize>| -> Vec<&str> {
        order
            .iter()
            .map(|&i| avail[i].manifest.id.as_str())
            .collect()
    };
    // alpha pulls in zeta; beta must precede alpha; gamma follows alpha.
    let order = resolve(&avail, &["gamma".into(), "alpha".into(), "beta".into()]).unwrap();
    assert_eq!(ids(order), ["beta", "zeta", "alpha", "gamma"]);
    // Without hints between them, by id.
    let order = resolve(&avail, &["zeta".into(), "unused".into()]).unwrap();
    assert_eq!(ids(order), ["unused", "zeta"]);
    let err = resolve(&avail, &["alpah".into()]).unwrap_err();
    assert!(
        err[0].message.contains("did you mean `alpha`"),
        "{}",
        err[0].message
    );
}

#[test]
fn a_conflict_reports_both_sources_unless_the_order_is_declared() {
    let dir = PathBuf::from(FIXTURES).join("conflict");
    let err = riverside_with(&["louder", "quieter"], std::slice::from_ref(&dir)).unwrap_err();
    assert_eq!(err.len(), 2, "{err:?}");
    assert!(err.iter().any(|d| d.path.ends_with("quieter/members.ron")));
    assert!(err.iter().any(|d| d.path.ends_with("louder/members.ron")));
    assert!(
        err[0].message.contains("`charisma` of member `tom`"),
        "{}",
        err[0].message
    );
    // Declaring the order makes the override deliberate: the later mod wins.
    let tmp = tempfile::tempdir().unwrap();
    for m in ["louder", "quieter"] {
        std::fs::create_dir(tmp.path().join(m)).unwrap();
        for f in ["mod.ron", "members.ron"] {
            let mut text = std::fs::read_to_string(dir.join(m).join(f)).unwrap();
            if m == "quieter" && f == "mod.ron" {
                text = text.replace(
                    "name: \"Quieter\",",
                    "name: \"Quieter\",\n    load_after: [\"louder\"],",
                );
            }
            std::fs::write(tmp.path().join(m).join(f), text).unwrap();
        }
    }
    let ok = riverside_with(&["louder", "quieter"], &[tmp.path().to_path_buf()]).unwrap();
    let tom = ok
        .loaded
        .scenario
        .members
        .iter()
        .find(|m| m.id == "tom")
        .unwrap();
    assert_eq!(tom.charisma, 0.1);
}

/// Every diagnostic of a broken-mod case, as `file:line:col: message` relative to the case.
fn diagnose(case: &Path) -> Vec<String> {
    let diags = if case.join("mod.ron").is_file() {
        check::check(&[case.display().to_string()], &[]).diagnostics
    } else {
        let (avail, mut found) = mods::available(&[case.to_path_buf()]);
        let ids: Vec<String> = avail
            .iter()
            .filter(|a| a.src.manifest.path.starts_with(&case.display().to_string()))
            .map(|a| a.manifest.id.clone())
            .collect();
        if let Err(d) = mods::open("riverside", &ids, &[case.to_path_buf()]) {
            found.extend(d);
        }
        found
    };
    let prefix = format!("{}/", case.display());
    diags
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{}: {}",
                d.path.strip_prefix(&prefix).unwrap_or(&d.path),
                d.line,
                d.col,
                d.message
            )
        })
        .collect()
}

#[test]
fn broken_mods_give_exactly_the_expected_diagnostics() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(FIXTURES)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 5);
    for case in cases {
        let got = diagnose(&case);
        let expected_path = case.join("expected.txt");
        if std::env::var_os("AGORA_BLESS").is_some() {
            std::fs::write(&expected_path, got.join("\n") + "\n").unwrap();
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap();
        let expected: Vec<&str> = expected.lines().collect();
        assert!(!got.is_empty(), "{}: no diagnostics", case.display());
        assert_eq!(got, expected, "{}", case.display());
    }
}

#[test]
fn every_shipped_scenario_and_mod_passes_check() {
    let report = check::check(&[], &[]);
    let errors: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n\n"));
    assert!(report.checked.iter().any(|c| c == "riverside + midwife"));
}

/// A mod that changes only what a running game can take: a parameter and some text.
fn tweak_dir() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let m = tmp.path().join("tweak");
    std::fs::create_dir(&m).unwrap();
    std::fs::write(m.join("mod.ron"), "(id: \"tweak\", name: \"Tweak\")").unwrap();
    std::fs::write(
        m.join("scenario.ron"),
        "[Patch(Scenario, [Set(\"params.meeting.support_cut\", 0.2), Set(\"name\", \"Riverside, tweaked\")])]",
    )
    .unwrap();
    tmp
}

#[test]
fn reload_is_a_logged_command_that_replays() {
    let tmp = tweak_dir();
    let base = ContentSpec {
        scenario: "riverside".into(),
        ..Default::default()
    };
    let tweaked = ContentSpec {
        scenario: "riverside".into(),
        mods: vec!["tweak".into()],
        dirs: vec![tmp.path().to_path_buf()],
        ..Default::default()
    };
    let (world, _) = base.world(Some(12)).unwrap();
    let world = Arc::new(world);
    let mut game = Game::new(Arc::clone(&world), 5);
    for _ in 0..4 {
        game.apply(Command::EndTurn).unwrap();
    }
    let cmd = reload(&mut game, &tweaked).unwrap();
    assert!(matches!(cmd, Command::Reload { .. }));
    assert_eq!(game.world().scenario.meta.name, "Riverside, tweaked");
    assert_eq!(game.world().scenario.meta.turns, 12);
    assert_eq!(game.state().params.meeting.support_cut, 0.2);
    for _ in 0..6 {
        game.apply(Command::EndTurn).unwrap();
    }
    // The replay: same seed, same log, the same content offered.
    let mut replay = Game::new(Arc::clone(&world), 5);
    let (again, _) = tweaked.world(Some(12)).unwrap();
    replay.offer(Arc::new(again));
    for c in game.log() {
        replay.apply(c.clone()).unwrap();
    }
    assert_eq!(replay.hash(), game.hash());
    assert_eq!(replay.hashes(), game.hashes());
    // Without the content, the log cannot replay; without the reload, the game differs.
    let mut blind = Game::new(Arc::clone(&world), 5);
    let refused = game
        .log()
        .iter()
        .try_for_each(|c| blind.apply(c.clone()).map(drop));
    assert!(refused.is_err());
    let mut plain = Game::new(world, 5);
    for _ in 0..10 {
        plain.apply(Command::EndTurn).unwrap();
    }
    assert_ne!(plain.hash(), game.hash());
}

#[test]
fn a_reload_that_changes_the_members_is_refused_and_not_logged() {
    let (world, _) = ContentSpec {
        scenario: "riverside".into(),
        ..Default::default()
    }
    .world(None)
    .unwrap();
    let mut game = Game::new(Arc::new(world), 3);
    game.apply(Command::EndTurn).unwrap();
    let hash = game.hash();
    let spec = ContentSpec {
        scenario: "riverside".into(),
        mods: vec!["midwife".into()],
        ..Default::default()
    };
    let err = reload(&mut game, &spec).unwrap_err();
    assert!(err.contains("members changed"), "{err}");
    assert_eq!(game.log(), &[Command::EndTurn]);
    assert_eq!(game.hash(), hash);
    assert!(World::new(game.world().scenario.clone()).is_ok());
}

#[test]
fn check_reports_every_mistake_of_a_mod_as_json() {
    let case = format!("{FIXTURES}/several-mistakes");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_agora"))
        .args(["check", &case, "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = v.as_array().unwrap();
    assert!(list.len() >= 6, "{v}");
    for d in list {
        for key in ["severity", "path", "line", "col", "message"] {
            assert!(d.get(key).is_some(), "{d} has no {key}");
        }
    }
    let ok = std::process::Command::new(env!("CARGO_BIN_EXE_agora"))
        .args(["check", "assets/mods/midwife"])
        .output()
        .unwrap();
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
}

#[cfg(unix)]
#[test]
fn a_mod_cannot_read_outside_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "password = hunter2").unwrap();
    let m = dir.path().join("sneaky");
    std::fs::create_dir(&m).unwrap();
    std::fs::write(
        m.join("mod.ron"),
        "(id: \"sneaky\", name: \"Sneaky\", version: \"1.0.0\", description: \"\")",
    )
    .unwrap();
    std::os::unix::fs::symlink(&secret, m.join("goods.ron")).unwrap();
    let diags = agora::content::mods::manifest::read_mod(&m).unwrap_err();
    let text: Vec<String> = diags.iter().map(ToString::to_string).collect();
    let text = text.join("\n");
    assert!(text.contains("links outside the mod's folder"), "{text}");
    assert!(!text.contains("hunter2"), "{text}");
}

/// A patch of 10,000 operations (about 290 KB) applies, each in turn: the last `Set` of a
/// field wins and every other field keeps its value. (It took 16 s and 4 GB before sites
/// shared their file and a patch was read back once; now well under a second.)
#[test]
fn a_patch_of_ten_thousand_operations_applies_in_order() {
    let tmp = tempfile::tempdir().unwrap();
    let m = tmp.path().join("big");
    std::fs::create_dir(&m).unwrap();
    std::fs::write(m.join("mod.ron"), "(id: \"big\", name: \"Big\")").unwrap();
    let mut ops = String::from("[Patch(Scenario, [\n");
    for i in 0..10_000 {
        let field = ["beta", "gamma", "kappa"][i % 3];
        ops.push_str(&format!(
            "    Set(\"params.meeting.{field}\", {}.{}),\n",
            1 + i % 7,
            i % 10
        ));
    }
    ops.push_str("]),\n");
    // And 1,000 patches of distinct members' fields, each a claim of its own.
    for i in 0..1_000 {
        ops.push_str(&format!(
            "Patch(Member(\"tom\"), [Set(\"values.v{i}\", 0.{})]),\n",
            i % 10
        ));
    }
    ops.push(']');
    assert!(ops.len() > 250_000, "{}", ops.len());
    std::fs::write(m.join("ops.ron"), &ops).unwrap();
    let report = check::check(&[m.display().to_string()], &[]);
    assert_eq!(report.errors(), 0, "{:?}", report.diagnostics);
    let sc = riverside_with(&["big"], &[tmp.path().to_path_buf()])
        .unwrap()
        .loaded
        .scenario;
    // i = 9999 (beta? 9999 % 3 = 0): 1 + 9999 % 7 = 4, 9999 % 10 = 9.
    assert_eq!(sc.meta.params.meeting.beta, 4.9);
    // i = 9997 is the last gamma: 1 + 9997 % 7 = 2, .7; i = 9998 the last kappa: 3.8.
    assert_eq!(sc.meta.params.meeting.gamma, 2.7);
    assert_eq!(sc.meta.params.meeting.kappa, 3.8);
    let tom = sc.members.iter().find(|x| x.id == "tom").unwrap();
    assert_eq!(tom.values.get("v999"), Some(&0.9));
    assert!(tom.values.len() >= 1_000);
}

/// Copy a shipped scenario's folder (with its hypotheses) into `dir`.
fn copy_scenario(id: &str, dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    for f in std::fs::read_dir(format!("assets/scenarios/{id}")).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, dir.join(f.file_name().unwrap())).unwrap();
    }
}

/// Defect: a `mod.ron` with a syntax error was silently skipped, and `sim --mod` then said
/// there was "no mod" of that name. Now the game, `sim` and `check --mod` refuse it with
/// its own located error.
#[test]
fn a_named_mod_that_does_not_load_is_refused_with_its_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let m = tmp.path().join("broken");
    std::fs::create_dir(&m).unwrap();
    std::fs::write(
        m.join("mod.ron"),
        "(id: \"broken\", name: \"B\" version: \"1\")",
    )
    .unwrap();
    let dirs = [tmp.path().to_path_buf()];
    let errs = riverside_with(&["broken"], &dirs).unwrap_err();
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].path.ends_with("broken/mod.ron"), "{}", errs[0]);
    assert_eq!((errs[0].line, errs[0].col), (1, 26));
    assert!(
        errs[0]
            .message
            .starts_with("mod `broken` does not load: expected `,`")
    );
    assert!(!errs[0].message.contains("no mod"));
    let named = mods::named(&["broken".into()], &dirs).unwrap_err();
    assert_eq!(named, errs);
    let report = check::check_with(&[], &dirs, &["broken".into()]);
    assert_eq!(report.errors(), 1, "{:?}", report.diagnostics);
    assert_eq!(report.diagnostics[0], errs[0]);
    // A mod that depends on it names it as broken, then gives its errors.
    let dep = tmp.path().join("child");
    std::fs::create_dir(&dep).unwrap();
    std::fs::write(
        dep.join("mod.ron"),
        "(id: \"child\", name: \"C\", dependencies: [\"broken\"])",
    )
    .unwrap();
    let errs = riverside_with(&["child"], &dirs).unwrap_err();
    assert!(
        errs[0].message.contains("installed but does not load"),
        "{}",
        errs[0]
    );
    assert!(errs[1].path.ends_with("broken/mod.ron"), "{}", errs[1]);
}

/// Defect: mods were checked one at a time, never as the combination the game loads, so a
/// conflict or a cycle between two mods passed `check`. `check --mod a --mod b` finds them.
#[test]
fn check_with_mods_checks_the_combination_in_load_order() {
    let conflict = PathBuf::from(FIXTURES).join("conflict");
    let alone = check::check_with(&[], std::slice::from_ref(&conflict), &["louder".into()]);
    assert_eq!(alone.errors(), 0, "{:?}", alone.diagnostics);
    let both = check::check_with(
        &[],
        std::slice::from_ref(&conflict),
        &["louder".into(), "quieter".into()],
    );
    assert_eq!(both.checked, vec!["riverside + louder + quieter"]);
    assert_eq!(both.errors(), 2, "{:?}", both.diagnostics);
    assert!(
        both.diagnostics[0]
            .message
            .starts_with("conflict: mod `quieter`")
    );
    let cycle = PathBuf::from(FIXTURES).join("cycle");
    let r = check::check_with(&[], &[cycle], &["first".into()]);
    assert_eq!(r.errors(), 2, "{:?}", r.diagnostics);
    assert!(
        r.diagnostics
            .iter()
            .all(|d| d.message.starts_with("load order cycle"))
    );
}

/// Defect: `hypotheses.ron` was never checked, so an unknown metric passed. Now `check`
/// reads it against the scenario as loaded (with its mods) and locates each problem.
#[test]
fn check_reads_the_hypotheses_against_the_scenario() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("river");
    copy_scenario("riverside", &dir);
    let h = dir.join("hypotheses.ron");
    let text = std::fs::read_to_string(&h)
        .unwrap()
        .replacen("\"lpq_needs_met\"", "\"lpq_need_met\"", 1)
        .replacen("b: \"commons\"", "b: \"exchange\"", 1);
    std::fs::write(&h, text).unwrap();
    let report = check::check(&[dir.display().to_string()], &[]);
    let shown: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| format!("{}:{}: {}", d.line, d.col, d.message))
        .collect();
    assert_eq!(report.errors(), 2, "{shown:#?}");
    assert!(
        shown[0].starts_with("7:17: unknown metric `lpq_need_met` (did you mean `lpq_needs_met`?)"),
        "{shown:#?}"
    );
    assert!(
        shown[1].starts_with("9:12: `a` and `b` are both `exchange`"),
        "{shown:#?}"
    );
    // Every shipped scenario's hypotheses pass, alone and with the mods for it.
    let all = check::check(&[], &[]);
    assert_eq!(all.errors(), 0, "{:?}", all.diagnostics);
}

/// Defect: mods could not add or change thesis tests. A mod's `hypotheses.ron` adds tests
/// and replaces the scenario's of the same id, in load order; `check --mod` checks it
/// against the modded scenario, located in the mod's own file.
#[test]
fn a_mod_adds_and_replaces_thesis_tests() {
    use agora::lab::thesis;
    let tmp = tempfile::tempdir().unwrap();
    let m = tmp.path().join("claims");
    std::fs::create_dir(&m).unwrap();
    std::fs::write(
        m.join("mod.ron"),
        "(id: \"claims\", name: \"Claims\", version: \"1\", scenarios: [\"riverside\"])",
    )
    .unwrap();
    let claim = |id: &str, metric: &str, at_least: f64| {
        format!(
            "(id: \"{id}\", text: \"t\", metric: \"{metric}\", a: \"aid\", b: \"commons\", at_least: {at_least:?}),"
        )
    };
    let write =
        |body: String| std::fs::write(m.join("hypotheses.ron"), format!("[\n{body}\n]")).unwrap();
    write(
        claim("exchange-reaches-the-refused", "lpq_needs_met", 0.5)
            + &claim("new-one", "avg_survival_met", 0.0),
    );
    let dirs = [tmp.path().to_path_buf()];
    let base = thesis::for_scenario("riverside").unwrap();
    let hs = thesis::for_content("riverside", &["claims".into()], &dirs).unwrap();
    assert_eq!(hs.len(), base.len() + 1);
    assert_eq!(hs[0].id, base[0].id);
    assert_eq!((hs[0].a.as_str(), hs[0].at_least), ("aid", 0.5));
    assert_eq!(hs[1], base[1]);
    assert_eq!(hs.last().unwrap().id, "new-one");
    // The mod still loads: its thesis tests are not content operations.
    assert!(riverside_with(&["claims"], &dirs).is_ok());
    let report = check::check_with(&[], &dirs, &["claims".into()]);
    assert_eq!(report.errors(), 0, "{:?}", report.diagnostics);
    write(claim("new-one", "avg_survival_mett", 0.0));
    let report = check::check_with(&[], &dirs, &["claims".into()]);
    assert_eq!(report.errors(), 1, "{:?}", report.diagnostics);
    let d = &report.diagnostics.iter().find(|d| d.is_error()).unwrap();
    assert!(d.path.ends_with("claims/hypotheses.ron"), "{d}");
    assert_eq!(d.line, 2);
    assert!(
        d.message.contains("did you mean `avg_survival_met`?"),
        "{d}"
    );
    // The shipped Midwife adds one.
    let hs = thesis::for_content("riverside", &["midwife".into()], &[]).unwrap();
    assert!(hs.iter().any(|h| h.id == "aid-reaches-the-refused"));
}

/// Defect: cross-field mistakes passed `check` — a recipe whose tool is not durable, the same
/// bond listed twice — and now so do zero stocks, work without a skill and an objective on
/// a need the member does not have. Each is reported at its place.
#[test]
fn cross_field_rules_are_checked_where_written() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("river");
    copy_scenario("riverside", &dir);
    let edit = |file: &str, from: &str, to: &str| {
        let p = dir.join(file);
        let t = std::fs::read_to_string(&p).unwrap();
        assert!(t.contains(from), "{file}: {from}");
        std::fs::write(&p, t.replacen(from, to, 1)).unwrap();
    };
    edit(
        "goods.ron",
        "(tool: \"tools\", tool_bonus: 25)",
        "(tool: \"cloth\", tool_bonus: 25)",
    );
    edit(
        "scenario.ron",
        "(\"ava\", \"eli\", 0.4)",
        "(\"eli\", \"ava\", 0.4), (\"lou\", \"ava\", 0.2)",
    );
    edit(
        "scenario.ron",
        "NeedMet(member: \"tom\", good: \"medicine\"",
        "NeedMet(member: \"tom\", good: \"coffee\"",
    );
    edit(
        "members.ron",
        "holdings: { \"grain\": 2, \"medicine\": 1 }",
        "holdings: { \"grain\": 0, \"medicine\": 1 }",
    );
    let report = check::check(&[dir.display().to_string()], &[]);
    let mut shown: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let file = Path::new(&d.path).file_name().unwrap().to_string_lossy();
            format!("{file}:{}:{}: {}", d.line, d.col, d.message)
        })
        .collect();
    shown.sort();
    let starts = [
        "goods.ron:10:24: the tool `cloth` is Consumable, not Durable",
        "members.ron:38:21: holdings of `grain` is 0",
        "scenario.ron:24:75: the bond between `lou` and `ava` is listed twice",
        "scenario.ron:33:111: member `tom` has no need of `coffee`",
    ];
    assert_eq!(shown.len(), starts.len(), "{shown:#?}");
    for (s, want) in shown.iter().zip(starts) {
        assert!(s.starts_with(want), "{s}\n  expected {want}");
    }
}

/// Defect: a mod reusing a shipped id for something new got no warning. Removing a member
/// and adding another under the same id now warns at the `Add`, naming the `Remove`.
#[test]
fn reusing_a_removed_id_for_new_content_is_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let m = tmp.path().join("reuse");
    std::fs::create_dir(&m).unwrap();
    std::fs::write(m.join("mod.ron"), "(id: \"reuse\", name: \"Reuse\")").unwrap();
    std::fs::write(
        m.join("storylets.ron"),
        "[\n    Remove(Storylet(\"grounds-thursday\")),\n    Add(Storylet(id: \"grounds-thursday\", title: \"New\", text: \"Something else.\", effects: [SetFlag(flag: \"x\")])),\n]",
    )
    .unwrap();
    let done = riverside_with(&["reuse"], &[tmp.path().to_path_buf()]).unwrap();
    let w = &done.loaded.warnings;
    let reuse: Vec<_> = w
        .iter()
        .filter(|d| d.message.contains("reuses the id"))
        .collect();
    assert_eq!(reuse.len(), 1, "{w:?}");
    assert_eq!((reuse[0].line, reuse[0].col), (3, 5));
    assert!(
        reuse[0].message.contains("storylets.ron:2:5"),
        "{}",
        reuse[0]
    );
}

/// One mistake the second exercise made (`tests/fixtures/mistakes.ron`).
#[derive(serde::Deserialize)]
struct Mistake {
    file: String,
    find: String,
    put: String,
    says: String,
}

/// The second mistake exercise (issue 24): 59 mistakes, each in its own copy of Riverside.
/// `check` reports each, first of everything it says, in the file the mistake is in, at a
/// line, with the expected words. `--nocapture` prints how many came with a fix.
#[test]
fn check_finds_every_mistake_of_the_second_exercise_first_and_located() {
    let text = std::fs::read_to_string("tests/fixtures/mistakes.ron").unwrap();
    let mistakes: Vec<Mistake> = ron::from_str(&text).unwrap();
    assert!(mistakes.len() >= 50);
    let tmp = tempfile::tempdir().unwrap();
    let mut with_fix = 0;
    for (i, m) in mistakes.iter().enumerate() {
        let dir = tmp.path().join(format!("case{i}"));
        copy_scenario("riverside", &dir);
        let path = dir.join(&m.file);
        let before = std::fs::read_to_string(&path).unwrap();
        assert!(before.contains(&m.find), "case {i}: {}", m.find);
        std::fs::write(&path, before.replacen(&m.find, &m.put, 1)).unwrap();
        let report = check::check(&[dir.display().to_string()], &[]);
        let d = report
            .diagnostics
            .first()
            .unwrap_or_else(|| panic!("case {i} ({}) passed check", m.put));
        assert!(
            d.path.ends_with(&m.file) && d.line > 0,
            "case {i}: {d} (expected in {})",
            m.file
        );
        assert!(d.message.starts_with(&m.says), "case {i}: {d}");
        let fix = [
            "did you mean",
            "expected",
            "missing?",
            "; ",
            "keep one",
            "needs its own",
        ];
        with_fix += usize::from(fix.iter().any(|f| d.message.contains(f)));
    }
    println!(
        "{} mistakes: all caught first and located, {with_fix} with a fix",
        mistakes.len()
    );
}
