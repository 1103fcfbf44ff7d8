//! Policy: every setting the player can change, with what it does and costs. Changes are
//! engine commands that take effect when the turn ends; until then they are marked.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::tui::components::{Confirm, Modal};
use crate::tui::keys::{Binding, DOWN, ENTER, LEFT, PGDN, PGUP, RIGHT, UP, ch, send};
use crate::tui::msg::{Action, Msg};
use crate::tui::overrides;
use crate::tui::records;
use crate::tui::screens::{Reply, nudge, step};
use crate::tui::session::Session;
use crate::tui::settings::{self, Row};
use crate::tui::theme::Theme;
use crate::tui::widgets::{Scroll, Scrolled, fit, pad, panel, scroll, scroll_step};

#[rustfmt::skip]
pub const KEYS: &[Binding] = &[
    send(UP,         "↑ k",   Msg::Up,       Some("setting"),
         "previous setting"),
    send(DOWN,       "↓ j",   Msg::Down,     None,
         "next setting"),
    send(RIGHT,      "→ l",   Msg::Right,    Some("change"),
         "next value"),
    send(LEFT,       "← h",   Msg::Left,     None,
         "previous value"),
    send(&[ENTER],   "Enter", Msg::Open,     None,
         "next value"),
    send(&[ch('f')], "f",     Msg::Fallback, Some("fallback"),
         "cycle a good's fallback (what it leaves unmet goes there)"),
    send(&[PGUP],    "PgUp",  Msg::PageUp,   None,
         "scroll what the setting does up"),
    send(&[PGDN],    "PgDn",  Msg::PageDown, None,
         "scroll what the setting does down"),
];

/// The selected setting, and how far what it does is scrolled.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    pub selected: usize,
    pub explain: Scroll,
}

impl Policy {
    /// A key: move, or change the setting (an engine command, for the end of the turn).
    pub fn update(&mut self, msg: Msg, s: &Session) -> Reply {
        let world = s.world();
        let rows = settings::rows(world);
        if let Some(d) = scroll_step(msg) {
            self.explain.by(d);
            return Reply::default();
        }
        let was = self.selected;
        if let Msg::Select(i) = msg {
            self.selected = i.min(rows.len() - 1);
        } else {
            self.selected = nudge(self.selected, rows.len(), step(msg));
        }
        if self.selected != was {
            self.explain.reset();
        }
        if matches!(msg, Msg::Select(_)) {
            return Reply::default();
        }
        let row = rows[self.selected.min(rows.len() - 1)];
        let state = s.game().state();
        let mut flash = None;
        let cmd = match msg {
            Msg::Right | Msg::Open => row.step(world, state, 1),
            Msg::Left => row.step(world, state, -1),
            Msg::Fallback => {
                let c = row.next_fallback(world, state);
                if c.is_none() {
                    flash = Some("Only a good has a fallback.".into());
                }
                c
            }
            _ => None,
        };
        if s.game().is_over() && cmd.is_some() {
            return Reply::flash("The game is over: nothing more can change.");
        }
        // A change that undoes a storylet's answer asks first.
        if let Some(command) = cmd.clone()
            && let Some(undoes) = overrides::undone(world, s.reports(), state, &command)
        {
            return Reply::open(Modal::Confirm(Confirm::Override { command, undoes }));
        }
        Reply {
            actions: cmd.map(Action::Engine).into_iter().collect(),
            flash,
            ..Reply::default()
        }
    }

    /// The setting under a click.
    pub fn hit(&self, s: &Session, body: Rect, x: u16, y: u16) -> Option<Msg> {
        let inner = panel(&Theme::plain(), "", true).inner(split(body)[0]);
        if x < inner.x || x >= inner.right() || y < inner.y || y >= inner.bottom() {
            return None;
        }
        let vis = visual(&settings::rows(s.world()));
        let top = first_row(&vis, self.selected, inner.height as usize);
        vis.get(top + (y - inner.y) as usize)
            .copied()
            .flatten()
            .map(Msg::Select)
    }
}

/// The Policy screen as drawn.
pub struct View<'a> {
    pub tab: &'a Policy,
    pub s: &'a Session,
    /// A replay's settings cannot be changed.
    pub replay: bool,
    pub theme: &'a Theme,
}

fn split(area: Rect) -> [Rect; 2] {
    let left_w = if area.width >= 120 { 56 } else { 46 };
    Layout::horizontal([Constraint::Length(left_w), Constraint::Min(20)]).areas(area)
}

/// The list's screen rows: `None` for a group heading, `Some(i)` for setting `i`.
fn visual(rows: &[Row]) -> Vec<Option<usize>> {
    let mut out = Vec::new();
    let mut group = None;
    for (i, r) in rows.iter().enumerate() {
        if group != Some(r.group()) {
            group = Some(r.group());
            out.push(None);
        }
        out.push(Some(i));
    }
    out
}

fn first_row(vis: &[Option<usize>], selected: usize, height: usize) -> usize {
    let at = vis.iter().position(|v| *v == Some(selected)).unwrap_or(0);
    // Show the group heading above the first setting of the list.
    scroll(at, height).min(at.saturating_sub(1))
}

impl Widget for &View<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let [list, explain] = split(area);
        let rows = settings::rows(self.s.world());
        self.list(&rows, list, buf);
        self.explain(&rows, explain, buf);
    }
}

impl View<'_> {
    fn list(&self, rows: &[Row], area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let s = self.s;
        let world = s.world();
        let state = s.game().state();
        let vis = visual(rows);
        let block = panel(t, "Policy", true);
        let inner = block.inner(area);
        let top = first_row(&vis, self.tab.selected, inner.height as usize);
        let more = vis.len() > top + inner.height as usize;
        let block = if more {
            block.title_bottom(Line::styled(format!(" {} more ", t.g.fall), t.dim).right_aligned())
        } else {
            block
        };
        block.render(area, buf);
        let label_w = 19;
        let value_w = (inner.width as usize).saturating_sub(label_w + 3);
        let lines: Vec<Line> = vis
            .iter()
            .skip(top)
            .take(inner.height as usize)
            .map(|v| match v {
                None => Line::from(""),
                Some(i) => {
                    let row = rows[*i];
                    let sel = *i == self.tab.selected;
                    let was = row.was(
                        state,
                        s.policy_was(),
                        match row {
                            Row::Regime(g) => s.regime_was(g),
                            _ => None,
                        },
                    );
                    let value = row.value(state).replace(" → ", t.g.arrow);
                    let value = if sel {
                        format!("{} {value} {}", t.g.left, t.g.right)
                    } else {
                        format!("  {value}")
                    };
                    let style = if was.is_some() {
                        t.changed
                    } else if let Row::Regime(g) = row {
                        t.regime(state.goods[g].regime)
                    } else {
                        t.base
                    };
                    let line = Line::from(vec![
                        Span::raw(if sel { t.g.pointer } else { " " }),
                        Span::raw(" "),
                        Span::raw(pad(&row.label(world), label_w)),
                        Span::styled(fit(&value, value_w), style),
                        Span::styled(if was.is_some() { "*" } else { "" }, t.changed),
                    ]);
                    if sel { line.style(t.selected) } else { line }
                }
            })
            .collect();
        // Group headings are drawn over their blank rows.
        Paragraph::new(lines).render(inner, buf);
        for (k, v) in vis.iter().skip(top).take(inner.height as usize).enumerate() {
            if v.is_none() {
                let group = vis[top + k + 1..]
                    .iter()
                    .find_map(|x| *x)
                    .map(|i| rows[i].group().title())
                    .unwrap_or("");
                Line::styled(group, t.title)
                    .render(Rect::new(inner.x, inner.y + k as u16, inner.width, 1), buf);
            }
        }
    }

    fn explain(&self, rows: &[Row], area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let s = self.s;
        let world = s.world();
        let state = s.game().state();
        let Some(&row) = rows.get(self.tab.selected) else {
            return;
        };
        // Short where the panel is narrow, to leave room for the keys that scroll it.
        let narrow = area.width < 50;
        let keys = match row {
            _ if self.replay && narrow => " t to change ".to_string(),
            _ if self.replay => " t takes over to change it ".to_string(),
            Row::Regime(_) if narrow => " ←→ regime · f ".to_string(),
            Row::Regime(_) => format!(" ←→ regime {} f fallback ", t.g.dot),
            _ if narrow => " ←→ change ".to_string(),
            _ => " ←→ or Enter: change ".to_string(),
        };
        let block = panel(t, row.label(world), false)
            .title_bottom(Line::styled(keys, t.key).right_aligned());
        let mut lines = vec![Line::from(vec![
            Span::styled("now ", t.dim),
            Span::styled(row.value(state), t.emph),
        ])];
        let regime_was = match row {
            Row::Regime(g) => s.regime_was(g),
            _ => None,
        };
        if let Some(was) = row.was(state, s.policy_was(), regime_was) {
            lines.push(Line::from(vec![
                Span::styled("* changed", t.changed),
                Span::raw(format!(
                    " from {was}; it takes effect when you end the turn (n)."
                )),
            ]));
        }
        // What happened to this good last turn comes first: it is what the player acts on.
        if let Row::Regime(g) = row
            && let Some(gr) = s.last().and_then(|r| r.goods.iter().find(|x| x.good == g))
        {
            let mut last = vec![Span::styled(
                format!("last {}: ", world.scenario.meta.turn_unit),
                t.dim,
            )];
            let summary: Vec<String> = gr
                .layers
                .iter()
                .map(|l| records::record(world, gr, l).summary)
                .collect();
            last.push(Span::raw(summary.join(", then ")));
            if gr.unmet > 0 {
                last.push(Span::styled(
                    format!(" {} {} unit(s) of need unmet", t.g.bad, gr.unmet),
                    t.bad,
                ));
            }
            lines.push(Line::from(last));
        }
        for p in settings::explain(row, world, state) {
            lines.push(Line::from(""));
            lines.push(Line::from(p));
        }
        Scrolled::new(lines).render(t, block, &self.tab.explain, area, buf);
    }
}
