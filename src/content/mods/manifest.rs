//! A mod's manifest (`mod.ron`) and where mods are found: embedded in the binary, in
//! `assets/mods/` under the working directory, and in folders given with `--mods`.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::content::diag::{Diagnostic, Severity};
use crate::content::load;
use crate::content::source::Source;

/// Where shipped mods live on disk, relative to the working directory.
pub const MOD_DIR: &str = "assets/mods";

/// The manifest file of a mod folder.
pub const MANIFEST: &str = "mod.ron";

/// `mod.ron`: who a mod is and how it orders against others.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Short identifier: lowercase letters, digits, `-` and `_` (`midwife`).
    pub id: String,
    /// Display name (`The Midwife`).
    pub name: String,
    /// The mod's version, recorded in saves (`1.0.0`).
    #[serde(default = "default_version")]
    pub version: String,
    /// A paragraph shown when picking mods.
    #[serde(default)]
    pub description: String,
    /// Scenario ids the mod applies to; empty means any.
    #[serde(default)]
    pub scenarios: Vec<String>,
    /// Mods that must load, and load before this one.
    #[serde(default)]
    pub dependencies: Vec<String>,
    /// Mods that load before this one when they are used too.
    #[serde(default)]
    pub load_after: Vec<String>,
    /// Mods that load after this one when they are used too.
    #[serde(default)]
    pub load_before: Vec<String>,
}

fn default_version() -> String {
    "0.1.0".to_string()
}

/// The files of one mod folder: its manifest and its operation files (sorted by name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModSource {
    /// The folder's name (the mod's id, by convention).
    pub folder: String,
    pub manifest: Source,
    pub files: Vec<Source>,
}

macro_rules! embed_mods {
    ($($id:literal => [$($file:literal),*]),*) => {
        /// Mods compiled into the binary: `(folder, [(file, text)])`, `mod.ron` first.
        pub const EMBEDDED: &[(&str, &[(&str, &str)])] = &[$(
            ($id, &[$(
                ($file, include_str!(concat!("../../../assets/mods/", $id, "/", $file))),
            )*]),
        )*];
    };
}

embed_mods!("midwife" => ["mod.ron", "goods.ron", "members.ron", "scenario.ron", "storylets.ron", "hypotheses.ron"]);

fn embedded() -> Vec<ModSource> {
    EMBEDDED
        .iter()
        .map(|(folder, files)| {
            let src = |(name, text): &(&str, &str)| Source {
                path: format!("{MOD_DIR}/{folder}/{name}"),
                text: text.to_string(),
            };
            let manifest = files
                .iter()
                .find(|(n, _)| *n == MANIFEST)
                .map(src)
                .unwrap_or_else(|| Source {
                    path: format!("{MOD_DIR}/{folder}/{MANIFEST}"),
                    text: String::new(),
                });
            ModSource {
                folder: folder.to_string(),
                manifest,
                files: files
                    .iter()
                    .filter(|(n, _)| *n != MANIFEST)
                    .map(src)
                    .collect(),
            }
        })
        .collect()
}

/// Read one mod folder from disk.
pub fn read_mod(dir: &Path) -> Result<ModSource, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut read = |p: PathBuf| load::read_file(&p, &mut errors);
    let manifest = read(dir.join(MANIFEST));
    // A mod reads only its own folder: a link that leads outside it is refused.
    let root = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let inside = |p: &PathBuf| std::fs::canonicalize(p).is_ok_and(|c| c.starts_with(&root));
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.extension().is_some_and(|e| e == "ron")
                        && p.file_name().is_some_and(|n| n != MANIFEST)
                })
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let (names, outside): (Vec<PathBuf>, Vec<PathBuf>) = names.into_iter().partition(inside);
    let files = names.into_iter().map(&mut read).collect();
    for p in outside {
        errors.push(Diagnostic::file(
            &p.display().to_string(),
            "this file links outside the mod's folder; a mod may only read its own files"
                .to_string(),
        ));
    }
    let folder = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if errors.is_empty() {
        Ok(ModSource {
            folder,
            manifest,
            files,
        })
    } else {
        Err(errors)
    }
}

/// Whether a folder is a mod (holds a `mod.ron`).
pub fn is_mod_dir(dir: &Path) -> bool {
    dir.join(MANIFEST).is_file()
}

/// Every mod folder available: embedded, then `assets/mods/` on disk (replacing an embedded
/// folder of the same name, so modders' edits apply), then each `--mods` folder (a mod
/// folder itself, or a folder of mod folders).
pub fn catalog(dirs: &[PathBuf]) -> (Vec<ModSource>, Vec<Diagnostic>) {
    let mut out = embedded();
    let mut errors = Vec::new();
    let add = |dir: &Path, out: &mut Vec<ModSource>, errors: &mut Vec<Diagnostic>| {
        let mods: Vec<PathBuf> = if is_mod_dir(dir) {
            vec![dir.to_path_buf()]
        } else {
            let mut subs: Vec<PathBuf> = std::fs::read_dir(dir)
                .map(|rd| {
                    rd.flatten()
                        .map(|e| e.path())
                        .filter(|p| is_mod_dir(p))
                        .collect()
                })
                .unwrap_or_default();
            subs.sort();
            subs
        };
        for m in mods {
            match read_mod(&m) {
                Ok(src) => {
                    out.retain(|o| o.folder != src.folder);
                    out.push(src);
                }
                Err(e) => errors.extend(e),
            }
        }
    };
    add(Path::new(MOD_DIR), &mut out, &mut errors);
    for d in dirs {
        if !d.is_dir() {
            errors.push(Diagnostic::file(
                &d.display().to_string(),
                "no such folder: `--mods` takes a mod folder or a folder of mods".into(),
            ));
            continue;
        }
        add(d, &mut out, &mut errors);
    }
    (out, errors)
}

/// Parse a manifest, checking its id.
pub fn parse(src: &ModSource) -> Result<Manifest, Vec<Diagnostic>> {
    let m: Manifest = load::parse(&src.manifest).map_err(|d| vec![d])?;
    let valid = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    };
    if !valid(&m.id) {
        let at = src
            .manifest
            .text
            .find(&format!("\"{}\"", m.id))
            .unwrap_or(0);
        return Err(vec![Diagnostic::at(
            Severity::Error,
            &src.manifest.path,
            &src.manifest.text,
            at,
            format!(
                "mod id `{}` must be lowercase letters, digits, `-` or `_`",
                m.id
            ),
        )]);
    }
    Ok(m)
}
