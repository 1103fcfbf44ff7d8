//! The Bonds screen in words, for those the graph leaves in a tangle: the strongest bonds,
//! who is alone or nearly, and which bonds cross the status marks (gender, race, …) and
//! which stay within them, with the E-I index in plain words. Read from the state as it
//! stands: the bonds the next month starts from.

use ratatui::text::{Line, Span};

use crate::engine::metrics::TIE;
use crate::engine::types::Mark;
use crate::engine::{MemberId, World};
use crate::tui::attention::first_name;
use crate::tui::session::Session;
use crate::tui::theme::Theme;
use crate::tui::widgets::{bar, fit, pad, wrap};

/// A bond this strong is close; one below `FIRM` only weak.
pub const CLOSE: f64 = 0.5;
pub const FIRM: f64 = 0.25;
/// Bonds listed by strength before the rest are counted.
const SHOWN: usize = 12;
/// Bonds across a mark named under it.
const ACROSS_SHOWN: usize = 3;
/// Width of a name in the list.
const NAME_W: usize = 9;

/// A bond's strength in a word.
pub fn strength(w: f64) -> &'static str {
    if w >= CLOSE {
        "close"
    } else if w >= FIRM {
        "firm"
    } else if w >= TIE {
        "weak"
    } else {
        "faint"
    }
}

/// An E-I index in words.
pub fn ei_words(ei: f64) -> &'static str {
    if ei <= -0.5 {
        "mostly within"
    } else if ei < -0.1 {
        "more within than across"
    } else if ei <= 0.1 {
        "about as many across as within"
    } else if ei < 0.5 {
        "more across than within"
    } else {
        "mostly across"
    }
}

/// The bonds that count as ties (≥ `TIE`) among members present, strongest first.
fn ties(s: &Session) -> Vec<(MemberId, MemberId, f64)> {
    let state = s.game().state();
    let here = |m: MemberId| state.members.get(m).is_some_and(|x| x.present);
    let mut v: Vec<(MemberId, MemberId, f64)> = state
        .bonds
        .edges()
        .filter(|&(a, b, w)| w >= TIE && here(a) && here(b))
        .collect();
    v.sort_by(|x, y| y.2.total_cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
    v
}

fn heading<'a>(t: &Theme, title: &str, note: String) -> Line<'a> {
    Line::from(vec![
        Span::styled(title.to_string(), t.emph),
        Span::styled(note, t.dim),
    ])
}

fn para<'a>(t: &Theme, text: &str, width: usize) -> Vec<Line<'a>> {
    indented(text, "", "", width, t.dim)
}

/// `text` wrapped to `width`, its first line after `first`, the others after `rest`.
fn indented<'a>(
    text: &str,
    first: &str,
    rest: &str,
    width: usize,
    style: ratatui::style::Style,
) -> Vec<Line<'a>> {
    let w = width.saturating_sub(first.chars().count().max(rest.chars().count()));
    wrap(text, w.max(10))
        .into_iter()
        .enumerate()
        .map(|(k, l)| {
            let lead = if k == 0 { first } else { rest };
            Line::from(vec![
                Span::raw(lead.to_string()),
                Span::styled(l.to_string(), style),
            ])
        })
        .collect()
}

/// One bond as a row: the pair, a bar, the strength in figures and in a word; a row of the
/// selected member's is marked `▸` and highlighted.
fn row<'a>(
    s: &Session,
    t: &Theme,
    (a, b, w): (MemberId, MemberId, f64),
    sel: MemberId,
    width: usize,
) -> Line<'a> {
    let mine = a == sel || b == sel;
    let name = |m: MemberId| pad(first_name(s, m), NAME_W);
    let bar_w = width
        .saturating_sub(2 + NAME_W * 2 + 3 + 1 + 5 + 6)
        .clamp(3, 12);
    let mut spans = vec![
        Span::raw(if mine { "▸ " } else { "  " }),
        Span::raw(format!("{}– {}", name(a), name(b))),
        Span::raw(" "),
    ];
    spans.extend(bar(t, w, bar_w, t.chart));
    spans.push(Span::raw(format!(" {w:.2} {}", strength(w))));
    let line = Line::from(spans);
    if mine { line.style(t.selected) } else { line }
}

/// Every line of the words view, for a list `width` columns wide.
pub fn lines<'a>(s: &Session, t: &Theme, sel: MemberId, width: usize) -> Vec<Line<'a>> {
    let world = s.world();
    let state = s.game().state();
    let present: Vec<MemberId> = state.present().collect();
    let all = ties(s);
    let n = present.len();
    let pairs = n * n.saturating_sub(1) / 2;
    let mut out = Vec::new();

    out.push(heading(
        t,
        "Strongest bonds",
        format!("  {} of {pairs} pairs bonded", all.len()),
    ));
    if all.is_empty() {
        out.push(Line::styled("  Nobody is bonded to anybody.", t.bad));
    }
    for &tie in all.iter().take(SHOWN) {
        out.push(row(s, t, tie, sel, width));
    }
    if all.len() > SHOWN {
        let weak = all[SHOWN..].iter().filter(|x| x.2 < FIRM).count();
        out.push(Line::styled(
            format!(
                "  … and {} more, {weak} of them weak ({TIE:.2}–{FIRM:.2})",
                all.len() - SHOWN
            ),
            t.dim,
        ));
    }
    out.extend(para(
        t,
        &format!(
            "close: {CLOSE:.2} or more · firm: {FIRM:.2}–{CLOSE:.2} · weak: {TIE:.2}–{FIRM:.2}; \
             under {TIE:.2} a bond does not count."
        ),
        width,
    ));

    out.push(Line::from(""));
    out.extend(alone(s, t, &present, sel, width));
    out.push(Line::from(""));
    out.extend(across(s, world, t, &present, &all, width));
    out
}

/// Who has no bond to count on, and who has only weak ones.
fn alone<'a>(
    s: &Session,
    t: &Theme,
    present: &[MemberId],
    sel: MemberId,
    width: usize,
) -> Vec<Line<'a>> {
    let state = s.game().state();
    let mut out = vec![heading(t, "Alone, or nearly", String::new())];
    out.extend(para(
        t,
        "Under Aid, gifts go along bonds: the alone get none.",
        width,
    ));
    let mut any = false;
    for &m in present {
        let best = state
            .bonds
            .neighbours(m)
            .filter(|(o, _)| present.contains(o))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let (text, style) = match best {
            Some((o, w)) if (TIE..FIRM).contains(&w) => (
                format!(
                    "{}: only weak bonds (strongest {} {w:.2})",
                    first_name(s, m),
                    first_name(s, o)
                ),
                t.warn,
            ),
            Some((_, w)) if w >= FIRM => continue,
            _ => (format!("{}: no bond to count on", first_name(s, m)), t.bad),
        };
        any = true;
        let mark = if m == sel { "▸ " } else { "  " };
        for line in indented(&text, mark, "    ", width, style) {
            out.push(if m == sel {
                line.style(t.selected)
            } else {
                line
            });
        }
    }
    if !any {
        out.extend(indented(
            &format!("Nobody: everyone has a bond of {FIRM:.2} or more."),
            "  ",
            "  ",
            width,
            t.ok,
        ));
    }
    out
}

/// Bonds across each status mark and within it, with the E-I index in words.
fn across<'a>(
    s: &Session,
    world: &World,
    t: &Theme,
    present: &[MemberId],
    all: &[(MemberId, MemberId, f64)],
    width: usize,
) -> Vec<Line<'a>> {
    let state = s.game().state();
    let mark = |m: MemberId, d: usize| state.members[m].marks.get(d).copied();
    let mut out = vec![heading(t, "Across marks", String::new())];
    out.extend(para(
        t,
        "A bond across a mark joins members the town sees differently (a man and a woman, \
         white and of colour); a bond within joins two the same. E-I = (across − within) ÷ \
         all bonds: −1 every bond stays within, 0 as many across as within, +1 every bond \
         crosses.",
        width,
    ));
    let dims = &world.scenario.meta.dimensions;
    if dims.is_empty() {
        out.push(Line::from("  This scenario marks nobody."));
    }
    for (d, dim) in dims.iter().enumerate() {
        let lows = present
            .iter()
            .filter(|&&m| mark(m, d) == Some(Mark::Low))
            .count();
        let title = format!("{} / {}", dim.high, dim.low);
        if lows == 0 || lows == present.len() {
            let who = if lows == 0 { &dim.high } else { &dim.low };
            let text = format!("{title}: everyone is {who}; no bond can cross");
            out.extend(indented(&text, "  ", "    ", width, t.dim));
            continue;
        }
        let crossing: Vec<&(MemberId, MemberId, f64)> = all
            .iter()
            .filter(|x| mark(x.0, d) != mark(x.1, d))
            .collect();
        let (ext, int) = (crossing.len(), all.len() - crossing.len());
        let ei = if all.is_empty() {
            0.0
        } else {
            (ext as f64 - int as f64) / all.len() as f64
        };
        let style = if ei <= -0.5 { t.warn } else { t.base };
        out.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(fit(&title, width.saturating_sub(14)), t.emph),
            Span::styled(format!("  E-I {ei:+.2}"), style),
        ]));
        let text = format!("{ext} across, {int} within: {}", ei_words(ei));
        out.extend(indented(&text, "    ", "    ", width, style));
        if !crossing.is_empty() {
            let named: Vec<String> = crossing
                .iter()
                .take(ACROSS_SHOWN)
                .map(|x| format!("{}–{} {:.2}", first_name(s, x.0), first_name(s, x.1), x.2))
                .collect();
            let text = format!("strongest across: {}", named.join(", "));
            out.extend(indented(&text, "    ", "    ", width, t.dim));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_for_strength_and_ei() {
        assert_eq!(strength(0.6), "close");
        assert_eq!(strength(0.3), "firm");
        assert_eq!(strength(0.12), "weak");
        assert_eq!(strength(0.01), "faint");
        assert_eq!(ei_words(-1.0), "mostly within");
        assert_eq!(ei_words(-0.3), "more within than across");
        assert_eq!(ei_words(0.0), "about as many across as within");
        assert_eq!(ei_words(0.7), "mostly across");
    }
}
