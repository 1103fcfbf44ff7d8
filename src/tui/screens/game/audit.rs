//! The bias audit: for every member, what the meetings did with what they brought over the
//! game — how often it passed, beside their status, charisma and how urgent it was — and
//! what decided each refusal, so privilege at work is seen rather than assumed. Shown on the
//! Meeting screen (`a`) and in the epilogue.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::engine::state::State;
use crate::engine::types::{Barrier, Factor, Mark};
use crate::engine::world::World;
use crate::tui::session::Session;
use crate::tui::theme::Theme;
use crate::tui::widgets::{Scroll, Scrolled, fit, pad, panel, wrap};

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
    let barred = barred(t, world, state, w, name_w, col);
    let key2 = if barred.is_empty() {
        None
    } else if wide {
        Some(
            "at market and along bonds: needs left unmet, decided by no seller with any left, \
             too little scrip, a price above its worth, sellers' prejudice, no bond strong \
             enough, a partner's prejudice, partners with nothing to spare · joint: only \
             together · none: the draws, or nobody to ask",
        )
    } else {
        Some(
            "unmet at market/aid, decided by se seller, sc scrip, va value, sp sellers' \
             prejudice, bo bond, pp partner's prejudice, ns nothing to spare",
        )
    };
    out.extend(barred);
    // The keys last: rows first where the panel is short.
    for key in std::iter::once(key).chain(key2) {
        out.extend(
            wrap(key, w)
                .into_iter()
                .map(|l| Line::styled(l.to_string(), t.dim)),
        );
    }
    out
}

/// Column heads for the barriers, in `Barrier` order: wide and narrow.
const BARRIERS: [&str; 7] = ["sell", "scrp", "val", "sprj", "bond", "pprj", "spar"];
const BARRIERS_SHORT: [&str; 7] = ["se", "sc", "va", "sp", "bo", "pp", "ns"];

/// What the market and mutual aid left unmet, and which barrier decided it: a header and
/// one row per member who went without (most often first); nothing if nobody did.
fn barred<'a>(
    t: &Theme,
    world: &World,
    state: &State,
    w: usize,
    name_w: usize,
    col: usize,
) -> Vec<Line<'a>> {
    let mut rows: Vec<usize> = (0..state.members.len())
        .filter(|&m| state.members[m].audit.short > 0)
        .collect();
    if rows.is_empty() {
        return Vec::new();
    }
    rows.sort_by_key(|&m| (std::cmp::Reverse(state.members[m].audit.short), m));
    let wide = col > 3;
    let mut head = format!("{}{}", pad("", name_w), if wide { "unmet " } else { "un " });
    for h in if wide { BARRIERS } else { BARRIERS_SHORT } {
        head.push_str(&format!("{h:>col$}"));
    }
    head.push_str(if wide { " joint  none" } else { " jt no" });
    let mut out = vec![Line::from(""), Line::styled(fit(&head, w), t.dim)];
    for m in rows {
        let a = &state.members[m].audit;
        let name = world.member_name(m);
        let name = if name_w < 16 {
            name.split(' ').next().unwrap_or(name)
        } else {
            name
        };
        let un = if wide { 5 } else { 2 };
        let mut text = format!("{}{:>un$} ", pad(name, name_w), a.short);
        for b in Barrier::ALL {
            text.push_str(&format!("{:>col$}", a.barred[b.index()]));
        }
        let (j, n) = if wide { (6, 6) } else { (3, 3) };
        text.push_str(&format!("{:>j$}{:>n$}", a.barred_jointly, a.unbarred));
        out.push(Line::from(Span::styled(fit(&text, w), t.base)));
    }
    out
}

/// The audit in a panel, for the Meeting screen: its column heads stay put, its rows
/// scroll.
pub struct View<'a> {
    pub s: &'a Session,
    pub theme: &'a Theme,
    pub scroll: &'a Scroll,
    /// PgUp/PgDn scroll it now (else they scroll the item above).
    pub focused: bool,
}

impl Widget for View<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let block = panel(t, "Bias audit over the game (a: floor time)", self.focused);
        let inner = block.inner(area);
        let state = self.s.game().state();
        let mut lines = lines(t, self.s.world(), state, inner.width as usize);
        let head = vec![lines.remove(0)];
        Scrolled {
            head,
            lines,
            foot: Vec::new(),
            focused: self.focused,
            other: "· ← then PgDn",
        }
        .render(t, block, self.scroll, area, buf);
    }
}
