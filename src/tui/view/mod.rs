//! Drawing: `impl Widget for &App` lays out the frame (header, tabs, body, footer) and
//! hands the body to the current screen's module; modals are drawn on top. Views only read
//! the model.

pub mod bonds;
pub mod choice;
pub mod chronicle;
pub mod epilogue;
pub mod help;
pub mod market;
pub mod meeting;
pub mod members;
pub mod modal;
pub mod overview;
pub mod policy;
pub mod record;
pub mod saves;
pub mod title;
pub mod viewer;
pub mod widgets;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::tui::app::{App, GameScreen, Modal, Screen};
use crate::tui::keymap;
use crate::tui::msg::{Msg, Tab};
use crate::tui::theme::Theme;

/// The smallest terminal the game draws in.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// The parts of a game frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub header: Rect,
    pub tabs: Rect,
    pub body: Rect,
    pub footer: Rect,
}

pub fn areas(area: Rect) -> Areas {
    let [header, tabs, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    Areas {
        header,
        tabs,
        body,
        footer,
    }
}

/// Where each tab's label is drawn on the tab row (shared by drawing and mouse clicks).
pub fn tab_rects(row: Rect) -> Vec<(Tab, Rect)> {
    let mut x = row.x + 1;
    Tab::ALL
        .iter()
        .map(|&t| {
            let w = tab_label(t).chars().count() as u16;
            let r = Rect::new(x, row.y, w.min(row.right().saturating_sub(x)), 1);
            x = x.saturating_add(w);
            (t, r)
        })
        .collect()
}

fn tab_label(t: Tab) -> String {
    format!(" {} {} ", t.index() + 1, t.title())
}

/// Whether the terminal is big enough to draw the game.
pub fn fits(area: Rect) -> bool {
    area.width >= MIN_WIDTH && area.height >= MIN_HEIGHT
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if !fits(area) {
            buf.set_style(area, self.theme.base);
            too_small(&self.theme, area, buf);
            return;
        }
        match &self.screen {
            Screen::Title(t) => {
                buf.set_style(area, self.theme.base);
                title::render(t, &self.theme, area, buf);
            }
            // Every cell of a game screen is covered by a bar or a panel, which set the base
            // style themselves: no separate pass over the whole screen.
            Screen::Game(g) => render_game(g, &self.theme, area, buf),
            Screen::Epilogue(e) => epilogue::render(e, &self.theme, area, buf),
            Screen::Viewer(v) => viewer::render(v, &self.theme, area, buf),
        }
        let footer = areas(area).footer;
        render_footer(self, footer, buf);
        for m in &self.modals {
            match m {
                Modal::Help { scroll } => help::render(self, *scroll, area, buf),
                Modal::Confirm(c) => modal::render(c, &self.theme, area, buf),
                Modal::Choice { pending, selected } => {
                    if let Some(g) = self.game() {
                        choice::render(g, *pending, *selected, &self.theme, area, buf);
                    }
                }
                Modal::Prompt(p) => saves::prompt(p, &self.theme, area, buf),
                Modal::Notice { title, text } => {
                    saves::notice(title, text, &self.theme, area, buf);
                }
            }
        }
    }
}

pub fn render_game(g: &GameScreen, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let a = areas(area);
    render_header(g, theme, a.header, buf);
    render_tabs(g.tab, theme, a.tabs, buf);
    let body = a.body;
    match g.tab {
        Tab::Overview => overview::Overview { g, theme }.render(body, buf),
        Tab::Members => members::Members { g, theme }.render(body, buf),
        Tab::Meeting => meeting::Meeting { g, theme }.render(body, buf),
        Tab::Market => market::Market { g, theme }.render(body, buf),
        Tab::Bonds => bonds::Bonds { g, theme }.render(body, buf),
        Tab::Chronicle => chronicle::Chronicle { g, theme }.render(body, buf),
        Tab::Policy => policy::Policy { g, theme }.render(body, buf),
    }
}

fn render_header(g: &GameScreen, theme: &Theme, area: Rect, buf: &mut Buffer) {
    buf.set_style(area, theme.header);
    let s = &g.session;
    let meta = &s.world().scenario.meta;
    let left = Line::from(vec![
        Span::styled(" AGORA ", theme.header_accent),
        Span::styled(
            format!(
                " {} {} {} {} seed {}",
                meta.name,
                theme.g.dot,
                if g.replay {
                    s.replay_label()
                } else {
                    s.turn_label()
                },
                theme.g.dot,
                s.game().state().seed
            ),
            theme.header,
        ),
    ]);
    left.render(area, buf);
    if let Some(r) = s.last() {
        let m = &r.metrics;
        let right = format!(
            "needs met {:.0}% {} ",
            m.needs_met * 100.0,
            theme.share_glyph(m.needs_met)
        );
        let w = right.chars().count() as u16;
        if area.width > w + 40 {
            let ra = Rect::new(area.right() - w, area.y, w, 1);
            Span::styled(right, theme.header).render(ra, buf);
        }
    }
}

fn render_tabs(active: Tab, theme: &Theme, area: Rect, buf: &mut Buffer) {
    buf.set_style(area, theme.base);
    for (t, r) in tab_rects(area) {
        let style = if t == active {
            theme.tab_active
        } else {
            theme.tab
        };
        // The active tab is marked with brackets too, not by colour alone.
        let label = if t == active {
            format!("[{} {}]", t.index() + 1, t.title())
        } else {
            tab_label(t)
        };
        Span::styled(label, style).render(r, buf);
    }
}

fn render_footer(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    buf.set_style(area, theme.header);
    if let Some(msg) = &app.flash {
        Line::from(Span::styled(format!(" {msg}"), theme.header)).render(area, buf);
        return;
    }
    let mut spans = vec![Span::raw(" ")];
    // The viewer's own keys: the screens' would crowd them out and most are refused.
    let ctxs = match (&app.screen, app.modals.is_empty()) {
        (Screen::Viewer(_), true) => vec![keymap::Ctx::Viewer],
        _ => app.contexts(),
    };
    for (keys, what) in keymap::hints(&ctxs) {
        spans.push(Span::styled(
            theme.keys(keys),
            theme.key.patch(theme.header),
        ));
        spans.push(Span::styled(format!(" {what}  "), theme.header));
    }
    Line::from(spans).render(area, buf);
}

fn too_small(theme: &Theme, area: Rect, buf: &mut Buffer) {
    let text = vec![
        Line::from(Span::styled("Agora needs a bigger terminal", theme.emph)),
        Line::from(format!(
            "at least {MIN_WIDTH}×{MIN_HEIGHT}; this one is {}×{}.",
            area.width, area.height
        )),
        Line::from("Enlarge the window (or make the font smaller)."),
        Line::from("q quits."),
    ];
    let h = (text.len() as u16).min(area.height);
    let y = area.y + area.height.saturating_sub(h) / 2;
    Paragraph::new(text)
        .wrap(Wrap { trim: true })
        .centered()
        .render(Rect::new(area.x, y, area.width, h), buf);
}

/// The message a click at (x, y) means, given what is on screen.
pub fn hit(app: &App, x: u16, y: u16) -> Option<Msg> {
    if !fits(app.area) || !app.modals.is_empty() {
        return None;
    }
    match &app.screen {
        Screen::Title(t) => title::hit(t, app.area, x, y),
        Screen::Epilogue(_) => None,
        Screen::Viewer(v) => viewer::hit(v, app.area, x, y),
        Screen::Game(g) => {
            let a = areas(app.area);
            if y == a.tabs.y {
                return tab_rects(a.tabs)
                    .into_iter()
                    .find(|(_, r)| x >= r.x && x < r.right())
                    .map(|(t, _)| Msg::GoTab(t));
            }
            match g.tab {
                Tab::Members => members::hit(g, a.body, x, y),
                Tab::Policy => policy::hit(g, a.body, x, y),
                Tab::Chronicle => chronicle::hit(g, a.body, x, y),
                _ => None,
            }
        }
    }
}
