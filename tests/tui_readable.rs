//! Readable at 80×24: every long panel scrolls and says so in its border, the member the
//! player watches is always listed, no internal id reaches a screen, and every screen
//! numbers the months the same way. Drawn on `TestBackend`.

mod common;

use agora::engine::metrics::Metrics;
use agora::lab::sim::SimSpec;
use agora::tui::app::{self, App};
use agora::tui::components::Modal;
use agora::tui::msg::{Msg, Tab};
use agora::tui::session::Session;
use agora::tui::theme::Theme;
use agora::tui::{dispatch, draw};
use common::{end_turn, game};
use insta::assert_snapshot;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::Value;

/// The screen's rows at 80×24.
fn screen(app: &mut App) -> Vec<String> {
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    draw(&mut term, app).unwrap();
    let buf = term.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .collect()
}

/// The text of rows `rows` between columns `cols` (a panel's inside).
fn part(rows: &[String], ys: std::ops::Range<usize>, xs: std::ops::Range<usize>) -> Vec<String> {
    rows[ys]
        .iter()
        .map(|r| r.chars().skip(xs.start).take(xs.len()).collect())
        .collect()
}

/// Scroll with `keys` and check that the panel's border offered it (`▼ more PgDn`), that
/// the rows it then shows include some it did not show before, and that it now offers the
/// way back (`PgUp`).
fn scrolls(app: &mut App, what: &str, keys: &[Msg]) {
    let before = screen(app);
    assert!(
        before.iter().any(|r| r.contains("▼ more")),
        "{what}: no scroll hint at 80×24:\n{}",
        before.join("\n")
    );
    for &k in keys {
        dispatch(app, k);
    }
    let after = screen(app);
    let shown: Vec<&String> = after
        .iter()
        .filter(|r| !before.contains(r) && !r.contains('─'))
        .collect();
    assert!(
        !shown.is_empty(),
        "{what}: scrolling revealed nothing:\n{}",
        after.join("\n")
    );
    assert!(
        after.iter().any(|r| r.contains("PgUp")),
        "{what}: no way back up:\n{}",
        after.join("\n")
    );
}

#[test]
fn every_long_panel_scrolls_at_80x24() {
    let mut app = game(Theme::color(), 6);
    dispatch(&mut app, Msg::GoTab(Tab::Overview));
    scrolls(&mut app, "goals", &[Msg::PageDown]);
    dispatch(&mut app, Msg::GoTab(Tab::Members));
    scrolls(&mut app, "member's detail", &[Msg::PageDown]);
    dispatch(&mut app, Msg::GoTab(Tab::Market));
    scrolls(&mut app, "how a good was shared", &[Msg::PageDown]);
    dispatch(&mut app, Msg::GoTab(Tab::Policy));
    scrolls(&mut app, "what a setting does", &[Msg::PageDown]);
    dispatch(&mut app, Msg::GoTab(Tab::Chronicle));
    scrolls(&mut app, "chronicle", &[Msg::PageDown]);
    dispatch(&mut app, Msg::GoTab(Tab::Meeting));
    scrolls(&mut app, "floor time", &[Msg::PageDown]);
    dispatch(&mut app, Msg::Toggle);
    scrolls(&mut app, "bias audit", &[Msg::PageDown]);
}

/// The audit's rows past the first page come into view, its column heads stay put.
#[test]
fn the_audit_scrolls_to_its_last_row() {
    let mut app = game(Theme::color(), 6);
    dispatch(&mut app, Msg::GoTab(Tab::Meeting));
    dispatch(&mut app, Msg::Toggle);
    let rows = screen(&mut app);
    let top = rows.iter().position(|r| r.contains("Bias audit")).unwrap();
    let audit = |rows: &[String]| part(rows, top + 1..23, 31..79);
    let first = audit(&rows);
    assert!(first[0].contains("passed"), "{first:?}");
    for _ in 0..10 {
        dispatch(&mut app, Msg::PageDown);
    }
    let rows = screen(&mut app);
    let last = audit(&rows);
    assert!(last[0].contains("passed"), "the heads stay: {last:?}");
    assert!(rows[22].contains("▲ PgUp"), "{}", rows[22]);
    // The key to the columns ends the audit: only scrolling shows it.
    let key = |v: &[String]| v.iter().any(|r| r.contains("passed thanks to status"));
    assert!(!key(&first) && key(&last), "{first:?}\n{last:?}");
    assert_snapshot!("audit_scrolled_80x24", rows.join("\n"));
}

/// The item above the floor scrolls once the keys are moved to it (→), and the border
/// says which panel has them.
#[test]
fn the_meeting_item_takes_the_keys_with_an_arrow() {
    let mut app = game(Theme::color(), 6);
    dispatch(&mut app, Msg::GoTab(Tab::Meeting));
    let g = app.game().unwrap();
    let n = agora::tui::screens::game::meeting::agenda(&g.session).len();
    // The longest item: a refusal explains itself at length.
    let mut best = (0, 0);
    for i in 0..n {
        let rows = screen(&mut app);
        let hinted = rows[..16].iter().any(|r| r.contains("▼ more"));
        let text: usize = rows[3..16].iter().map(|r| r.trim().len()).sum();
        if hinted && text > best.1 {
            best = (i, text);
        }
        dispatch(&mut app, Msg::Down);
    }
    dispatch(&mut app, Msg::Top);
    for _ in 0..best.0 {
        dispatch(&mut app, Msg::Down);
    }
    let rows = screen(&mut app);
    assert!(
        rows.iter().any(|r| r.contains("→ then PgDn")),
        "the item says how to reach it:\n{}",
        rows.join("\n")
    );
    scrolls(&mut app, "meeting item", &[Msg::Right, Msg::PageDown]);
}

#[test]
fn crisis_cards_storylets_and_the_epilogue_scroll() {
    // A storylet whose story is longer than the screen: it scrolls, the choices stay.
    let dir = tempfile::tempdir().unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/scenarios/riverside");
    for f in std::fs::read_dir(&src).unwrap() {
        let f = f.unwrap().path();
        let mut text = std::fs::read_to_string(&f).unwrap();
        let first = "The city clinic has stopped posting Ava's prescription.";
        text = text.replace(
            first,
            &format!(
                "{first}{} Lastword.",
                " She reads the letter again.".repeat(40)
            ),
        );
        std::fs::write(dir.path().join(f.file_name().unwrap()), text).unwrap();
    }
    let (world, _) = SimSpec::load(dir.path().to_str().unwrap(), None).unwrap();
    let mut app = App::in_game(Theme::color(), Session::new(world, 7));
    end_turn(&mut app);
    app.modals.clear();
    dispatch(&mut app, Msg::Choices);
    let rows = screen(&mut app);
    let text = rows.join("\n");
    assert!(
        text.contains("4) ") && text.contains("Enter answer"),
        "{text}"
    );
    assert!(!text.contains("Lastword."), "{text}");
    scrolls(&mut app, "storylet", &[Msg::PageDown; 8]);
    let text = screen(&mut app).join("\n");
    assert!(text.contains("Lastword.") && text.contains("4) "), "{text}");

    // A crisis card with every cause and every name.
    let mut app = game(Theme::color(), 0);
    let crisis = |app: &App| app.modals.iter().any(|m| matches!(m, Modal::Crisis(_)));
    let mut found = false;
    for _ in 0..30 {
        end_turn(&mut app);
        if crisis(&app) && screen(&mut app).iter().any(|r| r.contains("▼ more PgDn")) {
            found = true;
            break;
        }
    }
    if found {
        scrolls(&mut app, "crisis card", &[Msg::PageDown]);
        let text = screen(&mut app).join("\n");
        assert!(text.contains("Dismiss"), "the choices stay: {text}");
    }

    // The epilogue's story and the roads not taken.
    let (world, _) = SimSpec::load("riverside", Some(6)).unwrap();
    let mut app = App::in_game(Theme::color(), Session::new(world, 7));
    for _ in 0..6 {
        end_turn(&mut app);
    }
    assert!(matches!(app.screen, app::Screen::Epilogue(_)));
    app.flash = None;
    scrolls(&mut app, "epilogue story", &[Msg::PageDown]);
    dispatch(&mut app, Msg::Right);
    dispatch(&mut app, Msg::Right);
    scrolls(&mut app, "roads not taken", &[Msg::PageDown]);
}

/// The member the player watches (Members, Bonds) is listed on the floor even when their
/// share is too small for the first rows, marked.
#[test]
fn the_watched_member_is_always_on_the_floor() {
    let mut app = game(Theme::color(), 6);
    dispatch(&mut app, Msg::GoTab(Tab::Meeting));
    // The meeting with the most attendees, and its quietest member.
    let g = app.game().unwrap();
    let s = &g.session;
    let r = s.last().unwrap();
    let rec = r
        .goods
        .iter()
        .flat_map(|gr| &gr.layers)
        .filter_map(|l| match &l.detail {
            agora::engine::report::LayerDetail::Meeting(m) => Some(m),
            _ => None,
        })
        .max_by_key(|m| m.floor.len())
        .unwrap()
        .clone();
    let mut floor = rec.floor.clone();
    floor.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let (quiet, _) = *floor.last().unwrap();
    assert!(floor.len() > 8, "a meeting longer than its panel");
    // At 80 columns the floor names members by their first name.
    let full = s.world().member_name(quiet);
    let name = full.split(' ').next().unwrap_or(full).to_string();
    let rows = agora::tui::screens::game::meeting::agenda(s);
    let at = rows
        .iter()
        .position(|row| r.goods[row.good_report].good == rec.good)
        .unwrap();
    for _ in 0..at {
        dispatch(&mut app, Msg::Down);
    }
    let floor_rows = |rows: &[String]| {
        let top = rows
            .iter()
            .position(|r| r.contains("Share of the floor"))
            .unwrap();
        part(rows, top..23, 31..79)
    };
    let before = floor_rows(&screen(&mut app));
    assert!(
        !before.iter().any(|r| r.contains(&name)),
        "{name} is not in the first rows: {before:?}"
    );
    // Watch them on the Members screen.
    dispatch(&mut app, Msg::GoTab(Tab::Members));
    let order = app
        .game()
        .unwrap()
        .members
        .order(&app.game().unwrap().session);
    let i = order.iter().position(|m| *m == quiet).unwrap();
    dispatch(&mut app, Msg::Select(i));
    dispatch(&mut app, Msg::GoTab(Tab::Meeting));
    let after = floor_rows(&screen(&mut app));
    let pinned = after.iter().find(|r| r.contains(&name));
    assert!(
        pinned.is_some_and(|r| r.contains('▶')),
        "{name}, marked: {after:?}"
    );
}

/// Every id of the scenario a player could meet written as code (kebab-case or
/// snake_case): storylets, flags, goods, members, objectives, venues, and the metrics.
fn ids() -> Vec<String> {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(o) => {
                for (k, x) in o {
                    if let ("id" | "flag", Value::String(s)) = (k.as_str(), x) {
                        out.push(s.clone());
                    }
                    walk(x, out);
                }
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let (world, _) = SimSpec::load("riverside", None).unwrap();
    let mut out = Vec::new();
    walk(&serde_json::to_value(&world.scenario).unwrap(), &mut out);
    if let Value::Object(o) = serde_json::to_value(Metrics::default()).unwrap() {
        out.extend(o.keys().cloned());
    }
    out.retain(|s| s.contains(['-', '_']));
    out.sort();
    out.dedup();
    out
}

/// What a player sees over a game: every screen, the audit, every storylet's window with
/// each choice under the cursor, the epilogue's parts.
#[test]
fn no_internal_id_on_any_screen() {
    let ids = ids();
    assert!(ids.iter().any(|i| i == "plain-truth-asked"), "{ids:?}");
    assert!(ids.iter().any(|i| i == "bond_density"), "{ids:?}");
    let check = |rows: &[String], what: &str| {
        let text = rows.join("\n");
        for id in &ids {
            assert!(!text.contains(id.as_str()), "{what} shows `{id}`:\n{text}");
        }
    };
    let (world, _) = SimSpec::load("riverside", Some(14)).unwrap();
    let mut app = App::in_game(Theme::color(), Session::new(world, 7));
    for turn in 0..14 {
        app.modals.clear();
        let pending = app
            .game()
            .unwrap()
            .session
            .game()
            .state()
            .events
            .pending
            .len();
        for _ in 0..pending {
            dispatch(&mut app, Msg::Choices);
            for c in 0..4 {
                check(&screen(&mut app), &format!("a storylet, choice {c}"));
                dispatch(&mut app, Msg::Down);
            }
            dispatch(&mut app, Msg::Back);
        }
        app.modals.clear();
        for tab in Tab::ALL {
            dispatch(&mut app, Msg::GoTab(tab));
            check(
                &screen(&mut app),
                &format!("{} after {turn} turns", tab.title()),
            );
        }
        dispatch(&mut app, Msg::GoTab(Tab::Meeting));
        dispatch(&mut app, Msg::Toggle);
        check(&screen(&mut app), "the audit");
        dispatch(&mut app, Msg::Toggle);
        end_turn(&mut app);
        if app.modals.iter().any(|m| matches!(m, Modal::Crisis(_))) {
            check(&screen(&mut app), "a crisis card");
        }
    }
    assert!(matches!(app.screen, app::Screen::Epilogue(_)));
    app.modals.clear();
    for part in ["story", "people", "roads"] {
        for _ in 0..12 {
            check(&screen(&mut app), part);
            dispatch(&mut app, Msg::PageDown);
        }
        dispatch(&mut app, Msg::Right);
    }
}

/// One month numbering: after three months the header plans month 4, the news, the
/// chronicle and the agenda speak of month 3, and a storylet of month k is month k in the
/// epilogue too; no screen says "turn" for a month.
#[test]
fn one_month_numbering_everywhere() {
    let (world, _) = SimSpec::load("riverside", Some(5)).unwrap();
    let mut app = App::in_game(Theme::color(), Session::new(world, 7));
    for _ in 0..3 {
        end_turn(&mut app);
    }
    app.modals.clear();
    app.flash = None;
    let rows = screen(&mut app);
    assert!(rows[0].contains("month 4 of 5"), "{}", rows[0]);
    dispatch(&mut app, Msg::GoTab(Tab::Chronicle));
    let rows = screen(&mut app);
    assert!(rows[3].contains("Month 3 —"), "{}", rows.join("\n"));
    // The month each storylet came, by the chronicle's reports.
    let s = &app.game().unwrap().session;
    let mut fired: Vec<(u32, String)> = Vec::new();
    for r in s.reports() {
        for e in &r.chronicle {
            if let agora::engine::report::Entry::Storylet(x) = e {
                fired.push((r.turn, x.title.clone()));
            }
        }
    }
    assert!(!fired.is_empty());
    for _ in 0..2 {
        end_turn(&mut app);
    }
    assert!(matches!(app.screen, app::Screen::Epilogue(_)));
    app.flash = None;
    let mut text = String::new();
    for _ in 0..3 {
        for _ in 0..8 {
            text.push_str(&screen(&mut app).join("\n"));
            dispatch(&mut app, Msg::PageDown);
        }
        dispatch(&mut app, Msg::Right);
    }
    assert!(text.contains("What happened, month by month"), "{text}");
    for (month, title) in &fired {
        let short: String = title.chars().take(20).collect();
        let row = text
            .lines()
            .find(|l| {
                l.contains(&short)
                    && l.trim_start_matches('│')
                        .trim_start()
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_digit())
            })
            .unwrap_or_else(|| panic!("{title} in the epilogue:\n{text}"));
        let n: String = row
            .trim_start_matches('│')
            .trim_start()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        assert_eq!(n, month.to_string(), "{row}");
    }
    for bad in ["turn 1", "turn 2", "turn 3", "at turn", "turns"] {
        assert!(!text.contains(bad), "`{bad}` in the epilogue:\n{text}");
    }
}
