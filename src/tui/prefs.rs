//! The player's preferences that outlive a game (whether the first-months guide was seen),
//! kept as `key = value` lines in a small file in the saves folder, beside the games they
//! belong to. The file is not a save (it does not end in `.ron`), so the lists ignore it.
//! A missing or unreadable file means the defaults: a newcomer sees the guide.

use std::io;
use std::path::{Path, PathBuf};

use crate::save::store;

/// The file's name in the saves folder.
pub const FILE: &str = "agora-prefs.txt";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Prefs {
    /// The guide to the first three months was dismissed or read to its end: later games
    /// start without it (`i` brings it back).
    pub guide_seen: bool,
}

impl Prefs {
    /// The preferences kept in `folder`; the defaults when there are none (or no folder).
    pub fn load(folder: &Path) -> Prefs {
        if folder.as_os_str().is_empty() {
            return Prefs::default();
        }
        std::fs::read_to_string(path(folder)).map_or_else(|_| Prefs::default(), |t| parse(&t))
    }

    /// Keep the preferences in `folder` (created if need be), replacing the file whole.
    pub fn save(&self, folder: &Path) -> io::Result<()> {
        std::fs::create_dir_all(folder)?;
        store::write_atomic(&path(folder), self.text().as_bytes())
    }

    fn text(&self) -> String {
        format!(
            "# Agora's preferences (the game rewrites this file).\nguide = {}\n",
            if self.guide_seen { "seen" } else { "show" }
        )
    }
}

fn path(folder: &Path) -> PathBuf {
    folder.join(FILE)
}

/// Lines of `key = value`; unknown keys and values are ignored, so an older or newer game's
/// file still reads.
fn parse(text: &str) -> Prefs {
    let mut p = Prefs::default();
    for line in text.lines() {
        let Some((k, v)) = line.split_once('=') else {
            continue;
        };
        if k.trim() == "guide" {
            match v.trim() {
                "seen" => p.guide_seen = true,
                "show" => p.guide_seen = false,
                _ => {}
            }
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_and_read_back_in_the_folder_given() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("saves");
        assert_eq!(Prefs::load(&folder), Prefs::default());
        Prefs { guide_seen: true }.save(&folder).unwrap();
        assert!(Prefs::load(&folder).guide_seen);
        // Not a save: the saves lists do not show it.
        assert!(store::list(&folder).is_empty());
        Prefs { guide_seen: false }.save(&folder).unwrap();
        assert!(!Prefs::load(&folder).guide_seen);
    }

    #[test]
    fn unknown_lines_are_ignored() {
        assert!(parse("# hi\nguide = seen\ncolour=blue\n").guide_seen);
        assert!(!parse("guide = maybe\nnonsense").guide_seen);
    }
}
