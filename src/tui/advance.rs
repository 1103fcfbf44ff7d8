//! `N`: end months one after another until something needs the player — a crisis card, a
//! storylet's choice, a goal newly at risk, something new on the Overview's "Needs your
//! attention", the last month or the end of the game — then stop and say why. Each month
//! is an ordinary `EndTurn` command (logged and autosaved like any other); a storylet
//! waiting for an answer stops it before the month ends, so no choice is ever skipped.

use crate::engine::{GoodId, MemberId};
use crate::tui::attention::{self, Level};
use crate::tui::components::Modal;
use crate::tui::msg::Tab;
use crate::tui::screens::game::GameScreen;

/// Months `N` plays at most before it stops to let the player look (a year).
pub const MAX_MONTHS: u32 = 12;

/// Something on the Overview that needs the player: its kind, good and member (the member
/// only when no good says what it is about: a shortage names whoever was short first).
type Concern = (Level, Tab, Option<GoodId>, Option<MemberId>);

/// Months being played by `N`.
#[derive(Debug, Clone, PartialEq)]
pub struct Advance {
    /// What needed the player when `N` was pressed: seen already, so no reason to stop.
    seen: Vec<Concern>,
    /// Months played so far.
    pub played: u32,
}

/// What to do after a month.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Play the next month.
    Next,
    /// Stop, and tell the player why (`None`: the footer's news already says it).
    Stop(Option<String>),
}

/// The Overview's items that need the player (not the ones only to know), as concerns.
fn concerns(g: &GameScreen) -> Vec<(Concern, String)> {
    attention::items(&g.session, false)
        .into_iter()
        .filter(|i| i.level <= Level::Warn)
        .map(|i| {
            let member = if i.good.is_some() { None } else { i.member };
            ((i.level, i.tab, i.good, member), i.text)
        })
        .collect()
}

/// Why the next month cannot be played without the player, if it cannot.
fn blocked(g: &GameScreen) -> Option<String> {
    let s = &g.session;
    let state = s.game().state();
    if s.game().is_over() {
        return Some(format!(
            "The game has {}: e for the epilogue.",
            s.turn_label()
        ));
    }
    if let Some(p) = state.events.pending.iter().find(|p| p.answer.is_none()) {
        return Some(format!(
            "“{}” is waiting for your answer (c): N never skips a choice.",
            p.title
        ));
    }
    if s.last_turn_next() {
        let unit = &s.world().scenario.meta.turn_unit;
        return Some(format!("The next {unit} is the last: n plays it."));
    }
    None
}

impl Advance {
    /// Start at the game as it stands, or say why the next month needs the player.
    pub fn start(g: &GameScreen) -> Result<Advance, String> {
        match blocked(g) {
            Some(why) => Err(why),
            None => Ok(Advance {
                seen: concerns(g).into_iter().map(|(c, _)| c).collect(),
                played: 0,
            }),
        }
    }

    /// A month ended (`ok`), opening `modal` if the turn opened one: go on, or stop and why.
    pub fn after(&mut self, g: &GameScreen, ok: bool, modal: Option<&Modal>) -> Step {
        if !ok {
            return Step::Stop(None);
        }
        self.played += 1;
        let unit = &g.session.world().scenario.meta.turn_unit;
        let n = attention::plural(self.played as usize, unit);
        if g.session.game().is_over() {
            return Step::Stop(None);
        }
        let why = match modal {
            Some(Modal::Crisis(_)) => Some("a crisis began (its card is open)".to_string()),
            _ if g.waiting_choice().is_some() => Some("a storylet needs your answer".to_string()),
            _ => None,
        }
        .or_else(|| {
            concerns(g)
                .into_iter()
                .find(|(c, _)| !self.seen.contains(c))
                .map(|(_, text)| format!("new on the Overview (1): {text}"))
        })
        .or_else(|| {
            g.session
                .last_turn_next()
                .then(|| format!("the next {unit} is the last; n plays it"))
        })
        .or_else(|| {
            (self.played >= MAX_MONTHS).then(|| "nothing new needs you; N plays on".to_string())
        });
        match why {
            Some(why) => Step::Stop(Some(format!("N played {n} and stopped: {why}"))),
            None => Step::Next,
        }
    }
}
