//! What the Load and Watch lists and autosave rotation need of a save without reading all of
//! it: its header, from the first bytes, and its parent, from the last. A save of hundreds of
//! megabytes lists as fast as a small one; the rest is read when the save is opened.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use crate::content::limits::{self, ReadError};
use crate::save::{FORMAT_VERSION, Header, Parent, Save, SaveError, probe};

/// The most of a save's start read for its header.
const HEAD_BYTES: u64 = 64 << 10;
/// The most of a save's end read for its parent.
const TAIL_BYTES: u64 = 8 << 10;
/// An older save (no header) is read whole to list it only up to this size.
const OLDER_BYTES: u64 = 4 << 20;

/// A save's header and parent, read without the rest.
#[derive(Debug, Clone, PartialEq)]
pub struct Peek {
    pub header: Header,
    pub parent: Option<Parent>,
}

/// Read the header and the parent of the save at `path`; the file is only read.
pub fn peek(path: &Path) -> Result<Peek, SaveError> {
    let io = |e: std::io::Error| SaveError::Io(format!("{}: {e}", path.display()));
    let not_a_file = || SaveError::NotASave(format!("{} is not a file", path.display()));
    // Looked at before it is opened: opening a pipe would wait for a writer.
    if !std::fs::metadata(path).map_err(io)?.is_file() {
        return Err(not_a_file());
    }
    let mut file = File::open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(not_a_file());
    }
    let len = meta.len();
    let mut head = Vec::new();
    (&mut file)
        .take(HEAD_BYTES)
        .read_to_end(&mut head)
        .map_err(io)?;
    let text = String::from_utf8_lossy(&head);
    match probe(&text)? {
        FORMAT_VERSION => {}
        v if v < FORMAT_VERSION => return older(path),
        v => {
            return Err(SaveError::Newer {
                found: v,
                supported: FORMAT_VERSION,
            });
        }
    }
    let header = header(&text)?;
    let from = len.saturating_sub(TAIL_BYTES);
    file.seek(SeekFrom::Start(from)).map_err(io)?;
    let mut tail = Vec::new();
    file.read_to_end(&mut tail).map_err(io)?;
    Ok(Peek {
        header,
        parent: parent(&String::from_utf8_lossy(&tail)),
    })
}

/// A save of an older format has no header: it is read whole, if small enough.
fn older(path: &Path) -> Result<Peek, SaveError> {
    let bytes = limits::read_bounded(path, OLDER_BYTES).map_err(|e| match e {
        ReadError::TooLarge(_) => {
            SaveError::Corrupt("an older save too large to list; open it to read it".into())
        }
        e => SaveError::Io(format!("{}: {e}", path.display())),
    })?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| SaveError::NotASave("the file is not text".into()))?;
    let save = Save::parse(text)?;
    Ok(Peek {
        header: save.header,
        parent: save.parent,
    })
}

/// The `header: ( … )` that follows `format_version` at a save's start.
fn header(text: &str) -> Result<Header, SaveError> {
    let corrupt = |why: &str| SaveError::Corrupt(format!("its header {why}"));
    let at = text.find("header:").ok_or_else(|| corrupt("is missing"))?;
    let open = at + text[at..].find('(').ok_or_else(|| corrupt("is missing"))?;
    let close = closing(text, open).ok_or_else(|| corrupt("does not end"))?;
    ron::Options::default()
        .from_str::<Header>(&text[open..=close])
        .map_err(|e| corrupt(&format!("does not read: {e}")))
}

/// The offset of the bracket closing the one at `open`, skipping strings.
fn closing(text: &str, open: usize) -> Option<usize> {
    let b = text.as_bytes();
    let (mut depth, mut i, mut in_string) = (0usize, open, false);
    while i < b.len() {
        match (in_string, b[i]) {
            (true, b'\\') => i += 1,
            (true, b'"') | (false, b'"') => in_string = !in_string,
            (false, b'(' | b'[' | b'{') => depth += 1,
            (false, b')' | b']' | b'}') => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The parent recorded at a save's end (`parent: Some(( … )),` before the closing `)`).
fn parent(tail: &str) -> Option<Parent> {
    let at = tail.rfind("parent:")? + "parent:".len();
    let value = tail[at..].trim_end().strip_suffix(')')?.trim_end();
    let value = value.strip_suffix(',').unwrap_or(value);
    ron::Options::default()
        .from_str::<Option<Parent>>(value)
        .ok()
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_and_parent_are_read_from_the_ends() {
        let text = "(\n    format_version: 1,\n    header: (\n        name: \"a (b) \\\"c\\\"\",\n        game_version: \"0.1.0\",\n        scenario: \"riverside\",\n        scenario_name: \"Riverside\",\n        source: \"riverside\",\n        content_hash: 1,\n        mods: [],\n        seed: 3,\n        created: 5,\n        turn: 2,\n        ended: false,\n    ),\n    content: [ … ],\n";
        let h = header(text).unwrap();
        assert_eq!((h.name.as_str(), h.turn), ("a (b) \"c\"", 2));
        let tail =
            "xx)))),\n    ],\n    parent: Some((save: \"autosave-3.ron\", turn: 2, hash: 9)),\n)";
        let p = parent(tail).unwrap();
        assert_eq!((p.save.as_str(), p.turn, p.hash), ("autosave-3.ron", 2, 9));
        assert_eq!(parent("],\n    parent: None,\n)"), None);
        assert!(header("(format_version: 1, header: (name: \"x\"").is_err());
    }
}
