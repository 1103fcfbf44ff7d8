//! Saves and replays: save → load → continue equals an uninterrupted game, seeking equals
//! playing straight through, tampering is caught and located, bad files are refused and
//! left untouched, interrupted saves never damage the previous one.

use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::sync::Arc;
use std::time::Duration;

use agora::content::mods::reload::ContentSpec;
use agora::engine::world::difficulty::Difficulty;
use agora::engine::world::story::Effect;
use agora::engine::{Command, Game, Regime, World};
use agora::lab::sim::SimSpec;
use agora::save::migrate::SaveV0;
use agora::save::{self, Meta, Recorder, Save, SaveError, store};
use proptest::prelude::*;

fn world(id: &str, turns: u32) -> Arc<World> {
    SimSpec::load(id, Some(turns)).expect("scenario loads").0
}

fn meta(source: &str) -> Meta {
    Meta {
        name: "test".into(),
        source: source.into(),
        ..Default::default()
    }
}

/// Play `turns` turns, applying `script` (turn, command) before each turn, keyframes every
/// `every` turns.
fn play(
    world: &Arc<World>,
    seed: u64,
    turns: u32,
    script: &[(u32, Command)],
    every: u32,
) -> (Game, Recorder) {
    let mut game = Game::new(Arc::clone(world), seed);
    let mut rec = Recorder::new(every);
    for t in 1..=turns {
        for (_, c) in script.iter().filter(|(at, _)| *at == t) {
            let _ = game.apply(c.clone());
        }
        if game.is_over() {
            break;
        }
        game.apply(Command::EndTurn).unwrap();
        rec.observe(&game);
    }
    (game, rec)
}

fn script_command(world: &World, k: u8, v: u8) -> Command {
    let goods = &world.scenario.goods;
    let regimes = [Regime::Commons, Regime::Exchange, Regime::Aid];
    match k % 4 {
        0 => Command::SetRegime {
            good: goods[v as usize % goods.len()].id.clone(),
            regime: regimes[v as usize % 3],
            fallback: None,
        },
        1 => Command::SetMarketDays(u32::from(v % 5)),
        2 => Command::SetDividend(v.is_multiple_of(2)),
        _ => Command::SetDemurrage(u32::from(v % 50)),
    }
}

fn roundtrip(save: &Save) -> Save {
    Save::parse(&save.to_ron()).expect("a save reads back")
}

/// Random (seed, command script) pairs compared; `AGORA_HASH_PAIRS` raises it (`.ci/run`
/// compares 1,000 in a release build).
fn hash_pairs() -> u32 {
    std::env::var("AGORA_HASH_PAIRS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(hash_pairs()))]

    /// Save, load and continue gives the same hashes as an uninterrupted game.
    #[test]
    fn save_load_continue_equals_an_uninterrupted_game(
        seed in 0u64..1000,
        cut in 1u32..30,
        script in proptest::collection::vec((1u32..40, any::<u8>(), any::<u8>()), 0..8),
    ) {
        let w = world("riverside", 40);
        let script: Vec<(u32, Command)> =
            script.iter().map(|&(t, k, v)| (t, script_command(&w, k, v))).collect();
        let (whole, _) = play(&w, seed, 40, &script, 7);

        let (part, rec) = play(&w, seed, cut, &script, 7);
        let saved = roundtrip(&Save::capture(&part, &meta("riverside"), &rec.keyframes));
        let mut loaded = saved.load().expect("the save loads");
        prop_assert_eq!(loaded.hashes(), part.hashes());
        for t in cut + 1..=40 {
            for (_, c) in script.iter().filter(|(at, _)| *at == t) {
                let _ = loaded.apply(c.clone());
            }
            if loaded.is_over() { break; }
            loaded.apply(Command::EndTurn).unwrap();
        }
        prop_assert_eq!(loaded.hashes(), whole.hashes());
        prop_assert_eq!(loaded.log(), whole.log());
    }
}

fn long_save(turns: u32) -> Save {
    let w = world("riverside", turns);
    let script = vec![
        (3, script_command(&w, 0, 4)),
        (10, script_command(&w, 1, 3)),
        (33, script_command(&w, 2, 1)),
        (57, script_command(&w, 3, 9)),
    ];
    let (game, rec) = play(&w, 7, turns, &script, 10);
    roundtrip(&Save::capture(&game, &meta("riverside"), &rec.keyframes))
}

#[test]
fn seeking_from_keyframes_equals_playing_from_the_start() {
    let s = long_save(80);
    assert_eq!(s.keyframes.len(), 8);
    let worlds = s.worlds().unwrap();
    for t in [0, 1, 9, 10, 11, 35, 50, 79, 80] {
        let seek = s.replay(&worlds, Some(t), false).unwrap();
        let straight = s.replay(&worlds, Some(t), true).unwrap();
        assert_eq!(seek.turn(), t);
        assert_eq!(seek.state(), straight.state(), "turn {t}");
        assert_eq!(seek.hash(), s.hashes[t as usize]);
        assert_eq!(seek.log(), straight.log());
    }
}

#[test]
fn verify_names_the_turn_of_a_tampered_command() {
    let mut s = long_save(40);
    // The command before turn 10 (market days) is changed: turn 10 no longer replays.
    let i = s
        .commands
        .iter()
        .position(|c| matches!(c, Command::SetMarketDays(_)))
        .unwrap();
    s.commands[i] = Command::SetMarketDays(9);
    match Save::parse(&s.to_ron()).unwrap().verify() {
        Err(SaveError::Tampered {
            turn,
            commands,
            parts,
        }) => {
            assert_eq!(turn, 10);
            assert!(
                commands.iter().any(|c| c == "SetMarketDays(9)"),
                "{commands:?}"
            );
            assert!(parts.contains(&"policy".to_string()), "{parts:?}");
        }
        other => panic!("expected tampering, got {other:?}"),
    }
    // A changed hash is caught as well, at its turn.
    let mut s = long_save(40);
    s.hashes[17] ^= 1;
    let e = s.verify().unwrap_err();
    assert!(matches!(e, SaveError::Tampered { turn: 17, .. }), "{e}");
    assert!(e.to_string().contains("turn 17"));
}

#[test]
fn a_changed_keyframe_is_caught_when_loading() {
    let mut s = long_save(40);
    s.keyframes.last_mut().unwrap().state.members[0].charisma += 0.25;
    let e = s.load().map(|_| ()).unwrap_err();
    assert!(matches!(e, SaveError::Tampered { turn: 40, .. }), "{e}");
}

fn sha(bytes: &[u8]) -> u64 {
    agora::engine::hash::hash_of(bytes)
}

#[test]
fn bad_files_say_which_and_are_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let good = long_save(12).to_ron();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("text.ron", b"hello, world\n".to_vec(), "not-a-save"),
        ("binary.ron", vec![0xff, 0xfe, 0, 1, 2, 3], "not-a-save"),
        ("empty.ron", vec![], "not-a-save"),
        (
            "truncated.ron",
            good.as_bytes()[..good.len() / 2].to_vec(),
            "corrupt",
        ),
        (
            "newer.ron",
            good.replacen("format_version: 1", "format_version: 99", 1)
                .into_bytes(),
            "newer-version",
        ),
        (
            "tampered.ron",
            good.replacen("seed: 7", "seed: 8", 1).into_bytes(),
            "tampered",
        ),
    ];
    let bin = env!("CARGO_BIN_EXE_agora");
    for (name, bytes, kind) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, &bytes).unwrap();
        let before = sha(&std::fs::read(&p).unwrap());
        let e = Save::read(&p)
            .and_then(|s| s.verify().map(|_| ()))
            .unwrap_err();
        assert_eq!(e.kind(), kind, "{name}: {e}");
        // The command line: one line, non-zero status, for load and verify alike.
        for args in [vec!["replay", "--verify"], vec!["load"]] {
            let out = Process::new(bin)
                .args(&args)
                .arg(&p)
                .env("AGORA_SAVES", dir.path())
                .output()
                .unwrap();
            assert!(!out.status.success(), "{name} {args:?}");
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(err.trim().lines().count(), 1, "{name}: {err}");
        }
        assert_eq!(
            sha(&std::fs::read(&p).unwrap()),
            before,
            "{name} was changed"
        );
    }
}

#[test]
fn a_save_truncated_at_every_length_is_an_error_never_a_panic() {
    let w = world("tests/fixtures/tiny", 5);
    let (game, rec) = play(&w, 3, 5, &[], 2);
    let text = Save::capture(&game, &meta("tests/fixtures/tiny"), &rec.keyframes).to_ron();
    assert!(Save::parse(&text).is_ok());
    let bytes = text.as_bytes();
    for n in 0..bytes.len() {
        let Ok(cut) = std::str::from_utf8(&bytes[..n]) else {
            continue;
        };
        assert!(
            Save::parse(cut).is_err(),
            "a save cut at {n} bytes read as whole"
        );
    }
}

#[test]
fn migrates_format_0() {
    let text = std::fs::read_to_string("tests/fixtures/saves/v0.ron").unwrap();
    assert_eq!(save::probe(&text).unwrap(), 0);
    let s = Save::parse(&text).unwrap();
    assert_eq!(s.format_version, save::FORMAT_VERSION);
    assert_eq!(s.header.scenario, "tiny");
    assert_eq!(s.header.turn, 4);
    let game = s.verify().unwrap();
    assert_eq!(game.hashes(), &s.hashes[..]);
    // Saved before difficulties: normal.
    assert_eq!(s.header.difficulty, Difficulty::Normal);
}

/// A scenario at a difficulty, as `sim` and the game load it.
fn at(id: &str, d: Difficulty, turns: Option<u32>) -> Arc<World> {
    let spec = ContentSpec {
        scenario: id.into(),
        difficulty: d,
        ..Default::default()
    };
    SimSpec::load_modded(&spec, turns).unwrap().0
}

#[test]
fn every_scenario_plays_at_every_difficulty_and_normal_is_as_written() {
    for (id, _) in agora::content::EMBEDDED {
        let as_written = SimSpec::load(id, None).unwrap().0;
        assert_eq!(
            at(id, Difficulty::Normal, None).scenario,
            as_written.scenario
        );
        let mut ends = Vec::new();
        for d in Difficulty::ALL {
            let w = at(id, d, None);
            let mut game = Game::new(w.clone(), 5);
            while !game.is_over() {
                game.apply(Command::EndTurn).unwrap();
            }
            assert_eq!(game.turn(), w.scenario.meta.turns, "{id} {d:?}");
            ends.push(game.hash());
        }
        assert_ne!(ends[0], ends[1], "{id}: easy plays as normal");
        assert_ne!(ends[2], ends[1], "{id}: hard plays as normal");
    }
}

#[test]
fn difficulty_moves_each_of_its_levers_and_only_those() {
    let normal = at("riverside", Difficulty::Normal, None);
    let (easy, hard) = (
        at("riverside", Difficulty::Easy, None),
        at("riverside", Difficulty::Hard, None),
    );
    let pool = |w: &World| w.scenario.goods.iter().map(|g| g.pool).sum::<u32>();
    assert!(pool(&easy) > pool(&normal) && pool(&hard) < pool(&normal));
    let weight = |w: &World, id: &str| {
        w.scenario
            .storylets
            .iter()
            .find(|s| s.id == id)
            .unwrap()
            .weight
    };
    // A drought brings hardship; a coffee house opening does not.
    assert_eq!(weight(&hard, "drought"), 3 * weight(&normal, "drought"));
    assert!(weight(&easy, "drought") < weight(&normal, "drought"));
    assert_eq!(
        weight(&hard, "grounds-opens"),
        weight(&normal, "grounds-opens")
    );
    // A hardship hits harder on hard, softer on easy: the drought cuts deeper and longer.
    let drought = |w: &World| {
        let st = w.scenario.storylets.iter().find(|s| s.id == "drought");
        st.unwrap()
            .effects
            .iter()
            .find_map(|e| match e {
                Effect::Output { percent, turns, .. } => Some((*percent, *turns)),
                _ => None,
            })
            .unwrap()
    };
    assert_eq!(drought(&normal), (45, 6));
    assert_eq!(drought(&hard), (17, 9));
    assert_eq!(drought(&easy), (72, 3));
    let dep = |w: &World| w.scenario.meta.params.deprivation.clone();
    assert!(dep(&hard).output_loss_pct > dep(&normal).output_loss_pct);
    assert!(dep(&easy).output_loss_pct < dep(&normal).output_loss_pct);
    assert!(dep(&easy).crisis_hunger > dep(&normal).crisis_hunger);
    assert!(dep(&hard).crisis_hunger < dep(&normal).crisis_hunger);
    assert_eq!(easy.scenario.members.len(), normal.scenario.members.len());
    assert_eq!(Difficulty::parse("hard"), Ok(Difficulty::Hard));
    assert!(Difficulty::parse("brutal").is_err());
}

#[test]
fn a_hard_game_is_saved_as_hard_and_replays() {
    let w = at("riverside", Difficulty::Hard, Some(6));
    let (game, rec) = play(&w, 4, 6, &[], 2);
    let m = Meta {
        difficulty: Difficulty::Hard,
        ..meta("riverside")
    };
    let text = Save::capture(&game, &m, &rec.keyframes).to_ron();
    assert!(text.contains("difficulty: hard"), "{text:.600}");
    let s = Save::parse(&text).unwrap();
    assert_eq!(s.header.difficulty, Difficulty::Hard);
    assert_eq!(s.verify().unwrap().hash(), game.hash());
    // The content it embeds is the shipped scenario at that difficulty: nothing has changed.
    assert_eq!(s.content_note(), None);
}

/// Writes the format-0 fixture (run with `--ignored` to regenerate it).
#[test]
#[ignore]
fn write_v0_fixture() {
    #[derive(serde::Serialize)]
    struct V0<'a> {
        format_version: u32,
        scenario: &'a agora::engine::world::Scenario,
        seed: u64,
        commands: &'a [Command],
        hashes: &'a [u64],
    }
    let w = world("tests/fixtures/tiny", 5);
    let (game, _) = play(&w, 11, 4, &[(2, Command::SetMarketDays(2))], 2);
    let v0 = V0 {
        format_version: 0,
        scenario: &w.scenario,
        seed: 11,
        commands: game.log(),
        hashes: game.hashes(),
    };
    let text = ron::ser::to_string_pretty(&v0, ron::ser::PrettyConfig::new()).unwrap();
    let _: SaveV0 = ron::from_str(&text).unwrap();
    std::fs::create_dir_all("tests/fixtures/saves").unwrap();
    std::fs::write("tests/fixtures/saves/v0.ron", text).unwrap();
}

/// Copy a scenario folder into a temporary one.
fn copy_scenario(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

#[test]
fn changed_shipped_content_plays_the_embedded_content_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let sc = dir.path().join("riverside");
    copy_scenario(Path::new("assets/scenarios/riverside"), &sc);
    let source = sc.to_string_lossy().into_owned();
    let w = world(&source, 30);
    let (game, rec) = play(&w, 2, 20, &[], 5);
    let s = roundtrip(&Save::capture(&game, &meta(&source), &rec.keyframes));
    assert_eq!(s.content_note(), None);
    // The scenario on disk changes: a different name and a different length.
    let path = sc.join("scenario.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen("name: \"Riverside\"", "name: \"Elsewhere\"", 1),
    )
    .unwrap();
    let note = s.content_note().expect("the change is noticed");
    assert!(note.contains("has changed"), "{note}");
    let loaded = s.verify().unwrap();
    assert_eq!(loaded.world().scenario.meta.name, "Riverside");
    assert_eq!(loaded.hash(), game.hash());
    // And with the folder gone altogether.
    std::fs::remove_dir_all(&sc).unwrap();
    assert!(s.content_note().unwrap().contains("not available"));
    assert_eq!(s.load().unwrap().hash(), game.hash());
}

#[test]
fn a_reloaded_game_replays_from_its_save() {
    let w = world("riverside", 30);
    let mut game = Game::new(Arc::clone(&w), 4);
    let mut rec = Recorder::new(5);
    for _ in 0..6 {
        game.apply(Command::EndTurn).unwrap();
        rec.observe(&game);
    }
    let mut sc = w.scenario.clone();
    sc.meta.name = "Riverside, reloaded".into();
    sc.meta.params.meeting.support_cut = 0.2;
    let h = game.offer(Arc::new(World::new(sc).unwrap()));
    game.apply(Command::Reload { content_hash: h }).unwrap();
    for _ in 0..8 {
        game.apply(Command::EndTurn).unwrap();
        rec.observe(&game);
    }
    let s = roundtrip(&Save::capture(&game, &meta("riverside"), &rec.keyframes));
    assert_eq!(s.content.len(), 2);
    let v = s.verify().unwrap();
    assert_eq!(v.hash(), game.hash());
    assert_eq!(v.world().scenario.meta.name, "Riverside, reloaded");
    let l = s.load().unwrap();
    assert_eq!(l.hash(), game.hash());
    assert_eq!(l.world().scenario.meta.name, "Riverside, reloaded");
    // Seeking to before the reload shows the old content.
    let early = s.replay(&s.worlds().unwrap(), Some(5), false).unwrap();
    assert_eq!(early.world().scenario.meta.name, "Riverside");
}

#[test]
fn autosaves_keep_the_last_three() {
    let dir = tempfile::tempdir().unwrap();
    let w = world("tests/fixtures/tiny", 5);
    let mut game = Game::new(Arc::clone(&w), 1);
    for _ in 0..5 {
        game.apply(Command::EndTurn).unwrap();
        store::autosave(dir.path(), Save::capture(&game, &meta("tiny"), &[])).unwrap();
    }
    let kept = store::autosaves(dir.path());
    let names: Vec<_> = kept
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        ["autosave-5.ron", "autosave-4.ron", "autosave-3.ron"]
    );
    let newest = Save::read(&store::newest_autosave(dir.path()).unwrap()).unwrap();
    assert_eq!(newest.header.turn, 5);
    let path = store::write_named(dir.path(), "../My game", &newest).unwrap();
    assert_eq!(path, dir.path().join("My_game.ron"));
    let listed = store::list(dir.path());
    assert_eq!(listed.len(), 4);
    assert!(listed.iter().all(|l| l.header.is_ok()));
}

#[test]
fn the_saves_folder_comes_from_the_flag_then_the_environment() {
    assert_eq!(store::dir(Some(Path::new("x"))), PathBuf::from("x"));
}

#[test]
fn headless_saves_replay_and_verify_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("run.ron");
    let bin = env!("CARGO_BIN_EXE_agora");
    let out = Process::new(bin)
        .args(["sim", "--turns", "30", "--seed", "3", "--json", "--save"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sim: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let out = Process::new(bin)
        .args(["replay", "--verify", "--json"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(v["turns"], 30);
    assert_eq!(sim["hash"], v["hash"]);
    // Tamper with a command on disk: exit 1, the turn named in the JSON.
    let text = std::fs::read_to_string(&file).unwrap();
    let s = Save::parse(&text).unwrap();
    let mut t = s.clone();
    let idx = t.turn_end(11);
    t.commands.insert(idx, Command::SetMarketDays(0));
    std::fs::write(&file, t.to_ron()).unwrap();
    let out = Process::new(bin)
        .args(["replay", "--verify", "--json"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["error"], "tampered");
    assert_eq!(v["turn"], 12);
    assert!(
        v["commands"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "SetMarketDays(0)"),
        "{v}"
    );
}

/// SIGKILL a writer in the middle of its loop of saves, many times: the save on disk always
/// loads. `AGORA_KILLS` scales the number of kills (default 30).
#[cfg(unix)]
#[test]
fn killing_a_writer_mid_save_never_damages_the_save() {
    let kills: u64 = std::env::var("AGORA_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("loop.ron");
    let bin = env!("CARGO_BIN_EXE_agora");
    let mut turns_seen = Vec::new();
    for i in 0..kills {
        let mut child = Process::new(bin)
            .args(["sim", "--turns", "2000", "--json", "--save-every", "1"])
            .args(["--seed", &i.to_string(), "--save"])
            .arg(&file)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // A spread of moments: early, mid-loop, late in a write.
        let ms = 60 + (i * 37) % 240;
        std::thread::sleep(Duration::from_millis(ms));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        if file.exists() {
            let s = Save::read(&file).unwrap_or_else(|e| panic!("kill {i}: {e}"));
            s.load().unwrap_or_else(|e| panic!("kill {i}: {e}"));
            turns_seen.push(s.header.turn);
        }
    }
    eprintln!(
        "{kills} kills: a save was on disk after {} and every one loaded (turns {}–{})",
        turns_seen.len(),
        turns_seen.iter().min().unwrap_or(&0),
        turns_seen.iter().max().unwrap_or(&0)
    );
    assert!(
        turns_seen.len() as u64 >= kills / 2,
        "saves were written: {turns_seen:?}"
    );
}
