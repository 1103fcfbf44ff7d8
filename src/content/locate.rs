//! Locating problems found after parsing. RON gives positions only for syntax errors, so
//! validation and mods find an entity by its `id: "…"` in the source, then the offending
//! field or value after it.

use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet};

use crate::content::diag::{Diagnostic, Severity, nearest};
use crate::content::source::Source;

/// Collects diagnostics against one source, locating them by text search.
pub(crate) struct Check<'a> {
    pub(crate) src: &'a Source,
    pub(crate) out: &'a mut Vec<Diagnostic>,
    /// Where each entity's `id: "…"` is, found in one pass on first use: searching the text
    /// once per entity is quadratic in the entities.
    ids: OnceCell<BTreeMap<&'a str, usize>>,
    /// Where each line starts, so a problem's line is found by binary search rather than by
    /// counting from the top (quadratic when every entity has a problem).
    lines: OnceCell<Vec<usize>>,
}

impl<'a> Check<'a> {
    pub(crate) fn new(src: &'a Source, out: &'a mut Vec<Diagnostic>) -> Self {
        Check {
            src,
            out,
            ids: OnceCell::new(),
            lines: OnceCell::new(),
        }
    }

    pub(crate) fn report(&mut self, sev: Severity, offset: usize, message: String) {
        let t = &self.src.text;
        let starts = self.lines.get_or_init(|| {
            std::iter::once(0)
                .chain(t.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let mut offset = offset.min(t.len());
        while !t.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = starts.partition_point(|&s| s <= offset).max(1);
        let start = starts[line - 1];
        let end = t[start..].find('\n').map_or(t.len(), |i| start + i);
        let col = t[start..offset].chars().count() + 1;
        self.out.push(Diagnostic::in_line(
            sev,
            &self.src.path,
            &t[start..end],
            line,
            col,
            message,
        ));
    }

    pub(crate) fn error(&mut self, offset: usize, message: String) {
        self.report(Severity::Error, offset, message);
    }

    pub(crate) fn warn(&mut self, offset: usize, message: String) {
        self.report(Severity::Warning, offset, message);
    }

    /// Offset of the entity whose `id` is `id` (its first `id: "…"`), or of the file start.
    pub(crate) fn entity(&self, id: &str) -> usize {
        let ids = self.ids.get_or_init(|| {
            let t: &'a str = &self.src.text;
            let mut ids = BTreeMap::new();
            for (at, _) in t.match_indices('"') {
                let before = t[..at].trim_end();
                if let Some(b) = before.strip_suffix(':')
                    && b.trim_end().ends_with("id")
                    && let Some(len) = t[at + 1..].find('"')
                {
                    ids.entry(&t[at + 1..at + 1 + len]).or_insert(at);
                }
            }
            ids
        });
        ids.get(id).copied().unwrap_or(0)
    }

    /// Offset of the next `id: "id"` at or after `from` (or `from` when absent).
    fn id_after(&self, from: usize, id: &str) -> usize {
        let t = &self.src.text;
        let quoted = format!("\"{id}\"");
        let mut pos = from.min(t.len());
        while let Some(i) = t[pos..].find(&quoted) {
            let at = pos + i;
            let before = t[..at].trim_end();
            if before
                .strip_suffix(':')
                .is_some_and(|b| b.trim_end().ends_with("id"))
            {
                return at;
            }
            pos = at + quoted.len();
        }
        from
    }

    /// Offset of `needle` at or after `from` (or `from` when absent).
    pub(crate) fn after(&self, from: usize, needle: &str) -> usize {
        self.src.text[from.min(self.src.text.len())..]
            .find(needle)
            .map_or(from, |i| from + i)
    }

    /// Offset of field `name:` at or after `from`.
    pub(crate) fn field(&self, from: usize, name: &str) -> usize {
        let t = &self.src.text;
        let mut pos = from.min(t.len());
        while let Some(i) = t[pos..].find(name) {
            let at = pos + i;
            let ok_before = at == 0 || !is_ident(t[..at].chars().next_back().unwrap_or(' '));
            let rest = t[at + name.len()..].trim_start();
            if ok_before && rest.starts_with(':') {
                return at;
            }
            pos = at + name.len();
        }
        from
    }

    /// Offset of the value of the field written at `at` (`name: value`), or `at`.
    pub(crate) fn value(&self, at: usize) -> usize {
        let t = &self.src.text[at.min(self.src.text.len())..];
        match t.find(':') {
            Some(colon) => {
                let rest = &t[colon + 1..];
                at + colon + 1 + (rest.len() - rest.trim_start().len())
            }
            None => at,
        }
    }

    /// Offset of element `i` (from 0) of the list or tuple that opens at or after `from` (or
    /// `from`).
    pub(crate) fn element(&self, from: usize, i: usize) -> usize {
        let t = self.src.text.as_bytes();
        let Some(open) = self.src.text[from.min(t.len())..].find(['[', '(']) else {
            return from;
        };
        let (mut at, mut depth, mut seen) = (from + open + 1, 0usize, 0usize);
        while at < t.len() {
            match t[at] {
                b'[' | b'(' | b'{' => depth += 1,
                b']' | b')' | b'}' if depth == 0 => break,
                b']' | b')' | b'}' => depth -= 1,
                b',' if depth == 0 => seen += 1,
                c if seen == i && !c.is_ascii_whitespace() => return at,
                _ => {}
            }
            at += 1;
        }
        from
    }

    /// Check a number lies in `[lo, hi]` and is finite.
    pub(crate) fn range(&mut self, offset: usize, what: &str, v: f64, lo: f64, hi: f64) {
        if !in_range(v, lo, hi) {
            self.error(
                offset,
                format!("{what} is {v}; expected a number from {lo} to {hi}"),
            );
        }
    }

    /// Check `id` names something in `known`, suggesting the nearest one.
    pub(crate) fn reference(&mut self, from: usize, kind: &str, id: &str, known: &BTreeSet<&str>) {
        if !known.contains(id) {
            let at = self.after(from, &format!("\"{id}\""));
            let hint = nearest(id, known.iter().copied())
                .map(|n| format!(" (did you mean `{n}`?)"))
                .unwrap_or_default();
            let list = if known.is_empty() {
                "there are none".to_string()
            } else {
                format!(
                    "known: {}",
                    known.iter().copied().collect::<Vec<_>>().join(", ")
                )
            };
            self.error(at, format!("unknown {kind} `{id}`{hint}; {list}"));
        }
    }

    pub(crate) fn unique<'b>(&mut self, kind: &str, ids: impl IntoIterator<Item = &'b str>) {
        let mut seen = BTreeSet::new();
        for id in ids {
            if id.is_empty() {
                let at = self.field(0, "id");
                self.error(at, format!("a {kind} has an empty id"));
            } else if !seen.insert(id) {
                let first = self.entity(id);
                let second = self.id_after(first + 1, id);
                self.error(
                    second,
                    format!(
                        "{kind} id `{id}` is used twice (first at line {}); each {kind} needs its own id",
                        crate::content::diag::line_col(&self.src.text, first).0
                    ),
                );
            }
        }
    }
}

/// Whether `v` is finite and in `[lo, hi]`.
pub(crate) fn in_range(v: f64, lo: f64, hi: f64) -> bool {
    v.is_finite() && lo <= v && v <= hi
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}
