//! The title screen: the menu, and the new-game setup (scenario, its question, a seed).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::tui::app::{MenuItem, Setup, TitleScreen};
use crate::tui::msg::Msg;
use crate::tui::theme::{Theme, Variant};
use crate::tui::view::areas;
use crate::tui::view::widgets::{below_title, centered, panel};

const LOGO: [&str; 2] = ["▄▀█ █▀▀ █▀█ █▀█ ▄▀█", "█▀█ █▄█ █▄█ █▀▄ █▀█"];
const LOGO_ASCII: [&str; 2] = ["A G O R A", ""];

/// Where the menu's first item is drawn.
fn menu_area(area: Rect) -> Rect {
    let body = areas(area).body;
    let [_, menu, _] = Layout::vertical([
        Constraint::Length(6),
        Constraint::Length(MenuItem::ALL.len() as u16),
        Constraint::Min(0),
    ])
    .areas(body);
    centered(menu, 56, menu.height)
}

/// The menu item under a click.
pub fn hit(t: &TitleScreen, area: Rect, x: u16, y: u16) -> Option<Msg> {
    if let Some(l) = &t.list {
        return crate::tui::view::saves::hit(t, l, areas(area).body, x, y);
    }
    if t.setup.is_some() {
        return None;
    }
    let m = menu_area(area);
    (x >= m.x && x < m.right() && y >= m.y && y < m.bottom())
        .then(|| Msg::Select((y - m.y) as usize))
}

pub fn render(t: &TitleScreen, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let a = areas(area);
    let logo = if theme.variant == Variant::Plain {
        LOGO_ASCII
    } else {
        LOGO
    };
    let mut head = vec![Line::from("")];
    head.extend(
        logo.iter()
            .map(|l| Line::styled(*l, theme.header_accent.patch(theme.emph))),
    );
    head.push(Line::styled(
        "how a small community shares what it has",
        theme.dim,
    ));
    Paragraph::new(head)
        .centered()
        .render(Rect::new(a.body.x, a.header.y, a.body.width, 5), buf);
    match (&t.setup, &t.list) {
        (Some(s), _) => setup(t, s, theme, a.body, buf),
        (None, Some(l)) => crate::tui::view::saves::list(t, l, theme, a.body, buf),
        (None, None) => menu(t, theme, area, buf),
    }
}

fn menu(t: &TitleScreen, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let m = menu_area(area);
    let lines: Vec<Line> = MenuItem::ALL
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let sel = i == t.menu;
            let lead = if sel { theme.g.pointer } else { " " };
            let mut spans = vec![Span::styled(
                format!("{lead} {:<24}", item.label()),
                if sel { theme.selected } else { theme.base },
            )];
            if item.unavailable(t).is_some() {
                spans.push(Span::styled("  (no saves yet)", theme.dim));
            } else if let (MenuItem::Continue, Some(Ok(h))) =
                (item, t.last_game().map(|l| &l.header))
            {
                spans.push(Span::styled(
                    format!(
                        "  {} · {} {}",
                        h.scenario_name,
                        h.turn,
                        plural_turns(h.turn)
                    ),
                    theme.dim,
                ));
            }
            Line::from(spans)
        })
        .collect();
    Paragraph::new(lines).render(m, buf);
    // A preview of what "New game" will play.
    let below = Rect::new(
        area.x,
        m.bottom() + 1,
        area.width,
        areas(area).footer.y.saturating_sub(m.bottom() + 1),
    );
    if let Some(c) = t.catalog.first() {
        let names: Vec<&str> = t.catalog.iter().map(|c| c.name.as_str()).collect();
        let text = vec![
            Line::from(vec![
                Span::styled("Scenarios: ", theme.dim),
                Span::raw(names.join(", ")),
            ]),
            Line::from(""),
            Line::from(vec![
                Span::styled(format!("{} asks: ", c.name), theme.dim),
                Span::raw(c.question.clone()),
            ]),
        ];
        Paragraph::new(text)
            .wrap(Wrap { trim: true })
            .render(centered(below, 72, below.height), buf);
    }
}

fn plural_turns(n: u32) -> &'static str {
    if n == 1 {
        "turn played"
    } else {
        "turns played"
    }
}

fn setup(t: &TitleScreen, s: &Setup, theme: &Theme, body: Rect, buf: &mut Buffer) {
    let area = below_title(body);
    let block = panel(theme, "New game", true);
    let inner = block.inner(area);
    block.render(area, buf);
    let [list, detail] =
        Layout::horizontal([Constraint::Length(24), Constraint::Min(20)]).areas(inner);
    let mut lines = vec![Line::styled("Scenario", theme.title)];
    for (i, c) in t.catalog.iter().enumerate() {
        let sel = i == s.chosen && s.mod_cursor.is_none();
        let lead = if sel { theme.g.pointer } else { " " };
        let text = format!("{lead} {}", c.name);
        lines.push(Line::styled(
            text,
            if sel { theme.selected } else { theme.base },
        ));
    }
    if t.catalog.is_empty() {
        lines.push(Line::styled("No scenarios found.", theme.bad));
    }
    lines.push(Line::from(""));
    lines.push(Line::styled("Seed", theme.title));
    let seed = if s.seed.is_empty() {
        Span::styled("random (type digits)", theme.dim)
    } else {
        Span::styled(s.seed.clone(), theme.emph)
    };
    lines.push(Line::from(vec![
        Span::raw("  "),
        seed,
        Span::styled("_", theme.key),
    ]));
    lines.push(Line::styled("  the same seed plays", theme.dim));
    lines.push(Line::styled("  the same game", theme.dim));
    lines.push(Line::from(""));
    lines.push(Line::from(vec![
        Span::styled("Enter", theme.key),
        Span::raw(" starts"),
    ]));
    Paragraph::new(lines).render(list, buf);
    let Some(c) = t.catalog.get(s.chosen) else {
        return;
    };
    let detail = if t.mods.is_empty() {
        detail
    } else {
        let rows = (t.mods.len() as u16 + 1).min(detail.height / 2);
        let [detail, mods_area] =
            Layout::vertical([Constraint::Min(0), Constraint::Length(rows)]).areas(detail);
        mods(t, s, &c.id, theme, mods_area, buf);
        detail
    };
    let mut d = vec![Line::styled(c.name.clone(), theme.emph)];
    if let Some(m) = s.mod_cursor.and_then(|i| t.mods.get(i)) {
        // The mod under the cursor, in full: the list has room for one line of it.
        d = vec![
            Line::styled(format!("{} {}", m.name, m.version), theme.emph),
            Line::styled(
                if m.scenarios.is_empty() {
                    "for any scenario".to_string()
                } else {
                    format!("for {}", m.scenarios.join(", "))
                },
                theme.dim,
            ),
            Line::from(""),
            Line::from(m.description.clone()),
        ];
    } else if let Some(p) = &c.problem {
        d.push(Line::styled(format!("{} {p}", theme.g.bad), theme.bad));
    } else {
        d.push(Line::styled(
            format!(
                "{} members · {} goods · {} {}s",
                c.members, c.goods, c.turns, c.turn_unit
            ),
            theme.dim,
        ));
        d.push(Line::from(""));
        d.push(Line::from(c.description.clone()));
        d.push(Line::from(""));
        d.push(Line::from(vec![
            Span::styled("The question: ", theme.title),
            Span::raw(c.question.clone()),
        ]));
    }
    Paragraph::new(d)
        .wrap(Wrap { trim: true })
        .render(detail, buf);
}

/// The mods list of the new-game screen: ticked ones play with the game; those made for
/// another scenario are shown but left out.
fn mods(t: &TitleScreen, s: &Setup, scenario: &str, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let focused = s.mod_cursor.is_some();
    let mut lines = vec![Line::from(vec![
        Span::styled("Mods", theme.title),
        Span::styled(
            if focused {
                "  Space ticks · Tab back to scenarios"
            } else {
                "  Tab to choose"
            },
            theme.dim,
        ),
    ])];
    for (i, m) in t.mods.iter().enumerate() {
        let sel = s.mod_cursor == Some(i);
        let lead = if sel { theme.g.pointer } else { " " };
        let tick = if s.mods.contains(&m.id) { "[x]" } else { "[ ]" };
        let mut spans = vec![Span::styled(
            format!("{lead} {tick} {} {}", m.name, m.version),
            if sel { theme.selected } else { theme.base },
        )];
        if m.fits(scenario) {
            spans.push(Span::styled(format!("  {}", m.description), theme.dim));
        } else {
            spans.push(Span::styled(
                format!("  (only for {})", m.scenarios.join(", ")),
                theme.dim,
            ));
        }
        lines.push(Line::from(spans));
    }
    Paragraph::new(lines).render(area, buf);
}
