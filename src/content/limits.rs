//! Bounds on what a content file may hold, so a hostile or broken file is refused with an
//! error naming the limit instead of exhausting memory or time. A file's size and its strings
//! are checked here before it is parsed (`load`), counts and quantities by validation. Every
//! input file of the game (content, command scripts, policies, hypotheses, schedules, saves)
//! is read through [`read_bounded`].

use std::fmt;
use std::io::Read;
use std::path::Path;

use crate::content::diag::{Diagnostic, Severity};
use crate::content::source::Source;

/// Largest content file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 4 << 20;
/// Longest string literal accepted in content, in bytes.
pub const MAX_STRING_BYTES: usize = 16 << 10;
/// Longest game a scenario may declare.
pub const MAX_TURNS: u32 = 100_000;
/// Most members a scenario may hold.
pub const MAX_MEMBERS: usize = 100_000;
/// Most goods a scenario may hold.
pub const MAX_GOODS: usize = 64;
/// Most status dimensions.
pub const MAX_DIMENSIONS: usize = 16;
/// Most storylets a scenario may hold.
pub const MAX_STORYLETS: usize = 5_000;
/// Largest quantity of a good a member may need, want, make or hold, and a pool may start
/// with: goods move unit by unit at market, so a hostile number must not stall a turn.
pub const MAX_QUANTITY: u32 = 100_000;
/// A tool multiplies output by at most eleven: a larger bonus would turn a quantity within
/// `MAX_QUANTITY` into billions of units (fuzzing found a market stalled by one).
pub const MAX_TOOL_BONUS: u32 = 1_000;

/// A text of `bytes` over `MAX_FILE_BYTES`, refused at its start.
pub fn file_size(path: &str, bytes: u64) -> Option<Diagnostic> {
    (bytes > MAX_FILE_BYTES as u64).then(|| {
        Diagnostic::file(
            path,
            format!(
                "the file is {bytes} bytes; content files are limited to {MAX_FILE_BYTES} bytes"
            ),
        )
    })
}

/// Why an input file was not read.
#[derive(Debug)]
pub enum ReadError {
    Io(std::io::Error),
    /// A folder, a device, a pipe or a socket: only regular files are read.
    NotAFile,
    /// More bytes than the limit (however large the file system says the file is).
    TooLarge(u64),
    NotText,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "cannot read it: {e}"),
            ReadError::NotAFile => f.write_str(
                "not a regular file (a folder, a device or a pipe); only files are read",
            ),
            ReadError::TooLarge(max) => write!(f, "it holds more than {max} bytes, the limit"),
            ReadError::NotText => f.write_str("it is not UTF-8 text"),
        }
    }
}

/// Read an input file, refusing anything that is not a regular file and stopping at `max`
/// bytes: the size a file system reports is not trusted (`/proc` files report 0, and a
/// device has no end).
pub fn read_bounded(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    if !std::fs::metadata(path).map_err(ReadError::Io)?.is_file() {
        return Err(ReadError::NotAFile);
    }
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    // The file opened may not be the one looked at a moment ago.
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile);
    }
    let mut bytes = Vec::with_capacity(meta.len().min(max) as usize);
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge(max));
    }
    Ok(bytes)
}

/// [`read_bounded`] for a text file.
pub fn read_text(path: &Path, max: u64) -> Result<String, ReadError> {
    String::from_utf8(read_bounded(path, max)?).map_err(|_| ReadError::NotText)
}

/// The first string literal longer than `MAX_STRING_BYTES`, located at its opening quote.
pub fn long_string(src: &Source) -> Option<Diagnostic> {
    let bytes = src.text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let len = i.min(bytes.len()) - start - 1;
                if len > MAX_STRING_BYTES {
                    return Some(Diagnostic::at(
                        Severity::Error,
                        &src.path,
                        &src.text,
                        start,
                        format!(
                            "this string is {len} bytes; strings are limited to {MAX_STRING_BYTES} bytes"
                        ),
                    ));
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: String) -> Source {
        Source {
            path: "members.ron".into(),
            text,
        }
    }

    #[test]
    fn a_long_string_is_located_at_its_quote() {
        let text = format!("[\n  (name: \"{}\"),\n]", "x".repeat(MAX_STRING_BYTES + 1));
        let d = long_string(&source(text)).expect("refused");
        assert_eq!((d.line, d.col), (2, 10));
        assert!(
            d.message.contains("limited to 16384 bytes"),
            "{}",
            d.message
        );
    }

    #[test]
    fn strings_at_the_limit_escapes_and_comments_pass() {
        let text = format!(
            "// \"{}\n(a: \"{}\", b: \"say \\\"hi\\\"\")",
            "y".repeat(MAX_STRING_BYTES * 2),
            "x".repeat(MAX_STRING_BYTES)
        );
        assert!(long_string(&source(text)).is_none());
    }
}
