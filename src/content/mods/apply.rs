//! Operation files and applying them: add, replace, patch or remove content by id; two mods
//! setting the same field without declaring an order is a conflict reported at both.

use std::collections::BTreeMap;
use std::rc::Rc;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::content::diag::{Diagnostic, Severity, nearest};
use crate::content::load;
use crate::content::mods::order::{Available, declared_after};
use crate::content::mods::{patch, tree};
use crate::content::source::Source;
use crate::engine::world::scenario::{Good, Member, Scenario, ScenarioMeta, Venue};
use crate::engine::world::story::Storylet;

/// One operation of a mod file.
#[derive(Debug, Deserialize)]
pub enum Action {
    /// Add new content; its id must be new.
    Add(Content),
    /// Replace content with the same id entirely.
    Replace(Content),
    /// Change fields of existing content.
    Patch(Target, Vec<Op>),
    /// Remove content by id.
    Remove(Target),
}

/// Whole content, as in the scenario's own files.
#[derive(Debug, Deserialize)]
pub enum Content {
    Good(Box<Good>),
    Member(Box<Member>),
    Storylet(Box<Storylet>),
    Venue(Box<Venue>),
}

/// What an operation changes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub enum Target {
    /// `scenario.ron`: rules, policy, params, bonds, objectives …
    Scenario,
    Good(String),
    Member(String),
    Storylet(String),
    Venue(String),
}

impl Target {
    fn describe(&self) -> String {
        match self {
            Target::Scenario => "the scenario".into(),
            Target::Good(id) => format!("good `{id}`"),
            Target::Member(id) => format!("member `{id}`"),
            Target::Storylet(id) => format!("storylet `{id}`"),
            Target::Venue(id) => format!("venue `{id}`"),
        }
    }
}

/// A change to one field; paths are dot-separated (`needs.medicine.amount`).
#[derive(Debug, Deserialize)]
pub enum Op {
    Set(String, Box<ron::value::RawValue>),
    AddTo(String, Box<ron::value::RawValue>),
    RemoveFrom(String, Box<ron::value::RawValue>),
    Scale(String, f64),
}

/// RON options for mod files: `Member(id: …)` may stand for `Member((id: …))`.
pub fn mod_options() -> ron::Options {
    load::ron_options().with_default_extension(ron::extensions::Extensions::UNWRAP_VARIANT_NEWTYPES)
}

/// Content a scenario holds by id.
trait Entity: Serialize + DeserializeOwned {
    fn id(&self) -> &str;
    fn list(sc: &mut Scenario) -> &mut Vec<Self>;
}

macro_rules! entity {
    ($t:ty, |$sc:ident| $list:expr) => {
        impl Entity for $t {
            fn id(&self) -> &str {
                &self.id
            }
            fn list($sc: &mut Scenario) -> &mut Vec<Self> {
                $list
            }
        }
    };
}

entity!(Good, |sc| &mut sc.goods);
entity!(Member, |sc| &mut sc.members);
entity!(Storylet, |sc| &mut sc.storylets);
entity!(Venue, |sc| &mut sc.meta.venues);

/// A mod file shared by every operation written in it, with where its lines start: a site
/// is an offset into it, so recording one costs nothing whatever the file's size (copying
/// the file, or counting its lines from the top, for every operation is quadratic).
#[derive(Debug)]
pub struct ModFile {
    pub src: Source,
    lines: Vec<usize>,
}

impl ModFile {
    pub fn new(src: &Source) -> Rc<ModFile> {
        let lines = std::iter::once(0)
            .chain(src.text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Rc::new(ModFile {
            src: src.clone(),
            lines,
        })
    }

    /// A diagnostic at a byte offset, its line found by binary search.
    pub(crate) fn diag(&self, severity: Severity, offset: usize, message: String) -> Diagnostic {
        let t = &self.src.text;
        let mut offset = offset.min(t.len());
        while !t.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.lines.partition_point(|&s| s <= offset).max(1);
        let start = self.lines[line - 1];
        let end = t[start..].find('\n').map_or(t.len(), |i| start + i);
        let col = t[start..offset].chars().count() + 1;
        Diagnostic::in_line(severity, &self.src.path, &t[start..end], line, col, message)
    }
}

/// Where an operation was written.
#[derive(Debug, Clone)]
pub struct Site {
    pub mod_id: String,
    /// The file and the byte range of the action, to find a field within it.
    pub file: Rc<ModFile>,
    pub range: (usize, usize),
}

impl Site {
    fn new(mod_id: &str, file: &Rc<ModFile>, offset: usize) -> Site {
        Site {
            mod_id: mod_id.to_string(),
            file: Rc::clone(file),
            range: (offset, offset),
        }
    }

    pub fn diag(&self, severity: Severity, message: String) -> Diagnostic {
        self.file.diag(severity, self.range.0, message)
    }

    fn shown(&self) -> String {
        let d = self.diag(Severity::Error, String::new());
        format!("{}:{}:{}", d.path, d.line, d.col)
    }
}

/// The scenario as the mods leave it, with who last touched what.
pub struct Applied {
    pub scenario: Scenario,
    /// The last operation that changed each piece of content.
    pub touched: BTreeMap<Target, Site>,
    pub diags: Vec<Diagnostic>,
}

/// Whether a mod's file is its thesis tests.
pub fn is_hypotheses(src: &Source) -> bool {
    std::path::Path::new(&src.path)
        .file_name()
        .is_some_and(|n| n == crate::content::HYPOTHESES)
}

/// Apply the mods in order to a scenario.
pub fn apply(mut scenario: Scenario, mods: &[&Available]) -> Applied {
    let mut st = State {
        touched: BTreeMap::new(),
        set_by: BTreeMap::new(),
        removed: BTreeMap::new(),
        diags: Vec::new(),
    };
    for m in mods {
        // A mod's thesis tests are the lab's, not content (`lab::thesis::with_mods`).
        for src in m.src.files.iter().filter(|f| !is_hypotheses(f)) {
            let file = ModFile::new(src);
            let actions: Vec<Action> = match load::parse_with(src, &mod_options()) {
                Ok(a) => a,
                Err(d) => {
                    st.diags.push(d);
                    continue;
                }
            };
            // The tree gives each action's and operation's offset.
            let items = match tree::parse(&src.text).map(|n| n.kind) {
                Ok(tree::Kind::List(items)) => items,
                _ => Vec::new(),
            };
            for (i, action) in actions.into_iter().enumerate() {
                let node = items.get(i);
                let at = node.map_or(0, |n| n.at);
                let op_at: Vec<(usize, usize)> = match node.map(|n| &n.kind) {
                    Some(tree::Kind::Tuple(_, parts)) => match parts.get(1).map(|p| &p.kind) {
                        Some(tree::Kind::List(ops)) => ops
                            .iter()
                            .map(|o| match &o.kind {
                                tree::Kind::Tuple(_, args) if args.len() == 2 => {
                                    (args[0].at, args[1].at)
                                }
                                _ => (o.at, o.at),
                            })
                            .collect(),
                        _ => Vec::new(),
                    },
                    _ => Vec::new(),
                };
                let end = items.get(i + 1).map_or(src.text.len(), |n| n.at);
                let mut site = Site::new(&m.manifest.id, &file, at);
                site.range = (at, end);
                st.action(&mut scenario, m, &file, action, site, &op_at);
            }
        }
    }
    Applied {
        scenario,
        touched: st.touched,
        diags: st.diags,
    }
}

struct State<'a> {
    touched: BTreeMap<Target, Site>,
    /// Who set each field (`""` for the whole of it): the mod and where.
    set_by: BTreeMap<(Target, String), (&'a Available, Site)>,
    /// Content removed, and where: adding new content under its id is a warning.
    removed: BTreeMap<Target, Site>,
    diags: Vec<Diagnostic>,
}

impl<'a> State<'a> {
    fn error(&mut self, site: &Site, message: String) {
        self.diags.push(site.diag(Severity::Error, message));
    }

    /// The claims on `target` that overlap `path`: the whole of it, `path` itself, its
    /// ancestors and its descendants — found by lookups and one range, not by a scan of
    /// every claim (quadratic over a large patch).
    fn overlapping<'s>(
        &'s self,
        target: &Target,
        path: &str,
    ) -> impl Iterator<Item = (&'s (Target, String), &'s (&'a Available, Site))> + 's {
        let key = |p: &str| (target.clone(), p.to_string());
        let mut keys: Vec<(Target, String)> = vec![key("")];
        let below = if path.is_empty() {
            // The whole target: every claim on it.
            self.set_by.range(key("")..)
        } else {
            keys.extend(
                path.match_indices('.')
                    .map(|(i, _)| key(&path[..i]))
                    .chain([key(path)]),
            );
            // `/` follows `.`: the range holds exactly the paths under `path.`.
            self.set_by
                .range(key(&format!("{path}."))..key(&format!("{path}/")))
        };
        let t = target.clone();
        keys.into_iter()
            .filter_map(|k| self.set_by.get_key_value(&k))
            .chain(below.take_while(move |((bt, _), _)| *bt == t))
            .collect::<Vec<_>>()
            .into_iter()
    }

    /// Record that `m` sets `path` of `target`; a different mod setting an overlapping path
    /// before, with no declared order between them, is a conflict.
    fn claim(&mut self, m: &'a Available, target: &Target, path: &str, site: &Site) {
        let prior = self
            .overlapping(target, path)
            .find(|(_, (other, _))| other.manifest.id != m.manifest.id)
            .map(|((_, p), (other, s))| (p.clone(), *other, s.clone()));
        if let Some((p, other, first)) = prior
            && !declared_after(&m.manifest, &other.manifest)
        {
            let what = |p: &str| {
                if p.is_empty() {
                    target.describe()
                } else {
                    format!("`{p}` of {}", target.describe())
                }
            };
            self.error(
                site,
                format!(
                    "conflict: mod `{}` changes {}, which mod `{}` also changes at {}; add `load_after: [\"{}\"]` to `{}`'s mod.ron if this one should win",
                    m.manifest.id,
                    what(path),
                    other.manifest.id,
                    first.shown(),
                    other.manifest.id,
                    m.manifest.id
                ),
            );
            self.error(
                &first,
                format!(
                    "conflict: mod `{}` changes {}, which mod `{}` also changes at {}",
                    other.manifest.id,
                    what(&p),
                    m.manifest.id,
                    site.shown()
                ),
            );
        }
        self.set_by
            .insert((target.clone(), path.to_string()), (m, site.clone()));
    }

    fn action(
        &mut self,
        sc: &mut Scenario,
        m: &'a Available,
        file: &Rc<ModFile>,
        action: Action,
        site: Site,
        op_at: &[(usize, usize)],
    ) {
        match action {
            Action::Add(c) => {
                let r = match c {
                    Content::Good(x) => add(sc, *x, Target::Good),
                    Content::Member(x) => add(sc, *x, Target::Member),
                    Content::Storylet(x) => add(sc, *x, Target::Storylet),
                    Content::Venue(x) => add(sc, *x, Target::Venue),
                };
                if let Ok(t) = &r
                    && let Some(gone) = self.removed.get(t)
                {
                    let message = format!(
                        "{} reuses the id of content removed at {}: saves, replays and other mods that name `{}` will take this new one for the old; give it a new id, or use Replace to change the old",
                        t.describe(),
                        gone.shown(),
                        target_id(t)
                    );
                    self.diags.push(site.diag(Severity::Warning, message));
                }
                self.done(r, m, site, "");
            }
            Action::Replace(c) => {
                let r = match c {
                    Content::Good(x) => replace(sc, *x, Target::Good),
                    Content::Member(x) => replace(sc, *x, Target::Member),
                    Content::Storylet(x) => replace(sc, *x, Target::Storylet),
                    Content::Venue(x) => replace(sc, *x, Target::Venue),
                };
                self.done(r, m, site, "");
            }
            Action::Remove(t) => {
                let r = match &t {
                    Target::Scenario => Err("the scenario itself cannot be removed".into()),
                    Target::Good(id) => remove::<Good>(sc, id).map(|_| t.clone()),
                    Target::Member(id) => remove::<Member>(sc, id).map(|_| t.clone()),
                    Target::Storylet(id) => remove::<Storylet>(sc, id).map(|_| t.clone()),
                    Target::Venue(id) => remove::<Venue>(sc, id).map(|_| t.clone()),
                };
                if r.is_ok() {
                    self.removed.insert(t.clone(), site.clone());
                }
                self.done(r, m, site, "");
            }
            Action::Patch(t, ops) => {
                let mut errs = Vec::new();
                let mut claims = Vec::new();
                let r = match &t {
                    Target::Scenario => {
                        patch_value(&sc.meta, &ops, file, op_at, &m.manifest.id, &mut errs)
                            .map(|v: ScenarioMeta| sc.meta = v)
                    }
                    Target::Good(id) => {
                        patch_one::<Good>(sc, id, &ops, file, op_at, &m.manifest.id, &mut errs)
                    }
                    Target::Member(id) => {
                        patch_one::<Member>(sc, id, &ops, file, op_at, &m.manifest.id, &mut errs)
                    }
                    Target::Storylet(id) => {
                        patch_one::<Storylet>(sc, id, &ops, file, op_at, &m.manifest.id, &mut errs)
                    }
                    Target::Venue(id) => {
                        patch_one::<Venue>(sc, id, &ops, file, op_at, &m.manifest.id, &mut errs)
                    }
                };
                for (i, op) in ops.iter().enumerate() {
                    if let Op::Set(p, _) | Op::Scale(p, _) = op {
                        let at = op_at.get(i).map_or(0, |a| a.0);
                        claims.push((p.clone(), Site::new(&m.manifest.id, file, at)));
                    }
                }
                self.diags.extend(errs);
                match r {
                    Ok(()) => {
                        for (p, s) in claims {
                            self.claim(m, &t, &p, &s);
                        }
                        self.touched.insert(t, site);
                    }
                    Err(e) => self.error(&site, e),
                }
            }
        }
    }

    fn done(&mut self, r: Result<Target, String>, m: &'a Available, site: Site, path: &str) {
        match r {
            Ok(t) => {
                self.claim(m, &t, path, &site);
                self.touched.insert(t, site);
            }
            Err(e) => self.error(&site, e),
        }
    }
}

fn ids<T: Entity>(sc: &mut Scenario) -> Vec<String> {
    T::list(sc).iter().map(|x| x.id().to_string()).collect()
}

fn unknown<T: Entity>(sc: &mut Scenario, kind: &str, id: &str, what: &str) -> String {
    let known = ids::<T>(sc);
    let hint = nearest(id, known.iter().map(String::as_str))
        .map(|n| format!(" (did you mean `{n}`?)"))
        .unwrap_or_default();
    format!(
        "there is no {kind} `{id}` to {what}{hint}; there is: {}",
        known.join(", ")
    )
}

fn kind_of(t: &Target) -> &'static str {
    match t {
        Target::Scenario => "scenario",
        Target::Good(_) => "good",
        Target::Member(_) => "member",
        Target::Storylet(_) => "storylet",
        Target::Venue(_) => "venue",
    }
}

fn add<T: Entity>(sc: &mut Scenario, x: T, t: fn(String) -> Target) -> Result<Target, String> {
    let target = t(x.id().to_string());
    if T::list(sc).iter().any(|e| e.id() == x.id()) {
        return Err(format!(
            "there is already a {} `{}`; use Replace or Patch to change it",
            kind_of(&target),
            x.id()
        ));
    }
    T::list(sc).push(x);
    Ok(target)
}

fn replace<T: Entity>(sc: &mut Scenario, x: T, t: fn(String) -> Target) -> Result<Target, String> {
    let target = t(x.id().to_string());
    match T::list(sc).iter().position(|e| e.id() == x.id()) {
        Some(i) => {
            T::list(sc)[i] = x;
            Ok(target)
        }
        None => Err(unknown::<T>(
            sc,
            kind_of(&target),
            target_id(&target),
            "replace",
        )),
    }
}

fn target_id(t: &Target) -> &str {
    match t {
        Target::Scenario => "",
        Target::Good(id) | Target::Member(id) | Target::Storylet(id) | Target::Venue(id) => id,
    }
}

fn remove<T: Entity>(sc: &mut Scenario, id: &str) -> Result<(), String> {
    match T::list(sc).iter().position(|e| e.id() == id) {
        Some(i) => {
            T::list(sc).remove(i);
            Ok(())
        }
        None => {
            let kind = std::any::type_name::<T>()
                .rsplit("::")
                .next()
                .unwrap_or("")
                .to_lowercase();
            Err(unknown::<T>(sc, &kind, id, "remove"))
        }
    }
}

fn patch_one<T: Entity>(
    sc: &mut Scenario,
    id: &str,
    ops: &[Op],
    file: &Rc<ModFile>,
    op_at: &[(usize, usize)],
    mod_id: &str,
    errs: &mut Vec<Diagnostic>,
) -> Result<(), String> {
    let Some(i) = T::list(sc).iter().position(|e| e.id() == id) else {
        let kind = std::any::type_name::<T>()
            .rsplit("::")
            .next()
            .unwrap_or("")
            .to_lowercase();
        return Err(unknown::<T>(sc, &kind, id, "patch"));
    };
    let v = patch_value(&T::list(sc)[i], ops, file, op_at, mod_id, errs)?;
    T::list(sc)[i] = v;
    Ok(())
}

/// Apply operations to a value through its RON tree, then read it back as its type. Each
/// failing operation is reported where it was written; the rest still apply. All the
/// operations are applied and the value read back once; only when that fails are they
/// replayed one by one, reading back after each, to blame the one at fault (reading back
/// after every operation of a large patch is quadratic).
fn patch_value<T: Serialize + DeserializeOwned>(
    value: &T,
    ops: &[Op],
    file: &Rc<ModFile>,
    op_at: &[(usize, usize)],
    mod_id: &str,
    errs: &mut Vec<Diagnostic>,
) -> Result<T, String> {
    let text = ron::to_string(value).map_err(|e| format!("cannot write this content: {e}"))?;
    let start = tree::parse(&text).map_err(|(_, e)| e)?;
    let at = |i: usize| op_at.get(i).copied().unwrap_or((0, 0));
    let mut root = start.clone();
    let all_apply = ops
        .iter()
        .enumerate()
        .all(|(i, op)| apply_op(&mut root, op, at(i)).is_ok());
    if all_apply && let Ok(v) = load::ron_options().from_str(&root.to_string()) {
        return Ok(v);
    }
    let mut root = start;
    for (i, op) in ops.iter().enumerate() {
        let before = root.clone();
        // Read the value back after each operation, so a wrong value is blamed on its
        // operation (and undone), not on the patch as a whole.
        let r = apply_op(&mut root, op, at(i)).and_then(|()| {
            load::ron_options()
                .from_str::<T>(&root.to_string())
                .map(drop)
                .map_err(|e| (at(i).1, load::ron_message(&e.code)))
        });
        if let Err((at, e)) = r {
            errs.push(Site::new(mod_id, file, at).diag(Severity::Error, e));
            root = before;
        }
    }
    load::ron_options()
        .from_str(&root.to_string())
        .map_err(|e| format!("after this patch: {}", load::ron_message(&e.code)))
}

/// One operation on a tree; an error is at the op's path or its value (`(path_at,
/// value_at)`).
fn apply_op(
    root: &mut tree::Node,
    op: &Op,
    (path_at, value_at): (usize, usize),
) -> Result<(), (usize, String)> {
    let raw = |r: &ron::value::RawValue| {
        tree::parse(r.get_ron()).map_err(|(_, e)| (value_at, format!("this value: {e}")))
    };
    match op {
        Op::Set(p, v) => raw(v).and_then(|v| patch::set(root, p, v).map_err(|e| (path_at, e))),
        Op::AddTo(p, v) => raw(v).and_then(|v| patch::add_to(root, p, v).map_err(|e| (path_at, e))),
        Op::RemoveFrom(p, v) => {
            raw(v).and_then(|v| patch::remove_from(root, p, &v).map_err(|e| (path_at, e)))
        }
        Op::Scale(p, f) => patch::scale(root, p, *f).map_err(|e| (path_at, e)),
    }
}
