//! Content loading: every shipped RON file loads, malformed fixtures give the expected
//! located errors, and no input panics the loader.

use std::fs;
use std::path::{Path, PathBuf};

use agora::content::{self, Source, Sources, load};
use proptest::prelude::*;

/// Every `.ron` file under `dir`, recursively, sorted.
fn ron_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(ron_files(&p));
        } else if p.extension().is_some_and(|x| x == "ron") {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn every_ron_file_in_assets_loads() {
    let files = ron_files(Path::new("assets"));
    assert!(!files.is_empty());
    let mut checked = 0;
    for f in &files {
        let dir = f.parent().unwrap();
        let name = f.file_name().unwrap().to_str().unwrap();
        if name == "hypotheses.ron" {
            // A scenario's (or a mod's) thesis tests for `agora lab`.
            let claims = agora::lab::thesis::read(f)
                .unwrap_or_else(|e| panic!("{} does not load: {e}", f.display()));
            assert!(!claims.is_empty(), "{}", f.display());
            checked += 1;
        } else if let Ok(m) = f.strip_prefix("assets/mods") {
            // A mod's files load with the mod, on the scenario it is for.
            let id = m.iter().next().unwrap().to_str().unwrap().to_string();
            let modded = content::mods::open(content::DEFAULT_SCENARIO, &[id], &[])
                .unwrap_or_else(|d| panic!("{} does not load:\n{}", f.display(), show(&d)));
            assert!(
                modded.loaded.warnings.is_empty(),
                "{}",
                show(&modded.loaded.warnings)
            );
            checked += 1;
        } else if load::FILES.contains(&name) {
            let loaded = content::open(dir.to_str().unwrap())
                .unwrap_or_else(|d| panic!("{} does not load:\n{}", f.display(), show(&d)));
            assert!(
                loaded.0.warnings.is_empty(),
                "{} has warnings:\n{}",
                f.display(),
                show(&loaded.0.warnings)
            );
            checked += 1;
        } else if dir.ends_with("markets") {
            // Market schedules for `agora models market`.
            agora::lab::models::market::Schedule::read(f)
                .unwrap_or_else(|e| panic!("{} does not load: {e}", f.display()));
            checked += 1;
        } else {
            panic!(
                "{} is not a file any loader knows; add it to this test",
                f.display()
            );
        }
    }
    assert_eq!(checked, files.len());
}

#[test]
fn embedded_scenarios_match_the_assets() {
    for (id, texts) in content::EMBEDDED {
        for (i, name) in load::FILES.iter().enumerate() {
            let disk =
                fs::read_to_string(Path::new("assets/scenarios").join(id).join(name)).unwrap();
            assert_eq!(
                &disk, texts[i],
                "{id}/{name} differs from the embedded copy"
            );
        }
    }
    assert!(content::embedded(content::DEFAULT_SCENARIO).is_some());
}

fn show(d: &[content::Diagnostic]) -> String {
    d.iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_default_scenario_has_what_the_design_asks() {
    let (loaded, _) = content::open(content::DEFAULT_SCENARIO).unwrap();
    let sc = loaded.scenario;
    assert!(sc.members.iter().filter(|m| m.present).count() >= 14);
    assert!(sc.goods.len() >= 6);
    // One who cannot work, one whose care a majority might refuse, one prejudiced, one
    // charismatic and high-status, one entrepreneur.
    assert!(sc.members.iter().any(|m| m.present && m.skills.is_empty()));
    assert!(sc.members.iter().any(|m| {
        m.needs
            .iter()
            .any(|n| n.tags.iter().any(|t| t == "gender-affirming"))
    }));
    assert!(
        sc.members
            .iter()
            .any(|m| m.prejudices.iter().any(|p| p.strength >= 0.5))
    );
    assert!(
        sc.members
            .iter()
            .any(|m| m.charisma >= 0.8 && m.marks.is_empty())
    );
    assert!(sc.members.iter().any(|m| m.enterprise >= 0.8));
    assert!(
        sc.members
            .iter()
            .all(|m| !m.bio.is_empty() && !m.pronouns.is_empty())
    );
}

/// Each folder under `tests/fixtures/malformed` holds a broken scenario and `expected.txt`,
/// the exact `file:line:col: severity: message` lines `agora check` must report.
#[test]
fn malformed_fixtures_give_located_errors() {
    let root = Path::new("tests/fixtures/malformed");
    let mut cases: Vec<PathBuf> = fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 8);
    for case in cases {
        let expected = fs::read_to_string(case.join("expected.txt")).unwrap();
        let diags = match content::open(case.to_str().unwrap()) {
            Ok(_) => panic!("{} loaded but should not", case.display()),
            Err(d) => d,
        };
        let prefix = format!("{}/", case.display());
        let got: Vec<String> = diags
            .iter()
            .map(|d| {
                let first = d.to_string().lines().next().unwrap().to_string();
                first.strip_prefix(&prefix).unwrap_or(&first).to_string()
            })
            .collect();
        let want: Vec<&str> = expected.lines().collect();
        assert_eq!(got, want, "diagnostics of {}", case.display());
        // Every diagnostic shows its line and a caret under the column.
        for d in &diags {
            let shown = d.to_string();
            let lines: Vec<&str> = shown.lines().collect();
            assert_eq!(lines.len(), 4, "{shown}");
            let caret = lines[3].find('^').unwrap();
            let bar = lines[2].find('|').unwrap();
            assert_eq!(caret - bar - 2, d.col - 1, "caret under column in\n{shown}");
        }
    }
}

/// Every step of the tutorial (docs/tutorial/step-N) loads and checks clean, its thesis tests
/// too, and the tutorial's README has a section for it.
#[test]
fn every_tutorial_step_loads_clean() {
    let root = Path::new("docs/tutorial");
    let readme = fs::read_to_string(root.join("README.md")).unwrap();
    let mut steps: Vec<PathBuf> = fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    steps.sort();
    assert_eq!(steps.len(), 4);
    for (i, step) in steps.iter().enumerate() {
        let name = format!("step-{}", i + 1);
        assert!(step.ends_with(&name), "{}", step.display());
        assert!(
            readme.contains(&format!("## Step {}: ", i + 1)),
            "{name} has no section"
        );
        let (loaded, _) = content::open(step.to_str().unwrap())
            .unwrap_or_else(|d| panic!("{name} does not load:\n{}", show(&d)));
        assert!(
            loaded.warnings.is_empty(),
            "{name}: {}",
            show(&loaded.warnings)
        );
        if let Some(src) = agora::lab::thesis::source(step.to_str().unwrap()).unwrap() {
            let world = agora::engine::World::new(loaded.scenario.clone()).unwrap();
            let diags = agora::lab::thesis::check(&src, &world);
            assert!(diags.is_empty(), "{name}: {}", show(&diags));
        }
    }
}

fn tiny() -> Sources {
    let read = |n: &str| Source {
        path: n.to_string(),
        text: fs::read_to_string(Path::new("tests/fixtures/tiny").join(n)).unwrap(),
    };
    Sources {
        scenario: read("scenario.ron"),
        goods: read("goods.ron"),
        members: read("members.ron"),
        storylets: read("storylets.ron"),
    }
}

#[test]
fn the_tiny_fixture_loads() {
    assert!(load::load(&tiny()).is_ok());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Byte-level damage (cut, insert, replace) to any file: an error or a scenario, never a panic.
    #[test]
    fn no_damaged_file_panics_the_loader(
        which in 0usize..4,
        at in any::<prop::sample::Index>(),
        cut in 0usize..40,
        insert in "[ -~\n\"(){}\\[\\],:]{0,12}",
    ) {
        let mut s = tiny();
        let src = match which { 0 => &mut s.scenario, 1 => &mut s.goods, 2 => &mut s.members, _ => &mut s.storylets };
        let bytes = src.text.as_bytes();
        let i = at.index(bytes.len());
        let end = (i + cut).min(bytes.len());
        let mut b = bytes[..i].to_vec();
        b.extend_from_slice(insert.as_bytes());
        b.extend_from_slice(&bytes[end..]);
        src.text = String::from_utf8_lossy(&b).into_owned();
        match load::load(&s) {
            // Whatever still loads must also play without panicking.
            Ok(loaded) => {
                let world = std::sync::Arc::new(agora::engine::World::new(loaded.scenario).unwrap());
                let mut game = agora::engine::Game::new(world, 1);
                for _ in 0..3 {
                    let _ = game.apply(agora::engine::Command::EndTurn);
                }
            }
            Err(diags) => {
            prop_assert!(!diags.is_empty());
            for d in diags {
                prop_assert!(d.line >= 1 && d.col >= 1);
                prop_assert!(!d.message.is_empty());
                let _ = d.to_string();
            }
            }
        }
    }

    /// Arbitrary text in every file: never a panic.
    #[test]
    fn no_text_panics_the_loader(a in "\\PC{0,200}", b in "\\PC{0,200}", c in "\\PC{0,200}", d in "\\PC{0,200}") {
        let s = Sources {
            scenario: Source { path: "s".into(), text: a },
            goods: Source { path: "g".into(), text: b },
            members: Source { path: "m".into(), text: c },
            storylets: Source { path: "t".into(), text: d },
        };
        prop_assert!(load::load(&s).is_err());
    }
}

/// Defect: an empty `members` list gave 74 errors with the cause last. Now the cause comes
/// first, says how many problems follow from it, and each of those is marked as following.
#[test]
fn an_empty_member_list_is_reported_first_as_the_root_cause() {
    let mut s = content::embedded("riverside").unwrap();
    s.members.text = "[]".into();
    let diags = load::load(&s).unwrap_err();
    let root = &diags[0];
    assert_eq!(
        (root.path.as_str(), root.line, root.col),
        (s.members.path.as_str(), 1, 1)
    );
    assert!(
        root.message.starts_with(content::validate::NO_MEMBERS),
        "{root}"
    );
    let after = diags.len() - 1;
    assert!(after > 50, "{after}");
    assert!(
        root.message
            .contains(&format!("({after} problem(s) below follow"))
    );
    let at = format!("{}:1:1", s.members.path);
    assert!(
        diags[1..]
            .iter()
            .all(|d| d.follows.as_deref() == Some(&*at)),
        "{diags:?}"
    );
    assert!(
        diags[1]
            .to_string()
            .ends_with(&format!("(follows from {at})"))
    );
    assert!(!diags[1].to_string().contains('\n'));
}
