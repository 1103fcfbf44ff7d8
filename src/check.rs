//! `agora check`: scenarios and mods validated as the game loads them, every problem of
//! every file in one run.

use std::path::{Path, PathBuf};

use crate::content::diag::Diagnostic;
use crate::content::mods::{self, manifest};
use crate::lab::thesis;

/// What was checked and what was found.
#[derive(Debug, Default)]
pub struct Report {
    /// `scenario` or `scenario + mod` for each combination checked.
    pub checked: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// Check the given paths (scenario folders or ids, mod folders), or with none every
/// scenario and every mod available, each mod on each scenario it is for.
pub fn check(paths: &[String], dirs: &[PathBuf]) -> Report {
    check_with(paths, dirs, &[])
}

/// [`check`]; with `mods` named, the exact combination the game loads with `--mod` for each
/// scenario given (or each scenario the first of them is for): in load order, with their
/// dependencies, cycles, conflicts and the scenario's hypotheses.
pub fn check_with(paths: &[String], dirs: &[PathBuf], mods: &[String]) -> Report {
    let mut r = Report::default();
    let mut mod_dirs: Vec<PathBuf> = dirs.to_vec();
    let mut scenarios = Vec::new();
    let mut ids = Vec::new();
    for p in paths {
        if manifest::is_mod_dir(Path::new(p)) {
            mod_dirs.push(PathBuf::from(p));
            match manifest::read_mod(Path::new(p)).and_then(|s| manifest::parse(&s)) {
                Ok(m) => ids.push(m.id),
                Err(d) => r.diagnostics.extend(d),
            }
        } else {
            scenarios.push(p.clone());
        }
    }
    let (avail, found) = mods::available(&mod_dirs);
    if !mods.is_empty() {
        if scenarios.is_empty() {
            scenarios = mods
                .iter()
                .find_map(|id| avail.iter().find(|a| a.manifest.id == *id))
                .map(|a| a.manifest.scenarios.clone())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| vec![crate::content::DEFAULT_SCENARIO.to_string()]);
        }
        for sc in &scenarios {
            combination(&mut r, sc, mods, &mod_dirs);
        }
        crate::content::diag::dedup(&mut r.diagnostics);
        return r;
    }
    if paths.is_empty() {
        for id in crate::content::catalog_ids() {
            combination(&mut r, &id, &[], &mod_dirs);
        }
        r.diagnostics.extend(found);
    } else {
        for sc in &scenarios {
            combination(&mut r, sc, &[], &mod_dirs);
        }
        // Only problems in the folders named.
        r.diagnostics.extend(
            found
                .into_iter()
                .filter(|d| mod_dirs.iter().any(|m| Path::new(&d.path).starts_with(m))),
        );
    }
    for m in &avail {
        if !paths.is_empty() && !ids.contains(&m.manifest.id) {
            continue;
        }
        let targets = if m.manifest.scenarios.is_empty() {
            vec![crate::content::DEFAULT_SCENARIO.to_string()]
        } else {
            m.manifest.scenarios.clone()
        };
        for t in targets {
            combination(&mut r, &t, std::slice::from_ref(&m.manifest.id), &mod_dirs);
        }
    }
    crate::content::diag::dedup(&mut r.diagnostics);
    r
}

/// One scenario with these mods, as the game loads it, and its hypotheses (its own and each
/// mod's) against the result.
fn combination(r: &mut Report, scenario: &str, mods: &[String], dirs: &[PathBuf]) {
    r.checked.push(
        std::iter::once(scenario)
            .chain(mods.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" + "),
    );
    match mods::open(scenario, mods, dirs) {
        Ok(done) => {
            r.diagnostics.extend(done.loaded.warnings);
            let named = mods::named(mods, dirs).unwrap_or_default();
            hypotheses(r, scenario, &named, done.loaded.scenario);
        }
        Err(d) => r.diagnostics.extend(d),
    }
}

/// The scenario's `hypotheses.ron`, if it has one, and its mods', each checked against the
/// scenario loaded.
fn hypotheses(
    r: &mut Report,
    scenario: &str,
    named: &[mods::Available],
    loaded: crate::engine::world::Scenario,
) {
    let mut files = Vec::new();
    match thesis::source(scenario) {
        Ok(Some(src)) => files.push(src),
        Ok(None) => {}
        Err(d) => r.diagnostics.push(d),
    }
    files.extend(thesis::of_mods(named).into_iter().cloned());
    if files.is_empty() {
        return;
    }
    match crate::engine::World::new(loaded) {
        Ok(world) => {
            for src in &files {
                r.diagnostics.extend(thesis::check(src, &world));
            }
        }
        Err(e) => r.diagnostics.push(Diagnostic::file(&files[0].path, e)),
    }
}
