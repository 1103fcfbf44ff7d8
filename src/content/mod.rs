//! Content: reading the RON files modders write into the engine's world types
//! (`engine::world::scenario`, `engine::world::story`), validation and diagnostics, mods, and
//! the scenarios shipped with the game (embedded, so the game runs from any directory).

pub mod diag;
pub mod limits;
pub mod load;
pub(crate) mod locate;
pub mod mods;
pub mod source;
mod story_check;
pub mod synthetic;
pub mod validate;
mod workplace_check;

use std::path::{Path, PathBuf};

use crate::engine::world::Scenario;

pub use diag::{Diagnostic, Severity};
pub use load::Loaded;
pub use source::{Source, Sources};

/// A hash of a scenario's whole content (after mods): what a reload is checked against and
/// a save records.
pub fn content_hash(scenario: &Scenario) -> u64 {
    crate::engine::hash::hash_of(scenario)
}

/// Where shipped scenarios live on disk, relative to the working directory.
/// The file a scenario folder or a mod declares its thesis tests in (`lab::thesis`).
pub const HYPOTHESES: &str = "hypotheses.ron";
pub const SCENARIO_DIR: &str = "assets/scenarios";

/// The scenario played when none is named.
pub const DEFAULT_SCENARIO: &str = "riverside";

macro_rules! embed {
    ($($id:literal),*) => {
        /// Scenarios compiled into the binary: `(id, [scenario.ron, goods.ron, members.ron,
        /// storylets.ron])`.
        pub const EMBEDDED: &[(&str, [&str; 4])] = &[$(
            ($id, [
                include_str!(concat!("../../assets/scenarios/", $id, "/scenario.ron")),
                include_str!(concat!("../../assets/scenarios/", $id, "/goods.ron")),
                include_str!(concat!("../../assets/scenarios/", $id, "/members.ron")),
                include_str!(concat!("../../assets/scenarios/", $id, "/storylets.ron")),
            ]),
        )*];
    };
}

embed!("riverside", "press", "clinic", "dry-year", "mill");

/// The sources of an embedded scenario, reported under their path in the repository.
pub fn embedded(id: &str) -> Option<Sources> {
    let (id, texts) = EMBEDDED.iter().find(|(e, _)| *e == id)?;
    let src = |i: usize| Source {
        path: format!("{SCENARIO_DIR}/{id}/{}", load::FILES[i]),
        text: texts[i].to_string(),
    };
    Some(Sources {
        scenario: src(0),
        goods: src(1),
        members: src(2),
        storylets: src(3),
    })
}

/// Where a scenario comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Embedded,
    Disk(PathBuf),
}

/// Find a scenario's sources: an existing path is read from disk; an id is looked up in
/// `assets/scenarios/<id>` under the working directory (so modders' edits apply), then
/// among the embedded scenarios.
pub fn find(arg: &str) -> Result<(Sources, Origin), Vec<Diagnostic>> {
    let path = Path::new(arg);
    if path.exists() {
        return load::read_dir(path).map(|s| (s, Origin::Disk(path.to_path_buf())));
    }
    let local = Path::new(SCENARIO_DIR).join(arg);
    if local.join(load::FILES[0]).is_file() {
        return load::read_dir(&local).map(|s| (s, Origin::Disk(local)));
    }
    if let Some(s) = embedded(arg) {
        return Ok((s, Origin::Embedded));
    }
    let known = catalog_ids();
    let hint = diag::nearest(arg, known.iter().map(String::as_str))
        .map(|n| format!(" (did you mean `{n}`?)"))
        .unwrap_or_default();
    Err(vec![Diagnostic::at_line_col(
        Severity::Error,
        arg,
        "",
        1,
        1,
        format!(
            "no scenario `{arg}`{hint}: not a folder, and not one of: {}",
            known.join(", ")
        ),
    )])
}

/// Find and load a scenario by id or path.
pub fn open(arg: &str) -> Result<(Loaded, Origin), Vec<Diagnostic>> {
    let (sources, origin) = find(arg)?;
    load::load(&sources).map(|l| (l, origin))
}

/// Ids of every scenario available: embedded ones and folders in `assets/scenarios`.
pub fn catalog_ids() -> Vec<String> {
    let mut ids: Vec<String> = EMBEDDED.iter().map(|(id, _)| id.to_string()).collect();
    if let Ok(entries) = std::fs::read_dir(SCENARIO_DIR) {
        for e in entries.flatten() {
            if e.path().join(load::FILES[0]).is_file()
                && let Some(name) = e.file_name().to_str()
                && !ids.iter().any(|i| i == name)
            {
                ids.push(name.to_string());
            }
        }
    }
    // The default first, the rest by id.
    ids.sort_by_key(|id| (id != DEFAULT_SCENARIO, id.clone()));
    ids
}
