//! The world the engine plays: the scenario as modders write it (`scenario`, `story`: the
//! types the RON files deserialise into) and `World`, that scenario resolved for play — ids
//! turned into indices once, so the turn loop never looks a string up.

pub mod difficulty;
pub mod scenario;
pub mod story;

use std::collections::BTreeMap;

use crate::engine::events::check::{self, Checks};
use crate::engine::types::{GoodId, GoodKind, MemberId, Priority};

pub use scenario::Scenario;

/// A good's fixed properties, with ids resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct GoodDef {
    pub kind: GoodKind,
    pub spoilage: u32,
    pub base_cost: u32,
    pub inputs: Vec<(GoodId, u32)>,
    pub tool: Option<GoodId>,
    pub tool_bonus: u32,
    /// The most urgent priority any member's need of this good has (allocation order).
    pub top_priority: Priority,
}

/// A workplace's fixed properties, with ids resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkplaceDef {
    pub good: GoodId,
    pub per_day: u32,
    pub shift: u32,
    pub crew: Vec<MemberId>,
    pub owner: Option<MemberId>,
    /// Shareholders and their per cent.
    pub shares: Vec<(MemberId, u32)>,
    pub fair_pct: u32,
}

/// The immutable side of a game: its scenario and the indices derived from it.
#[derive(Debug, Clone, PartialEq)]
pub struct World {
    pub scenario: Scenario,
    pub goods: Vec<GoodDef>,
    good_index: BTreeMap<String, GoodId>,
    member_index: BTreeMap<String, MemberId>,
    dimension_index: BTreeMap<String, usize>,
    /// Goods in the order they are allocated: most urgent need first, then scenario order.
    pub allocation_order: Vec<GoodId>,
    /// Indexed like the scenario's workplaces.
    pub workplaces: Vec<WorkplaceDef>,
    /// Each member's name when space is short (`short_name`).
    short_names: Vec<String>,
    /// The storylets' indices in the order of their ids (`storylets_by_id`).
    storylets_by_id: Vec<usize>,
    /// The storylets' conditions compiled (`checks`).
    checks: Vec<Checks>,
}

impl World {
    /// Resolve a validated scenario. Fails (never panics) on a dangling id, naming it.
    pub fn new(scenario: Scenario) -> Result<World, String> {
        let good_index: BTreeMap<String, GoodId> = scenario
            .goods
            .iter()
            .enumerate()
            .map(|(i, g)| (g.id.clone(), i))
            .collect();
        let member_index: BTreeMap<String, MemberId> = scenario
            .members
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id.clone(), i))
            .collect();
        let dimension_index = scenario
            .meta
            .dimensions
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        let lookup = |id: &str| {
            good_index
                .get(id)
                .copied()
                .ok_or_else(|| format!("unknown good `{id}`"))
        };
        let mut goods = Vec::with_capacity(scenario.goods.len());
        for g in &scenario.goods {
            let inputs = g
                .recipe
                .inputs
                .iter()
                .map(|(id, n)| lookup(id).map(|i| (i, *n)))
                .collect::<Result<Vec<_>, _>>()?;
            let tool = g.recipe.tool.as_deref().map(lookup).transpose()?;
            let top_priority = scenario
                .members
                .iter()
                .flat_map(|m| m.needs.iter())
                .filter(|n| n.good == g.id)
                .map(|n| n.priority)
                .min()
                .unwrap_or(Priority::Flourishing);
            goods.push(GoodDef {
                kind: g.kind,
                spoilage: g.spoilage.min(100),
                base_cost: g.base_cost,
                inputs,
                tool,
                tool_bonus: g.recipe.tool_bonus,
                top_priority,
            });
        }
        for m in &scenario.members {
            for id in m
                .skills
                .keys()
                .chain(m.work.keys())
                .chain(m.holdings.keys())
                .chain(m.needs.iter().map(|n| &n.good))
                .chain(m.wants.iter().map(|w| &w.good))
                .chain(m.interests.iter().map(|i| &i.good))
            {
                lookup(id)?;
            }
        }
        let member = |id: &str| {
            member_index
                .get(id)
                .copied()
                .ok_or_else(|| format!("unknown member `{id}`"))
        };
        let mut workplaces = Vec::with_capacity(scenario.meta.workplaces.len());
        for w in &scenario.meta.workplaces {
            workplaces.push(WorkplaceDef {
                good: lookup(&w.good)?,
                per_day: w.per_day,
                shift: w.shift,
                crew: w
                    .crew
                    .iter()
                    .map(|id| member(id))
                    .collect::<Result<_, _>>()?,
                owner: w.owner.as_deref().map(member).transpose()?,
                shares: w
                    .shares
                    .iter()
                    .map(|(id, n)| member(id).map(|m| (m, *n)))
                    .collect::<Result<_, _>>()?,
                fair_pct: w.fair_pct,
            });
        }
        let mut allocation_order: Vec<GoodId> = (0..goods.len()).collect();
        allocation_order.sort_by_key(|&g| (goods[g].top_priority, g));
        let short_names = scenario.members.iter().map(|m| short(&m.name)).collect();
        let mut storylets_by_id: Vec<usize> = (0..scenario.storylets.len()).collect();
        storylets_by_id.sort_by(|&a, &b| scenario.storylets[a].id.cmp(&scenario.storylets[b].id));
        let mut world = World {
            checks: Vec::new(),
            storylets_by_id,
            short_names,
            scenario,
            goods,
            good_index,
            member_index,
            dimension_index,
            allocation_order,
            workplaces,
        };
        world.checks = check::compile_all(&world);
        Ok(world)
    }

    /// The storylets' indices ordered by id, as `EventsState::fired` is: the two are read
    /// side by side instead of looking each storylet up.
    pub fn storylets_by_id(&self) -> &[usize] {
        &self.storylets_by_id
    }

    /// The storylets' conditions with their ids resolved, indexed like the storylets.
    pub fn checks(&self) -> &[Checks] {
        &self.checks
    }

    /// A workplace's index by id.
    pub fn workplace(&self, id: &str) -> Option<usize> {
        self.scenario
            .meta
            .workplaces
            .iter()
            .position(|w| w.id == id)
    }

    pub fn good(&self, id: &str) -> Option<GoodId> {
        self.good_index.get(id).copied()
    }

    pub fn member(&self, id: &str) -> Option<MemberId> {
        self.member_index.get(id).copied()
    }

    /// A member id's index as a one-member slice (borrowed, so lookups allocate nothing).
    pub fn member_slice(&self, id: &str) -> &[MemberId] {
        self.member_index.get(id).map_or(&[], std::slice::from_ref)
    }

    pub fn dimension(&self, id: &str) -> Option<usize> {
        self.dimension_index.get(id).copied()
    }

    pub fn good_name(&self, g: GoodId) -> &str {
        &self.scenario.goods[g].name
    }

    pub fn member_name(&self, m: MemberId) -> &str {
        &self.scenario.members[m].name
    }

    /// A member's name when space is short, in whole words: the first name, or a title
    /// with the last name ("Dr. Ortiz", never "Dr.").
    pub fn short_name(&self, m: MemberId) -> &str {
        &self.short_names[m]
    }
}

/// The short form of a name: its first word, unless that is a title (ends in `.`), then the
/// title and the last word.
fn short(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.as_slice() {
        [] => name.to_string(),
        [title, .., last] if title.ends_with('.') => format!("{title} {last}"),
        [first, ..] => first.to_string(),
    }
}

#[cfg(test)]
mod short_name_tests {
    #[test]
    fn a_short_name_is_whole_words_and_keeps_a_title_with_the_last_name() {
        assert_eq!(super::short("Ava Moreno"), "Ava");
        assert_eq!(super::short("Dr. Lena Ortiz"), "Dr. Ortiz");
        assert_eq!(super::short("Rev. Clara Holm"), "Rev. Holm");
        assert_eq!(super::short("Kit"), "Kit");
        assert_eq!(super::short("Dr."), "Dr.");
    }
}
