//! Load order: dependencies first, then the manifests' `load_after`/`load_before` hints,
//! then by id. A missing dependency or a cycle is a located error in the `mod.ron` at fault.

use std::collections::{BTreeMap, BTreeSet};

use crate::content::diag::{Diagnostic, Severity, nearest};
use crate::content::mods::manifest::{Manifest, ModSource};

/// A mod whose manifest parsed.
#[derive(Debug, Clone)]
pub struct Available {
    pub manifest: Manifest,
    pub src: ModSource,
}

fn at_name<'a>(m: &'a Available, name: &str) -> (usize, &'a str) {
    // The name as written inside a list of the manifest (after `[`).
    let t = &m.src.manifest.text;
    let quoted = format!("\"{name}\"");
    let at = t
        .match_indices(&quoted)
        .map(|(i, _)| i)
        .find(|&i| t[..i].rfind('[') > t[..i].rfind(']'))
        .unwrap_or(0);
    (at, t)
}

fn error(m: &Available, name: &str, message: String) -> Diagnostic {
    let (at, text) = at_name(m, name);
    Diagnostic::at(Severity::Error, &m.src.manifest.path, text, at, message)
}

/// The mods to load for `wanted` (with their dependencies), in load order, as indices
/// into `available`.
pub fn resolve(available: &[Available], wanted: &[String]) -> Result<Vec<usize>, Vec<Diagnostic>> {
    resolve_with(available, wanted, &BTreeMap::new())
}

/// [`resolve`], knowing the mods installed that do not load (`broken`: their folder name →
/// their errors), so a mod named or depended on that is there but broken is reported with
/// its own errors, never as missing.
pub fn resolve_with(
    available: &[Available],
    wanted: &[String],
    broken: &BTreeMap<String, Vec<Diagnostic>>,
) -> Result<Vec<usize>, Vec<Diagnostic>> {
    let index: BTreeMap<&str, usize> = available
        .iter()
        .enumerate()
        .map(|(i, m)| (m.manifest.id.as_str(), i))
        .collect();
    let mut errors = Vec::new();
    let mut chosen = BTreeSet::new();
    let mut queue: Vec<usize> = Vec::new();
    for w in wanted {
        match index.get(w.as_str()) {
            Some(&i) => queue.push(i),
            None if broken.contains_key(w) => errors.extend(does_not_load(w, &broken[w])),
            None => {
                let hint = nearest(w, index.keys().copied())
                    .map(|n| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default();
                errors.push(Diagnostic::at_line_col(
                    Severity::Error,
                    w,
                    "",
                    1,
                    1,
                    format!(
                        "no mod `{w}`{hint}; available: {}",
                        index.keys().copied().collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
        }
    }
    while let Some(i) = queue.pop() {
        if !chosen.insert(i) {
            continue;
        }
        for d in &available[i].manifest.dependencies {
            match index.get(d.as_str()) {
                Some(&j) => queue.push(j),
                None if broken.contains_key(d) => {
                    errors.push(error(
                        &available[i],
                        d,
                        format!(
                            "mod `{}` depends on `{d}`, which is installed but does not load (its errors follow)",
                            available[i].manifest.id
                        ),
                    ));
                    errors.extend(broken[d].iter().cloned());
                }
                None => {
                    let hint = nearest(d, index.keys().copied())
                        .map(|n| format!(" (did you mean `{n}`?)"))
                        .unwrap_or_default();
                    errors.push(error(
                        &available[i],
                        d,
                        format!(
                            "mod `{}` depends on `{d}`, which is not installed{hint}",
                            available[i].manifest.id
                        ),
                    ));
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Edges `before → after`, among the chosen mods only.
    let mut after: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for &i in &chosen {
        let m = &available[i].manifest;
        let lookup = |n: &String| {
            index
                .get(n.as_str())
                .copied()
                .filter(|j| chosen.contains(j))
        };
        for j in m
            .dependencies
            .iter()
            .chain(&m.load_after)
            .filter_map(lookup)
        {
            after.entry(j).or_default().insert(i);
        }
        for j in m.load_before.iter().filter_map(lookup) {
            after.entry(i).or_default().insert(j);
        }
    }
    let mut incoming: BTreeMap<usize, usize> = chosen.iter().map(|&i| (i, 0)).collect();
    for set in after.values() {
        for j in set {
            *incoming.entry(*j).or_default() += 1;
        }
    }
    let id = |i: &usize| available[*i].manifest.id.clone();
    let mut ready: BTreeSet<(String, usize)> = incoming
        .iter()
        .filter(|(_, n)| **n == 0)
        .map(|(i, _)| (id(i), *i))
        .collect();
    let mut order = Vec::new();
    while let Some((_, i)) = ready.pop_first() {
        order.push(i);
        for j in after.get(&i).into_iter().flatten() {
            let n = incoming.entry(*j).or_default();
            *n -= 1;
            if *n == 0 {
                ready.insert((id(j), *j));
            }
        }
    }
    if order.len() < chosen.len() {
        return Err(cycle(available, &after, &order, &chosen));
    }
    Ok(order)
}

/// A mod named that is installed but does not load: its errors, the first saying so.
fn does_not_load(id: &str, errors: &[Diagnostic]) -> Vec<Diagnostic> {
    let mut out = errors.to_vec();
    if let Some(first) = out.first_mut() {
        first.message = format!(
            "mod `{id}` does not load: {} ({} error(s) in its folder)",
            first.message,
            errors.len()
        );
    }
    out
}

/// Report the mods left over by the sort: find one cycle among them and locate each link.
fn cycle(
    available: &[Available],
    after: &BTreeMap<usize, BTreeSet<usize>>,
    done: &[usize],
    chosen: &BTreeSet<usize>,
) -> Vec<Diagnostic> {
    let left: BTreeSet<usize> = chosen
        .iter()
        .filter(|i| !done.contains(i))
        .copied()
        .collect();
    // Walk edges within the leftovers until a node repeats.
    let mut path: Vec<usize> = Vec::new();
    let mut cur = left.first().copied().unwrap_or(0);
    while !path.contains(&cur) {
        path.push(cur);
        cur = after
            .get(&cur)
            .and_then(|s| s.iter().find(|j| left.contains(j)).copied())
            .unwrap_or(cur);
    }
    let start = path.iter().position(|&p| p == cur).unwrap_or(0);
    let ring: Vec<usize> = path[start..].to_vec();
    let names: Vec<&str> = ring
        .iter()
        .chain(ring.first())
        .map(|&i| available[i].manifest.id.as_str())
        .collect();
    let shown = names.join(" → ");
    ring.iter()
        .zip(ring.iter().cycle().skip(1))
        .map(|(&a, &b)| {
            // `a` loads before `b`: b names a (dependency / load_after) or a names b (load_before).
            let (ma, mb) = (&available[a], &available[b]);
            let names_a = mb
                .manifest
                .dependencies
                .iter()
                .chain(&mb.manifest.load_after)
                .any(|d| *d == ma.manifest.id);
            let msg = format!("load order cycle: {shown} (each must load before the next)");
            if names_a {
                error(mb, &ma.manifest.id, msg)
            } else {
                error(ma, &mb.manifest.id, msg)
            }
        })
        .collect()
}

/// Whether `later` declares that it loads after `earlier` (so overriding it is deliberate).
pub fn declared_after(later: &Manifest, earlier: &Manifest) -> bool {
    later
        .dependencies
        .iter()
        .chain(&later.load_after)
        .any(|d| *d == earlier.id)
        || earlier.load_before.contains(&later.id)
}
