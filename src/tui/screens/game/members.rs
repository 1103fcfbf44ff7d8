//! Members: a sortable table and the selected member's detail — what they got and did not
//! get last turn and why, their history, bonds and who they are.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table, Widget};

use crate::engine::MemberId;
use crate::engine::types::Mark;
use crate::tui::keys::{Binding, DOWN, FIRST, LAST, PGDN, PGUP, UP, ch, send};
use crate::tui::msg::Msg;
use crate::tui::screens::{Reply, nudge, step};
use crate::tui::session::Session;
use crate::tui::theme::Theme;
use crate::tui::widgets::{
    Scale, Scroll, Scrolled, bar, fit, hinted, panel, scroll, scroll_hint, scroll_step, spark,
};

#[rustfmt::skip]
pub const KEYS: &[Binding] = &[
    send(UP,         "↑ k",    Msg::Up,      Some("member"), "previous member"),
    send(DOWN,       "↓ j",    Msg::Down,    None,           "next member"),
    send(&[ch('o')], "o",      Msg::Sort,    Some("sort"),   "sort by the next column"),
    send(&[ch('O')], "O",      Msg::Reverse, None,           "reverse the order"),
    send(FIRST,      "Home g", Msg::Top,     None,           "first member"),
    send(LAST,       "End G",  Msg::Bottom,  None,           "last member"),
    send(&[PGUP],    "PgUp",   Msg::PageUp,   None,          "scroll the member's detail up"),
    send(&[PGDN],    "PgDn",   Msg::PageDown, None,          "scroll the member's detail down"),
];

/// Sort order of the Members table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Roster,
    Name,
    NeedsMet,
    Wellbeing,
    Scrip,
    Standing,
    Charisma,
    LowMarks,
}

impl SortKey {
    pub const ALL: [SortKey; 8] = [
        SortKey::Roster,
        SortKey::Name,
        SortKey::NeedsMet,
        SortKey::Wellbeing,
        SortKey::Scrip,
        SortKey::Standing,
        SortKey::Charisma,
        SortKey::LowMarks,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SortKey::Roster => "roster",
            SortKey::Name => "name",
            SortKey::NeedsMet => "needs met",
            SortKey::Wellbeing => "wellbeing",
            SortKey::Scrip => "scrip",
            SortKey::Standing => "standing",
            SortKey::Charisma => "charisma",
            SortKey::LowMarks => "low-status marks",
        }
    }
}

/// The Members table's order and selection.
#[derive(Debug, Clone, Default)]
pub struct Members {
    /// The selected member (kept when the order changes).
    pub selected: MemberId,
    pub sort: SortKey,
    pub reverse: bool,
    /// How far the member's detail is scrolled (PgUp/PgDn).
    pub detail: Scroll,
}

impl Members {
    /// Members present, in the table's order.
    pub fn order(&self, s: &Session) -> Vec<MemberId> {
        let state = s.game().state();
        let met = |m: MemberId| {
            s.last()
                .and_then(|r| r.members.iter().find(|x| x.member == m))
                .map_or(1.0, |x| x.met)
        };
        let mut v: Vec<MemberId> = state.present().collect();
        let world = s.world();
        let ms = &state.members;
        let low = |m: MemberId| ms[m].marks.iter().filter(|k| **k == Mark::Low).count();
        match self.sort {
            SortKey::Roster => {}
            SortKey::Name => v.sort_by(|a, b| world.member_name(*a).cmp(world.member_name(*b))),
            SortKey::NeedsMet => v.sort_by(|a, b| met(*a).total_cmp(&met(*b))),
            SortKey::Wellbeing => v.sort_by(|a, b| ms[*a].wellbeing.total_cmp(&ms[*b].wellbeing)),
            SortKey::Scrip => v.sort_by_key(|m| ms[*m].scrip),
            SortKey::Standing => v.sort_by(|a, b| ms[*a].standing.total_cmp(&ms[*b].standing)),
            SortKey::Charisma => v.sort_by(|a, b| ms[*a].charisma.total_cmp(&ms[*b].charisma)),
            SortKey::LowMarks => v.sort_by_key(|m| low(*m)),
        }
        if self.reverse {
            v.reverse();
        }
        v
    }

    /// A key: move, sort, reverse the order.
    pub fn update(&mut self, msg: Msg, s: &Session) -> Reply {
        if let Some(d) = scroll_step(msg) {
            self.detail.by(d);
            return Reply::default();
        }
        let order = self.order(s);
        let d = step(msg);
        let was = self.selected;
        let reply = self.select(msg, d, &order);
        if self.selected != was {
            self.detail.reset();
        }
        reply
    }

    /// A key that moves, sorts or reverses the table.
    fn select(&mut self, msg: Msg, d: isize, order: &[MemberId]) -> Reply {
        match msg {
            Msg::Select(i) => {
                if let Some(m) = order.get(i) {
                    self.selected = *m;
                }
            }
            Msg::Sort => {
                let i = SortKey::ALL
                    .iter()
                    .position(|k| *k == self.sort)
                    .unwrap_or(0);
                self.sort = SortKey::ALL[(i + 1) % SortKey::ALL.len()];
                return Reply::flash(format!("Sorted by {}.", self.sort.name()));
            }
            Msg::Reverse => self.reverse = !self.reverse,
            _ if d != 0 => {
                let at = order.iter().position(|m| *m == self.selected).unwrap_or(0);
                if let Some(m) = order.get(nudge(at, order.len(), d)) {
                    self.selected = *m;
                }
            }
            _ => {}
        }
        Reply::default()
    }

    /// The member row under a click.
    pub fn hit(&self, s: &Session, body: Rect, x: u16, y: u16) -> Option<Msg> {
        let rows = rows_area(split(body)[0]);
        if x < rows.x || x >= rows.right() || y < rows.y || y >= rows.bottom() {
            return None;
        }
        let order = self.order(s);
        let at = order.iter().position(|m| *m == self.selected).unwrap_or(0);
        let top = scroll(at, rows.height as usize);
        let i = top + (y - rows.y) as usize;
        (i < order.len()).then_some(Msg::Select(i))
    }
}

/// The Members screen as drawn.
pub struct View<'a> {
    pub tab: &'a Members,
    pub s: &'a Session,
    pub theme: &'a Theme,
}

/// Table and detail areas.
fn split(area: Rect) -> [Rect; 2] {
    let table_w = if area.width >= 140 {
        area.width - 62
    } else if area.width >= 120 {
        area.width - 56
    } else {
        40
    };
    Layout::horizontal([Constraint::Length(table_w), Constraint::Min(20)]).areas(area)
}

/// The table's rows start one line below the block's top border and header.
fn rows_area(table: Rect) -> Rect {
    let inner = panel(&Theme::plain(), "", true).inner(table);
    Rect::new(
        inner.x,
        inner.y + 1,
        inner.width,
        inner.height.saturating_sub(1),
    )
}

impl Widget for &View<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let [table, detail] = split(area);
        self.table(table, buf);
        self.detail(detail, buf);
    }
}

impl View<'_> {
    fn met(&self, m: MemberId) -> Option<f64> {
        self.s
            .last()
            .and_then(|r| r.members.iter().find(|x| x.member == m))
            .map(|x| x.met)
    }

    fn table(&self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let s = self.s;
        let state = s.game().state();
        let world = s.world();
        let st = self.tab;
        let arrow = if st.reverse { t.g.fall } else { t.g.rise };
        let title = match st.sort {
            SortKey::Roster if !st.reverse => "Members".to_string(),
            k => format!("Members by {} {arrow}", k.name()),
        };
        let block = panel(t, title, true);
        let inner = block.inner(area);
        let wide = inner.width >= 70;
        let order = self.tab.order(self.s);
        let at = order.iter().position(|m| *m == st.selected).unwrap_or(0);
        let top = scroll(at, inner.height.saturating_sub(1) as usize);
        let max = (order.len() as u16).saturating_sub(inner.height.saturating_sub(1));
        hinted(t, block, scroll_hint(top as u16, max, "↑", "↓")).render(area, buf);
        let bar_w = if wide { 10 } else { 6 };
        let rows = order.iter().enumerate().skip(top).map(|(i, &m)| {
            let ms = &state.members[m];
            let selected = i == at;
            let met = self.met(m);
            let mut met_cell: Vec<Span> = match met {
                Some(x) => {
                    let mut v = bar(t, x, bar_w, t.share(x));
                    v.push(Span::styled(
                        format!("{:>4.0}% {}", x * 100.0, t.share_glyph(x)),
                        t.share(x),
                    ));
                    v
                }
                None => vec![Span::styled(format!("{:<bar_w$}", t.g.dash), t.dim)],
            };
            met_cell.insert(0, Span::raw(""));
            let mut cells = vec![
                Cell::from(if selected { t.g.pointer } else { " " }),
                Cell::from(world.member_name(m).to_string()),
            ];
            if wide {
                let low = ms.marks.iter().filter(|k| **k == Mark::Low).count();
                let skill = ms
                    .skills
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| **n > 0)
                    .max_by_key(|(g, n)| (**n, std::cmp::Reverse(*g)))
                    .map(|(g, n)| format!("{} {n}", world.good_name(g)))
                    .unwrap_or_else(|| t.g.dash.to_string());
                cells.push(Cell::from(format!("{low:>3}")));
                cells.push(Cell::from(format!("{:>4.2}", ms.charisma)));
                cells.push(Cell::from(fit(&skill, 12)));
            }
            cells.push(Cell::from(Line::from(met_cell)));
            if wide {
                cells.push(Cell::from(format!("{:>4.2}", ms.wellbeing)));
            }
            cells.push(Cell::from(format!("{:>5}", ms.scrip)));
            if wide {
                cells.push(Cell::from(format!("{:>4.2}", ms.standing)));
                let h = if ms.hunger > 0 {
                    Span::styled(format!("{:>3}", ms.hunger), t.bad)
                } else {
                    Span::raw(format!("{:>3}", 0))
                };
                cells.push(Cell::from(h));
            }
            let row = Row::new(cells);
            if selected { row.style(t.selected) } else { row }
        });
        let name_w = if wide { 16 } else { 14 };
        let mut widths = vec![Constraint::Length(1), Constraint::Length(name_w)];
        let mut header = vec![" ", "name"];
        if wide {
            widths.extend([
                Constraint::Length(3),
                Constraint::Length(4),
                Constraint::Length(12),
            ]);
            header.extend(["low", "char", "best skill"]);
        }
        widths.push(Constraint::Length(bar_w as u16 + 7));
        header.push("needs met");
        if wide {
            widths.push(Constraint::Length(4));
            header.push("well");
        }
        widths.push(Constraint::Length(5));
        header.push("scrip");
        if wide {
            widths.extend([Constraint::Length(4), Constraint::Length(3)]);
            header.extend(["stnd", "hgr"]);
        }
        let table = Table::new(rows, widths)
            .header(Row::new(header).style(t.dim))
            .column_spacing(1);
        let legend_fits = wide && inner.height as usize > order.len() + 2;
        if legend_fits {
            let [rows_area, legend] =
                Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
            table.render(rows_area, buf);
            Line::styled(
                fit(
                    "low: low-status marks · char: charisma · well: wellbeing · stnd: standing · hgr: hunger",
                    legend.width as usize,
                ),
                t.dim,
            )
            .render(legend, buf);
        } else {
            table.render(inner, buf);
        }
    }

    fn detail(&self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let s = self.s;
        let world = s.world();
        let state = s.game().state();
        let m = self.tab.selected;
        let Some(ms) = state.members.get(m) else {
            return;
        };
        let def = &world.scenario.members[m];
        let block = panel(t, def.name.clone(), false);
        let inner = block.inner(area);
        let mut lines: Vec<Line> = Vec::new();
        // Who they are in the room: every status mark, the low ones marked.
        let dims = &world.scenario.meta.dimensions;
        let high: Vec<&str> = dims
            .iter()
            .zip(&ms.marks)
            .filter(|(_, k)| **k == Mark::High)
            .map(|(d, _)| d.high.as_str())
            .collect();
        let low: Vec<&str> = dims
            .iter()
            .zip(&ms.marks)
            .filter(|(_, k)| **k == Mark::Low)
            .map(|(d, _)| d.low.as_str())
            .collect();
        let mut who = vec![Span::styled(def.pronouns.clone(), t.dim)];
        if !high.is_empty() {
            who.push(Span::raw(format!("  {}", high.join(", "))));
        }
        if !low.is_empty() {
            who.push(Span::raw("; "));
            who.push(Span::styled(
                format!("low status: {}", low.join(", ")),
                t.emph,
            ));
        }
        lines.push(Line::from(who));
        lines.push(Line::from(""));
        // What happened last turn, and why.
        match s
            .last()
            .and_then(|r| r.members.iter().find(|x| x.member == m))
        {
            Some(mr) => {
                lines.push(Line::styled(
                    format!("Last {}", world.scenario.meta.turn_unit),
                    t.title,
                ));
                for o in &mr.needs {
                    let ok = o.met >= o.needed;
                    let (g, st) = if ok { (t.g.ok, t.ok) } else { (t.g.bad, t.bad) };
                    lines.push(Line::from(vec![
                        Span::styled(format!("{g} "), st),
                        Span::raw(o.describe(world)),
                    ]));
                }
                if mr.needs.is_empty() {
                    lines.push(Line::styled("No needs.", t.dim));
                }
            }
            None => {
                lines.push(Line::styled("Needs each turn", t.title));
                for n in &ms.needs {
                    let label = if n.label.is_empty() {
                        String::new()
                    } else {
                        format!(" for {}", n.label)
                    };
                    lines.push(Line::from(format!(
                        "{} {} {}{label} ({})",
                        t.g.dot,
                        n.amount,
                        world.good_name(n.good),
                        n.priority
                    )));
                }
            }
        }
        lines.push(Line::from(""));
        let hist = s.member_met(m);
        let met_now = hist.last().copied();
        let sw = (inner.width as usize).saturating_sub(30).clamp(4, 40);
        let mut hl = vec![
            Span::styled("needs met ", t.dim),
            Span::styled(spark(t, &hist, sw, Scale::Fixed(0.0, 1.0)), t.chart),
        ];
        if let Some(x) = met_now {
            hl.push(Span::styled(format!(" {:.0}%", x * 100.0), t.share(x)));
        }
        hl.push(Span::styled("  wellbeing ", t.dim));
        hl.push(Span::raw(format!("{:.2}", ms.wellbeing)));
        if ms.hunger > 0 {
            hl.push(Span::styled(format!("  hungry {}", ms.hunger), t.bad));
        }
        lines.push(Line::from(hl));
        lines.push(Line::from(vec![
            Span::styled("charisma ", t.dim),
            Span::raw(format!("{:.2}", ms.charisma)),
            Span::styled("  dominance ", t.dim),
            Span::raw(format!("{:.2}", ms.dominance)),
            Span::styled("  standing ", t.dim),
            Span::raw(format!("{:.2}", ms.standing)),
            Span::styled("  scrip ", t.dim),
            Span::raw(ms.scrip.to_string()),
        ]));
        let works: Vec<String> = ms
            .work
            .iter()
            .enumerate()
            .filter(|(g, w)| **w > 0 && ms.skills[*g] > 0)
            .map(|(g, w)| {
                format!(
                    "{} ({}/turn, {w}% of time)",
                    world.good_name(g),
                    ms.skills[g]
                )
            })
            .collect();
        let holds: Vec<String> = ms
            .holdings
            .iter()
            .enumerate()
            .filter(|(_, h)| **h > 0)
            .map(|(g, h)| format!("{} {h}", world.good_name(g)))
            .collect();
        lines.push(Line::from(vec![
            Span::styled("works ", t.dim),
            Span::raw(if works.is_empty() {
                "nothing: cannot work".to_string()
            } else {
                works.join(", ")
            }),
        ]));
        lines.push(Line::from(vec![
            Span::styled("holds ", t.dim),
            Span::raw(if holds.is_empty() {
                "nothing".to_string()
            } else {
                holds.join(", ")
            }),
        ]));
        let mut bonds: Vec<(MemberId, f64)> = state.bonds.neighbours(m).collect();
        bonds.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let bl: Vec<String> = bonds
            .iter()
            .take(6)
            .map(|(o, w)| {
                let n = world.member_name(*o);
                format!("{} {w:.2}", n.split_whitespace().next().unwrap_or(n))
            })
            .collect();
        lines.push(Line::from(vec![
            Span::styled("bonds ", t.dim),
            Span::raw(if bl.is_empty() {
                "none: alone".to_string()
            } else {
                bl.join(", ")
            }),
        ]));
        lines.push(Line::from(""));
        lines.push(Line::styled(def.bio.clone(), t.dim));
        Scrolled::new(lines).render(t, block, &self.tab.detail, area, buf);
    }
}
