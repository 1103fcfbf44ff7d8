//! Storylet conditions compiled for drawing: the goods, members, roles, venues and status
//! dimensions they name are resolved to indices once, when the world is built, so the
//! draws of a turn (every storylet's condition, every candidate for every role) look no
//! string up. A compiled condition holds exactly when `cond::holds` says the written one
//! does; what is rarely drawn on is kept as written and handed to `cond::holds`.

use crate::engine::events::cond::{self, Scope};
use crate::engine::events::text::Cut;
use crate::engine::state::{MemberState, State};
use crate::engine::types::{GoodId, Mark, MemberId, Regime};
use crate::engine::world::World;
use crate::engine::world::story::{Cond, Has, Storylet};

/// A storylet's conditions, compiled: its own and each role's, in role order, and the turns
/// its own may hold in (`window`); and its texts, cut.
#[derive(Debug, Clone, PartialEq)]
pub struct Checks {
    pub when: Check,
    pub roles: Vec<Check>,
    pub window: (u32, u32),
    pub texts: Texts,
}

/// A storylet's texts cut at their placeholders: its title, its text, and each choice's
/// label and text.
#[derive(Debug, Clone, PartialEq)]
pub struct Texts {
    pub title: Cut,
    pub text: Cut,
    pub choices: Vec<(Cut, Cut)>,
}

/// A compiled `Cond`. An id that does not resolve is `None`, and the condition on it is
/// false, as `cond::holds` has it.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    All(Vec<Check>),
    Any(Vec<Check>),
    Not(Box<Check>),
    TurnAtLeast(u32),
    TurnAtMost(u32),
    RegimeIs(Option<GoodId>, Regime),
    MemberHas(Who, Test),
    BondAbove(Who, Who, f64),
    VenueOpen(Option<usize>),
    FlagSet(String),
    /// Evaluated as written.
    Written(Cond),
}

/// A name in a condition: the first of the storylet's roles so named (once bound), else
/// the member of that id — `Scope::members` resolved ahead.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Who {
    role: Option<usize>,
    member: Option<MemberId>,
}

/// A compiled `Has`.
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    Present,
    /// The members named that exist.
    OneOf(Vec<MemberId>),
    Mark(Option<usize>, Mark),
    Need(Option<GoodId>),
    Want(Option<GoodId>),
    Skill(Option<GoodId>, u32),
    Holds(Option<GoodId>, u32),
    Unmet(Option<GoodId>, u32),
    Met(Option<GoodId>, u32),
    Asks(Option<GoodId>),
    ScripAtLeast(u64),
    ScripBelow(u64),
    HungerAtLeast(u32),
    InCrisis,
    /// Evaluated as written.
    Written(Has),
}

/// Every storylet's conditions compiled against `world`, indexed like its storylets.
pub fn compile_all(world: &World) -> Vec<Checks> {
    world
        .scenario
        .storylets
        .iter()
        .map(|s| Checks {
            when: compile(world, s, &s.when),
            roles: s.roles.iter().map(|r| compile(world, s, &r.when)).collect(),
            window: window(&s.when),
            texts: Texts {
                title: Cut::of(&s.title),
                text: Cut::of(&s.text),
                choices: (s.choices.iter())
                    .map(|c| (Cut::of(&c.label), Cut::of(&c.text)))
                    .collect(),
            },
        })
        .collect()
}

/// The first and last turn `when` may hold in as far as its turn window says: a
/// `TurnAtLeast`, `TurnAtMost` or `Opens` on its own or among an `All`'s conditions that
/// fails rules the whole out (`cond::holds` would say no), so a draw passes over the
/// storylets outside their window without evaluating their conditions.
pub fn window(when: &Cond) -> (u32, u32) {
    let mut w = (0, u32::MAX);
    let mut narrow = |c: &Cond| match *c {
        Cond::TurnAtLeast(n) | Cond::Opens(n, _) => w.0 = w.0.max(n),
        Cond::TurnAtMost(n) => w.1 = w.1.min(n),
        _ => {}
    };
    match when {
        Cond::All(cs) => cs.iter().for_each(&mut narrow),
        c => narrow(c),
    }
    w
}

fn compile(world: &World, s: &Storylet, c: &Cond) -> Check {
    let who = |name: &str| Who {
        role: s.roles.iter().position(|r| r.id == name),
        member: world.member(name),
    };
    // Conditions have no effects, so those of an `All` or `Any` may be tested in any order:
    // the cheap first, so that they settle most answers.
    let all = |cs: &[Cond]| {
        let mut all: Vec<Check> = cs.iter().map(|c| compile(world, s, c)).collect();
        all.sort_by_key(cost);
        all
    };
    match c {
        Cond::All(cs) => Check::All(all(cs)),
        Cond::Any(cs) => Check::Any(all(cs)),
        Cond::Not(c) => Check::Not(Box::new(compile(world, s, c))),
        Cond::TurnAtLeast(n) => Check::TurnAtLeast(*n),
        Cond::TurnAtMost(n) => Check::TurnAtMost(*n),
        Cond::RegimeIs(g, r) => Check::RegimeIs(world.good(g), *r),
        Cond::MemberHas(name, test) => Check::MemberHas(who(name), compile_test(world, test)),
        Cond::BondAbove(a, b, w) => Check::BondAbove(who(a), who(b), *w),
        Cond::VenueOpen(id) => {
            Check::VenueOpen(world.scenario.meta.venues.iter().position(|v| v.id == *id))
        }
        Cond::FlagSet(f) => Check::FlagSet(f.clone()),
        c => Check::Written(c.clone()),
    }
}

/// A rough rank of what testing a condition costs: a field read, a member's test, a lookup
/// by string or a walk over several, a bond, a condition as written (which may look up
/// ids, draw a window's opening or walk a member's ties).
fn cost(c: &Check) -> u8 {
    match c {
        Check::TurnAtLeast(_)
        | Check::TurnAtMost(_)
        | Check::RegimeIs(..)
        | Check::VenueOpen(_) => 0,
        Check::MemberHas(_, Test::Written(_)) | Check::Written(_) => 4,
        Check::MemberHas(..) => 1,
        Check::Not(c) => cost(c),
        Check::All(_) | Check::Any(_) | Check::FlagSet(_) => 2,
        Check::BondAbove(..) => 3,
    }
}

fn compile_test(world: &World, test: &Has) -> Test {
    let good = |id: &str| world.good(id);
    match test {
        Has::Present => Test::Present,
        Has::OneOf(ids) => Test::OneOf(ids.iter().filter_map(|id| world.member(id)).collect()),
        Has::Mark(dim, mark) => Test::Mark(world.dimension(dim), *mark),
        Has::Need(g) => Test::Need(good(g)),
        Has::Want(g) => Test::Want(good(g)),
        Has::Skill(g, n) => Test::Skill(good(g), *n),
        Has::Holds(g, n) => Test::Holds(good(g), *n),
        Has::Unmet(g, n) => Test::Unmet(good(g), *n),
        Has::Met(g, n) => Test::Met(good(g), *n),
        Has::Asks(g) => Test::Asks(good(g)),
        Has::ScripAtLeast(n) => Test::ScripAtLeast(*n),
        Has::ScripBelow(n) => Test::ScripBelow(*n),
        Has::HungerAtLeast(n) => Test::HungerAtLeast(*n),
        Has::InCrisis => Test::InCrisis,
        t => Test::Written(t.clone()),
    }
}

/// What a condition is evaluated against: `cond::Scope`, whose roles are bound in the
/// storylet's role order (a draw binds them so).
pub fn holds(c: &Check, s: &Scope) -> bool {
    let st = s.state;
    match c {
        Check::All(cs) => cs.iter().all(|c| read(c, s).unwrap_or_else(|| holds(c, s))),
        Check::Any(cs) => cs.iter().any(|c| read(c, s).unwrap_or_else(|| holds(c, s))),
        Check::Not(c) => !holds(c, s),
        Check::MemberHas(who, test) => {
            let ms = members(who, s);
            !ms.is_empty() && ms.iter().all(|&m| has(test, m, s))
        }
        Check::BondAbove(a, b, w) => {
            let (a, b) = (members(a, s), members(b, s));
            let mut pairs = a
                .iter()
                .flat_map(|&x| b.iter().map(move |&y| (x, y)))
                .filter(|(x, y)| x != y)
                .peekable();
            pairs.peek().is_some() && pairs.all(|(x, y)| st.bonds.get(x, y) > *w)
        }
        Check::FlagSet(f) => st.flags.contains(f),
        Check::Written(c) => cond::holds(c, s),
        c => read(c, s) == Some(true),
    }
}

/// `holds` for a storylet's own condition, with its `All` taken in line: the draws test every
/// ready storylet's, and a storylet without conditions (an empty `All`) then costs no call.
#[inline]
pub fn holds_when(c: &Check, s: &Scope) -> bool {
    match c {
        Check::All(cs) => cs.iter().all(|c| read(c, s).unwrap_or_else(|| holds(c, s))),
        c => holds(c, s),
    }
}

/// A condition that is one read of the state (or its negation), tested in line: an `All`'s
/// or `Any`'s many such conditions cost no call each. `None` for any other.
#[inline(always)]
fn read(c: &Check, s: &Scope) -> Option<bool> {
    match c {
        Check::Not(c) => field(c, s).map(|b| !b),
        c => field(c, s),
    }
}

#[inline(always)]
fn field(c: &Check, s: &Scope) -> Option<bool> {
    let st = s.state;
    Some(match c {
        Check::TurnAtLeast(n) => s.now() >= *n,
        Check::TurnAtMost(n) => s.now() <= *n,
        Check::RegimeIs(g, r) => g.is_some_and(|g| st.goods[g].regime == *r),
        Check::VenueOpen(v) => v
            .filter(|&v| v < st.venues.len())
            .is_some_and(|v| st.venues[v].open),
        _ => return None,
    })
}

/// `holds` for a role's condition while member `m` is tried in role `r`, the last bound in
/// `s`: a `MemberHas` on role `r` itself (the usual form) tests `m` directly.
pub fn holds_for(c: &Check, r: usize, m: MemberId, s: &Scope) -> bool {
    match c {
        Check::MemberHas(who, test) if who.role == Some(r) => has(test, m, s),
        Check::All(cs) => cs.iter().all(|c| match c {
            Check::MemberHas(who, test) if who.role == Some(r) => has(test, m, s),
            c => holds_for(c, r, m, s),
        }),
        c => holds(c, s),
    }
}

/// The test of a role's condition that is a `MemberHas` on role `r` itself (the usual form):
/// a candidate for the role passes the condition when it passes the test (`has`).
pub fn own_test(c: &Check, r: usize) -> Option<&Test> {
    match c {
        Check::MemberHas(who, test) if who.role == Some(r) => Some(test),
        _ => None,
    }
}

/// The test that a candidate for role `r` must pass first: the role's condition when it is a
/// `MemberHas` on role `r` itself, or the first of an `All`'s (the cheapest, `compile`).
pub fn first_own_test(c: &Check, r: usize) -> Option<&Test> {
    match c {
        Check::All(cs) => cs.first().and_then(|c| own_test(c, r)),
        c => own_test(c, r),
    }
}

/// Add to `out`, in member order, the present members that pass `test` (`has`) and are not
/// `taken`. `test` is matched once for all of them, and the crisis roles' hunger tests (the
/// candidates most tried) read one field a member.
pub fn select(test: &Test, s: &Scope, taken: impl Fn(MemberId) -> bool, out: &mut Vec<MemberId>) {
    fn each(
        st: &State,
        taken: impl Fn(MemberId) -> bool,
        out: &mut Vec<MemberId>,
        fits: impl Fn(MemberId, &MemberState) -> bool,
    ) {
        for (m, mem) in st.members.iter().enumerate() {
            if mem.present && fits(m, mem) && !taken(m) {
                out.push(m);
            }
        }
    }
    let st = s.state;
    match *test {
        Test::InCrisis => {
            let crisis = st.params.deprivation.crisis_hunger;
            each(st, taken, out, |_, mem| mem.hunger >= crisis)
        }
        Test::HungerAtLeast(n) => each(st, taken, out, |_, mem| mem.hunger >= n),
        _ => each(st, taken, out, |m, _| has(test, m, s)),
    }
}

/// The members a name stands for (`Scope::members`).
fn members<'a>(who: &'a Who, s: &Scope<'a>) -> &'a [MemberId] {
    match who.role {
        Some(k) if k < s.roles.len() => &s.roles[k].1,
        _ => who.member.as_slice(),
    }
}

/// Whether member `m` passes `test` (`cond::has`).
pub fn has(test: &Test, m: MemberId, s: &Scope) -> bool {
    let st: &State = s.state;
    let Some(mem) = st.members.get(m) else {
        return false;
    };
    let streak = |g: &Option<GoodId>| g.and_then(|g| st.events.streak(m, g));
    match test {
        Test::Present => mem.present,
        Test::OneOf(ms) => ms.contains(&m),
        Test::Mark(d, mark) => d.is_some_and(|d| mem.marks.get(d) == Some(mark)),
        Test::Need(g) => g.is_some_and(|g| mem.need_of(g) > 0),
        Test::Asks(g) => g.is_some_and(|g| {
            mem.need_of(g) > 0 || mem.interests.iter().any(|i| i.good == g && i.amount > 0)
        }),
        Test::Want(g) => g.is_some_and(|g| mem.wants.iter().any(|w| w.0 == g && w.1 > 0)),
        Test::Skill(g, n) => g.is_some_and(|g| mem.skills[g] >= *n),
        Test::Holds(g, n) => g.is_some_and(|g| mem.holdings[g] >= *n),
        Test::Unmet(g, n) => streak(g).is_some_and(|x| x.unmet >= *n),
        Test::Met(g, n) => streak(g).is_some_and(|x| x.met >= *n),
        Test::ScripAtLeast(n) => mem.scrip >= *n,
        Test::ScripBelow(n) => mem.scrip < *n,
        Test::HungerAtLeast(n) => mem.hunger >= *n,
        Test::InCrisis => mem.hunger >= st.params.deprivation.crisis_hunger,
        Test::Written(t) => cond::has(t, m, s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::aid::tests::world;
    use crate::engine::state::events::Bindings;

    /// Compiled and written conditions agree: storylets' own and every role's, for every
    /// member in every role, with earlier roles bound, names that are roles not yet bound,
    /// members, and ids that resolve to nothing.
    #[test]
    fn compiled_conditions_hold_as_written() {
        let base = world(
            &[
                ("rich", false, 2, 12, 0.0),
                ("tom", false, 2, 0, 0.0),
                ("poor", true, 3, 1, 0.0),
                ("ruth", true, 1, 2, 0.0),
            ],
            &[
                ("rich", "tom", 0.5),
                ("tom", "poor", 0.3),
                ("poor", "ruth", 0.05),
            ],
        );
        let mut sc = base.scenario.clone();
        sc.storylets = ron::from_str(
            r#"[
            (id: "a", title: "", text: "",
             when: All([TurnAtLeast(1), TurnAtMost(5), RegimeIs("grain", Aid), Not(RegimeIs("bread", Aid))]),
             roles: [
                (id: "x", when: Any([MemberHas("x", Need("grain")), MemberHas("x", Mark("trans", Low)), MemberHas("z", Present)])),
                (id: "y", when: All([MemberHas("y", Holds("grain", 2)), BondAbove("x", "y", 0.1), Not(MemberHas("x", OneOf(["tom", "nobody"])))])),
                (id: "z", when: Any([MemberHas("z", Want("grain")), All([MemberHas("tom", Present), MemberHas("y", Skill("grain", 1))]), MemberHas("ghost", Present), VenueOpen("nowhere"), MemberHas("z", Unmet("grain", 0)), MemberHas("z", ScripBelow(5)), MemberHas("z", ScripAtLeast(3)), MemberHas("z", HungerAtLeast(1)), MemberHas("z", InCrisis)])),
             ]),
            (id: "b", title: "", text: "",
             when: Any([MemberHas("rich", Asks("grain")), MemberHas("poor", Met("grain", 0)), FlagSet("f"), BondAbove("rich", "tom", 0.4), MemberHas("poor", Mark("nothing", Low))])),
            (id: "c", title: "", text: "", when: All([BondAbove("tom", "poor", 0.4), MemberHas("ruth", Holds("salt", 0))])),
        ]"#,
        )
        .unwrap();
        let world = World::new(sc).unwrap();
        let state = State::new(&world, 7);
        let n = world.scenario.members.len();
        let (mut held, mut checked) = (0, 0);
        for (i, s) in world.scenario.storylets.iter().enumerate() {
            let c = &world.checks()[i];
            let none: Bindings = Vec::new();
            let scope = Scope {
                world: &world,
                state: &state,
                roles: &none,
            };
            assert_eq!(
                holds(&c.when, &scope),
                cond::holds(&s.when, &scope),
                "{}",
                s.id
            );
            for (r, role) in s.roles.iter().enumerate() {
                for m in 0..n {
                    for shift in 0..n {
                        let mut roles: Bindings = s.roles[..r]
                            .iter()
                            .enumerate()
                            .map(|(k, x)| (x.id.clone(), vec![(m + k + shift) % n]))
                            .collect();
                        roles.push((role.id.clone(), vec![m]));
                        let scope = Scope {
                            world: &world,
                            state: &state,
                            roles: &roles,
                        };
                        let written = cond::holds(&role.when, &scope);
                        assert_eq!(holds(&c.roles[r], &scope), written, "{} role {r}", s.id);
                        held += usize::from(written);
                        checked += 1;
                    }
                }
            }
        }
        // Both answers came up.
        assert!(held > 0 && held < checked, "{held} of {checked}");
    }
}
