//! Diagnostics: every content problem located at `path:line:col`, shown with its line and
//! a caret, saying what was expected.

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: String,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub col: usize,
    pub message: String,
    /// The offending line, for display.
    #[serde(skip)]
    pub source_line: String,
    /// When this problem follows from another (its root cause, shown before it): where that
    /// one is, `path:line:col`. Shown on one line, without the source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follows: Option<String>,
}

impl Diagnostic {
    /// A diagnostic at a byte offset of `text`.
    pub fn at(severity: Severity, path: &str, text: &str, offset: usize, message: String) -> Self {
        let (line, col) = line_col(text, offset);
        Diagnostic::at_line_col(severity, path, text, line, col, message)
    }

    /// A diagnostic at a 1-based line and column of `text`.
    pub fn at_line_col(
        severity: Severity,
        path: &str,
        text: &str,
        line: usize,
        col: usize,
        message: String,
    ) -> Self {
        let source_line = text
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or("")
            .to_string();
        Diagnostic {
            severity,
            path: path.to_string(),
            line: line.max(1),
            col: col.max(1),
            message,
            source_line,
            follows: None,
        }
    }

    /// A diagnostic whose line is already known: `text` is that line.
    pub fn in_line(
        severity: Severity,
        path: &str,
        text: &str,
        line: usize,
        col: usize,
        message: String,
    ) -> Self {
        Diagnostic {
            severity,
            path: path.to_string(),
            line: line.max(1),
            col: col.max(1),
            message,
            source_line: text.strip_suffix('\r').unwrap_or(text).to_string(),
            follows: None,
        }
    }

    /// A problem with a whole file (it cannot be read, or is too large), at its start.
    pub fn file(path: &str, message: String) -> Self {
        Diagnostic::at_line_col(Severity::Error, path, "", 1, 1, message)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The first line: `path:line:col: error: message`.
    pub fn headline(&self) -> String {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        format!(
            "{}:{}:{}: {sev}: {}",
            self.path, self.line, self.col, self.message
        )
    }
}

/// Remove repeated diagnostics, keeping the first of each.
pub fn dedup(diags: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::BTreeSet::new();
    diags.retain(|d| seen.insert((d.path.clone(), d.line, d.col, d.message.clone())));
}

/// Group the problems that follow from a root cause under it: the first diagnostic `is_root`
/// picks moves to the front, says how many follow from it, and every one `follows` picks
/// comes right after it, marked with the root's place. One mistake (an empty list of
/// members) then reads as one error, first, not as the last of a hundred.
pub fn group_under(
    diags: &mut Vec<Diagnostic>,
    is_root: impl Fn(&Diagnostic) -> bool,
    follows: impl Fn(&Diagnostic) -> bool,
) {
    let Some(i) = diags.iter().position(&is_root) else {
        return;
    };
    let mut root = diags.remove(i);
    let at = format!("{}:{}:{}", root.path, root.line, root.col);
    let (mut after, rest): (Vec<Diagnostic>, Vec<Diagnostic>) = std::mem::take(diags)
        .into_iter()
        .partition(|d| d.follows.is_none() && follows(d));
    if !after.is_empty() {
        root.message = format!(
            "{} ({} problem(s) below follow from this one)",
            root.message,
            after.len()
        );
    }
    for d in &mut after {
        d.follows = Some(at.clone());
    }
    diags.push(root);
    diags.extend(after);
    diags.extend(rest);
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(root) = &self.follows {
            return write!(
                f,
                "{} (follows from {})",
                printable(&self.headline()),
                printable(root)
            );
        }
        writeln!(f, "{}", printable(&self.headline()))?;
        let num = self.line.to_string();
        let pad = " ".repeat(num.len());
        let line = printable(&self.source_line.replace('\t', " ")).into_owned();
        writeln!(f, "{pad} |")?;
        writeln!(f, "{num} | {line}")?;
        let caret_at = self.col.saturating_sub(1).min(line.chars().count());
        write!(f, "{pad} | {}^", " ".repeat(caret_at))
    }
}

/// Whether printing `c` could drive a terminal rather than show a character: C0 controls
/// (but newline and tab), DEL, C1 controls and the bidirectional overrides and isolates.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Text from content or a save made safe to print to a terminal: every [`is_unsafe`]
/// character shown as an escape (`\u{1b}`), so hostile content cannot move the cursor, change
/// the title or hide what follows.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if is_unsafe(c) {
                    format!("\\u{{{:x}}}", c as u32)
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, c)| (d, c))
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_line_and_caret() {
        let text = "(\n  kind: Consumabel,\n)";
        let d = Diagnostic::at_line_col(
            Severity::Error,
            "goods.ron",
            text,
            2,
            9,
            "unexpected variant".into(),
        );
        let shown = d.to_string();
        assert_eq!(
            shown,
            "goods.ron:2:9: error: unexpected variant\n  |\n2 |   kind: Consumabel,\n  |         ^"
        );
    }

    #[test]
    fn control_characters_are_shown_not_sent() {
        assert_eq!(printable("plain é\tok\n"), "plain é\tok\n");
        assert_eq!(
            printable("a\u{1b}]0;pwned\u{7}b\u{9b}c\u{202e}d"),
            "a\\u{1b}]0;pwned\\u{7}b\\u{9b}c\\u{202e}d"
        );
        let d = Diagnostic::at(
            Severity::Error,
            "members.ron",
            "(name: \"\u{1b}[2J\")",
            7,
            "bad `\u{1b}[2J`".into(),
        );
        assert!(!d.to_string().contains('\u{1b}'), "{d}");
    }

    #[test]
    fn offsets_become_line_and_column() {
        let text = "ab\ncdé\nf";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 7), (2, 4));
        assert_eq!(line_col(text, 999), (3, 2));
    }

    #[test]
    fn nearest_finds_typos_only() {
        let goods = ["grain", "medicine", "tools"];
        assert_eq!(nearest("medcine", goods), Some("medicine"));
        assert_eq!(nearest("tool", goods), Some("tools"));
        assert_eq!(nearest("zebra", goods), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
