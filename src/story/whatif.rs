//! Roads per good: the player's game again with one good under another regime from the
//! start, everything else as the player played it — "if medicine had been sold, Ava would
//! have had her hormones 31 of 40 months instead of 9". Every good someone needs is tried
//! under each regime it did not keep all game; the few shown are those whose change moved
//! one member's months with that need met the most, either way.

use serde::Serialize;

use crate::engine::Regime;
use crate::engine::command::CommandError;
use crate::engine::types::{GoodId, MemberId};
use crate::engine::{Game, World};
use crate::story::history::History;
use crate::story::roads::Road;

/// At most this many what-ifs are told.
pub const SHOWN: usize = 3;

/// A change smaller than this many turns is no story.
const LEAST: u32 = 2;

/// One good under another regime, and the member it changed most for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WhatIf {
    pub good: GoodId,
    pub regime: Regime,
    pub member: MemberId,
    /// The need, as the member's data names it (`hormones`), or the good's name.
    pub need: String,
    /// Turns with that need met on this road, of the turns the member needed it.
    pub met: u32,
    pub of: u32,
    /// The same on the player's road.
    pub player_met: u32,
    pub player_of: u32,
}

/// Try each good someone needs under each regime it did not keep every turn (`play` plays
/// such a road), and keep the `SHOWN` that changed most for someone, one per good.
pub fn search(
    player: &Road,
    mut play: impl FnMut(GoodId, Regime) -> Result<Road, CommandError>,
) -> Result<Vec<WhatIf>, CommandError> {
    let world = player.game.world();
    let mut best: Vec<(u32, WhatIf)> = Vec::new();
    for g in 0..world.scenario.goods.len() {
        let needers: Vec<MemberId> = (0..world.scenario.members.len())
            .filter(|&m| needs(&player.history, m, g).1 > 0)
            .collect();
        if needers.is_empty() {
            continue;
        }
        let mut top: Option<(u32, WhatIf)> = None;
        for regime in Regime::ALL {
            if kept(&player.history, &player.game, g, regime) {
                continue;
            }
            let road = play(g, regime)?;
            for &m in &needers {
                let (player_met, player_of) = needs(&player.history, m, g);
                let (met, of) = needs(&road.history, m, g);
                let change = met.abs_diff(player_met);
                if change >= LEAST && top.as_ref().is_none_or(|(c, _)| change > *c) {
                    let w = WhatIf {
                        good: g,
                        regime,
                        member: m,
                        need: label(&player.history, world, m, g),
                        met,
                        of,
                        player_met,
                        player_of,
                    };
                    top = Some((change, w));
                }
            }
        }
        best.extend(top);
    }
    // Largest change first; equal changes in the goods' order.
    best.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.good.cmp(&b.1.good)));
    Ok(best.into_iter().take(SHOWN).map(|(_, w)| w).collect())
}

/// Whether good `g` was under `regime` alone every turn of the player's game (so that road
/// is the player's own).
fn kept(history: &History, game: &Game, g: GoodId, regime: Regime) -> bool {
    let now = &game.state().goods[g];
    let every_turn = history.reports.iter().all(|r| {
        r.goods
            .iter()
            .find(|x| x.good == g)
            .is_none_or(|x| x.layers.len() == 1 && x.layers[0].regime == regime)
    });
    every_turn && now.regime == regime && now.fallback.is_none()
}

/// Turns member `m` had every need for good `g` met, and turns they had one.
fn needs(history: &History, m: MemberId, g: GoodId) -> (u32, u32) {
    let mut met = 0;
    let mut of = 0;
    for r in &history.reports {
        let Some(mr) = r.members.iter().find(|x| x.member == m) else {
            continue;
        };
        let mut these = mr.needs.iter().filter(|o| o.good == g).peekable();
        if these.peek().is_none() {
            continue;
        }
        of += 1;
        met += u32::from(these.all(|o| o.met >= o.needed));
    }
    (met, of)
}

fn label(history: &History, world: &World, m: MemberId, g: GoodId) -> String {
    history
        .reports
        .iter()
        .flat_map(|r| r.members.iter().filter(|x| x.member == m))
        .flat_map(|x| x.needs.iter().filter(|o| o.good == g))
        .map(|o| o.label.clone())
        .find(|l| !l.is_empty())
        .unwrap_or_else(|| world.good_name(g).to_string())
}

/// What a regime does to a good, for a sentence ("had been sold").
fn done(regime: Regime) -> &'static str {
    match regime {
        Regime::Commons => "shared out by meeting",
        Regime::Exchange => "sold",
        Regime::Aid => "given as aid",
    }
}

impl WhatIf {
    /// "If medicine had been sold from the start, Ava Moreno's need for medicine (hormones)
    /// would have been met 31 of 40 months instead of 9."
    pub fn sentence(&self, world: &World) -> String {
        let member = &world.scenario.members[self.member];
        let good = world.good_name(self.good).to_lowercase();
        let unit = &world.scenario.meta.turn_unit;
        let need = if self.need.is_empty() || self.need.to_lowercase() == good {
            good.clone()
        } else {
            format!("{good} ({})", self.need)
        };
        // Fewer turns needed on one road than the other: the member left (or came) sooner.
        let (met, instead) = if self.of == self.player_of {
            (
                format!("{} of {} {unit}s", self.met, self.of),
                format!("{}", self.player_met),
            )
        } else {
            (
                format!(
                    "{} of the {} {unit}s {} was there",
                    self.met,
                    self.of,
                    world.short_name(self.member)
                ),
                format!("{} of {}", self.player_met, self.player_of),
            )
        };
        format!(
            "If {good} had been {} from the start, {}'s need for {need} would have been met {met} instead of {instead}.",
            done(self.regime),
            member.name,
        )
    }
}
