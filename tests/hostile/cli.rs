//! Hostile command-line inputs, round two (issue 23), run as a user would: each test here
//! failed before its fix.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn agora_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_agora"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("agora runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn agora(args: &[&str]) -> (i32, String, String) {
    agora_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// Defect 7: `--commands /dev/zero` read as an empty script, `/proc/self/pagemap` used
/// 24 GB; every input file is a regular file read to a limit.
#[test]
fn devices_and_endless_files_are_refused_as_inputs() {
    let mut cases = vec![
        vec!["sim", "--turns", "1", "--commands", "/dev/zero"],
        vec![
            "lab",
            "--seeds",
            "0",
            "--turns",
            "1",
            "--hypotheses",
            "/dev/zero",
        ],
        vec!["models", "market", "--schedule", "/dev/zero"],
        vec!["replay", "/dev/zero", "--verify"],
        vec!["sim", "--turns", "1", "--scenario", "/dev/zero"],
    ];
    if Path::new("/proc/self/pagemap").exists() {
        cases.push(vec![
            "sim",
            "--turns",
            "1",
            "--commands",
            "/proc/self/pagemap",
        ]);
    }
    for args in cases {
        let start = Instant::now();
        let (code, _, err) = agora(&args);
        assert_ne!(code, 0, "{args:?}: {err}");
        assert!(
            err.contains("not a regular file")
                || err.contains("not a file")
                || err.contains("more than")
                || err.contains("cannot read"),
            "{args:?}: {err}"
        );
        assert!(start.elapsed() < Duration::from_secs(5), "{args:?}");
    }
}

/// Defect 6: `sim --turns 200000 --save` wrote a 242 MB save the game refused; it is refused
/// up front.
#[test]
fn a_game_too_long_to_save_is_refused_up_front() {
    let dir = tempfile::tempdir().unwrap();
    let start = Instant::now();
    let (code, _, err) = agora_in(dir.path(), &["sim", "--turns", "200000", "--save", "x.ron"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("a game lasts 1 to 100000 turns"), "{err}");
    assert!(start.elapsed() < Duration::from_secs(5));
    assert!(!dir.path().join("x.ron").exists());
}

/// Defect 16: `sim --save` overwrote any file; a `--mods` folder that does not exist was
/// ignored; `lab --out - | head` ended with "Broken pipe".
#[test]
fn files_not_agoras_are_left_alone_and_mistakes_are_said() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("thesis.tex"), "my thesis").unwrap();
    let (code, _, err) = agora_in(d, &["sim", "--turns", "2", "--save", "thesis.tex"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("not an Agora save; it is left as it is"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(d.join("thesis.tex")).unwrap(),
        "my thesis"
    );
    // A save goes over a save.
    for _ in 0..2 {
        let (code, _, err) = agora_in(d, &["sim", "--turns", "2", "--save", "game.ron"]);
        assert_eq!(code, 0, "{err}");
    }
    let (code, _, err) = agora_in(
        d,
        &["lab", "--seeds", "0", "--turns", "2", "--out", "thesis.tex"],
    );
    assert_eq!(code, 1);
    assert!(err.contains("not a lab CSV"), "{err}");
    assert_eq!(
        std::fs::read_to_string(d.join("thesis.tex")).unwrap(),
        "my thesis"
    );

    let (code, _, err) = agora(&["sim", "--turns", "1", "--mods", "/no/such/folder"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("/no/such/folder") && err.contains("no such folder"),
        "{err}"
    );

    let out = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "'{}' lab --seeds 0..40 --turns 5 --policies commons --jobs 1 --out - | head -c 10 >/dev/null; echo \"status=${{PIPESTATUS[0]}}\"",
            env!("CARGO_BIN_EXE_agora")
        ))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.to_lowercase().contains("broken pipe"), "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("status=0"));
}

/// Defect 14: `lab --jobs 100000` started 100,000 threads and `--jobs 0` reported "0 jobs".
#[test]
fn lab_jobs_are_at_least_one_and_at_most_four_per_core() {
    let (code, _, err) = agora(&["lab", "--seeds", "0", "--turns", "1", "--jobs", "0"]);
    assert_eq!(code, 1);
    assert!(err.contains("--jobs 0 runs nothing"), "{err}");
    let (code, out, err) = agora(&[
        "lab",
        "--seeds",
        "0",
        "--turns",
        "1",
        "--policies",
        "commons",
        "--jobs",
        "100000",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("capped at"), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    assert_eq!(v["jobs"], serde_json::json!(4 * cores));
}

/// Defect 13: control characters from hostile content reached the terminal through the
/// command-line tools. Every text output escapes them.
#[test]
fn control_characters_from_content_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let sc = dir.path().join("evil");
    std::fs::create_dir(&sc).unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/scenarios/riverside");
    for f in ["scenario.ron", "goods.ron", "members.ron", "storylets.ron"] {
        let text = std::fs::read_to_string(src.join(f)).unwrap();
        let text = text
            .replace(
                "\"Riverside\"",
                "\"River\\u{1b}]0;pwned\\u{7}side\\u{9b}2J\"",
            )
            .replace("\"Ava Moreno\"", "\"Ava\\u{1b}[2J\\u{202e}Moreno\"");
        std::fs::write(sc.join(f), text).unwrap();
    }
    let evil = sc.to_str().unwrap();
    let save = dir.path().join("evil-save.ron");
    let mut broken = sc.clone();
    broken.set_file_name("broken");
    std::fs::create_dir(&broken).unwrap();
    for f in ["scenario.ron", "goods.ron", "members.ron", "storylets.ron"] {
        let text = std::fs::read_to_string(sc.join(f)).unwrap();
        let text = text.replace("\"gender\":", "\"gender\\u{1b}[2J\":");
        std::fs::write(broken.join(f), text).unwrap();
    }
    let runs: Vec<Vec<&str>> = vec![
        vec!["sim", "--scenario", evil, "--turns", "12", "--epilogue"],
        vec!["sim", "--scenario", evil, "--turns", "3", "--json"],
        vec!["sim", "--scenario", evil, "--turns", "3", "--compare"],
        vec![
            "sim",
            "--scenario",
            evil,
            "--turns",
            "3",
            "--save",
            save.to_str().unwrap(),
        ],
        vec!["replay", save.to_str().unwrap(), "--verify"],
        vec!["lab", "--scenario", evil, "--seeds", "0..2", "--turns", "3"],
        vec!["check", broken.to_str().unwrap()],
        vec!["sim", "--scenario", broken.to_str().unwrap()],
    ];
    for args in runs {
        let (_, out, err) = agora(&args);
        for (name, text) in [("stdout", &out), ("stderr", &err)] {
            let bad: Vec<char> = text
                .chars()
                .filter(|&c| agora::content::diag::is_unsafe(c))
                .collect();
            assert!(bad.is_empty(), "{args:?} {name}: {bad:?} in {text}");
        }
        // `replay --verify` names the scenario by its id, which holds no such character.
        assert!(
            args[0] == "replay"
                || out.contains("\\u{1b}")
                || out.contains("\\u001b")
                || err.contains("\\u{1b}"),
            "{args:?}: the name is shown, escaped:\n{out}\n{err}"
        );
    }
}

/// Defect 1, from the command line: a save with hostile embedded content is refused with a
/// located error, in well under a second.
#[test]
fn replay_refuses_a_hostile_save_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.ron");
    let (code, _, err) = agora(&["sim", "--turns", "2", "--save", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let mut save = agora::save::Save::read(&path).unwrap();
    save.content[0].scenario.members[0].needs[0].amount = u32::MAX;
    let h = agora::engine::hash::hash_of(&save.content[0].scenario);
    save.content[0].hash = h;
    save.header.content_hash = h;
    std::fs::write(&path, save.to_ron()).unwrap();
    let start = Instant::now();
    let (code, _, err) = agora(&["replay", path.to_str().unwrap(), "--verify"]);
    let took = start.elapsed();
    assert_eq!(code, 1);
    assert!(
        err.contains("embedded/members.ron:") && err.contains("quantities are limited to 100000"),
        "{err}"
    );
    eprintln!("hostile save refused by `agora replay --verify` in {took:?}");
    assert!(took < Duration::from_secs(1), "{took:?}");
}
