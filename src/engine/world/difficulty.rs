//! Difficulty: easy, normal or hard, as named multipliers applied to a scenario before it is
//! resolved — the starting stocks, the weight of storylets that bring hardship, how hard each
//! hardship hits, and how harshly hunger bites. Normal changes nothing, so a normal game is the scenario as written.
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
    /// How hard a hardship hits, in per cent: what it takes, how deep it cuts output, the
    /// needs it adds, and how many turns each lasts (see [`harsher`]).
    pub harm_pct: u32,
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
                "twice the stores, hardships rarer and half as harsh, hunger bites half as hard"
            }
            Difficulty::Normal => "the scenario as written",
            Difficulty::Hard => {
                "half the stores, hardships sooner and half again as harsh, hunger bites twice as hard"
            }
        }
    }

    pub fn levels(self) -> Levels {
        match self {
            Difficulty::Easy => Levels {
                stocks_pct: 200,
                hardship_weight_pct: 30,
                harm_pct: 50,
                hunger_loss_pct: 50,
                crisis_shift: 1,
            },
            Difficulty::Normal => Levels {
                stocks_pct: 100,
                hardship_weight_pct: 100,
                harm_pct: 100,
                hunger_loss_pct: 100,
                crisis_shift: 0,
            },
            Difficulty::Hard => Levels {
                stocks_pct: 50,
                hardship_weight_pct: 300,
                harm_pct: 150,
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
            for e in &mut st.effects {
                harsher(e, l.harm_pct);
            }
        }
        let dep = &mut sc.meta.params.deprivation;
        dep.output_loss_pct = pct(dep.output_loss_pct, l.hunger_loss_pct).min(100);
        dep.crisis_hunger = dep
            .crisis_hunger
            .saturating_add_signed(l.crisis_shift)
            .max(1);
    }
}

/// A hardship's effect scaled by `harm` per cent: a loss of goods or scrip, the cut below full
/// output, an added need's amount, and the turns an output cut or a need lasts — each rounded
/// to the nearest whole and never below one. Gains and everything else are left as written.
pub fn harsher(e: &mut Effect, harm: u32) {
    let scale = |x: u64| ((x * u64::from(harm) + 50) / 100).max(1);
    let turns = |t: u32| scale(u64::from(t)).min(u64::from(u32::MAX)) as u32;
    match e {
        Effect::Pool { amount, .. }
        | Effect::Holdings { amount, .. }
        | Effect::Scrip { amount, .. }
            if *amount < 0 =>
        {
            *amount = -(scale(amount.unsigned_abs()).min(i64::MAX as u64) as i64);
        }
        Effect::Output {
            percent, turns: t, ..
        } if *percent < 100 => {
            let cut = scale(u64::from(100 - *percent)).min(100) as u32;
            *percent = 100 - cut;
            *t = turns(*t);
        }
        Effect::AddNeed {
            amount, turns: t, ..
        } => {
            *amount = scale(u64::from(*amount)).min(u64::from(u32::MAX)) as u32;
            *t = t.map(turns);
        }
        _ => {}
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn harm_scales_losses_cuts_needs_and_their_turns_but_not_gains() {
        let mut loss = Effect::Pool {
            good: "grain".into(),
            amount: -10,
        };
        harsher(&mut loss, 150);
        assert_eq!(
            loss,
            Effect::Pool {
                good: "grain".into(),
                amount: -15
            }
        );
        let mut gain = Effect::Pool {
            good: "grain".into(),
            amount: 10,
        };
        harsher(&mut gain, 150);
        assert_eq!(
            gain,
            Effect::Pool {
                good: "grain".into(),
                amount: 10
            }
        );
        // A drought to 45% for 6 turns: the 55-point cut becomes 83 (to 17%) for 9 turns;
        // at half harm, 28 (to 72%) for 3.
        let drought = Effect::Output {
            who: None,
            good: Some("grain".into()),
            percent: 45,
            turns: 6,
        };
        let (mut hard, mut easy) = (drought.clone(), drought);
        harsher(&mut hard, 150);
        harsher(&mut easy, 50);
        assert!(
            matches!(
                hard,
                Effect::Output {
                    percent: 17,
                    turns: 9,
                    ..
                }
            ),
            "{hard:?}"
        );
        assert!(
            matches!(
                easy,
                Effect::Output {
                    percent: 72,
                    turns: 3,
                    ..
                }
            ),
            "{easy:?}"
        );
        // A cut never goes below nothing, a loss or a need never rounds away.
        let mut total = Effect::Output {
            who: None,
            good: None,
            percent: 10,
            turns: 1,
        };
        harsher(&mut total, 150);
        assert!(
            matches!(
                total,
                Effect::Output {
                    percent: 0,
                    turns: 2,
                    ..
                }
            ),
            "{total:?}"
        );
        let mut need = Effect::AddNeed {
            who: "x".into(),
            good: "medicine".into(),
            amount: 1,
            priority: crate::engine::types::Priority::Health,
            label: String::new(),
            tags: vec![],
            turns: Some(1),
        };
        harsher(&mut need, 50);
        assert!(
            matches!(
                need,
                Effect::AddNeed {
                    amount: 1,
                    turns: Some(1),
                    ..
                }
            ),
            "{need:?}"
        );
        harsher(&mut need, 150);
        assert!(
            matches!(
                need,
                Effect::AddNeed {
                    amount: 2,
                    turns: Some(2),
                    ..
                }
            ),
            "{need:?}"
        );
    }
}
