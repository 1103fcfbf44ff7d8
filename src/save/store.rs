//! The saves folder: where saves live, atomic writes, sanitized names, autosave rotation,
//! and the lists the title screen shows.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::save::{Header, Parent, Save, SaveError};

/// The folder when neither `--saves` nor `AGORA_SAVES` names one.
pub const DEFAULT_DIR: &str = "saves";
/// The environment variable naming the saves folder.
pub const ENV: &str = "AGORA_SAVES";
/// Autosaves kept.
pub const AUTOSAVES: usize = 3;
/// The longest name a save file may have (before `.ron`).
pub const MAX_NAME: usize = 64;

const AUTOSAVE_PREFIX: &str = "autosave-";
const EXT: &str = ".ron";

/// The saves folder: `--saves DIR`, else `AGORA_SAVES`, else `saves/` under the current
/// directory.
pub fn dir(flag: Option<&Path>) -> PathBuf {
    if let Some(p) = flag {
        return p.to_path_buf();
    }
    match std::env::var_os(ENV) {
        Some(v) if !v.is_empty() => PathBuf::from(v),
        _ => PathBuf::from(DEFAULT_DIR),
    }
}

/// A file name for a save called `name`: letters, digits, `-` and `_` kept, spaces and
/// other characters become `_`, no leading dot, at most [`MAX_NAME`] characters, `.ron`
/// added. Nothing a player types can name a file outside the saves folder.
pub fn sanitize(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().trim_end_matches(EXT).chars() {
        if out.chars().count() >= MAX_NAME {
            break;
        }
        let c = if c.is_alphanumeric() || c == '-' || c == '_' {
            c
        } else if c == '.' && !out.is_empty() && !out.ends_with('.') {
            '.'
        } else {
            '_'
        };
        if c == '_' && out.ends_with('_') {
            continue;
        }
        out.push(c);
    }
    let trimmed = out.trim_matches(|c| c == '_' || c == '.');
    let base = if trimmed.is_empty() { "save" } else { trimmed };
    format!("{base}{EXT}")
}

/// Write `bytes` to `path` so that a reader sees the old file or the new one, never a part:
/// a temporary file in the same folder, written, `sync_all`ed, renamed over the target,
/// then the folder synced.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&folder)?;
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?
        .to_string_lossy()
        .into_owned();
    let tmp = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        sync_dir(&folder)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_: &Path) -> io::Result<()> {
    Ok(())
}

/// Write a save into `folder` under its sanitized `name`; returns the path written.
pub fn write_named(folder: &Path, name: &str, save: &Save) -> io::Result<PathBuf> {
    let path = folder.join(sanitize(name));
    write_atomic(&path, save.to_ron().as_bytes())?;
    Ok(path)
}

/// Write a save to exactly `path` (atomically).
pub fn write_to(path: &Path, save: &Save) -> io::Result<()> {
    write_atomic(path, save.to_ron().as_bytes())
}

fn autosave_seq(name: &str) -> Option<u64> {
    name.strip_prefix(AUTOSAVE_PREFIX)?
        .strip_suffix(EXT)?
        .parse()
        .ok()
}

/// The autosaves in `folder`, newest first.
pub fn autosaves(folder: &Path) -> Vec<PathBuf> {
    let mut found: Vec<(u64, PathBuf)> = fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let n = autosave_seq(e.file_name().to_str()?)?;
            Some((n, e.path()))
        })
        .collect();
    found.sort_by_key(|f| std::cmp::Reverse(f.0));
    found.into_iter().map(|(_, p)| p).collect()
}

/// Autosave: write the next `autosave-N.ron`, then delete all but the newest three. The
/// new file is complete before any old one goes.
pub fn autosave(folder: &Path, save: &Save) -> io::Result<PathBuf> {
    let next = autosaves(folder)
        .first()
        .and_then(|p| autosave_seq(p.file_name()?.to_str()?))
        .map_or(1, |n| n + 1);
    let path = folder.join(format!("{AUTOSAVE_PREFIX}{next}{EXT}"));
    write_atomic(&path, save.to_ron().as_bytes())?;
    for old in autosaves(folder).into_iter().skip(AUTOSAVES) {
        let _ = fs::remove_file(old);
    }
    Ok(path)
}

/// The newest autosave, if any.
pub fn newest_autosave(folder: &Path) -> Option<PathBuf> {
    autosaves(folder).into_iter().next()
}

/// A save as the Load and Watch lists show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    pub path: PathBuf,
    pub file: String,
    /// The header, or why the file does not read.
    pub header: Result<Header, String>,
    /// The save and turn it branched from, if it was taken over from a replay.
    pub parent: Option<Parent>,
    pub autosave: bool,
}

/// Every `.ron` file in `folder` (temporary files skipped), newest first, with its header.
pub fn list(folder: &Path) -> Vec<Listed> {
    let mut out: Vec<Listed> = fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let file = e.file_name().to_str()?.to_string();
            if !file.ends_with(EXT) || file.starts_with('.') {
                return None;
            }
            let path = e.path();
            let read = Save::read(&path);
            let parent = read.as_ref().ok().and_then(|s| s.parent.clone());
            let header = read.map(|s| s.header).map_err(|e| match e {
                SaveError::NotASave(_) => "not a save".to_string(),
                SaveError::Newer { .. } => "written by a newer Agora".to_string(),
                SaveError::Tampered { .. } => "tampered with".to_string(),
                SaveError::Io(_) => "cannot be read".to_string(),
                SaveError::Corrupt(_) => "corrupt".to_string(),
            });
            Some(Listed {
                autosave: autosave_seq(&file).is_some(),
                path,
                file,
                header,
                parent,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        let t = |l: &Listed| l.header.as_ref().map_or(0, |h| h.created);
        t(b).cmp(&t(a)).then_with(|| b.file.cmp(&a.file))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_never_escape_the_folder() {
        let long = "x".repeat(500);
        for (name, want) in [
            ("../x", "x.ron"),
            ("/abs/path", "abs_path.ron"),
            ("a\0b", "a_b.ron"),
            ("..", "save.ron"),
            ("", "save.ron"),
            (".hidden", "hidden.ron"),
            ("My game", "My_game.ron"),
            ("c:\\win", "c_win.ron"),
            ("ok.ron", "ok.ron"),
        ] {
            assert_eq!(sanitize(name), want, "{name:?}");
        }
        let s = sanitize(&long);
        assert_eq!(s.len(), MAX_NAME + 4);
        let folder = Path::new("/tmp/saves");
        for name in [
            "../x",
            "/abs",
            "a\0b",
            &long,
            "../../etc/passwd",
            "..\\..\\x",
        ] {
            let p = folder.join(sanitize(name));
            assert_eq!(p.parent(), Some(folder), "{name:?}");
            assert!(!p.to_string_lossy().contains('\0'));
        }
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.ron");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1);
    }
}
