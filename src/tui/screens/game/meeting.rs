//! Meeting: last turn's agenda — every request and proposal on every good held in common —
//! and for the selected item: the outcome under the rule, support before and after
//! deliberation, who held the floor and whose influence moved the room; then floor time and
//! social power for every member of that meeting, as bars — or, with `a`, the bias audit:
//! for every member, how often what they brought passed, against their status, charisma and
//! need, and what decided each refusal.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::engine::report::meeting::{ItemKind, ItemRecord, MeetingRecord};
use crate::engine::report::{LayerDetail, TurnReport};
use crate::engine::types::Mark;
use crate::engine::{GoodId, MemberId, Regime};
use crate::tui::attention::first_name;
use crate::tui::keys::{Binding, DOWN, LEFT, PGDN, PGUP, RIGHT, UP, ch, send};
use crate::tui::msg::Msg;
use crate::tui::screens::game::audit;
use crate::tui::screens::game::record::record_lines;
use crate::tui::screens::{Reply, nudge, step};
use crate::tui::session::Session;
use crate::tui::theme::Theme;
use crate::tui::widgets::{
    Scroll, Scrolled, bar, fit, hinted, kv, kv_wrapped, pad, panel, scroll, scroll_hint,
    scroll_step, wrap,
};

#[rustfmt::skip]
pub const KEYS: &[Binding] = &[
    send(UP,   "↑ k", Msg::Up,   Some("item"), "previous agenda item"),
    send(DOWN, "↓ j", Msg::Down, None,         "next agenda item"),
    send(&[ch('a')], "a", Msg::Toggle, Some("audit"), "floor time ⇄ the bias audit: what passed of what each brought, and what decided each refusal — scarcity (sc), prejudice (pr), status (st), a block (bl)"),
    send(&[PGUP], "PgUp", Msg::PageUp, None, "scroll the panel with the bright border up"),
    send(&[PGDN], "PgDn", Msg::PageDown, None, "scroll the panel with the bright border down"),
    send(RIGHT, "→ l", Msg::Right, None, "PgUp/PgDn scroll the other panel: the item ⇄ floor time or the audit"),
    send(LEFT,  "← h", Msg::Left,  None, "the same"),
];

/// The selected row of the agenda, whether the audit replaces the floor, which of the two
/// right-hand panels PgUp/PgDn scroll, and how far each is scrolled.
#[derive(Debug, Clone, Default)]
pub struct Meeting {
    pub selected: usize,
    pub audit: bool,
    /// PgUp/PgDn scroll the item's panel (else the floor or audit below it).
    pub on_item: bool,
    pub item_scroll: Scroll,
    pub floor_scroll: Scroll,
}

impl Meeting {
    pub fn update(&mut self, msg: Msg, s: &Session) -> Reply {
        if let Some(d) = scroll_step(msg) {
            if self.on_item {
                self.item_scroll.by(d);
            } else {
                self.floor_scroll.by(d);
            }
            return Reply::default();
        }
        match msg {
            Msg::Toggle => {
                self.audit = !self.audit;
                self.floor_scroll.reset();
            }
            Msg::Left | Msg::Right => self.on_item = !self.on_item,
            Msg::Select(_) => {}
            _ => {
                let was = self.selected;
                self.selected = nudge(self.selected, agenda(s).len(), step(msg));
                if self.selected != was {
                    self.item_scroll.reset();
                    self.floor_scroll.reset();
                }
            }
        }
        Reply::default()
    }

    /// Keep the selection on the agenda of another point of the game.
    pub fn clamp(&mut self, s: &Session) {
        self.selected = self.selected.min(agenda(s).len().saturating_sub(1));
    }

    /// Select the agenda row of `good`, and of `member`'s item if there is one.
    pub fn show(&mut self, s: &Session, good: GoodId, member: Option<MemberId>) {
        let rows = agenda(s);
        let of_good = |row: &AgendaRow| {
            s.last()
                .is_some_and(|r| r.goods[row.good_report].good == good)
        };
        let of_member = |row: &AgendaRow| {
            let r = s.last();
            match (r, row.item, member) {
                (Some(r), Some(i), Some(m)) => {
                    match &r.goods[row.good_report].layers[row.layer].detail {
                        LayerDetail::Meeting(rec) => rec.items[i].member == m,
                        _ => false,
                    }
                }
                _ => false,
            }
        };
        if let Some(i) = rows
            .iter()
            .position(|row| of_good(row) && of_member(row))
            .or_else(|| rows.iter().position(of_good))
        {
            self.selected = i;
        }
    }
}

/// The Meeting screen's agenda: every item of last turn's meetings, and a row for each
/// `Commons` layer that had none.
pub fn agenda(s: &Session) -> Vec<AgendaRow> {
    let Some(r) = s.last() else {
        return vec![];
    };
    let mut rows = Vec::new();
    for (good_report, layer) in layers_of(s, Regime::Commons) {
        let items = match &r.goods[good_report].layers[layer].detail {
            LayerDetail::Meeting(m) => m.items.len(),
            LayerDetail::Aid(_) | LayerDetail::Market(_) => 0,
        };
        if items == 0 {
            rows.push(AgendaRow {
                good_report,
                layer,
                item: None,
            });
        }
        rows.extend((0..items).map(|i| AgendaRow {
            good_report,
            layer,
            item: Some(i),
        }));
    }
    rows
}

/// One row of the Meeting screen's agenda.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgendaRow {
    /// Index into the last report's goods, and into that good's layers.
    pub good_report: usize,
    pub layer: usize,
    /// The item of the meeting's record; none when the layer held no meeting items.
    pub item: Option<usize>,
}

/// Last turn's layers run by `regime`, as (good report, layer) index pairs.
fn layers_of(session: &Session, regime: Regime) -> Vec<(usize, usize)> {
    let Some(r) = session.last() else {
        return vec![];
    };
    r.goods
        .iter()
        .enumerate()
        .flat_map(|(gi, g)| {
            g.layers
                .iter()
                .enumerate()
                .filter(move |(_, l)| l.regime == regime)
                .map(move |(li, _)| (gi, li))
        })
        .collect()
}

/// The Meeting screen as drawn.
pub struct View<'a> {
    pub tab: &'a Meeting,
    pub s: &'a Session,
    /// The member the player looks at (Members, Bonds): always listed on the floor.
    pub watched: MemberId,
    pub theme: &'a Theme,
}

impl Widget for &View<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let left_w = if area.width >= 120 { 40 } else { 30 };
        let [left, right] =
            Layout::horizontal([Constraint::Length(left_w), Constraint::Min(20)]).areas(area);
        let [agenda, rules] =
            Layout::vertical([Constraint::Min(4), Constraint::Length(7)]).areas(left);
        self.agenda(agenda, buf);
        self.rules(rules, buf);
        let item_h = if area.height >= 40 { 16 } else { 13 };
        let [item, floor] =
            Layout::vertical([Constraint::Length(item_h), Constraint::Min(3)]).areas(right);
        self.item(item, buf);
        if self.tab.audit {
            audit::View {
                s: self.s,
                theme: self.theme,
                scroll: &self.tab.floor_scroll,
                focused: !self.tab.on_item,
            }
            .render(floor, buf);
        } else {
            self.floor(floor, buf);
        }
    }
}

/// The meeting record and item an agenda row points at.
fn meeting_of<'r>(r: &'r TurnReport, row: &AgendaRow) -> Option<&'r MeetingRecord> {
    match &r.goods[row.good_report].layers[row.layer].detail {
        LayerDetail::Meeting(m) => Some(m),
        LayerDetail::Aid(_) | LayerDetail::Market(_) => None,
    }
}

impl View<'_> {
    fn selected(&self) -> Option<(&TurnReport, AgendaRow)> {
        let r = self.s.last()?;
        let row = *agenda(self.s).get(self.tab.selected)?;
        Some((r, row))
    }

    /// What an item asked for, in words: "hormone therapy (health)".
    fn item_words(&self, item: &ItemRecord) -> String {
        let m = &self.s.game().state().members[item.member];
        let label = match item.kind {
            ItemKind::Request { need, .. } => m.needs.get(need).map(|n| n.label.clone()),
            ItemKind::Proposal { interest } => m.interests.get(interest).map(|i| i.purpose.clone()),
        }
        .filter(|l| !l.is_empty());
        match (item.kind, label) {
            (ItemKind::Proposal { .. }, Some(l)) => format!("a proposal: {l}"),
            (ItemKind::Proposal { .. }, None) => "a proposal".into(),
            (ItemKind::Request { .. }, Some(l)) => format!("{l}, a {} need", item.priority),
            (ItemKind::Request { .. }, None) => format!("a {} need", item.priority),
        }
    }

    fn agenda(&self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let s = self.s;
        let rows = agenda(self.s);
        let title = match s.last() {
            Some(r) => {
                let refused = rows
                    .iter()
                    .filter_map(|row| meeting_of(r, row).zip(row.item))
                    .filter(|(m, k)| !m.items[*k].approved)
                    .count();
                if area.width >= 40 {
                    format!(
                        "Agenda, {}: {} items, {refused} refused",
                        s.turn_name(r.turn),
                        rows.len()
                    )
                } else {
                    format!("Agenda: {refused} of {} refused", rows.len())
                }
            }
            None => "Agenda".into(),
        };
        let legend = format!(" {} approved {} refused ", t.g.ok, t.g.bad);
        let inner = panel(t, "", true).inner(area);
        let top = scroll(self.tab.selected, inner.height as usize);
        let max = (rows.len() as u16).saturating_sub(inner.height);
        let hint = scroll_hint(top as u16, max, "↑", "↓");
        // The legend, unless the keys that scroll the list need its room.
        let room = hint.as_ref().map_or(0, |h| h.chars().count()) + legend.chars().count();
        let block = panel(t, title, true);
        let block = if room + 2 <= area.width as usize {
            block.title_bottom(Line::styled(legend, t.dim).right_aligned())
        } else {
            block
        };
        hinted(t, block, hint).render(area, buf);
        let Some(r) = s.last() else {
            Paragraph::new("The first meeting comes with the first turn.")
                .style(t.dim)
                .wrap(Wrap { trim: true })
                .render(inner, buf);
            return;
        };
        if rows.is_empty() {
            Paragraph::new("No good is held in common, so nothing came before a meeting.")
                .style(t.dim)
                .wrap(Wrap { trim: true })
                .render(inner, buf);
            return;
        }
        let w = inner.width as usize;
        let (good_w, name_w) = if w >= 36 { (10, 14) } else { (9, 8) };
        let lines: Vec<Line> = rows
            .iter()
            .enumerate()
            .skip(top)
            .take(inner.height as usize)
            .map(|(i, row)| {
                let sel = i == self.tab.selected;
                let good = s.world().good_name(r.goods[row.good_report].good);
                let lead = if sel { t.g.pointer } else { " " };
                let item = meeting_of(r, row).zip(row.item).map(|(m, k)| &m.items[k]);
                let mut spans = vec![Span::raw(format!("{lead} "))];
                match item {
                    Some(it) => {
                        let (glyph, style) = if it.approved {
                            (t.g.ok, t.ok)
                        } else {
                            (t.g.bad, t.bad)
                        };
                        let who = if name_w > 8 {
                            s.world().member_name(it.member)
                        } else {
                            first_name(s, it.member)
                        };
                        let kind = match it.kind {
                            ItemKind::Request { .. } => "",
                            ItemKind::Proposal { .. } => " use",
                        };
                        spans.push(Span::styled(format!("{glyph} "), style));
                        spans.push(Span::raw(format!(
                            "{} {} {:>2}{kind}",
                            pad(good, good_w),
                            pad(who, name_w),
                            it.amount
                        )));
                    }
                    None => spans.push(Span::styled(format!("  {} no items", pad(good, 9)), t.dim)),
                }
                let line = Line::from(spans);
                if sel { line.style(t.selected) } else { line }
            })
            .collect();
        Paragraph::new(lines).render(inner, buf);
    }

    fn rules(&self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let p = &self.s.game().state().policy;
        let block = panel(t, "How meetings run", false);
        let inner = block.inner(area);
        block.render(area, buf);
        let on = |b: bool| if b { "on" } else { "off" };
        let f = &p.facilitation;
        let lines = vec![
            Line::from(vec![
                Span::styled("rule ", t.dim),
                Span::raw(p.decision_rule.name()),
            ]),
            Line::from(vec![
                Span::styled("stack ", t.dim),
                Span::raw(on(f.progressive_stack)),
                Span::styled("  rounds ", t.dim),
                Span::raw(on(f.timed_rounds)),
            ]),
            Line::from(vec![
                Span::styled("secret ballot ", t.dim),
                Span::raw(on(f.secret_ballot)),
            ]),
            Line::from(vec![
                Span::styled("ration refused food ", t.dim),
                Span::raw(on(p.leftover_rationing)),
            ]),
            Line::styled("change them on Policy (7)", t.dim),
        ];
        Paragraph::new(lines).render(inner, buf);
    }

    /// Nothing to show for an item: say why, and what would change it.
    fn no_item(&self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let s = self.s;
        let world = s.world();
        let block = panel(t, "Meeting", false);
        let inner = block.inner(area);
        block.render(area, buf);
        let state = s.game().state();
        let commons: Vec<&str> = (0..world.goods.len())
            .filter(|&g| {
                state.goods[g].regime == Regime::Commons
                    || state.goods[g].fallback == Some(Regime::Commons)
            })
            .map(|g| world.good_name(g))
            .collect();
        let text = if commons.is_empty() {
            "Nothing is held in common. Put a good under Commons on the Policy screen (7) and \
             a meeting will decide who gets it."
                .to_string()
        } else {
            format!(
                "Held in common: {}. Everything made of them goes into a pool; members ask the \
                 meeting for what they need, and it decides when the turn ends (n).",
                commons.join(", ")
            )
        };
        Paragraph::new(text)
            .wrap(Wrap { trim: true })
            .render(inner, buf);
    }

    fn item(&self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let s = self.s;
        let world = s.world();
        let Some((r, row)) = self.selected() else {
            self.no_item(area, buf);
            return;
        };
        let gr = &r.goods[row.good_report];
        let good = world.good_name(gr.good);
        let Some((rec, it)) = meeting_of(r, &row)
            .zip(row.item)
            .map(|(m, k)| (m, &m.items[k]))
        else {
            // A layer with no items: its record in words.
            let block = panel(t, good.to_string(), self.tab.on_item);
            let inner = block.inner(area);
            let layer = &gr.layers[row.layer];
            let lines = record_lines(t, world, r, gr, layer, inner.width as usize);
            self.scrolled_item(lines)
                .render(t, block, &self.tab.item_scroll, area, buf);
            return;
        };
        let kind = match it.kind {
            ItemKind::Request { .. } => "request",
            ItemKind::Proposal { .. } => "proposal",
        };
        let title = format!(
            "{}'s {kind}: {} {good}",
            world.member_name(it.member),
            it.amount
        );
        let block = panel(t, title, self.tab.on_item);
        let inner = block.inner(area);
        let w = inner.width as usize;
        let lw = 9;
        let bw = w.saturating_sub(lw + 7 + 6).clamp(4, 40);
        let mut lines = vec![Line::styled(self.item_words(it), t.dim)];
        match &it.refusal {
            Some(refusal) => {
                let text = format!("{} refused: {}", t.g.bad, refusal.describe(world));
                lines.extend(
                    wrap(&text, w)
                        .into_iter()
                        .map(|l| Line::styled(l.to_string(), t.bad)),
                );
            }
            None => lines.push(Line::from(vec![
                Span::styled(format!("{} approved", t.g.ok), t.ok),
                Span::raw(format!(
                    " under {}: granted {} of {}",
                    rec.rule.name(),
                    it.granted,
                    it.amount
                )),
            ])),
        }
        if it.carried {
            lines.push(Line::styled(
                "status carried it: in a room of equals it would have failed",
                t.warn,
            ));
        }
        if let Some(&(_, units)) = rec.rationed.iter().find(|(m, _)| *m == it.member) {
            lines.push(Line::styled(
                format!("the leftover rule rationed {units} to them anyway"),
                t.dim,
            ));
        }
        let threshold = s.game().state().params.meeting.threshold;
        let kvw = |label: &str, text: &str| kv_wrapped(t, label, lw, text, w);
        let support = |x: f64| {
            let mut v = bar(t, x, bw, if x > threshold { t.ok } else { t.bad });
            v.push(Span::raw(format!(" {:>3.0}%", x * 100.0)));
            v
        };
        lines.push(kv(t, "support", lw, {
            let mut v = vec![Span::styled("before ", t.dim)];
            v.extend(support(it.support_before));
            v
        }));
        lines.push(kv(t, "", lw, {
            let mut v = vec![Span::styled("after  ", t.dim)];
            v.extend(support(it.support_after));
            v
        }));
        lines.extend(kvw(
            "opinion",
            &format!(
                "the room's mean went {:.2} {} {:.2} in deliberation",
                it.mean_before, t.g.arrow, it.mean_after
            ),
        ));
        if let Some(sp) = &it.top_speaker {
            lines.extend(kvw("floor", &sp.describe(world)));
        }
        if let Some(mv) = &it.mover {
            lines.extend(kvw("moved by", &mv.describe(world)));
        }
        lines.extend(kvw(
            "vote",
            &format!(
                "{} voted with the room against their own view; {} blocked",
                it.conformed, it.blocks
            ),
        ));
        self.scrolled_item(lines)
            .render(t, block, &self.tab.item_scroll, area, buf);
    }

    /// The item's lines, scrolled when the item's panel has the keys.
    fn scrolled_item<'l>(&self, lines: Vec<Line<'l>>) -> Scrolled<'l> {
        Scrolled {
            focused: self.tab.on_item,
            other: "· → then PgDn",
            ..Scrolled::new(lines)
        }
    }

    /// Every attendee's share of the floor and of social power at the selected item's
    /// meeting, most floor first, with their low-status marks: status made visible.
    fn floor(&self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let s = self.s;
        let world = s.world();
        let found = self
            .selected()
            .and_then(|(r, row)| meeting_of(r, &row).map(|m| (r, m)));
        let Some((_, rec)) = found else {
            let block = panel(t, "Floor time", false);
            let inner = block.inner(area);
            block.render(area, buf);
            Line::styled("Floor shares appear once a meeting is held.", t.dim).render(inner, buf);
            return;
        };
        let block = panel(
            t,
            format!(
                "Share of the floor at the {} meeting",
                world.good_name(rec.good)
            ),
            !self.tab.on_item,
        );
        let inner = block.inner(area);
        let state = s.game().state();
        let power = |m: MemberId| {
            rec.power
                .iter()
                .find(|(x, _)| *x == m)
                .map_or(0.0, |(_, p)| *p)
        };
        let mut floor = rec.floor.clone();
        floor.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let max = floor.first().map_or(1.0, |f| f.1).max(1e-9);
        let w = inner.width as usize;
        let name_w = if w >= 60 { 16 } else { 10 };
        let bw = w.saturating_sub(name_w + 26).clamp(4, 40);
        let circles = if rec.circles > 1 {
            format!(" in {} circles", rec.circles)
        } else {
            String::new()
        };
        let mut head = vec![Line::styled(
            fit(
                &format!(
                    "pool {}{}{}{circles} · {:.0} member-hours · π power",
                    rec.pool_before, t.g.arrow, rec.pool_after, rec.hours
                ),
                w,
            ),
            t.dim,
        )];
        let row = |m: MemberId, share: f64| {
            let low = state.members[m]
                .marks
                .iter()
                .filter(|k| **k == Mark::Low)
                .count();
            let name = if name_w > 10 {
                world.member_name(m)
            } else {
                first_name(s, m)
            };
            let lead = if m == self.watched { t.g.pointer } else { " " };
            let mut spans = vec![Span::raw(format!("{lead}{}", pad(name, name_w)))];
            spans.extend(bar(t, share / max, bw, t.chart));
            spans.push(Span::raw(format!(
                " {:>3.0}% π {:.2}",
                share * 100.0,
                power(m)
            )));
            if low > 0 {
                spans.push(Span::styled(format!(" {low} low"), t.dim));
            }
            let line = Line::from(spans);
            if m == self.watched {
                line.style(t.selected)
            } else {
                line
            }
        };
        // The watched member is pinned under the heads when the first rows do not show them.
        let shown = (inner.height as usize).saturating_sub(1);
        if let Some(rank) = floor.iter().position(|(m, _)| *m == self.watched)
            && rank >= shown
        {
            let (m, share) = floor[rank];
            head.push(row(m, share));
        }
        let lines = floor.iter().map(|&(m, share)| row(m, share)).collect();
        Scrolled {
            head,
            lines,
            foot: Vec::new(),
            focused: !self.tab.on_item,
            other: "· ← then PgDn",
        }
        .render(t, block, &self.tab.floor_scroll, area, buf);
    }
}
