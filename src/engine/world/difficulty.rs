//! Difficulty: easy, normal or hard, as three named multipliers applied to a scenario before
//! it is resolved — the starting stocks, the weight of storylets that bring hardship, and how
//! harshly hunger bites. Normal changes nothing, so a normal game is the scenario as written.
//! Applied to the content, a game's save embeds what was played and replays it unchanged.

use serde::{Deserialize, Serialize};

use crate::engine::world::Scenario;
use crate::engine::world::story::{Effect, Storylet};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Difficulty {
    Easy,
    #[default]
    Normal,
    Hard,
}

/// What a difficulty changes, each a documented multiplier (in per cent) or shift.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Levels {
    /// Starting stocks — the community pools and every member's holdings — in per cent.
    pub stocks_pct: u32,
    /// The weight of storylets that bring hardship (see [`hardship`]), in per cent.
    pub hardship_weight_pct: u32,
    /// Output lost per level of hunger (`deprivation.output_loss_pct`), in per cent of the
    /// scenario's own.
    pub hunger_loss_pct: u32,
    /// Added to the hunger at which a member is in crisis (`deprivation.crisis_hunger`).
    pub crisis_shift: i32,
}

impl Difficulty {
    pub const ALL: [Difficulty; 3] = [Difficulty::Easy, Difficulty::Normal, Difficulty::Hard];

    pub fn name(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Normal => "normal",
            Difficulty::Hard => "hard",
        }
    }

    /// A difficulty by its name.
    pub fn parse(s: &str) -> Result<Difficulty, String> {
        Difficulty::ALL
            .into_iter()
            .find(|d| d.name() == s)
            .ok_or_else(|| format!("no difficulty `{s}`: easy, normal or hard"))
    }

    /// What it changes, in one sentence.
    pub fn describe(self) -> &'static str {
        match self {
            Difficulty::Easy => {
                "twice the stores, a third of the hardships, hunger bites half as hard"
            }
            Difficulty::Normal => "the scenario as written",
            Difficulty::Hard => {
                "half the stores, three times the hardships, hunger bites twice as hard"
            }
        }
    }

    pub fn levels(self) -> Levels {
        match self {
            Difficulty::Easy => Levels {
                stocks_pct: 200,
                hardship_weight_pct: 30,
                hunger_loss_pct: 50,
                crisis_shift: 1,
            },
            Difficulty::Normal => Levels {
                stocks_pct: 100,
                hardship_weight_pct: 100,
                hunger_loss_pct: 100,
                crisis_shift: 0,
            },
            Difficulty::Hard => Levels {
                stocks_pct: 50,
                hardship_weight_pct: 300,
                hunger_loss_pct: 200,
                crisis_shift: -1,
            },
        }
    }

    /// The scenario at this difficulty (unchanged at normal).
    pub fn apply(self, sc: &mut Scenario) {
        if self == Difficulty::Normal {
            return;
        }
        let l = self.levels();
        let pct =
            |x: u32, p: u32| (u64::from(x) * u64::from(p) / 100).min(u64::from(u32::MAX)) as u32;
        for g in &mut sc.goods {
            g.pool = pct(g.pool, l.stocks_pct);
        }
        for m in &mut sc.members {
            for n in m.holdings.values_mut() {
                *n = pct(*n, l.stocks_pct);
            }
            // A holding halved to nothing is no holding: content keeps no zero quantities.
            m.holdings.retain(|_, n| *n > 0);
        }
        for st in sc.storylets.iter_mut().filter(|s| hardship(s)) {
            st.weight = pct(st.weight, l.hardship_weight_pct).max(1);
        }
        let dep = &mut sc.meta.params.deprivation;
        dep.output_loss_pct = pct(dep.output_loss_pct, l.hunger_loss_pct).min(100);
        dep.crisis_hunger = dep
            .crisis_hunger
            .saturating_add_signed(l.crisis_shift)
            .max(1);
    }
}

/// A storylet brings hardship when what it does on firing (not its choices) takes goods or
/// scrip away, cuts output, adds a need or sends a member away: a drought, an illness, a fire.
pub fn hardship(st: &Storylet) -> bool {
    st.effects.iter().any(|e| match e {
        Effect::Pool { amount, .. }
        | Effect::Holdings { amount, .. }
        | Effect::Scrip { amount, .. } => *amount < 0,
        Effect::Output { percent, .. } => *percent < 100,
        Effect::AddNeed { .. } | Effect::Leave(_) => true,
        _ => false,
    })
}
