//! The `agora` binary's headless commands, run as a user would.

use std::process::Command;

fn agora(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_agora"))
        .args(args)
        .output()
        .expect("agora runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn sim_json_is_complete_and_reproducible() {
    let args = ["sim", "--turns", "40", "--seed", "7", "--json"];
    let (code, out, err) = agora(&args);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    for key in [
        "scenario",
        "seed",
        "turns",
        "hash",
        "turns_per_sec",
        "metrics",
        "members",
    ] {
        assert!(v.get(key).is_some(), "missing {key} in {out}");
    }
    assert_eq!(v["scenario"], "riverside");
    assert_eq!(v["turns"], 40);
    assert_eq!(v["hash"].as_str().unwrap().len(), 16);
    assert!(v["metrics"]["needs_met"].as_f64().is_some());
    let (_, again, _) = agora(&args);
    let w: serde_json::Value = serde_json::from_str(&again).unwrap();
    assert_eq!(v["hash"], w["hash"]);
}

/// `sim --json` says what it played: the content hash a save of the game records, and the
/// mods with their versions.
#[test]
fn sim_json_names_its_content_and_mods() {
    let dir = tempfile::tempdir().unwrap();
    let save = dir.path().join("game.ron");
    let save = save.to_str().unwrap();
    let args = [
        "sim", "--turns", "3", "--mod", "midwife", "--json", "--save", save,
    ];
    let (code, out, err) = agora(&args);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["mods"],
        serde_json::json!([{"id": "midwife", "version": "1.0.0"}])
    );
    let s = agora::save::Save::read(std::path::Path::new(save)).unwrap();
    assert_eq!(v["content_hash"], format!("{:016x}", s.header.content_hash));
    let (_, plain, _) = agora(&["sim", "--turns", "3", "--json"]);
    let w: serde_json::Value = serde_json::from_str(&plain).unwrap();
    assert_eq!(w["mods"], serde_json::json!([]));
    assert_ne!(w["content_hash"], v["content_hash"]);
}

#[test]
fn sim_json_tells_the_goals_the_grade_the_difficulty_and_the_storylets() {
    let (code, out, err) = agora(&["sim", "--seed", "3", "--json", "--difficulty", "hard"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["difficulty"], "hard");
    let objectives = v["objectives"].as_array().unwrap();
    assert_eq!(objectives.len(), 5);
    for o in objectives {
        for key in ["id", "text", "status", "progress"] {
            assert!(o.get(key).is_some(), "missing {key} in {o}");
        }
        // The game is over: each objective is met or failed.
        assert!(
            ["met", "failed"].contains(&o["status"].as_str().unwrap()),
            "{o}"
        );
        let p = o["progress"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&p), "{o}");
    }
    let letter = v["grade"]["letter"].as_str().unwrap();
    assert!(["A", "B", "C", "D", "E"].contains(&letter), "{letter}");
    let storylets = v["storylets"].as_array().unwrap();
    assert!(!storylets.is_empty());
    // Each fired storylet with its turn and id; the choice taken, or null for one without.
    assert!(
        storylets
            .iter()
            .all(|s| s["turn"].as_u64().is_some() && s["id"].is_string())
    );
    assert!(storylets.iter().any(|s| s["choice"].is_null()));
    assert!(storylets.iter().any(|s| s["choice"].is_string()));
    // Normal is the default, and a different game from hard.
    let (_, normal, _) = agora(&["sim", "--seed", "3", "--json"]);
    let n: serde_json::Value = serde_json::from_str(&normal).unwrap();
    assert_eq!(n["difficulty"], "normal");
    assert_ne!(n["hash"], v["hash"]);
}

#[test]
fn sim_table_prints_a_line_per_turn() {
    let (code, out, _) = agora(&["sim", "--turns", "5", "--policy", "commons"]);
    assert_eq!(code, 0);
    let rows = out
        .lines()
        .filter(|l| {
            l.split_whitespace()
                .next()
                .is_some_and(|w| w.parse::<u32>().is_ok())
        })
        .count();
    assert_eq!(rows, 5, "{out}");
    assert!(out.contains("hash "));
}

#[test]
fn sim_rejects_unknown_policy_and_scenario_clearly() {
    let (code, _, err) = agora(&["sim", "--policy", "anarchy"]);
    assert_ne!(code, 0);
    assert!(err.contains("unknown policy `anarchy`"), "{err}");
    let (code, _, err) = agora(&["sim", "--scenario", "riversde"]);
    assert_ne!(code, 0);
    assert!(err.contains("did you mean `riverside`"), "{err}");
}

#[test]
fn scenarios_lists_the_default_first() {
    let (code, out, _) = agora(&["scenarios"]);
    assert_eq!(code, 0);
    assert!(out.lines().next().unwrap().starts_with("riverside"));
    let (_, json, _) = agora(&["scenarios", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v[0]["id"], "riverside");
    assert!(v[0]["name"].is_string() && v[0]["description"].is_string());
}

#[test]
fn check_passes_shipped_content_and_locates_errors() {
    let (code, out, _) = agora(&["check"]);
    assert_eq!(code, 0, "{out}");
    let (code, out, _) = agora(&["check", "tests/fixtures/malformed/several_files"]);
    assert_ne!(code, 0);
    assert!(out.contains("scenario.ron:5:12: error:"), "{out}");
    assert!(out.contains("goods.ron:5:15: error:"), "{out}");
    assert!(out.contains("members.ron:6:9: error:"), "{out}");
    assert!(out.contains("3 error(s)"), "{out}");
    let (_, json, _) = agora(&["check", "--json", "tests/fixtures/malformed/unknown_ids"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 4);
    for d in v.as_array().unwrap() {
        for key in ["severity", "path", "line", "col", "message"] {
            assert!(d.get(key).is_some());
        }
    }
}

#[test]
fn sim_runs_a_command_script() {
    let (code, out, err) = agora(&[
        "sim",
        "--turns",
        "40",
        "--commands",
        "tests/fixtures/golden_commands.ron",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"hash\""));
}

#[test]
fn sim_prints_the_epilogue_and_the_roads_not_taken() {
    let (code, out, err) = agora(&["sim", "--scenario", "dry-year", "--seed", "2", "--epilogue"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("EPILOGUE — Dry Year"), "{out}");
    assert!(
        out.contains("Objectives") && out.contains("Nan Price"),
        "{out}"
    );
    let (code, out, err) = agora(&["sim", "--scenario", "press", "--compare"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ROADS NOT TAKEN — The Press"), "{out}");
    assert!(out.contains("Member by member"), "{out}");
    let args = [
        "sim",
        "--scenario",
        "clinic",
        "--seed",
        "3",
        "--compare",
        "--json",
    ];
    let (code, json, err) = agora(&args);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    for road in ["player", "commons", "exchange", "aid"] {
        assert!(v[road]["metrics"]["needs_met"].is_number(), "{road}");
        assert!(v[road]["members"]["mae"]["needs_met"].is_number(), "{road}");
    }
    assert!(
        v["one_good_at_a_time"][0]["text"]
            .as_str()
            .is_some_and(|t| t.starts_with("If ")),
        "{json}"
    );
    let (_, again, _) = agora(&args);
    assert_eq!(json, again, "the comparison is deterministic");
}

#[test]
fn models_market_runs_any_schedule_under_either_book_rule() {
    let schedule = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/markets/gode-sunder-1.ron"
    );
    let run = |book: &str| {
        let args = [
            "models",
            "market",
            "--schedule",
            schedule,
            "--trader",
            "zic",
            "--book",
            book,
            "--shouts",
            "100",
            "--seeds",
            "200",
            "--json",
        ];
        let (code, out, err) = agora(&args);
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["book"], book);
        assert_eq!(
            (v["shouts"].as_u64(), v["seeds"].as_u64()),
            (Some(100), Some(200))
        );
        v["efficiency_pct"].as_f64().unwrap()
    };
    let (clears, keeps) = (run("clears"), run("keeps"));
    assert!(
        (50.0..66.0).contains(&clears) && keeps > clears,
        "{clears} {keeps}"
    );
    let (code, _, err) = agora(&["models", "market", "--schedule", schedule, "--book", "kept"]);
    assert_ne!(code, 0);
    assert!(err.contains("expected clears or keeps"), "{err}");
}

#[test]
fn the_game_refuses_a_scenario_that_does_not_load_before_opening() {
    let (code, _, err) = agora(&["--scenario", "nowhere"]);
    assert_ne!(code, 0);
    assert!(err.contains("no scenario `nowhere`"), "{err}");
}
