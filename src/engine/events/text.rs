//! Storylet text with placeholders, filled from the state when a storylet fires.
//!
//! `{who}` is a role's (or `{ava}` a member id's) first name; `{who.name}` the full name;
//! `{who.they}`, `{who.them}`, `{who.their}` (capitalised: `{who.They}` …) from pronouns;
//! a role of several reads "Ava, Lou and Eli". `{good:grain}` is a good's name, `{unit:grain}`
//! its unit; `{stock:grain}`, `{pool:grain}` and `{price:grain}` are numbers (a good that never
//! traded shows its base cost); `{scrip:who}` and `{hunger:who}` a member's; `{metric:name}`
//! last turn's figure; `{turn}` the turn. `{{` and `}}` are literal braces.

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
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        if let Some(after) = tail.strip_prefix('}') {
            out.push('}');
            rest = after;
            continue;
        }
        let Some(end) = tail.find('}') else {
            out.push_str(tail);
            return out;
        };
        let key = &tail[1..end];
        match fill(key, s) {
            Some(v) => out.push_str(&v),
            None => out.push_str(&tail[..=end]),
        }
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The members a text names by role or id.
pub fn members_named(text: &str, s: &Scope) -> Vec<MemberId> {
    placeholders(text)
        .iter()
        .flat_map(|p| {
            let name = match p.key.split_once(':') {
                Some((k, who)) if MEMBER_KEYS.contains(&k) => who,
                Some(_) => "",
                None => p.key.split('.').next().unwrap_or(""),
            };
            s.members(name).iter().copied()
        })
        .collect()
}

fn fill(key: &str, s: &Scope) -> Option<String> {
    if key == "turn" {
        return Some(s.now().to_string());
    }
    if let Some((kind, arg)) = key.split_once(':') {
        let st = s.state;
        if MEMBER_KEYS.contains(&kind) {
            let ms = s.members(arg);
            let m = st.members.get(*ms.first()?)?;
            return Some(match kind {
                "scrip" => m.scrip.to_string(),
                _ => m.hunger.to_string(),
            });
        }
        if kind == "metric" {
            let v = st.events.metrics.as_ref()?.get(arg)?;
            return Some(if v.fract() == 0.0 {
                format!("{v:.0}")
            } else {
                format!("{v:.2}")
            });
        }
        let g = s.world.good(arg)?;
        return Some(match kind {
            "good" => s.world.good_name(g).to_string(),
            "unit" => s.world.scenario.goods[g].unit.clone(),
            "stock" => st.stock(g).to_string(),
            "pool" => st.goods[g].pool.to_string(),
            "price" => st.goods[g]
                .last_price
                .unwrap_or(s.world.goods[g].base_cost)
                .to_string(),
            _ => return None,
        });
    }
    let (name, attr) = key.split_once('.').unwrap_or((key, "first"));
    let ms = s.members(name);
    if ms.is_empty() {
        // A role bound to nobody reads as "nobody"; an unknown name is left as written.
        return s
            .roles
            .iter()
            .any(|(r, _)| r == name)
            .then(|| "nobody".into());
    }
    let words: Vec<String> = ms.iter().map(|&m| word(s.world, m, attr)).collect();
    Some(join(&words))
}

/// One member's name or pronoun.
fn word(world: &World, m: MemberId, attr: &str) -> String {
    let def = &world.scenario.members[m];
    let (they, them, their) = pronouns(&def.pronouns);
    let w = match attr.to_lowercase().as_str() {
        "name" => def.name.clone(),
        "they" => they.to_string(),
        "them" => them.to_string(),
        "their" => their.to_string(),
        // The short name in whole words: "Dr. Ortiz", never "Dr.".
        _ => world.short_name(m).to_string(),
    };
    if attr.starts_with(char::is_uppercase) {
        capitalise(&w)
    } else {
        w
    }
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// "Ava", "Ava and Lou", "Ava, Lou and Eli", "Ava, Lou, Eli and 4 others".
fn join(words: &[String]) -> String {
    match words {
        [] => "nobody".to_string(),
        [a] => a.clone(),
        _ if words.len() > 5 => format!("{} and {} others", words[..3].join(", "), words.len() - 3),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
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
        let w = |xs: &[&str]| join(&xs.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(w(&["Ava"]), "Ava");
        assert_eq!(w(&["Ava", "Lou"]), "Ava and Lou");
        assert_eq!(w(&["Ava", "Lou", "Eli"]), "Ava, Lou and Eli");
        assert_eq!(w(&["a", "b", "c", "d", "e", "f"]), "a, b, c and 3 others");
    }
}
