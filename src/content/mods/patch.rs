//! Patch operations on a content tree: set a field, add to a list or map, remove from one,
//! scale a number. A path is dot-separated: a field, a map key, a list index, or the id
//! (`id`, `good` or `dimension` field) of a list element — `needs.medicine.amount`.

use crate::content::diag::nearest;
use crate::content::mods::tree::{Kind, Node};

/// Follow `path` from `root`. With `create`, a missing last map key is added (holding
/// `()`), so `Set` can add an entry; every field is always written out, so a missing
/// field is a typo.
pub fn walk<'a>(root: &'a mut Node, path: &str, create: bool) -> Result<&'a mut Node, String> {
    let segs: Vec<&str> = path.split('.').collect();
    if path.is_empty() || segs.iter().any(|s| s.is_empty()) {
        return Err(format!(
            "`{path}` is not a path: write field names joined by `.`"
        ));
    }
    let mut node = root;
    for (i, seg) in segs.iter().enumerate() {
        let last = i + 1 == segs.len() && create;
        let at = segs[..i].join(".");
        node = child(node, seg, last).map_err(|e| {
            if at.is_empty() {
                e
            } else {
                format!("in `{at}`: {e}")
            }
        })?;
    }
    Ok(node)
}

fn child<'a>(node: &'a mut Node, seg: &str, create: bool) -> Result<&'a mut Node, String> {
    // `Some(x)` stands for `x`.
    let is_some =
        matches!(&node.kind, Kind::Tuple(Some(n), items) if n == "Some" && items.len() == 1);
    match &mut node.kind {
        Kind::Struct(_, fields) => {
            if let Some(i) = fields.iter().position(|(f, _)| f == seg) {
                return Ok(&mut fields[i].1);
            }
            let names: Vec<&str> = fields.iter().map(|(f, _)| f.as_str()).collect();
            Err(missing("field", seg, &names))
        }
        Kind::Map(entries) => {
            if let Some(i) = entries.iter().position(|(k, _)| k.as_str() == Some(seg)) {
                return Ok(&mut entries[i].1);
            }
            if create {
                let key = Node::new(Kind::Atom(format!("\"{seg}\"")));
                entries.push((key, Node::new(Kind::Atom("()".into()))));
                let end = entries.len() - 1;
                return Ok(&mut entries[end].1);
            }
            let keys: Vec<&str> = entries.iter().filter_map(|(k, _)| k.as_str()).collect();
            Err(missing("key", seg, &keys))
        }
        Kind::List(items) | Kind::Tuple(_, items) => {
            if is_some {
                return child(&mut items[0], seg, create);
            }
            if let Ok(i) = seg.parse::<usize>() {
                let len = items.len();
                return items
                    .get_mut(i)
                    .ok_or_else(|| format!("index {i} is past the end ({len} items)"));
            }
            if let Some(i) = items.iter().position(|n| n.key() == Some(seg)) {
                return Ok(&mut items[i]);
            }
            let keys: Vec<&str> = items.iter().filter_map(Node::key).collect();
            Err(missing("item", seg, &keys))
        }
        Kind::Atom(a) => Err(format!("`{a}` has no part `{seg}`")),
    }
}

fn missing(what: &str, seg: &str, known: &[&str]) -> String {
    let hint = nearest(seg, known.iter().copied())
        .map(|n| format!(" (did you mean `{n}`?)"))
        .unwrap_or_default();
    format!("no {what} `{seg}`{hint}; there is: {}", known.join(", "))
}

/// `Set(path, value)`.
pub fn set(root: &mut Node, path: &str, value: Node) -> Result<(), String> {
    *walk(root, path, true)? = value;
    Ok(())
}

/// `AddTo(path, value)`: append to a list, or merge a map's entries into a map.
pub fn add_to(root: &mut Node, path: &str, value: Node) -> Result<(), String> {
    let target = walk(root, path, false)?;
    match (&mut target.kind, value.kind) {
        // A list added to a list of non-lists adds each of its items.
        (Kind::List(items), Kind::List(more)) if !items.iter().any(is_list) => items.extend(more),
        (Kind::List(items), kind) => items.push(Node { at: 0, kind }),
        (Kind::Map(entries), Kind::Map(more)) => {
            for (k, v) in more {
                match entries.iter_mut().find(|(e, _)| e.same(&k)) {
                    Some(e) => e.1 = v,
                    None => entries.push((k, v)),
                }
            }
        }
        (Kind::Map(_), _) => {
            return Err(format!(
                "`{path}` is a map: add entries as a map, `{{\"key\": value}}`"
            ));
        }
        _ => {
            return Err(format!(
                "`{path}` is `{target}`, not a list or a map; use Set to change it"
            ));
        }
    }
    Ok(())
}

fn is_list(n: &Node) -> bool {
    matches!(n.kind, Kind::List(_))
}

/// `RemoveFrom(path, value)`: remove the list items equal to `value` or keyed by it (a
/// string names an item's id, a tuple matches tuples that start with it), or a map's key.
pub fn remove_from(root: &mut Node, path: &str, value: &Node) -> Result<(), String> {
    let target = walk(root, path, false)?;
    let matches = |n: &Node| {
        n.same(value)
            || value.as_str().is_some_and(|k| n.key() == Some(k))
            || match (&n.kind, &value.kind) {
                (Kind::Tuple(_, xs), Kind::Tuple(None, ys)) => {
                    ys.len() <= xs.len() && ys.iter().zip(xs).all(|(y, x)| x.same(y))
                }
                _ => false,
            }
    };
    let removed = match &mut target.kind {
        Kind::List(items) => {
            let before = items.len();
            items.retain(|n| !matches(n));
            before - items.len()
        }
        Kind::Map(entries) => {
            let before = entries.len();
            entries.retain(|(k, _)| !matches(k));
            before - entries.len()
        }
        _ => {
            return Err(format!(
                "`{path}` is `{target}`, not a list or a map; use Set to change it"
            ));
        }
    };
    if removed == 0 {
        return Err(format!("nothing in `{path}` matches `{value}`"));
    }
    Ok(())
}

/// `Scale(path, factor)`: multiply a number; whole numbers stay whole (rounded).
pub fn scale(root: &mut Node, path: &str, factor: f64) -> Result<(), String> {
    if !factor.is_finite() || factor < 0.0 {
        return Err(format!(
            "the factor is {factor}; expected a number of 0 or more"
        ));
    }
    let target = walk(root, path, false)?;
    let text = match &target.unwrap_some().kind {
        Kind::Atom(a) => a.clone(),
        _ => String::new(),
    };
    let Ok(v) = text.parse::<f64>() else {
        return Err(format!("`{path}` is `{target}`, not a number"));
    };
    let whole = !text.contains(['.', 'e', 'E']);
    let scaled = v * factor;
    let out = if whole {
        format!("{}", scaled.round())
    } else {
        let s = format!("{scaled}");
        if s.contains(['.', 'e', 'E']) || !s.chars().all(|c| c.is_ascii_digit() || c == '-') {
            s
        } else {
            format!("{s}.0")
        }
    };
    target.kind = Kind::Atom(out);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::mods::tree::parse;

    fn member() -> Node {
        parse(
            r#"(id: "tom", charisma: 0.5, skills: {"grain": 4}, needs: [(good: "grain", amount: 2), (good: "medicine", amount: 1)], values: {"x": 0.1}, pool: 10, tool: None)"#,
        )
        .unwrap()
    }

    fn v(s: &str) -> Node {
        parse(s).unwrap()
    }

    #[test]
    fn set_replaces_and_creates() {
        let mut m = member();
        set(&mut m, "needs.medicine.amount", v("3")).unwrap();
        set(&mut m, "skills.cloth", v("2")).unwrap();
        set(&mut m, "tool", v("\"tools\"")).unwrap();
        let e = set(&mut m, "charsma", v("1")).unwrap_err();
        assert!(e.contains("did you mean `charisma`"), "{e}");
        assert_eq!(
            m.to_string(),
            r#"(id: "tom", charisma: 0.5, skills: {"grain": 4, "cloth": 2}, needs: [(good: "grain", amount: 2), (good: "medicine", amount: 3)], values: {"x": 0.1}, pool: 10, tool: "tools")"#
        );
        let e = set(&mut m, "needs.medcine.amount", v("1")).unwrap_err();
        assert!(e.contains("did you mean `medicine`"), "{e}");
    }

    #[test]
    fn add_remove_and_scale() {
        let mut m = member();
        add_to(&mut m, "needs", v(r#"(good: "cloth", amount: 1)"#)).unwrap();
        add_to(&mut m, "values", v(r#"{"y": -0.5}"#)).unwrap();
        remove_from(&mut m, "needs", &v("\"grain\"")).unwrap();
        remove_from(&mut m, "values", &v("\"x\"")).unwrap();
        scale(&mut m, "pool", 1.26).unwrap();
        scale(&mut m, "charisma", 2.0).unwrap();
        assert_eq!(
            m.to_string(),
            r#"(id: "tom", charisma: 1.0, skills: {"grain": 4}, needs: [(good: "medicine", amount: 1), (good: "cloth", amount: 1)], values: {"y": -0.5}, pool: 13, tool: None)"#
        );
        assert!(remove_from(&mut m, "needs", &v("\"grain\"")).is_err());
        assert!(scale(&mut m, "needs", 2.0).is_err());
        assert!(add_to(&mut m, "pool", v("1")).is_err());
    }
}
