//! A crisis card: when a turn begins a crisis (`story::crisis`), it stops the game on what
//! happened, who it touches, why in the engine's words, and what the player can do now,
//! each choice saying what it will do. Several crises of one turn come one card after
//! another.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::engine::{Command, GoodId, MemberId, Regime};
use crate::story::crisis::{Crisis, Kind};
use crate::tui::components::choice::{Choice, Close, Reply};
use crate::tui::components::confirm::Confirm;
use crate::tui::components::{Help, Modal};
use crate::tui::keys::{Binding, DOWN, ENTER, ESC, PGDN, PGUP, UP, ch, send};
use crate::tui::msg::{Action, Msg, Tab};
use crate::tui::overrides;
use crate::tui::session::Session;
use crate::tui::theme::Theme;
use crate::tui::widgets::{Scroll, Scrolled, scroll_step, wrap};

#[rustfmt::skip]
pub const KEYS: &[Binding] = &[
    send(UP,         "↑ k",   Msg::Up,   Some("choose"),
         "previous choice"),
    send(DOWN,       "↓ j",   Msg::Down, None,
         "next choice"),
    send(&[ENTER],   "Enter", Msg::Open, Some("do it"),
         "do the choice under the cursor"),
    send(&[ESC],     "Esc",   Msg::Back, Some("dismiss"),
         "dismiss this crisis (the next one, if any, follows)"),
    send(&[PGUP],    "PgUp",  Msg::PageUp,   None,
         "scroll what happened and why up"),
    send(&[PGDN],    "PgDn",  Msg::PageDown, None,
         "scroll what happened and why down (the choices stay in view)"),
    send(&[ch('?')], "?",     Msg::Help, None,
         "help"),
    send(&[ch('q')], "q",     Msg::Quit, None,
         "quit"),
];

/// The crises a turn began, the one shown and the choice under the cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct CrisisCard {
    pub crises: Vec<Crisis>,
    pub at: usize,
    pub selected: usize,
    /// How far what happened and why is scrolled.
    pub scroll: Scroll,
}

/// What a choice on the card does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Do {
    /// Put the good under another regime (from the end of the turn).
    Regime(GoodId, Regime),
    /// Answer the waiting storylet (index into `pending`).
    Answer(usize),
    /// Go to a screen, at a member and a good.
    Look(Tab, Option<MemberId>, Option<GoodId>),
    /// Close this card (show the next crisis, if any).
    Dismiss,
}

/// Where a choice sends the player, for the app to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Look {
    pub tab: Tab,
    pub member: Option<MemberId>,
    pub good: Option<GoodId>,
}

impl CrisisCard {
    pub fn new(crises: Vec<Crisis>) -> CrisisCard {
        CrisisCard {
            crises,
            at: 0,
            selected: 0,
            scroll: Scroll::default(),
        }
    }

    fn crisis(&self) -> Option<&Crisis> {
        self.crises.get(self.at)
    }

    /// The choices the player has now about the crisis shown, each with what it will do.
    pub fn options(&self, s: &Session) -> Vec<(Do, String)> {
        let Some(c) = self.crisis() else {
            return Vec::new();
        };
        let world = s.world();
        let state = s.game().state();
        let mut out = Vec::new();
        if let Some(i) = c.storylet.as_ref().and_then(|id| {
            state
                .events
                .pending
                .iter()
                .position(|p| &p.storylet == id && p.answer.is_none())
        }) {
            let p = &state.events.pending[i];
            out.push((
                Do::Answer(i),
                format!(
                    "Answer “{}” now: choose among its {} answers (unanswered, it takes “{}”)",
                    p.title,
                    p.choices.len(),
                    p.choices.first().map_or("", String::as_str)
                ),
            ));
        }
        if let Some(g) = c.good {
            let now = state.goods[g].regime;
            let name = world.good_name(g);
            for r in Regime::ALL.into_iter().filter(|&r| r != now) {
                out.push((
                    Do::Regime(g, r),
                    format!(
                        "Put {name} under {r} from next month (now {now}): {}",
                        regime_does(r)
                    ),
                ));
            }
            out.push((
                Do::Look(Tab::Policy, None, Some(g)),
                format!("Open the Policy screen at {name}, to weigh every setting first"),
            ));
        }
        let first = c.who.first().copied();
        match c.kind {
            Kind::Shortage | Kind::Hunger => {
                let regime = c.good.map_or(Regime::Commons, |g| state.goods[g].regime);
                let tab = match regime {
                    Regime::Commons => Tab::Meeting,
                    Regime::Exchange | Regime::Aid => Tab::Market,
                };
                out.push((
                    Do::Look(tab, first, c.good),
                    format!(
                        "See how it was shared on the {} screen ({})",
                        tab.title(),
                        tab.index() + 1
                    ),
                ));
            }
            _ => {
                if let Some(m) = first.filter(|&m| state.members.get(m).is_some_and(|x| x.present))
                {
                    out.push((
                        Do::Look(Tab::Members, Some(m), c.good),
                        format!("See {} on the Members screen (2)", world.member_name(m)),
                    ));
                }
            }
        }
        let left = self.crises.len() - self.at - 1;
        out.push((
            Do::Dismiss,
            if left > 0 {
                format!("Dismiss: on to the next crisis ({left} more)")
            } else {
                "Dismiss: back to the month (n ends it when you are ready)".to_string()
            },
        ));
        out
    }

    /// A key, in the game `s`. A choice that goes elsewhere closes every crisis card; one
    /// that is done here shows the next crisis.
    pub fn update(&mut self, msg: Msg, s: &Session) -> (Reply, Option<Look>) {
        let opts = self.options(s);
        let n = opts.len().max(1);
        let mut r = Reply::default();
        let mut look = None;
        if let Some(d) = scroll_step(msg) {
            self.scroll.by(d);
            return (r, look);
        }
        match msg {
            Msg::Up => self.selected = self.selected.saturating_sub(1),
            Msg::Down => self.selected = (self.selected + 1).min(n - 1),
            Msg::Back | Msg::No => self.next(&mut r),
            Msg::Open => match opts.get(self.selected).map(|o| o.0) {
                Some(Do::Regime(g, regime)) => {
                    let gs = &s.game().state().goods[g];
                    let command = Command::SetRegime {
                        good: s.world().scenario.goods[g].id.clone(),
                        regime,
                        fallback: gs.fallback.filter(|f| *f != regime),
                    };
                    // Undoing a storylet's answer asks first, as on the Policy screen.
                    match overrides::undone(s.world(), s.reports(), s.game().state(), &command) {
                        Some(undoes) => {
                            r.open = Some(Modal::Confirm(Confirm::Override { command, undoes }))
                        }
                        None => r.action = Some(Action::Engine(command)),
                    }
                    self.next(&mut r);
                }
                Some(Do::Answer(i)) => {
                    r.close = Close::This;
                    r.open = Some(Modal::Choice(Choice {
                        pending: i,
                        selected: 0,
                        ..Choice::default()
                    }));
                }
                Some(Do::Look(tab, member, good)) => {
                    r.close = Close::This;
                    look = Some(Look { tab, member, good });
                }
                Some(Do::Dismiss) | None => self.next(&mut r),
            },
            Msg::Help => r.open = Some(Modal::Help(Help::default())),
            Msg::Quit => {
                r.open = Some(Modal::Confirm(Confirm::Quit {
                    unsaved: s.unsaved(),
                }));
            }
            _ => {}
        }
        (r, look)
    }

    /// On to the next crisis, or close after the last.
    fn next(&mut self, r: &mut Reply) {
        if self.at + 1 < self.crises.len() {
            self.at += 1;
            self.selected = 0;
            self.scroll.reset();
        } else {
            r.close = Close::This;
        }
    }

    /// The card, over the screen: what happened, who, why, and the choices; on a short
    /// screen what happened, who and why scroll (PgUp/PgDn) above the choices.
    pub fn render(&self, s: &Session, t: &Theme, area: Rect, buf: &mut Buffer) {
        let Some(c) = self.crisis() else {
            return;
        };
        let world = s.world();
        let w = 76.min(area.width.saturating_sub(2));
        let text_w = w.saturating_sub(4) as usize;
        let mut bottom: Vec<Line> = vec![
            Line::from(""),
            Line::styled("What you can do now:", t.title),
        ];
        for (i, (_, label)) in self.options(s).iter().enumerate() {
            let pointer = if i == self.selected { t.g.pointer } else { " " };
            let style = if i == self.selected {
                t.selected
            } else {
                t.base
            };
            for (k, part) in wrap(&format!("{}) {label}", i + 1), text_w.saturating_sub(2))
                .into_iter()
                .enumerate()
            {
                let lead = if k == 0 { pointer } else { " " };
                bottom.push(Line::from(vec![
                    Span::styled(format!("{lead} "), t.key),
                    Span::styled(part.to_string(), style),
                ]));
            }
        }
        bottom.push(Line::from(vec![
            Span::styled("↑↓", t.key),
            Span::raw(" choose  "),
            Span::styled("Enter", t.key),
            Span::raw(" do it  "),
            Span::styled("Esc", t.key),
            Span::raw(" dismiss"),
        ]));
        let who: Vec<&str> = c.who.iter().map(|&m| world.member_name(m)).collect();
        let who_line = format!(
            "Who: {}",
            if who.is_empty() {
                "nobody in particular".to_string()
            } else {
                who.join(", ")
            }
        );
        let mut why: Vec<Line> = vec![Line::styled("Why, in the game's own account:", t.title)];
        for cause in &c.causes {
            for (k, part) in wrap(cause, text_w.saturating_sub(2))
                .into_iter()
                .enumerate()
            {
                let lead = if k == 0 { "· " } else { "  " };
                why.push(Line::from(vec![
                    Span::styled(lead, t.dim),
                    Span::raw(part.to_string()),
                ]));
            }
        }
        if c.causes.is_empty() {
            why.clear();
        }
        let mut top: Vec<Line> = wrap(&c.what, text_w).into_iter().map(Line::from).collect();
        top.push(Line::styled(who_line, t.dim));
        top.extend(why);
        let title = if self.crises.len() > 1 {
            format!(
                "Crisis {} of {}: {}",
                self.at + 1,
                self.crises.len(),
                c.title
            )
        } else {
            format!("Crisis: {}", c.title)
        };
        Scrolled {
            foot: bottom,
            ..Scrolled::new(top)
        }
        .window(t, &title, &self.scroll, w, area, buf);
    }
}

/// What putting a good under a regime does, in a phrase.
fn regime_does(r: Regime) -> &'static str {
    match r {
        Regime::Commons => "the meeting shares its pool by need",
        Regime::Exchange => "members buy and sell it for scrip",
        Regime::Aid => "members ask one another along their bonds",
    }
}
