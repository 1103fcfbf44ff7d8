//! Storylet text with placeholders, filled from the state when a storylet fires.
//!
//! `{who}` is a role's (or `{ava}` a member id's) first name; `{who.name}` the full name;
//! `{who.they}`, `{who.them}`, `{who.their}` (capitalised: `{who.They}` …) from pronouns;
//! a role of several reads "Ava, Lou and Eli". `{good:grain}` is a good's name, `{unit:grain}`
//! its unit; `{stock:grain}`, `{pool:grain}` and `{price:grain}` are numbers (a good that never
//! traded shows its base cost); `{scrip:who}` and `{hunger:who}` a member's; `{metric:name}`
//! last turn's figure; `{turn}` the turn. `{{` and `}}` are literal braces.

use std::fmt::Write;

use crate::engine::events::cond::Scope;
use crate::engine::types::MemberId;
use crate::engine::world::World;
use crate::engine::world::scenario::pronouns;

/// Attributes a member placeholder may take after a dot.
pub const ATTRIBUTES: [&str; 8] = [
    "name", "first", "they", "them", "their", "They", "Them", "Their",
];

/// Prefixes of placeholders naming a good (`{stock:grain}`).
pub const GOOD_KEYS: [&str; 5] = ["good", "unit", "stock", "pool", "price"];

/// Prefixes of placeholders naming a member or role (`{scrip:who}`).
pub const MEMBER_KEYS: [&str; 2] = ["scrip", "hunger"];

/// One `{…}` of a text: its byte offset (of the `{`) and what is inside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    pub offset: usize,
    pub key: String,
}

/// Every placeholder of a text, in order. An unclosed `{` is returned with the rest of the text.
pub fn placeholders(text: &str) -> Vec<Placeholder> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'{' if b.get(i + 1) == Some(&b'{') => i += 2,
            b'}' if b.get(i + 1) == Some(&b'}') => i += 2,
            b'{' => {
                let end = text[i + 1..].find('}').map_or(text.len(), |e| i + 1 + e);
                out.push(Placeholder {
                    offset: i,
                    key: text[i + 1..end].to_string(),
                });
                i = end + 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// Fill a text's placeholders; one that cannot be filled is left as written.
pub fn render(text: &str, s: &Scope) -> String {
    Cut::of(text).render(s, None)
}

/// `render`, adding to `named` the members the text names by role or id, in the same pass.
pub fn render_named(text: &str, s: &Scope, named: &mut Vec<MemberId>) -> String {
    Cut::of(text).render(s, Some(named))
}

/// A text cut at its placeholders once (a storylet's, when the world is built: `check::Texts`),
/// so that rendering it copies its plain parts and fills its placeholders without reading the
/// text for braces again.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cut {
    /// The text's plain parts, one after another, with `{{` read as `{` and `}}` as `}`.
    plain: String,
    /// Each placeholder, in order.
    holes: Vec<Hole>,
    /// The text's length: the rendered text's first capacity.
    len: usize,
}

/// One placeholder of a `Cut`.
#[derive(Debug, Clone, PartialEq)]
struct Hole {
    /// Where it stands in `Cut::plain` (the plain parts before it end there).
    at: usize,
    /// What is inside its braces (to the text's end when its `{` is not closed).
    key: String,
    /// Closed by a `}` (an unclosed one is the text's last, and is left as written).
    closed: bool,
}

impl Cut {
    /// The text cut at each `{` (braces are ASCII, so every cut is on a character boundary);
    /// the `}` between two are rare and read as the plain text is copied.
    pub fn of(text: &str) -> Cut {
        let mut cut = Cut {
            len: text.len(),
            ..Cut::default()
        };
        let mut rest = text;
        loop {
            let open = rest.find('{');
            plain(&rest[..open.unwrap_or(rest.len())], &mut cut.plain);
            let Some(i) = open else {
                return cut;
            };
            let tail = &rest[i..];
            if let Some(after) = tail.strip_prefix("{{") {
                cut.plain.push('{');
                rest = after;
                continue;
            }
            let at = cut.plain.len();
            let Some(end) = tail.find('}') else {
                // `placeholders` reads an unclosed `{` as a key running to the end.
                let key = tail[1..].to_string();
                cut.holes.push(Hole {
                    at,
                    key,
                    closed: false,
                });
                return cut;
            };
            let key = tail[1..end].to_string();
            cut.holes.push(Hole {
                at,
                key,
                closed: true,
            });
            rest = &tail[end + 1..];
        }
    }

    /// The text with its placeholders filled (one that cannot be, or is not closed, left as
    /// written), adding to `named` the members they name by role or id.
    pub fn render(&self, s: &Scope, mut named: Option<&mut Vec<MemberId>>) -> String {
        let mut out = String::with_capacity(self.len);
        let mut from = 0;
        for h in &self.holes {
            out.push_str(&self.plain[from..h.at]);
            from = h.at;
            if let Some(named) = named.as_deref_mut() {
                named.extend_from_slice(named_by(&h.key, s));
            }
            if !(h.closed && fill(&h.key, s, &mut out)) {
                out.push('{');
                out.push_str(&h.key);
                if h.closed {
                    out.push('}');
                }
            }
        }
        out.push_str(&self.plain[from..]);
        out
    }
}

/// Text without `{`: `}}` reads `}`, as does a `}` on its own.
fn plain(mut text: &str, out: &mut String) {
    while let Some(j) = text.find('}') {
        out.push_str(&text[..=j]);
        text = &text[j + 1..];
        text = text.strip_prefix('}').unwrap_or(text);
    }
    out.push_str(text);
}

/// The members one placeholder (as `placeholders` reads it) names by role or id.
fn named_by<'a>(key: &str, s: &Scope<'a>) -> &'a [MemberId] {
    let name = match key.split_once(':') {
        Some((k, who)) if MEMBER_KEYS.contains(&k) => who,
        Some(_) => "",
        None => key.split('.').next().unwrap_or(""),
    };
    s.members(name)
}

/// Append what `key` stands for to `out`; false (and nothing appended) if it cannot be filled.
fn fill(key: &str, s: &Scope, out: &mut String) -> bool {
    fill_with(key, s, out).is_some()
}

fn fill_with(key: &str, s: &Scope, out: &mut String) -> Option<()> {
    if key == "turn" {
        return number(out, s.now());
    }
    if let Some((kind, arg)) = key.split_once(':') {
        let st = s.state;
        if MEMBER_KEYS.contains(&kind) {
            let ms = s.members(arg);
            let m = st.members.get(*ms.first()?)?;
            return match kind {
                "scrip" => number(out, m.scrip),
                _ => number(out, m.hunger),
            };
        }
        if kind == "metric" {
            let v = st.events.metrics.as_ref()?.get(arg)?;
            let _ = if v.fract() == 0.0 {
                write!(out, "{v:.0}")
            } else {
                write!(out, "{v:.2}")
            };
            return Some(());
        }
        let g = s.world.good(arg)?;
        return match kind {
            "good" => {
                out.push_str(s.world.good_name(g));
                Some(())
            }
            "unit" => {
                out.push_str(&s.world.scenario.goods[g].unit);
                Some(())
            }
            "stock" => number(out, st.stock(g)),
            "pool" => number(out, st.goods[g].pool),
            "price" => number(
                out,
                st.goods[g].last_price.unwrap_or(s.world.goods[g].base_cost),
            ),
            _ => None,
        };
    }
    let (name, attr) = key.split_once('.').unwrap_or((key, "first"));
    let ms = s.members(name);
    if ms.is_empty() {
        // A role bound to nobody reads as "nobody"; an unknown name is left as written.
        if s.roles.iter().any(|(r, _)| r == name) {
            out.push_str("nobody");
            return Some(());
        }
        return None;
    }
    join(ms, out, |m, out| word(s.world, m, attr, out));
    Some(())
}

/// A number as `to_string` writes it.
fn number(out: &mut String, n: impl std::fmt::Display) -> Option<()> {
    let _ = write!(out, "{n}");
    Some(())
}

/// One member's name or pronoun.
fn word(world: &World, m: MemberId, attr: &str, out: &mut String) {
    let def = &world.scenario.members[m];
    let is = |a: &str| {
        if attr.is_ascii() {
            attr.eq_ignore_ascii_case(a)
        } else {
            attr.to_lowercase() == a
        }
    };
    // The short name in whole words: "Dr. Ortiz", never "Dr.".
    let w = if attr == "first" {
        world.short_name(m)
    } else if is("name") {
        def.name.as_str()
    } else if is("they") {
        pronouns(&def.pronouns).0
    } else if is("them") {
        pronouns(&def.pronouns).1
    } else if is("their") {
        pronouns(&def.pronouns).2
    } else {
        world.short_name(m)
    };
    if attr.starts_with(char::is_uppercase) {
        let mut c = w.chars();
        if let Some(f) = c.next() {
            out.extend(f.to_uppercase());
            out.push_str(c.as_str());
        }
    } else {
        out.push_str(w);
    }
}

/// "Ava", "Ava and Lou", "Ava, Lou and Eli", "Ava, Lou, Eli and 4 others", each name
/// written by `word`.
fn join(ms: &[MemberId], out: &mut String, mut word: impl FnMut(MemberId, &mut String)) {
    match ms {
        [] => out.push_str("nobody"),
        [a] => word(*a, out),
        _ if ms.len() > 5 => {
            for (k, &m) in ms[..3].iter().enumerate() {
                if k > 0 {
                    out.push_str(", ");
                }
                word(m, out);
            }
            let _ = write!(out, " and {} others", ms.len() - 3);
        }
        [init @ .., last] => {
            for (k, &m) in init.iter().enumerate() {
                if k > 0 {
                    out.push_str(", ");
                }
                word(m, out);
            }
            out.push_str(" and ");
            word(*last, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Defect: a set beyond a fixed list ("xe/xem") fell back wrongly; a declared set of three
    /// is used as written.
    #[test]
    fn any_declared_set_of_pronouns_reads_as_written() {
        assert_eq!(pronouns("xe/xem/xyr"), ("xe", "xem", "xyr"));
        assert_eq!(pronouns("ze / hir / hir"), ("ze", "hir", "hir"));
        assert_eq!(pronouns("he/him"), ("he", "him", "his"));
        assert_eq!(pronouns("she/her"), ("she", "her", "her"));
        assert_eq!(pronouns("they/them"), ("they", "them", "their"));
        assert_eq!(pronouns(""), ("they", "them", "their"));
    }

    #[test]
    fn placeholders_are_found_and_braces_escaped() {
        let p = placeholders("{who} gave {{x}} to {ava.them} and {stock:grain");
        let keys: Vec<&str> = p.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, vec!["who", "ava.them", "stock:grain"]);
        assert_eq!(p[0].offset, 0);
    }

    #[test]
    fn names_join_like_prose() {
        let w = |xs: &[&str]| {
            let ms: Vec<MemberId> = (0..xs.len()).collect();
            let mut out = String::new();
            join(&ms, &mut out, |m, out| out.push_str(xs[m]));
            out
        };
        assert_eq!(w(&["Ava"]), "Ava");
        assert_eq!(w(&["Ava", "Lou"]), "Ava and Lou");
        assert_eq!(w(&["Ava", "Lou", "Eli"]), "Ava, Lou and Eli");
        assert_eq!(w(&["a", "b", "c", "d", "e", "f"]), "a, b, c and 3 others");
    }
}
