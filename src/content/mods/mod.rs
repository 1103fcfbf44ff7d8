//! Mods: folders with a `mod.ron` manifest and RON files of operations that add, replace,
//! patch or remove a scenario's content. They load in a defined order and the result goes
//! through the same validation as a scenario; problems the mods cause are reported in the
//! mod files that caused them.

pub mod apply;
pub mod manifest;
pub mod order;
pub mod patch;
pub mod reload;
pub mod tree;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::content::diag::{self, Diagnostic, Severity};
use crate::content::load::{Loaded, pretty};
use crate::content::locate::Check;
use crate::content::source::{Source, Sources};
use crate::content::validate;
use crate::content::{self as content, Origin};
use crate::engine::world::Scenario;
use apply::Target;
pub use manifest::{MOD_DIR, Manifest, ModSource};
pub use order::Available;

/// A mod used by a game, as recorded in saves.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ModRef {
    pub id: String,
    pub version: String,
}

/// A scenario with its mods applied and validated.
#[derive(Debug, Clone)]
pub struct Modded {
    pub loaded: Loaded,
    pub origin: Origin,
    /// The mods applied, in load order.
    pub mods: Vec<ModRef>,
    /// [`content::content_hash`] of the final scenario.
    pub content_hash: u64,
}

/// Every mod found (embedded, `assets/mods`, `dirs`) whose manifest parses, by id, and the
/// problems met finding them.
pub fn available(dirs: &[PathBuf]) -> (Vec<Available>, Vec<Diagnostic>) {
    let (sources, mut diags) = manifest::catalog(dirs);
    let mut out: Vec<Available> = Vec::new();
    for src in sources {
        match manifest::parse(&src) {
            Ok(manifest) => {
                out.retain(|a| a.manifest.id != manifest.id);
                out.push(Available { manifest, src });
            }
            Err(d) => diags.extend(d),
        }
    }
    out.sort_by(|a, b| a.manifest.id.cmp(&b.manifest.id));
    (out, diags)
}

/// Problems met finding mods, by the name of the mod folder they are in: a mod whose
/// manifest or files do not read is known by its folder's name (its id, by convention).
pub fn by_folder(found: Vec<Diagnostic>) -> BTreeMap<String, Vec<Diagnostic>> {
    let mut out: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
    for d in found {
        let folder = std::path::Path::new(&d.path)
            .parent()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned());
        if let Some(f) = folder {
            out.entry(f).or_default().push(d);
        }
    }
    out
}

/// The mods named (and their dependencies) in load order, or why they cannot load: a mod
/// not installed, or installed but broken (its own errors), a missing dependency, a cycle.
pub fn named(mods: &[String], dirs: &[PathBuf]) -> Result<Vec<Available>, Vec<Diagnostic>> {
    let (avail, found) = available(dirs);
    let order = order::resolve_with(&avail, mods, &by_folder(found))?;
    Ok(order.into_iter().map(|i| avail[i].clone()).collect())
}

/// Load a scenario (id or folder) with the mods named (and their dependencies), looking for
/// mods in `assets/mods` and `dirs` as well as among the embedded ones.
pub fn open(scenario: &str, mods: &[String], dirs: &[PathBuf]) -> Result<Modded, Vec<Diagnostic>> {
    // A folder named with `--mods` that is not there is a mistake, whether or not a mod is.
    let missing: Vec<Diagnostic> = dirs
        .iter()
        .filter(|d| !d.is_dir())
        .map(|d| {
            Diagnostic::file(
                &d.display().to_string(),
                "no such folder: `--mods` takes a mod folder or a folder of mods".into(),
            )
        })
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    let (sources, origin) = content::find(scenario)?;
    if mods.is_empty() {
        let loaded = content::load::load(&sources)?;
        let content_hash = content::content_hash(&loaded.scenario);
        return Ok(Modded {
            loaded,
            origin,
            mods: Vec::new(),
            content_hash,
        });
    }
    // Problems with mods that were not asked for do not stop this game (`agora check`
    // reports them); a mod asked for that does not load does, with its errors.
    let (avail, found) = available(dirs);
    let order = order::resolve_with(&avail, mods, &by_folder(found))?;
    let chosen: Vec<&Available> = order.iter().map(|&i| &avail[i]).collect();
    with_mods(&sources, &chosen).map(|(loaded, refs)| Modded {
        content_hash: content::content_hash(&loaded.scenario),
        loaded,
        origin,
        mods: refs,
    })
}

/// Apply mods (already in load order) to a scenario's sources and validate the result.
pub fn with_mods(
    sources: &Sources,
    mods: &[&Available],
) -> Result<(Loaded, Vec<ModRef>), Vec<Diagnostic>> {
    let base = content::load::load(sources)?;
    let sc_id = base.scenario.meta.id.clone();
    let mut diags = Vec::new();
    for m in mods {
        if !m.manifest.scenarios.is_empty() && !m.manifest.scenarios.contains(&sc_id) {
            let at = m.src.manifest.text.find("scenarios").unwrap_or(0);
            diags.push(Diagnostic::at(
                Severity::Error,
                &m.src.manifest.path,
                &m.src.manifest.text,
                at,
                format!(
                    "mod `{}` is for {}, not scenario `{sc_id}`",
                    m.manifest.id,
                    m.manifest.scenarios.join(", ")
                ),
            ));
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let applied = apply::apply(base.scenario, mods);
    diags.extend(applied.diags);
    diags.extend(final_check(&applied.scenario, sources, &applied.touched));
    diag::dedup(&mut diags);
    validate::root_causes(&mut diags);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    let refs = mods
        .iter()
        .map(|m| ModRef {
            id: m.manifest.id.clone(),
            version: m.manifest.version.clone(),
        })
        .collect();
    Ok((
        Loaded {
            scenario: applied.scenario,
            warnings: diags,
        },
        refs,
    ))
}

/// One piece of content in a file written out for validation, and its lines.
struct Span {
    target: Target,
    first: usize,
    last: usize,
}

/// Validate the modded scenario against its contents written out as RON, then report each
/// problem where it came from: at the mod operation that last changed the content, or in
/// the scenario's own file when no mod touched it.
fn final_check(
    sc: &Scenario,
    base: &Sources,
    touched: &std::collections::BTreeMap<Target, apply::Site>,
) -> Vec<Diagnostic> {
    let mut spans: Vec<(String, Vec<Span>)> = Vec::new();
    let mut file = |path: &str, items: Vec<(Target, String)>, list: bool| {
        let mut text = String::new();
        let mut out = Vec::new();
        // Lines so far, counted as the text grows (recounting it each time is quadratic).
        let mut lines = 0;
        if list {
            text.push_str("[\n");
            lines += 1;
        }
        for (target, body) in items {
            let first = lines + 1;
            text.push_str(&body);
            text.push_str(if list { ",\n" } else { "\n" });
            lines += body.matches('\n').count() + 1;
            let last = lines;
            out.push(Span {
                target,
                first,
                last,
            });
        }
        if list {
            text.push(']');
        }
        spans.push((path.to_string(), out));
        Source {
            path: path.to_string(),
            text,
        }
    };
    let written = Sources {
        scenario: file(
            &base.scenario.path,
            vec![(Target::Scenario, pretty(&sc.meta))],
            false,
        ),
        goods: file(
            &base.goods.path,
            sc.goods
                .iter()
                .map(|g| (Target::Good(g.id.clone()), pretty(g)))
                .collect(),
            true,
        ),
        members: file(
            &base.members.path,
            sc.members
                .iter()
                .map(|m| (Target::Member(m.id.clone()), pretty(m)))
                .collect(),
            true,
        ),
        storylets: file(
            &base.storylets.path,
            sc.storylets
                .iter()
                .map(|s| (Target::Storylet(s.id.clone()), pretty(s)))
                .collect(),
            true,
        ),
    };
    let originals = [&base.scenario, &base.goods, &base.members, &base.storylets];
    validate::validate(sc, &written)
        .into_iter()
        .map(|d| {
            let span = spans
                .iter()
                .filter(|(p, _)| *p == d.path)
                .flat_map(|(_, s)| s)
                .find(|s| (s.first..=s.last).contains(&d.line));
            // Venues live in scenario.ron; a problem there may be in a modded venue.
            let venue = touched.keys().find(
                |t| matches!(t, Target::Venue(id) if d.source_line.contains(&format!("\"{id}\""))),
            );
            let target = venue.or(span.map(|s| &s.target));
            match target.and_then(|t| touched.get(t).map(|site| (t, site))) {
                Some((t, site)) => {
                    let message = format!(
                        "{} (in {} as mod `{}` leaves it)",
                        d.message,
                        describe(t),
                        site.mod_id
                    );
                    let at = locate(&d, &site.file.src, site.range).unwrap_or(site.range.0);
                    site.file.diag(d.severity, at, message)
                }
                None => {
                    let Some(orig) = originals.iter().find(|o| o.path == d.path) else {
                        return d;
                    };
                    relocate(&d, orig, target)
                }
            }
        })
        .collect()
}

fn describe(t: &Target) -> String {
    match t {
        Target::Scenario => "scenario.ron".into(),
        Target::Good(id) => format!("good `{id}`"),
        Target::Member(id) => format!("member `{id}`"),
        Target::Storylet(id) => format!("storylet `{id}`"),
        Target::Venue(id) => format!("venue `{id}`"),
    }
}

/// Find the offending field of untouched content in the scenario's own file.
fn relocate(d: &Diagnostic, orig: &Source, target: Option<&Target>) -> Diagnostic {
    let mut sink = Vec::new();
    let c = Check::new(orig, &mut sink);
    let from = match target {
        Some(Target::Good(id) | Target::Member(id) | Target::Storylet(id) | Target::Venue(id)) => {
            c.entity(id)
        }
        _ => 0,
    };
    // From the start of that line, so the entity's own `id:` can be found.
    let from = orig.text[..from].rfind('\n').map_or(0, |i| i + 1);
    let end = target
        .and_then(|_| orig.text[from..].find("\n    (").map(|i| from + i + 1))
        .unwrap_or(orig.text.len());
    let at = locate(d, orig, (from, end)).unwrap_or(from);
    Diagnostic::at(d.severity, &orig.path, &orig.text, at, d.message.clone())
}

/// Where in `range` of `src` the problem `d` (found in written-out content) lies: the first
/// id the message names, in quotes, or the field its line starts with.
fn locate(d: &Diagnostic, src: &Source, (from, to): (usize, usize)) -> Option<usize> {
    let text = src.text.get(from..to.min(src.text.len()))?;
    let named = d.message.split('`').nth(1).filter(|n| !n.is_empty());
    // A parameter's element (`params.wellbeing.weights.2`) is set by its array's path.
    let array = named
        .and_then(|n| n.rsplit_once('.'))
        .filter(|(_, i)| i.parse::<usize>().is_ok());
    for n in named.into_iter().chain(array.map(|(n, _)| n)) {
        if let Some(i) = text.find(&format!("\"{n}\"")) {
            return Some(from + i);
        }
    }
    let line = d.source_line.trim_start();
    let field: String = line
        .chars()
        .take_while(|ch| ch.is_alphanumeric() || *ch == '_')
        .collect();
    if field.is_empty() || !line[field.len()..].trim_start().starts_with(':') {
        return None;
    }
    let mut sink = Vec::new();
    let c = Check::new(src, &mut sink);
    let at = c.field(from, &field);
    (at != from && at < to).then_some(at)
}
