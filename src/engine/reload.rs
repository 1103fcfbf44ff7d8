//! Reloading content mid-game. The shell reads and validates the new content (the engine
//! reads no files), offers the resolved `World` to the game, then submits
//! `Command::Reload { content_hash }`; a replay offers the same worlds and replays the same
//! log. The state carries over, so the new content must keep the shape the state indexes:
//! the same goods, members, dimensions and venues, in the same order.

use crate::engine::hash;
use crate::engine::state::State;
use crate::engine::world::World;

/// The hash a `Command::Reload` names: of the whole scenario content.
pub fn content_hash(world: &World) -> u64 {
    hash::hash_of(&world.scenario)
}

/// Why `new` cannot replace `old` in a game in `state`, if it cannot.
pub fn incompatible(old: &World, new: &World, state: &State) -> Option<String> {
    let (a, b) = (&old.scenario, &new.scenario);
    let same = |what: &str, x: Vec<&str>, y: Vec<&str>| {
        (x != y).then(|| {
            format!(
                "the {what} changed ({} → {}); a game can reload only content with the same {what}, in the same order — start a new game to play this",
                x.join(", "),
                y.join(", ")
            )
        })
    };
    same(
        "goods",
        a.goods.iter().map(|g| g.id.as_str()).collect(),
        b.goods.iter().map(|g| g.id.as_str()).collect(),
    )
    .or_else(|| {
        same(
            "members",
            a.members.iter().map(|m| m.id.as_str()).collect(),
            b.members.iter().map(|m| m.id.as_str()).collect(),
        )
    })
    .or_else(|| {
        same(
            "status dimensions",
            a.meta.dimensions.iter().map(|d| d.id.as_str()).collect(),
            b.meta.dimensions.iter().map(|d| d.id.as_str()).collect(),
        )
    })
    .or_else(|| {
        same(
            "venues",
            a.meta.venues.iter().map(|v| v.id.as_str()).collect(),
            b.meta.venues.iter().map(|v| v.id.as_str()).collect(),
        )
    })
    .or_else(|| {
        // Content that ends before the turns already played would leave the game past its
        // own end ("month 31 of 30").
        (b.meta.turns <= state.turn).then(|| {
            format!(
                "the game has played {} turns and the new content lasts {}; a reload must leave turns to play",
                state.turn, b.meta.turns
            )
        })
    })
    .or_else(|| {
        state.events.pending.iter().find_map(|p| {
            let kept = b
                .storylets
                .iter()
                .find(|s| s.id == p.storylet)
                .is_some_and(|s| s.choices.len() >= p.choices.len());
            (!kept).then(|| {
                format!(
                    "storylet `{}` waits for an answer but the new content drops it or its choices",
                    p.storylet
                )
            })
        })
    })
}

/// Carry the state over to the new world: the scenario's parameters take effect; the
/// policy stays the player's.
pub fn adopt(new: &World, state: &mut State) {
    state.params = new.scenario.meta.params.clone();
}
