//! Structure-aware fuzzing of the loaders: valid content (the default scenario, the example
//! mod) is mutated the way broken and hostile files differ from good ones — extreme numbers,
//! ids swapped, lines duplicated, dropped or cut short, strings grown, bytes inserted — and
//! every case must end in located errors or in a game that plays a few turns under extreme
//! commands. A panic anywhere fails the test and names the case, so it can be replayed.
//!
//! Two more targets take what a save and a command script hold: a save's embedded content and
//! keyframes mutated with every hash the save checks recomputed (so only the content checks
//! stand between the mutation and the engine), and command scripts mutated as text.
//!
//! CI runs a bounded campaign; `AGORA_FUZZ_CASES=N` sets the number of cases per target and
//! `AGORA_FUZZ_SEED` the first case (the long campaign is in docs/RELIABILITY.md).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use agora::content::load::load;
use agora::content::mods::manifest::{parse as parse_manifest, read_mod};
use agora::content::mods::order::Available;
use agora::content::mods::with_mods;
use agora::content::{Diagnostic, Source, Sources, embedded};
use agora::engine::hash::hash_of;
use agora::engine::policy::{AidMode, DecisionRule, Facilitation};
use agora::engine::world::scenario::Scenario;
use agora::engine::{Command, Game, Regime, World};
use agora::lab::sim::{self, Policy, Scheduled, SimSpec};
use agora::save::{Meta, Recorder, Save};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn cases() -> u64 {
    std::env::var("AGORA_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(48)
}

fn first_case() -> u64 {
    std::env::var("AGORA_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

const EXTREMES: [&str; 14] = [
    "0",
    "-1",
    "1",
    "255",
    "65536",
    "4294967295",
    "4294967296",
    "18446744073709551615",
    "-9223372036854775808",
    "99999999999999999999999",
    "1e308",
    "-1e308",
    "0.0000001",
    "NaN",
];

/// A byte range of a text.
type Span = (usize, usize);

/// Byte ranges of the number literals and of the string literals of a RON text.
fn tokens(text: &str) -> (Vec<Span>, Vec<Span>) {
    let b = text.as_bytes();
    let (mut numbers, mut strings) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'"' {
            let start = i;
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            strings.push((start, (i + 1).min(b.len())));
        } else if b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) {
            let start = if i > 0 && b[i - 1] == b'-' { i - 1 } else { i };
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                i += 1;
            }
            numbers.push((start, i));
            continue;
        }
        i += 1;
    }
    (numbers, strings)
}

/// One mutation of `text`; returns what it did.
fn mutate(text: &mut String, rng: &mut ChaCha8Rng) -> String {
    let (numbers, strings) = tokens(text);
    let lines: Vec<&str> = text.lines().collect();
    match rng.random_range(0..9u32) {
        0 | 1 if !numbers.is_empty() => {
            let (s, e) = numbers[rng.random_range(0..numbers.len())];
            let v = EXTREMES[rng.random_range(0..EXTREMES.len())];
            let what = format!("number {:?} at {s} -> {v}", &text[s..e]);
            text.replace_range(s..e, v);
            what
        }
        2 if strings.len() > 1 => {
            let (s, e) = strings[rng.random_range(0..strings.len())];
            let (s2, e2) = strings[rng.random_range(0..strings.len())];
            let other = text[s2..e2].to_string();
            let what = format!("string at {s} -> {other}");
            text.replace_range(s..e, &other);
            what
        }
        3 if !lines.is_empty() => {
            let i = rng.random_range(0..lines.len());
            let mut out: Vec<&str> = lines.clone();
            out.insert(i, lines[i]);
            *text = out.join("\n");
            format!("line {} duplicated", i + 1)
        }
        4 if !lines.is_empty() => {
            let i = rng.random_range(0..lines.len());
            let mut out: Vec<&str> = lines.clone();
            out.remove(i);
            *text = out.join("\n");
            format!("line {} dropped", i + 1)
        }
        5 if lines.len() > 1 => {
            let (i, j) = (
                rng.random_range(0..lines.len()),
                rng.random_range(0..lines.len()),
            );
            let mut out: Vec<&str> = lines.clone();
            out.swap(i, j);
            *text = out.join("\n");
            format!("lines {} and {} swapped", i + 1, j + 1)
        }
        6 => {
            let mut at = rng.random_range(0..=text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.truncate(at);
            format!("cut at byte {at}")
        }
        7 if !strings.is_empty() => {
            let (s, e) = strings[rng.random_range(0..strings.len())];
            let n = [100, 20_000, 70_000][rng.random_range(0..3)];
            let what = format!("string at {s} grown to {n} bytes");
            text.replace_range(s..e, &format!("\"{}\"", "é".repeat(n / 2)));
            what
        }
        _ => {
            let mut at = rng.random_range(0..=text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let junk = [
                "(", ")", "[", "]", ",", ":", "\"", "\\", "Some(", "\u{0}", "🙂", "//",
            ][rng.random_range(0..12)];
            text.insert_str(at, junk);
            format!("{junk:?} inserted at {at}")
        }
    }
}

fn source_mut(s: &mut Sources, i: usize) -> &mut Source {
    match i {
        0 => &mut s.scenario,
        1 => &mut s.goods,
        2 => &mut s.members,
        _ => &mut s.storylets,
    }
}

/// Every rejection must say what is wrong and where.
fn assert_explained(diags: &[Diagnostic], case: &str) {
    assert!(!diags.is_empty(), "{case}: rejected with no diagnostic");
    for d in diags {
        assert!(!d.message.trim().is_empty(), "{case}: empty message {d:?}");
        assert!(!d.path.is_empty(), "{case}: no path {d:?}");
    }
}

/// Play three turns of loaded content under extreme commands; commands may be refused.
fn play(world: Arc<World>, rng: &mut ChaCha8Rng) {
    let goods: Vec<String> = world.scenario.goods.iter().map(|g| g.id.clone()).collect();
    let mut game = Game::new(world, rng.random());
    let regimes = [Regime::Commons, Regime::Exchange, Regime::Aid];
    for good in goods {
        let regime = regimes[rng.random_range(0..3)];
        let fallback = [None, Some(regimes[rng.random_range(0..3)])][rng.random_range(0..2)];
        let _ = game.apply(Command::SetRegime {
            good,
            regime,
            fallback,
        });
    }
    let extreme = [0, 1, 1000, u32::MAX][rng.random_range(0..4)];
    for cmd in [
        Command::SetMarketDays(extreme),
        Command::SetDemurrage(extreme),
        Command::SetDividend(rng.random()),
        Command::SetContributionCredits(rng.random()),
        Command::SetHiring(rng.random()),
        Command::SetCommunityStore(rng.random()),
        Command::SetLeftoverRationing(rng.random()),
        Command::SetAidMode([AidMode::NeedBased, AidMode::AccountKeeping][rng.random_range(0..2)]),
        Command::SetDecisionRule(DecisionRule::ALL[rng.random_range(0..3)]),
        Command::SetFacilitation(Facilitation {
            progressive_stack: rng.random(),
            timed_rounds: rng.random(),
            secret_ballot: rng.random(),
        }),
        Command::Choose {
            storylet: "no-such".into(),
            choice: u32::MAX,
        },
        Command::Reload { content_hash: 1 },
    ] {
        let _ = game.apply(cmd);
    }
    for _ in 0..3 {
        if game.is_over() {
            break;
        }
        // Answer whatever storylet waits, with its first choice (or none that exists).
        let pending: Vec<String> = game
            .state()
            .events
            .pending
            .iter()
            .map(|p| p.storylet.clone())
            .collect();
        for id in pending {
            let _ = game.apply(Command::Choose {
                storylet: id,
                choice: rng.random_range(0..3),
            });
        }
        game.apply(Command::EndTurn).expect("a turn ends");
    }
    let _ = game.hash();
}

/// A case slower than this is reported: hostile content must not stall the game either.
const SLOW: std::time::Duration = std::time::Duration::from_secs(2);

/// Run one case; a panic fails the test with the case's label, so it can be replayed.
fn run_case(label: &str, f: impl FnOnce() -> bool) -> bool {
    if std::env::var_os("AGORA_FUZZ_VERBOSE").is_some() {
        eprintln!("case: {label}");
    }
    let start = std::time::Instant::now();
    let result = catch_unwind(AssertUnwindSafe(f));
    if start.elapsed() > SLOW {
        eprintln!("SLOW ({:?}): {label}", start.elapsed());
    }
    match result {
        Ok(played) => played,
        Err(e) => {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!("PANIC in {label}: {msg}");
        }
    }
}

/// Every case of a campaign against one target: `one(case)` says whether the case's
/// content played (or was rejected with errors). Prints the tally.
fn campaign(target: &str, mut one: impl FnMut(u64) -> bool) {
    let (mut rejected, mut played) = (0u64, 0u64);
    for case in first_case()..first_case() + cases() {
        if one(case) {
            played += 1;
        } else {
            rejected += 1;
        }
    }
    eprintln!(
        "{target}: {} cases, {rejected} rejected with errors, {played} played, 0 panics",
        cases()
    );
    if cases() >= 40 {
        assert!(
            rejected > 0 && played > 0,
            "the mutations explore both outcomes"
        );
    }
}

/// Loaded content either builds no world (with a message) or plays.
fn build_and_play(scenario: Scenario, label: &str, rng: &mut ChaCha8Rng) -> bool {
    match World::new(scenario) {
        Err(e) => {
            assert!(!e.is_empty(), "{label}: empty world error");
            false
        }
        Ok(world) => {
            play(Arc::new(world), rng);
            true
        }
    }
}

#[test]
fn mutated_scenarios_never_panic() {
    let base = embedded("riverside").expect("the default scenario is embedded");
    campaign("scenarios", |case| {
        let mut rng = ChaCha8Rng::seed_from_u64(case);
        let mut sources = base.clone();
        let mut done = Vec::new();
        for _ in 0..rng.random_range(1..=4) {
            let file = rng.random_range(0..4);
            let what = mutate(&mut source_mut(&mut sources, file).text, &mut rng);
            done.push(format!("file {file}: {what}"));
        }
        let label = format!("scenario case {case} ({})", done.join("; "));
        run_case(&label, || match load(&sources) {
            Err(diags) => {
                assert_explained(&diags, &label);
                false
            }
            Ok(loaded) => build_and_play(loaded.scenario, &label, &mut rng),
        })
    });
}

#[test]
fn mutated_mods_never_panic() {
    let base = embedded("riverside").unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/mods/midwife");
    let original = read_mod(&dir).expect("the example mod reads");
    campaign("mods", |case| {
        let mut rng = ChaCha8Rng::seed_from_u64(case ^ 0x6d6f64);
        let mut src = original.clone();
        let mut done = Vec::new();
        for _ in 0..rng.random_range(1..=3) {
            let i = rng.random_range(0..=src.files.len());
            let text = if i == src.files.len() {
                &mut src.manifest.text
            } else {
                &mut src.files[i].text
            };
            done.push(format!("file {i}: {}", mutate(text, &mut rng)));
        }
        let label = format!("mod case {case} ({})", done.join("; "));
        run_case(&label, || {
            let manifest = match parse_manifest(&src) {
                Ok(m) => m,
                Err(diags) => {
                    assert_explained(&diags, &label);
                    return false;
                }
            };
            let available = Available { manifest, src };
            match with_mods(&base, &[&available]) {
                Err(diags) => {
                    assert_explained(&diags, &label);
                    false
                }
                Ok((loaded, _)) => build_and_play(loaded.scenario, &label, &mut rng),
            }
        })
    });
}

/// Stalls found by this fuzzer, each now refused at load with a located error:
/// - case 383: a need of 4,294,967,295 grain stalled the market, which moves goods unit by
///   unit (quantities are bounded);
/// - long-campaign scenario case 1001070: a tool bonus of 4294967295% made output, and every
///   seller's schedule, billions of units long (the bonus is bounded);
/// - third campaign, scenario cases 2005919, 2057367, 2282932 and 2357361 (206–735 s each):
///   an interest of 4,294,967,295 units of the press, which no bound covered; storylet
///   effects that hand out units or scale output were unbounded in the same way.
#[test]
fn huge_numbers_that_stalled_a_turn_are_refused_at_load() {
    // (file as `source_mut` numbers them, text, replacement, the error's words)
    let cases = [
        (
            2,
            "amount: 2,",
            "amount: 4294967295,",
            "quantities are limited to 100000",
        ),
        (
            1,
            "tool_bonus: 25",
            "tool_bonus: 4294967295",
            "at most 1000% to output",
        ),
        (
            2,
            r#"interests: [(good: "press", amount: 2,"#,
            r#"interests: [(good: "press", amount: 4294967295,"#,
            "quantities are limited to 100000",
        ),
        (
            3,
            r#"AddNeed(who: "dale", good: "press", amount: 3,"#,
            r#"AddNeed(who: "dale", good: "press", amount: 4294967295,"#,
            "AddNeed of 4294967295 units; quantities are limited to 100000",
        ),
        (
            3,
            r#"Holdings(who: "priya", good: "medicine", amount: 3)"#,
            r#"Holdings(who: "priya", good: "medicine", amount: -9000000000)"#,
            "Holdings of 9000000000 units",
        ),
        (
            3,
            r#"Output(good: "grain", percent: 45,"#,
            r#"Output(good: "grain", percent: 4294967295,"#,
            "output scaled to 4294967295%; at most 1100%",
        ),
    ];
    for (file, from, to, message) in cases {
        let mut sources = embedded("riverside").unwrap();
        let text = &mut source_mut(&mut sources, file).text;
        assert!(text.contains(from), "{from:?} is in the default scenario");
        *text = text.replacen(from, to, 1);
        let diags = load(&sources).unwrap_err();
        assert!(
            diags
                .iter()
                .any(|d| d.message.contains(message) && d.line > 1),
            "{to}: {diags:?}"
        );
    }
}

/// A save of six turns of Riverside, a keyframe every two, as text.
fn base_save() -> String {
    let (world, _) = SimSpec::load("riverside", Some(12)).unwrap();
    let mut game = Game::new(world, 11);
    let mut rec = Recorder::new(2);
    for _ in 0..6 {
        game.apply(Command::EndTurn).unwrap();
        rec.observe(&game);
    }
    Save::capture(&game, &Meta::default(), &rec.keyframes).to_ron()
}

/// The hashes a save checks before it replays, recomputed as an attacker would.
fn rehash(save: &mut Save) {
    let old = save.header.content_hash;
    for e in &mut save.content {
        e.hash = hash_of(&e.scenario);
    }
    let Some(first) = save.content.first() else {
        return;
    };
    save.header.content_hash = first.hash;
    for k in &mut save.keyframes {
        if k.content == old {
            k.content = save.header.content_hash;
        }
        if let Some(h) = save.hashes.get_mut(k.turn as usize) {
            *h = hash_of(&k.state);
        }
    }
}

#[test]
fn mutated_save_content_never_panics() {
    let base = base_save();
    let content = base.find("    content: [").unwrap();
    let keyframes = base.find("    keyframes: [").unwrap();
    let end = base.rfind("    parent:").unwrap();
    campaign("saves", |case| {
        let mut rng = ChaCha8Rng::seed_from_u64(case ^ 0x7361_7665);
        // Three in four cases change the content, the rest a keyframe.
        let (from, to) = if rng.random_range(0..4) < 3 {
            (content, base.find("    commands: [").unwrap())
        } else {
            (keyframes, end)
        };
        let mut part = base[from..to].to_string();
        let mut done = Vec::new();
        for _ in 0..rng.random_range(1..=4) {
            done.push(mutate(&mut part, &mut rng));
        }
        let text = format!("{}{part}{}", &base[..from], &base[to..]);
        let label = format!("save case {case} ({})", done.join("; "));
        run_case(&label, || {
            let mut save = match ron::from_str::<Save>(&text) {
                Ok(s) => s,
                Err(_) => {
                    let e = Save::parse(&text).map(|_| ()).unwrap_err();
                    assert!(!e.to_string().is_empty(), "{label}");
                    return false;
                }
            };
            rehash(&mut save);
            let save = match Save::parse(&save.to_ron()) {
                Ok(s) => s,
                Err(e) => {
                    assert!(!e.to_string().is_empty(), "{label}");
                    return false;
                }
            };
            // Loading resumes from the (mutated) last keyframe; the later hashes then
            // disagree, which is an error, never a panic.
            let _ = save.load().map(|g| g.hash());
            match save.worlds() {
                Ok(w) => {
                    play(w.initial, &mut rng);
                    true
                }
                Err(e) => {
                    assert!(!e.to_string().is_empty(), "{label}");
                    false
                }
            }
        })
    });
}

/// A script that uses every command a script may give (answers and reloads name what a
/// game offers), each before some turn.
const SCRIPT: &str = r#"[
    (turn: 1, command: SetRegime(good: "medicine", regime: Exchange, fallback: Some(Aid))),
    (turn: 1, command: SetDecisionRule(Consensus)),
    (turn: 2, command: SetFacilitation((progressive_stack: true, timed_rounds: true, secret_ballot: false))),
    (turn: 2, command: SetLeftoverRationing(false)),
    (turn: 2, command: SetMarketDays(3)),
    (turn: 3, command: SetDemurrage(50)),
    (turn: 3, command: SetDividend(true)),
    (turn: 3, command: SetContributionCredits(true)),
    (turn: 4, command: SetAidMode(AccountKeeping)),
    (turn: 4, command: SetCommunityStore(true)),
    (turn: 5, command: EndTurn),
]"#;

#[test]
fn mutated_command_scripts_never_panic() {
    let (world, _) = SimSpec::load("riverside", Some(6)).unwrap();
    campaign("scripts", |case| {
        let mut rng = ChaCha8Rng::seed_from_u64(case ^ 0x7363_7269);
        let mut text = SCRIPT.to_string();
        let mut done = Vec::new();
        for _ in 0..rng.random_range(1..=4) {
            done.push(mutate(&mut text, &mut rng));
        }
        let label = format!("script case {case} ({})", done.join("; "));
        run_case(&label, || {
            let src = Source {
                path: "script.ron".into(),
                text: text.clone(),
            };
            let script = match agora::content::load::parse::<Vec<Scheduled>>(&src) {
                Ok(s) => s,
                Err(d) => {
                    assert_explained(&[d], &label);
                    return false;
                }
            };
            let spec = SimSpec {
                world: Arc::clone(&world),
                seed: case,
                turns: 6,
                policy: Policy::parse("mixed").unwrap(),
                script,
            };
            // A command the game refuses ends the run with an error naming it.
            match sim::run(&spec, |_, _| {}) {
                Ok(run) => run.game.turn() <= 6,
                Err(e) => {
                    assert!(!e.to_string().is_empty(), "{label}");
                    false
                }
            }
        })
    });
}
