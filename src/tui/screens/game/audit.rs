//! The bias audit: for every member, what the meetings did with what they brought over the
//! game — how often it passed, beside their status, charisma and how urgent it was — and
//! what decided each refusal, so privilege at work is seen rather than assumed. Shown on the
//! Meeting screen (`a`) and in the epilogue.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::engine::state::State;
use crate::engine::types::{Factor, Mark};
use crate::engine::world::World;
use crate::tui::session::Session;
use crate::tui::theme::Theme;
use crate::tui::widgets::{fit, pad, panel, wrap};

/// Column heads for the factors, in `Factor` order: wide and narrow.
const HEADS: [&str; 4] = ["scar", "prej", "stat", "blk"];
const SHORT: [&str; 4] = ["sc", "pr", "st", "bl"];

/// The audit as lines `w` wide: a header, one row per member who brought anything (lowest
/// share passed first), then a key.
pub fn lines<'a>(t: &Theme, world: &World, state: &State, w: usize) -> Vec<Line<'a>> {
    let wide = w >= 64;
    let key = if wide {
        "passed/brought over the game · refusals decided by scarcity, prejudice, status, a \
         block · none: no single factor · +stat: passed only thanks to status"
    } else {
        "passed/brought · refusals decided by sc scarcity, pr prejudice, st status, bl a block; \
         no: none alone; +st: passed thanks to status"
    };
    let mut out: Vec<Line> = Vec::new();
    let (name_w, col) = match (wide, w >= 80) {
        (true, true) => (16, 5),
        (true, false) => (10, 5),
        _ => (8, 3),
    };
    let heads = if wide { HEADS } else { SHORT };
    let mut head = format!(
        "{}low {}  passed ",
        pad("", name_w),
        if wide { "char" } else { "ch" }
    );
    for h in heads {
        head.push_str(&format!("{h:>col$}"));
    }
    head.push_str(if wide { " none  +stat" } else { " no +st" });
    out.push(Line::styled(fit(&head, w), t.dim));
    let mut rows: Vec<usize> = (0..state.members.len())
        .filter(|&m| state.members[m].audit.asked > 0)
        .collect();
    let rate = |m: usize| {
        let a = &state.members[m].audit;
        a.passed as f64 / a.asked as f64
    };
    rows.sort_by(|&a, &b| rate(a).total_cmp(&rate(b)).then(a.cmp(&b)));
    for m in rows {
        let member = &state.members[m];
        let a = &member.audit;
        let low = member.marks.iter().filter(|k| **k == Mark::Low).count();
        let name = world.member_name(m);
        let name = if name_w < 16 {
            name.split(' ').next().unwrap_or(name)
        } else {
            name
        };
        let charisma = if wide {
            format!("{:.2}", member.charisma)
        } else {
            format!("{:.1}", member.charisma)
        };
        let mut text = format!(
            "{}{low:>3} {charisma} {:>3}/{:<3}",
            pad(name, name_w),
            a.passed,
            a.asked
        );
        for f in Factor::ALL {
            text.push_str(&format!("{:>col$}", a.struck[f.index()]));
        }
        let (none, plus) = if wide { (5, 7) } else { (3, 4) };
        text.push_str(&format!(
            "{:>none$}{:>plus$}",
            a.jointly + a.merits,
            a.carried
        ));
        let style = if rate(m) < 0.5 { t.bad } else { t.base };
        out.push(Line::from(Span::styled(fit(&text, w), style)));
    }
    if out.len() == 1 {
        out.push(Line::styled("No meeting has been held yet.", t.dim));
    }
    // The key last: rows first where the panel is short.
    out.extend(
        wrap(key, w)
            .into_iter()
            .map(|l| Line::styled(l.to_string(), t.dim)),
    );
    out
}

/// The audit in a panel, for the Meeting screen.
pub struct View<'a> {
    pub s: &'a Session,
    pub theme: &'a Theme,
}

impl Widget for View<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let block = panel(t, "Bias audit over the game (a: floor time)", false);
        let inner = block.inner(area);
        block.render(area, buf);
        let state = self.s.game().state();
        Paragraph::new(lines(t, self.s.world(), state, inner.width as usize)).render(inner, buf);
    }
}
