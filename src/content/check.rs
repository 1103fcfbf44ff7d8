//! `agora check`: scenarios and mods validated as the game loads them, every problem of
//! every file in one run.

use std::path::{Path, PathBuf};

use crate::content::diag::Diagnostic;
use crate::content::mods::{self, manifest};

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
    let mut r = Report::default();
    let mut mod_dirs: Vec<PathBuf> = dirs.to_vec();
    let mut only: Option<Vec<String>> = None;
    if paths.is_empty() {
        for id in crate::content::catalog_ids() {
            scenario(&mut r, &id);
        }
    } else {
        let mut ids = Vec::new();
        for p in paths {
            if manifest::is_mod_dir(Path::new(p)) {
                mod_dirs.push(PathBuf::from(p));
                match manifest::read_mod(Path::new(p)).and_then(|s| manifest::parse(&s)) {
                    Ok(m) => ids.push(m.id),
                    Err(d) => r.diagnostics.extend(d),
                }
            } else {
                scenario(&mut r, p);
            }
        }
        only = Some(ids);
    }
    let (avail, found) = mods::available(&mod_dirs);
    if only.is_none() {
        r.diagnostics.extend(found);
    } else {
        // Only problems in the folders named.
        r.diagnostics.extend(
            found
                .into_iter()
                .filter(|d| mod_dirs.iter().any(|m| Path::new(&d.path).starts_with(m))),
        );
    }
    for m in &avail {
        if only
            .as_ref()
            .is_some_and(|ids| !ids.contains(&m.manifest.id))
        {
            continue;
        }
        let targets = if m.manifest.scenarios.is_empty() {
            vec![crate::content::DEFAULT_SCENARIO.to_string()]
        } else {
            m.manifest.scenarios.clone()
        };
        for t in targets {
            r.checked.push(format!("{t} + {}", m.manifest.id));
            match mods::open(&t, std::slice::from_ref(&m.manifest.id), &mod_dirs) {
                Ok(done) => r.diagnostics.extend(done.loaded.warnings),
                Err(d) => r.diagnostics.extend(d),
            }
        }
    }
    mods::dedup(&mut r.diagnostics);
    r
}

fn scenario(r: &mut Report, id: &str) {
    r.checked.push(id.to_string());
    match crate::content::open(id) {
        Ok((loaded, _)) => r.diagnostics.extend(loaded.warnings),
        Err(d) => r.diagnostics.extend(d),
    }
}
