//! The saves folder: where saves live, atomic writes, sanitized names, autosave rotation,
//! and the lists the title screen shows. Nothing on disk that is not Agora's own is ever
//! replaced or deleted: a save goes only over a save, a temporary file is created afresh
//! (never through a link) beside its target, and only autosaves and stale temporary files
//! that their headers and names show to be Agora's are removed.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::save::peek::{Peek, peek};
use crate::save::{Header, Parent, Save, SaveError, probe};

/// The folder when neither `--saves` nor `AGORA_SAVES` names one.
pub const DEFAULT_DIR: &str = "saves";
/// The environment variable naming the saves folder.
pub const ENV: &str = "AGORA_SAVES";
/// Autosaves kept.
pub const AUTOSAVES: usize = 3;
/// The longest name a save file may have (before `.ron`).
pub const MAX_NAME: usize = 64;
/// The name an autosave's header carries, which tells it from a save a player named
/// `autosave-N`.
pub const AUTOSAVE_NAME: &str = "autosave";

const AUTOSAVE_PREFIX: &str = "autosave-";
const EXT: &str = ".ron";
const TMP: &str = ".tmp";
/// A temporary file whose writer may still be running is left alone for this long.
const STALE_AFTER: Duration = Duration::from_secs(3600);

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

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn file_name(path: &Path) -> io::Result<String> {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))
}

/// A new temporary file beside `path`, named `.NAME.PID.RANDOM.tmp`: created exclusively,
/// so it never opens an existing file or follows a link.
fn temporary(path: &Path) -> io::Result<tempfile::NamedTempFile> {
    let folder = folder_of(path);
    fs::create_dir_all(&folder)?;
    tempfile::Builder::new()
        .prefix(&format!(".{}.{}.", file_name(path)?, std::process::id()))
        .suffix(TMP)
        .tempfile_in(&folder)
}

/// Write, sync and close a temporary file, ready to be put in place.
fn filled(path: &Path, bytes: &[u8]) -> io::Result<tempfile::NamedTempFile> {
    let mut tmp = temporary(path)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

/// Write `bytes` to `path` so that a reader sees the old file or the new one, never a part:
/// a temporary file beside it, written, `sync_all`ed, renamed over the target, then the
/// folder synced. On any failure the temporary file is removed and the target is as it was.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    clean(&folder_of(path), Some(&file_name(path)?));
    filled(path, bytes)?.persist(path).map_err(|e| e.error)?;
    sync_dir(&folder_of(path))
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_: &Path) -> io::Result<()> {
    Ok(())
}

/// The first bytes of a file, to tell what it is.
fn start_of(path: &Path) -> io::Result<String> {
    let mut head = Vec::new();
    File::open(path)?.take(256).read_to_end(&mut head)?;
    Ok(String::from_utf8_lossy(&head).into_owned())
}

/// A save may replace only a save: nothing, or a regular file that begins as every Agora
/// save begins. A link, a folder or anyone else's file is refused and left as it is.
pub fn replaceable(path: &Path) -> io::Result<()> {
    let refuse = |what: &str| {
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} exists and is {what}, not an Agora save; it is left as it is",
                path.display()
            ),
        ))
    };
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
        Ok(m) if m.file_type().is_symlink() => refuse("a link"),
        Ok(m) if !m.is_file() => refuse("a folder or a device"),
        Ok(_) => match probe(&start_of(path)?) {
            Err(SaveError::NotASave(_)) => refuse("another file"),
            _ => Ok(()),
        },
    }
}

/// A save as the text to write, or why it cannot be written.
fn encoded(save: &Save) -> io::Result<String> {
    save.encode().map_err(io::Error::other)
}

/// Write a save into `folder` under its sanitized `name`; returns the path written.
pub fn write_named(folder: &Path, name: &str, save: &Save) -> io::Result<PathBuf> {
    let path = folder.join(sanitize(name));
    write_to(&path, save)?;
    Ok(path)
}

/// Write a save to exactly `path` (atomically), over nothing or an Agora save only.
pub fn write_to(path: &Path, save: &Save) -> io::Result<()> {
    replaceable(path)?;
    write_atomic(path, encoded(save)?.as_bytes())
}

/// The sequence number of a file named like an autosave (`autosave-N.ron`).
fn autosave_seq(name: &str) -> Option<u64> {
    name.strip_prefix(AUTOSAVE_PREFIX)?
        .strip_suffix(EXT)?
        .parse()
        .ok()
}

/// The autosaves in `folder`, newest first (by when written, then by number): files named
/// `autosave-N.ron` whose header says they are autosaves (a save a player named `autosave-7`
/// is not one).
pub fn autosaves(folder: &Path) -> Vec<PathBuf> {
    let mut found = found_autosaves(folder);
    found.sort_by_key(|f| std::cmp::Reverse((f.0, f.1)));
    found.into_iter().map(|(_, _, p)| p).collect()
}

/// Each autosave in `folder`: when it was written, its number, its path.
fn found_autosaves(folder: &Path) -> Vec<(u64, u64, PathBuf)> {
    fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let n = autosave_seq(e.file_name().to_str()?)?;
            if !fs::symlink_metadata(e.path()).is_ok_and(|m| m.is_file()) {
                return None;
            }
            let header = peek(&e.path()).ok()?.header;
            (header.name == AUTOSAVE_NAME).then(|| (header.created, n, e.path()))
        })
        .collect()
}

/// Autosave: write the next `autosave-N.ron` (its header named [`AUTOSAVE_NAME`]), then
/// delete all but the newest three autosaves. The new file is complete before any old one goes, and it never replaces a
/// file: a name taken by anything else moves it to the next number.
pub fn autosave(folder: &Path, mut save: Save) -> io::Result<PathBuf> {
    save.header.name = AUTOSAVE_NAME.to_string();
    let text = encoded(&save)?;
    // After the highest number; past the last number there is, from 1 again.
    let highest = found_autosaves(folder).iter().map(|f| f.1).max();
    let mut next = highest.and_then(|n| n.checked_add(1)).unwrap_or(1);
    let mut tmp = filled(
        &folder.join(format!("{AUTOSAVE_PREFIX}{next}{EXT}")),
        text.as_bytes(),
    )?;
    let path = loop {
        let path = folder.join(format!("{AUTOSAVE_PREFIX}{next}{EXT}"));
        match tmp.persist_noclobber(&path) {
            Ok(_) => break path,
            Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists && next < u64::MAX => {
                tmp = e.file;
                next += 1;
            }
            Err(e) => return Err(e.error),
        }
    };
    sync_dir(folder)?;
    for old in autosaves(folder).into_iter().skip(AUTOSAVES) {
        let _ = fs::remove_file(old);
    }
    Ok(path)
}

/// The newest autosave, if any.
pub fn newest_autosave(folder: &Path) -> Option<PathBuf> {
    autosaves(folder).into_iter().next()
}

/// Whether `name` is one of this module's temporary files: `.NAME.ron.PID[.RANDOM].tmp`
/// (earlier builds wrote them without the random part); its writer's process id if so.
fn temporary_pid(name: &str) -> Option<u32> {
    let inner = name.strip_prefix('.')?.strip_suffix(TMP)?;
    let (_, rest) = inner.rsplit_once(".ron.")?;
    let pid = rest.split('.').next()?;
    let random = rest.split('.').nth(1).unwrap_or("");
    let ok = rest.split('.').count() <= 2 && random.chars().all(|c| c.is_ascii_alphanumeric());
    ok.then(|| pid.parse().ok()).flatten()
}

/// Whether the process that wrote a temporary file may still be writing it.
fn writer_alive(pid: u32, modified: Option<SystemTime>) -> bool {
    let recent = modified
        .and_then(|m| m.elapsed().ok())
        .is_none_or(|age| age < STALE_AFTER);
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") && Path::new("/proc/self").exists() {
        return Path::new(&format!("/proc/{pid}")).exists() && recent;
    }
    recent
}

/// Remove the temporary files earlier writes left in `folder` (a crash, a kill, a full disk):
/// only files named as [`temporary`] names them, regular files, holding nothing or the start
/// of a save, whose writer is gone. Returns how many were removed.
pub fn clean_stale(folder: &Path) -> usize {
    clean(folder, None)
}

/// [`clean_stale`], for the temporary files of one target (`only`) or of all.
fn clean(folder: &Path, only: Option<&str>) -> usize {
    let mut removed = 0;
    for e in fs::read_dir(folder).into_iter().flatten().flatten() {
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        if only.is_some_and(|n| !name.starts_with(&format!(".{n}."))) {
            continue;
        }
        let Some(pid) = temporary_pid(name) else {
            continue;
        };
        let path = e.path();
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        // Looked into only once known to be a file: opening a pipe would wait for a writer.
        if !meta.is_file() {
            continue;
        }
        let start = start_of(&path).unwrap_or_default();
        let a_save = start.is_empty()
            || "(\n    format_version:".starts_with(start.as_str())
            || !matches!(probe(&start), Err(SaveError::NotASave(_)));
        if a_save && !writer_alive(pid, meta.modified().ok()) && fs::remove_file(&path).is_ok() {
            removed += 1;
        }
    }
    removed
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
/// Only each file's header and parent are read (`peek`); the rest is read when one is opened.
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
            let read = peek(&path);
            let parent = read.as_ref().ok().and_then(|p| p.parent.clone());
            let header = read.map(|p: Peek| p.header).map_err(|e| match e {
                SaveError::NotASave(_) => "not a save".to_string(),
                SaveError::Newer { .. } => "written by a newer Agora".to_string(),
                SaveError::Tampered { .. } => "tampered with".to_string(),
                SaveError::Content(_) => "content refused".to_string(),
                SaveError::Io(_) => "cannot be read".to_string(),
                SaveError::Corrupt(_) => "corrupt".to_string(),
            });
            Some(Listed {
                autosave: autosave_seq(&file).is_some()
                    && header.as_ref().is_ok_and(|h| h.name == AUTOSAVE_NAME),
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
