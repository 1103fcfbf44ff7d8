//! Loading a scenario from its RON files, embedded or on disk.
//!
//! A scenario is a folder: `scenario.ron`, `goods.ron`, `members.ron`, `storylets.ron`
//! (which may hold an empty list). Every file is parsed
//! even when an earlier one fails, so one run reports every syntax error; cross-references
//! are checked only once everything parses. Nothing here panics on any input.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::content::diag::{Diagnostic, Severity, line_col, nearest};
use crate::content::limits;
use crate::content::source::{Source, Sources};
use crate::content::validate;
use crate::engine::world::scenario::{Good, Member, Scenario, ScenarioMeta};
use crate::engine::world::story::Storylet;

/// The files of a scenario folder, in load order.
pub const FILES: [&str; 4] = ["scenario.ron", "goods.ron", "members.ron", "storylets.ron"];

/// A scenario that loaded, with any warnings.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub scenario: Scenario,
    pub warnings: Vec<Diagnostic>,
}

/// The RON options every content file is read with: `Some(x)` may be written as `x`.
pub fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Parse one RON file into `T`, or a located diagnostic.
pub fn parse<T: DeserializeOwned>(src: &Source) -> Result<T, Diagnostic> {
    parse_with(src, &ron_options())
}

/// Parse one RON file into `T` with the given RON options.
pub fn parse_with<T: DeserializeOwned>(
    src: &Source,
    options: &ron::Options,
) -> Result<T, Diagnostic> {
    let refused =
        limits::file_size(&src.path, src.text.len() as u64).or_else(|| limits::long_string(src));
    if let Some(d) = refused {
        return Err(d);
    }
    options
        .from_str(&src.text)
        .map_err(|e| ron_diagnostic(src, &e))
}

/// Turn a RON error into a diagnostic, adding what was expected where RON knows it.
fn ron_diagnostic(src: &Source, e: &ron::error::SpannedError) -> Diagnostic {
    let message = ron_message(&e.code);
    let (line, col) = (e.span.start.line, e.span.start.col);
    let offset = offset_of(&src.text, line, col);
    // A string left open swallows the lines after it; point at where it began.
    if let Some(start) = runaway_string(&src.text, offset) {
        let (l, c) = line_col(&src.text, start);
        return Diagnostic::at_line_col(
            Severity::Error,
            &src.path,
            &src.text,
            l,
            c,
            "this string is not closed on its line; is a closing `\"` missing?".to_string(),
        );
    }
    // RON stops before the whitespace in front of a bad value, or after a bad number: the
    // caret goes to the value itself, and the message says what was found there.
    let (offset, found) = match value_error(&e.code) {
        Some(back) => value_at(&src.text, offset, back),
        None => (offset, None),
    };
    let message = match (found, &e.code) {
        (Some(v), ron::error::Error::IntegerOutOfBounds) => format!("`{v}` is {message}"),
        (Some(v), _) => format!("{message}, found `{v}`"),
        (None, ron::error::Error::IntegerOutOfBounds) => format!("this is {message}"),
        (None, _) => message,
    };
    // `2.5` where a whole number goes: RON reads the `2` and stops at the `.`.
    let (offset, message) = match fraction_at(&src.text, offset) {
        Some(start) if matches!(e.code, ron::error::Error::ExpectedComma) => {
            let (_, v) = value_at(&src.text, start, false);
            let v = v.unwrap_or_default();
            (
                start,
                format!("expected a whole number (like 3), found `{v}`"),
            )
        }
        _ => (offset, message),
    };
    let message = match field_before(&src.text, offset) {
        Some(field) if !message.starts_with("unknown") && !message.starts_with("missing") => {
            format!("`{field}`: {message}")
        }
        _ => message,
    };
    let (line, col) = line_col(&src.text, offset);
    Diagnostic::at_line_col(Severity::Error, &src.path, &src.text, line, col, message)
}

/// Where the number starts when `offset` is at the `.` of a decimal fraction (`2|.5`).
fn fraction_at(text: &str, offset: usize) -> Option<usize> {
    let (before, after) = text.split_at_checked(offset)?;
    let digits = |s: &str| s.starts_with(|c: char| c.is_ascii_digit());
    (after.starts_with('.')
        && digits(&after[1..])
        && before.ends_with(|c: char| c.is_ascii_digit()))
    .then(|| {
        before
            .trim_end_matches(|c: char| c.is_ascii_digit() || c == '-')
            .len()
    })
}

/// Whether a RON error is about one value (and so is shown at it): `Some(true)` when RON
/// reports it after the value (a number out of range), `Some(false)` when before it.
fn value_error(code: &ron::error::Error) -> Option<bool> {
    use ron::error::Error as E;
    match code {
        E::IntegerOutOfBounds | E::InvalidIntegerDigit { .. } => Some(true),
        E::ExpectedFloat
        | E::ExpectedInteger
        | E::ExpectedString
        | E::ExpectedBoolean
        | E::ExpectedMap
        | E::ExpectedArray
        | E::ExpectedStructLike
        | E::ExpectedNamedStructLike(_)
        | E::ExpectedUnit
        | E::ExpectedOption
        | E::ExpectedIdentifier
        | E::InvalidValueForType { .. } => Some(false),
        _ => None,
    }
}

/// The value at (or, with `back`, ending at) `offset` on its line: where it starts, and
/// its text when it is short enough to quote.
fn value_at(text: &str, offset: usize, back: bool) -> (usize, Option<&str>) {
    let offset = offset.min(text.len());
    let token = |c: char| c.is_alphanumeric() || matches!(c, '.' | '-' | '+' | '_');
    let mut start =
        offset + text[offset..].len() - text[offset..].trim_start_matches([' ', '\t']).len();
    if back {
        start = text[..start]
            .rfind(|c: char| !token(c))
            .map_or(0, |i| i + 1);
    }
    let rest = &text[start..];
    let len = if let Some(inner) = rest.strip_prefix('"') {
        inner.find(['"', '\n']).map_or(rest.len(), |i| i + 2)
    } else {
        rest.find(|c: char| !token(c)).unwrap_or(rest.len())
    };
    let value = &rest[..len.min(rest.len())];
    let quoted = (!value.is_empty() && value.len() <= 40 && !value.contains('\n')).then_some(value);
    (start, quoted)
}

/// What a RON error means, saying what was expected where RON knows it.
pub fn ron_message(code: &ron::error::Error) -> String {
    use ron::error::Error as E;
    match code {
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            let hint = nearest(found, expected.iter().copied())
                .map(|n| format!(" (did you mean `{n}`?)"))
                .unwrap_or_default();
            let within = outer
                .as_deref()
                .map(|o| format!(" in {o}"))
                .unwrap_or_default();
            format!(
                "unknown field `{found}`{within}{hint}; expected one of: {}",
                expected.join(", ")
            )
        }
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => {
            let hint = nearest(found, expected.iter().copied())
                .map(|n| format!(" (did you mean `{n}`?)"))
                .unwrap_or_default();
            let within = outer
                .as_deref()
                .map(|o| format!(" of {o}"))
                .unwrap_or_default();
            format!(
                "unknown variant `{found}`{within}{hint}; expected one of: {}",
                expected.join(", ")
            )
        }
        E::MissingStructField { field, outer } => {
            let within = outer
                .as_deref()
                .map(|o| format!(" in {o}"))
                .unwrap_or_default();
            format!("missing field `{field}`{within}")
        }
        E::InvalidIntegerDigit { .. } | E::ExpectedInteger => {
            "expected a whole number (like 3)".to_string()
        }
        E::IntegerOutOfBounds => {
            "out of range for this field: too large, or negative where only amounts and counts go"
                .to_string()
        }
        E::ExpectedFloat => "expected a number (like 0.5)".to_string(),
        E::ExpectedString => "expected text in double quotes (like \"grain\")".to_string(),
        E::ExpectedBoolean => "expected `true` or `false`".to_string(),
        E::ExpectedMap => "expected a map in braces (like `{ \"grain\": 2 }`)".to_string(),
        E::ExpectedArray => "expected a list in brackets (like `[ … ]`)".to_string(),
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => {
            "expected a structure in parentheses (like `( field: value, … )`)".to_string()
        }
        E::ExpectedComma => "expected `,` before this (or a closing bracket)".to_string(),
        E::ExpectedIdentifier => "expected a field name (or a closing bracket)".to_string(),
        other => {
            let s = other.to_string();
            let mut c = s.chars();
            match c.next() {
                Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
                None => s,
            }
        }
    }
}

/// Byte offset of a 1-based line and column (in characters).
fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &text[start.min(text.len())..];
    start
        + rest
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

/// If the last string literal opened before `offset` spans a newline, where it opened.
fn runaway_string(text: &str, offset: usize) -> Option<usize> {
    let mut open: Option<usize> = None;
    let mut last_closed: Option<(usize, usize)> = None;
    let mut chars = text[..offset.min(text.len())].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match (open, c) {
            (None, '/') if chars.peek().map(|p| p.1) == Some('/') => {
                for (_, c) in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            (None, '"') => open = Some(i),
            (Some(_), '\\') => {
                chars.next();
            }
            (Some(start), '"') => {
                last_closed = Some((start, i));
                open = None;
            }
            _ => {}
        }
    }
    let (start, end) = match open {
        Some(start) => (start, offset.min(text.len())),
        // A closed string is suspect only when the error follows it on the same line.
        None => {
            last_closed.filter(|&(_, end)| !text[end..offset.min(text.len())].contains('\n'))?
        }
    };
    text[start..end].contains('\n').then_some(start)
}

/// The field name written just before `offset` on its line (`scrip: "ten"` → `scrip`).
fn field_before(text: &str, offset: usize) -> Option<&str> {
    let line_start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let before = text[line_start..offset.min(text.len())].trim_end();
    let before = before.strip_suffix(':')?.trim_end();
    let start = before
        .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
        .map_or(0, |i| i + 1);
    let name = &before[start..];
    (!name.is_empty()).then_some(name)
}

/// Parse and validate a scenario's sources, reporting every problem found.
pub fn load(sources: &Sources) -> Result<Loaded, Vec<Diagnostic>> {
    let meta = parse::<ScenarioMeta>(&sources.scenario);
    let goods = parse::<Vec<Good>>(&sources.goods);
    let members = parse::<Vec<Member>>(&sources.members);
    let storylets = parse::<Vec<Storylet>>(&sources.storylets);
    let (meta, goods, members, storylets) = match (meta, goods, members, storylets) {
        (Ok(meta), Ok(goods), Ok(members), Ok(storylets)) => (meta, goods, members, storylets),
        (a, b, c, d) => {
            return Err([a.err(), b.err(), c.err(), d.err()]
                .into_iter()
                .flatten()
                .collect());
        }
    };
    let scenario = Scenario {
        meta,
        goods,
        members,
        storylets,
    };
    let mut diags = validate::validate(&scenario, sources);
    validate::root_causes(&mut diags);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    Ok(Loaded {
        scenario,
        warnings: diags,
    })
}

/// Check content that arrives parsed — embedded in a save — exactly as content files are
/// checked: written out as the four files, under `folder/`, then read and validated. A game
/// may be shortened (`agora sim --turns`), so a length within the limit is judged as the
/// longest: a storylet that only a longer game reaches is no mistake here.
pub fn check_parsed(sc: &Scenario, folder: &str) -> Result<(), Vec<Diagnostic>> {
    let file = |i: usize, text: String| Source {
        path: format!("{folder}/{}", FILES[i]),
        text,
    };
    let mut meta = sc.meta.clone();
    if (1..=limits::MAX_TURNS).contains(&meta.turns) {
        meta.turns = limits::MAX_TURNS;
    }
    let sources = Sources {
        scenario: file(0, pretty(&meta)),
        goods: file(1, pretty(&sc.goods)),
        members: file(2, pretty(&sc.members)),
        storylets: file(3, pretty(&sc.storylets)),
    };
    load(&sources).map(|_| ())
}

/// Content written out as pretty RON, as a modder would write it.
pub(crate) fn pretty<T: serde::Serialize>(v: &T) -> String {
    ron::ser::to_string_pretty(v, ron::ser::PrettyConfig::default()).unwrap_or_default()
}

/// Read a scenario folder (or the folder of a given `scenario.ron`).
pub fn read_dir(path: &Path) -> Result<Sources, Vec<Diagnostic>> {
    let dir: PathBuf = if path.is_file() {
        path.parent().map(Path::to_path_buf).unwrap_or_default()
    } else {
        path.to_path_buf()
    };
    let mut errors = Vec::new();
    let mut read = |name: &str| read_file(&dir.join(name), &mut errors);
    let sources = Sources {
        scenario: read(FILES[0]),
        goods: read(FILES[1]),
        members: read(FILES[2]),
        storylets: read(FILES[3]),
    };
    if errors.is_empty() {
        Ok(sources)
    } else {
        Err(errors)
    }
}

/// Read one content file from disk, refusing one over the size limit or not a regular file.
/// On a problem its text is empty and the error joins `errors`, so every unreadable file of a
/// folder is reported.
pub fn read_file(p: &Path, errors: &mut Vec<Diagnostic>) -> Source {
    let path = p.display().to_string();
    let text = limits::read_text(p, limits::MAX_FILE_BYTES as u64).unwrap_or_else(|e| {
        errors.push(Diagnostic::file(
            &path,
            format!("this file is refused: {e}"),
        ));
        String::new()
    });
    Source { path, text }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Shape {
        count: u32,
        weight: f64,
        name: String,
        held: BTreeMap<String, u32>,
        list: Vec<u32>,
        on: bool,
        kind: Kind,
    }

    #[derive(Debug, serde::Deserialize)]
    enum Kind {
        Survival,
        Health,
    }

    /// Each kind of RON mistake, with the column its caret must point at (1-based) and what
    /// the message must say.
    #[test]
    fn each_kind_of_mistake_is_shown_at_the_value_and_says_what_goes_there() {
        let good = [
            "count: 3",
            "weight: 0.5",
            "name: \"mill\"",
            "held: { \"grain\": 2 }",
            "list: [1]",
            "on: true",
            "kind: Health",
        ];
        let cases: [(usize, &str, usize, &str); 11] = [
            (
                1,
                "weight: \"high\"",
                9,
                "`weight`: expected a number (like 0.5), found `\"high\"`",
            ),
            (
                0,
                "count: \"ten\"",
                8,
                "`count`: expected a whole number (like 3), found `\"ten\"`",
            ),
            (
                0,
                "count: -4",
                8,
                "`count`: `-4` is out of range for this field",
            ),
            (
                0,
                "count: 2.5",
                8,
                "`count`: expected a whole number (like 3), found `2.5`",
            ),
            (2, "name: mill", 7, "`name`: expected text in double quotes"),
            (3, "held: [1]", 7, "`held`: expected a map in braces"),
            (4, "list: 1", 7, "`list`: expected a list in brackets"),
            (
                5,
                "on: yes",
                5,
                "`on`: expected `true` or `false`, found `yes`",
            ),
            (
                6,
                "kind: Survivl",
                7,
                "unknown variant `Survivl` of Kind (did you mean `Survival`?)",
            ),
            (
                6,
                "knid: Health",
                1,
                "unknown field `knid` in Shape (did you mean `kind`?)",
            ),
            (6, "kind: Health,,", 14, "expected a field name"),
        ];
        for (i, bad, col, says) in cases {
            let mut lines: Vec<&str> = good.to_vec();
            lines[i] = bad;
            let text = format!("(\n{},\n)\n", lines.join(",\n"));
            let src = Source {
                path: "t.ron".into(),
                text,
            };
            let d = parse::<Shape>(&src).expect_err(bad);
            assert_eq!((d.line, d.col), (i + 2, col), "{bad}: {}", d.message);
            assert!(d.message.starts_with(says), "{bad}: {}", d.message);
        }
    }

    #[test]
    fn a_comma_missing_is_shown_where_the_next_field_begins() {
        let src = Source {
            path: "t.ron".into(),
            text: "(\n    count: 3\n    weight: 0.5,\n)".into(),
        };
        let d = parse::<Shape>(&src).unwrap_err();
        assert_eq!((d.line, d.col), (3, 5));
        assert!(d.message.starts_with("expected `,`"), "{}", d.message);
    }
}
