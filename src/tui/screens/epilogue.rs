//! The epilogue: the story (objectives, the community's figures over time, what happened),
//! the people (each member's story) and the roads not taken (the same game under every
//! regime, member by member).

use std::sync::Arc;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::story::epilogue::{Epilogue, num};
use crate::story::roads::{self, Comparison};
use crate::tui::components::{Confirm, Modal};
use crate::tui::frame::areas;
use crate::tui::keys::{BACKTAB, Binding, DOWN, ESC, LEFT, PGDN, PGUP, RIGHT, TAB, UP, ch, send};
use crate::tui::msg::Msg;
use crate::tui::screens::game::{GameScreen, audit};
use crate::tui::screens::{Go, PAGE, Reply, nudge};
use crate::tui::theme::Theme;
use crate::tui::widgets::{
    Scale, Scroll, Scrolled, fit, kv_wrapped, pad, panel, scroll, spark, wrap,
};

#[rustfmt::skip]
pub const KEYS: &[Binding] = &[
    send(RIGHT,      "→ l",       Msg::Right,    Some("part"),
         "next part: the story, the people, the roads not taken"),
    send(LEFT,       "← h",       Msg::Left,     None,
         "previous part"),
    send(&[TAB],     "Tab",       Msg::NextTab,  None,
         "next part"),
    send(&[BACKTAB], "Shift-Tab", Msg::PrevTab,  None,
         "previous part"),
    send(UP,         "↑ k",       Msg::Up,       Some("move"),
         "previous member, or scroll up"),
    send(DOWN,       "↓ j",       Msg::Down,     None,
         "next member, or scroll down"),
    send(&[PGUP],    "PgUp",      Msg::PageUp,   None,
         "page up (The people: the member's story)"),
    send(&[PGDN],    "PgDn",      Msg::PageDown, None,
         "page down (The people: the member's story)"),
    send(&[ESC],     "Esc",       Msg::Back,     Some("game"),
         "back to the game's screens (e returns here)"),
    send(&[ch('?')], "?",         Msg::Help,     Some("help"),
         "help"),
    send(&[ch('q')], "q",         Msg::Quit,     Some("quit"),
         "quit"),
];

/// The parts of the epilogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Part {
    /// Objectives, the community's figures and what happened.
    #[default]
    Story,
    /// Each member's story.
    People,
    /// The same game down the other roads.
    Roads,
}

impl Part {
    pub const ALL: [Part; 3] = [Part::Story, Part::People, Part::Roads];

    pub fn title(self) -> &'static str {
        match self {
            Part::Story => "The story",
            Part::People => "The people",
            Part::Roads => "Roads not taken",
        }
    }

    fn step(self, d: isize) -> Part {
        let i = Part::ALL.iter().position(|p| *p == self).unwrap_or(0) as isize;
        Part::ALL[(i + d).rem_euclid(Part::ALL.len() as isize) as usize]
    }
}

/// The epilogue of a finished game, built from the same game replayed down every road.
#[derive(Debug)]
pub struct EpilogueScreen {
    /// The finished game, to go back to.
    pub game: Box<GameScreen>,
    pub epilogue: Epilogue,
    pub roads: Comparison,
    pub part: Part,
    /// Selected member (People), as an index into `epilogue.members`.
    pub member: usize,
    /// How far the part is scrolled (Story, Roads; the member's story on People).
    pub scroll: Scroll,
}

impl EpilogueScreen {
    /// Tell the finished game's story and run its roads not taken (the player's road is the
    /// game's own command log replayed, so it is this very game).
    pub fn new(game: Box<GameScreen>) -> Result<EpilogueScreen, (Box<GameScreen>, String)> {
        let g = game.session.game();
        let world = Arc::clone(g.world());
        match roads::compare(world, g.state().seed, g.log()) {
            Ok(roads) => {
                let p = &roads.roads[0];
                let epilogue = Epilogue::build(p.game.world(), &p.history, p.game.state());
                Ok(EpilogueScreen {
                    game,
                    epilogue,
                    roads,
                    part: Part::Story,
                    member: 0,
                    scroll: Scroll::default(),
                })
            }
            Err(e) => Err((
                game,
                format!("the roads not taken could not be replayed: {e}"),
            )),
        }
    }
    /// A key: parts, members, scrolling; back to the game; quit.
    pub fn update(&mut self, msg: Msg) -> Reply {
        let d: isize = match msg {
            Msg::Up => -1,
            Msg::Down => 1,
            Msg::PageUp => -PAGE,
            Msg::PageDown => PAGE,
            _ => 0,
        };
        match msg {
            Msg::Back => {
                return Reply {
                    flash: Some(
                        "The game is over: look around its screens; e opens the epilogue again."
                            .into(),
                    ),
                    ..Reply::go(Go::Game)
                };
            }
            Msg::Quit => {
                return Reply::open(Modal::Confirm(Confirm::Quit {
                    unsaved: self.game.session.unsaved(),
                }));
            }
            Msg::Right | Msg::NextTab => {
                self.part = self.part.step(1);
                self.scroll.reset();
            }
            Msg::Left | Msg::PrevTab => {
                self.part = self.part.step(-1);
                self.scroll.reset();
            }
            Msg::Select(i) if self.part == Part::People => {
                self.member = i.min(self.epilogue.members.len().saturating_sub(1));
                self.scroll.reset();
            }
            Msg::Up | Msg::Down if self.part == Part::People => {
                self.member = nudge(self.member, self.epilogue.members.len(), d);
                self.scroll.reset();
            }
            _ if d != 0 => self.scroll.by(d),
            _ => {}
        }
        Reply::default()
    }
}

impl EpilogueScreen {
    pub fn render(&self, t: &Theme, area: Rect, buf: &mut Buffer) {
        let a = areas(area);
        buf.set_style(a.header, t.header);
        let s = &self.game.session;
        Line::from(vec![
            Span::styled(" AGORA ", t.header_accent),
            Span::styled(
                format!(
                    " {} {} epilogue {} {} {} seed {}",
                    s.world().scenario.meta.name,
                    t.g.dot,
                    t.g.dot,
                    s.turn_label(),
                    t.g.dot,
                    s.game().state().seed
                ),
                t.header,
            ),
        ])
        .render(a.header, buf);
        buf.set_style(a.tabs, t.base);
        let mut spans = vec![Span::raw(" ")];
        for p in Part::ALL {
            if p == self.part {
                spans.push(Span::styled(format!("[{}]", p.title()), t.tab_active));
            } else {
                spans.push(Span::styled(format!(" {} ", p.title()), t.tab));
            }
        }
        Line::from(spans).render(a.tabs, buf);
        match self.part {
            Part::Story => story(self, t, a.body, buf),
            Part::People => people(self, t, a.body, buf),
            Part::Roads => roads(self, t, a.body, buf),
        }
    }
}

fn story(e: &EpilogueScreen, t: &Theme, area: Rect, buf: &mut Buffer) {
    let block = panel(t, format!("{} — how it went", e.epilogue.scenario), true);
    let inner = block.inner(area);
    let w = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    if !e.epilogue.objectives.is_empty() {
        lines.push(Line::styled("Objectives", t.title));
        for o in &e.epilogue.objectives {
            let (glyph, style) = if o.status.good() {
                (t.g.ok, t.ok)
            } else {
                (t.g.bad, t.bad)
            };
            let text = format!("{} — {} ({})", o.text, o.status.word(), o.detail);
            for (k, part) in wrap(&text, w.saturating_sub(3)).into_iter().enumerate() {
                let lead = if k == 0 { glyph } else { " " };
                lines.push(Line::from(vec![
                    Span::styled(format!("{lead} "), style),
                    Span::raw(part.to_string()),
                ]));
            }
        }
        lines.push(Line::from(""));
    }
    let g = &e.epilogue.grade;
    lines.push(Line::from(vec![
        Span::styled("Grade ", t.title),
        Span::styled(g.letter.to_string(), t.emph),
        Span::styled(format!(" — {:.0} of 100, counted so:", g.score), t.dim),
    ]));
    for l in g.lines() {
        // Wrapped only when too long, so the figures stay in their columns.
        if l.chars().count() + 2 <= w {
            lines.push(Line::raw(format!("  {l}")));
        } else {
            for part in wrap(&l, w.saturating_sub(2)) {
                lines.push(Line::raw(format!("  {part}")));
            }
        }
    }
    lines.push(Line::from(""));
    lines.push(Line::styled("The community over time", t.title));
    let spark_w = w.saturating_sub(18 + 34).clamp(8, 60);
    for f in &e.epilogue.figures {
        let scale = match f.name.as_str() {
            "present" => Scale::Auto(1.0),
            _ => Scale::Fixed(0.0, 1.0),
        };
        let first = f.values.first().copied().unwrap_or(0.0);
        let last = f.values.last().copied().unwrap_or(0.0);
        let mean = if f.values.is_empty() {
            0.0
        } else {
            f.values.iter().sum::<f64>() / f.values.len() as f64
        };
        lines.push(Line::from(vec![
            Span::styled(pad(&f.name.replace('_', " "), 18), t.dim),
            Span::styled(spark(t, &f.values, spark_w, scale), t.chart),
            Span::raw(format!(
                "  {} {} {} {} {}",
                num(first),
                t.g.arrow,
                num(mean),
                t.g.arrow,
                num(last)
            )),
        ]));
    }
    lines.push(Line::styled(pad("", 18) + "first, mean and last", t.dim));
    lines.push(Line::from(""));
    let g = e.game.session.game();
    if g.state().members.iter().any(|m| m.audit.asked > 0) {
        lines.push(Line::styled("Whose voice counted: the bias audit", t.title));
        lines.extend(audit::lines(t, g.world(), g.state(), w));
        lines.push(Line::from(""));
    }
    let unit = &e.game.session.world().scenario.meta.turn_unit;
    lines.push(Line::styled(
        format!("What happened, {unit} by {unit}"),
        t.title,
    ));
    for (turn, title, choice) in &e.epilogue.timeline {
        let text = match choice {
            Some(c) => format!("{title} — {c}"),
            None => title.clone(),
        };
        lines.extend(kv_wrapped(t, &format!("{turn:>4}  "), 6, &text, w));
    }
    Scrolled::new(lines).render(t, block, &e.scroll, area, buf);
}

fn people(e: &EpilogueScreen, t: &Theme, area: Rect, buf: &mut Buffer) {
    let [list, detail] =
        Layout::horizontal([Constraint::Length(30), Constraint::Min(0)]).areas(area);
    let block = panel(t, "The people", false);
    let inner = block.inner(list);
    block.render(list, buf);
    let h = inner.height as usize;
    let top = scroll(e.member, h);
    let rows: Vec<Line> = e
        .epilogue
        .members
        .iter()
        .enumerate()
        .skip(top)
        .take(h)
        .map(|(i, m)| {
            let style = if i == e.member { t.selected } else { t.base };
            let lead = if i == e.member { t.g.pointer } else { " " };
            Line::from(vec![
                Span::styled(format!("{lead} "), t.key),
                Span::styled(pad(&m.name, 19), style),
                Span::styled(format!("{:>4.0}%", m.mean_met * 100.0), style),
            ])
        })
        .collect();
    Paragraph::new(rows).render(inner, buf);
    let Some(m) = e.epilogue.members.get(e.member) else {
        return;
    };
    let block = panel(t, m.name.as_str(), true);
    let inner = block.inner(detail);
    let w = inner.width as usize;
    let met: Vec<f64> = m.met.iter().map(|x| x.unwrap_or(0.0)).collect();
    let mut lines = vec![Line::from(vec![
        Span::styled("needs met ", t.dim),
        Span::styled(
            spark(t, &met, w.saturating_sub(20).max(8), Scale::Fixed(0.0, 1.0)),
            t.chart,
        ),
        Span::raw(format!(" {:.0}%", m.mean_met * 100.0)),
    ])];
    // The story in words, each of its lines wrapped to the panel.
    let unit = &e.game.session.world().scenario.meta.turn_unit;
    for line in m.describe(unit).lines().skip(1) {
        for part in wrap(line.trim_start(), w) {
            lines.push(Line::from(part.to_string()));
        }
    }
    Scrolled::new(lines).render(t, block, &e.scroll, detail, buf);
}

fn roads(e: &EpilogueScreen, t: &Theme, area: Rect, buf: &mut Buffer) {
    let block = panel(
        t,
        "The roads not taken: the same seed and choices, every regime",
        true,
    );
    let inner = block.inner(area);
    let w = inner.width as usize;
    let lines: Vec<Line> = e
        .roads
        .render()
        .lines()
        .skip(2)
        .flat_map(|l| {
            // The tables keep their columns; notes and reasons wrap under themselves.
            let indent = l.len() - l.trim_start().len();
            if (indent == 2 || indent == 4) && !l.trim().is_empty() {
                let lead = " ".repeat(indent);
                let rest = " ".repeat(indent + 2);
                wrap(l.trim_start(), w.saturating_sub(indent + 2).max(10))
                    .into_iter()
                    .enumerate()
                    .map(|(k, part)| format!("{}{part}", if k == 0 { &lead } else { &rest }))
                    .collect::<Vec<_>>()
            } else {
                vec![fit(l, w)]
            }
        })
        .map(|l| {
            if l.starts_with("Member by member")
                || l.starts_with("Objectives")
                || l.starts_with("One good at a time")
                || l.starts_with("Notes on")
            {
                Line::styled(l, t.title)
            } else {
                Line::from(l)
            }
        })
        .collect();
    Scrolled::new(lines).render(t, block, &e.scroll, area, buf);
}
