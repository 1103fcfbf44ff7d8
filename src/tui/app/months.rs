//! What happens between months, for the app: the guide to the first months (opened with a
//! first game, its page turned by each month, hidden with `i`, remembered in `prefs`) and
//! `N`, which plays months on until something needs the player (`advance`).

use crate::engine::Command;
use crate::tui::advance::{Advance, Step};
use crate::tui::guide::Guide;
use crate::tui::msg::Action;

use super::{App, Screen};

impl App {
    /// A game begun or loaded: the guide opens, unless the player has seen it.
    pub(crate) fn open_guide(&mut self) {
        self.guide = match (&self.screen, self.prefs.guide_seen) {
            (Screen::Game(g), false) => Some(Guide::new(g.session.game().turn())),
            _ => None,
        };
    }

    /// `i`: hide the guide (for later games too), or show it again from the month being
    /// played.
    pub(crate) fn toggle_guide(&mut self) -> Vec<Action> {
        let Screen::Game(g) = &self.screen else {
            return vec![];
        };
        if self.guide.take().is_some() {
            self.prefs.guide_seen = true;
            self.flash = Some("The guide is hidden, in later games too; i shows it again.".into());
        } else {
            self.guide = Some(Guide::new(g.session.game().turn()));
            self.prefs.guide_seen = false;
            self.flash =
                Some("The guide is back: a page a month for three months; i hides it.".into());
        }
        vec![Action::SavePrefs]
    }

    /// A turn played: the guide turns its page or, its three months played (or the game
    /// over), leaves and is remembered as seen.
    pub(crate) fn guide_after_turn(&mut self) -> Vec<Action> {
        let done = match (&self.guide, &self.screen) {
            (None, _) => return vec![],
            (Some(guide), Screen::Game(g)) => {
                g.session.game().is_over() || guide.page(g.session.game().turn()).is_none()
            }
            (Some(_), _) => true,
        };
        if !done {
            return vec![];
        }
        self.guide = None;
        self.prefs.guide_seen = true;
        vec![Action::SavePrefs]
    }

    /// `N`: play the next month, and go on after it (`advance_after_turn`), unless the next
    /// month needs the player already.
    pub(crate) fn start_advance(&mut self) -> Vec<Action> {
        let Screen::Game(g) = &self.screen else {
            return vec![];
        };
        match Advance::start(g) {
            Ok(a) => {
                self.advance = Some(a);
                vec![Action::Engine(Command::EndTurn)]
            }
            Err(why) => {
                self.flash = Some(why);
                vec![]
            }
        }
    }

    /// A turn played (`ok`) while `N` plays on: the next one, or stop and say why.
    pub(crate) fn advance_after_turn(&mut self, ok: bool) -> Vec<Action> {
        let Some(mut a) = self.advance.take() else {
            return vec![];
        };
        let step = match &self.screen {
            Screen::Game(g) => a.after(g, ok, self.modals.last()),
            _ => Step::Stop(None),
        };
        match step {
            Step::Next => {
                self.advance = Some(a);
                vec![Action::Engine(Command::EndTurn)]
            }
            Step::Stop(why) => {
                if why.is_some() {
                    self.flash = why;
                }
                vec![]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::sim::SimSpec;
    use crate::tui::advance::MAX_MONTHS;
    use crate::tui::app::Options;
    use crate::tui::components::Modal;
    use crate::tui::msg::{Msg, Outcome, Tab};
    use crate::tui::prefs::Prefs;
    use crate::tui::session::Session;
    use crate::tui::theme::Theme;
    use crate::tui::{dispatch, draw, keymap};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

    /// An app whose saves (and preferences) live in `folder`, a game just begun in it.
    fn started(folder: &std::path::Path) -> App {
        let opts = Options {
            saves: folder.to_path_buf(),
            ..Default::default()
        };
        let mut app = App::new(Theme::plain(), Vec::new(), &opts);
        let (world, _) = SimSpec::load("riverside", None).unwrap();
        let session = Session::new(world, 7);
        app.resolve(Outcome::Started(Ok(Box::new(session))));
        app
    }

    fn screen(app: &mut App) -> String {
        let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
        draw(&mut term, app).unwrap();
        let buf = term.backend().buffer();
        (0..buf.area.height)
            .map(|y| {
                (0..buf.area.width)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn shown_in_a_first_game_hidden_by_i_and_not_shown_again() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = started(dir.path());
        assert_eq!(app.guide, Some(Guide::new(0)));
        let shown = screen(&mut app);
        assert!(shown.contains("Guide: Month 1 (1 of 3)"), "{shown}");
        assert!(shown.contains("i hides the guide"));
        // Keys still reach the game under it.
        dispatch(&mut app, Msg::GoTab(Tab::Policy));
        assert_eq!(app.game().unwrap().tab, Tab::Policy);
        let actions = dispatch(&mut app, Msg::Guide);
        assert_eq!(actions, vec![Action::SavePrefs]);
        assert_eq!(app.guide, None);
        assert!(!screen(&mut app).contains("Guide:"));
        // Remembered in the folder: the next game starts without it.
        assert!(Prefs::load(dir.path()).guide_seen);
        let mut again = started(dir.path());
        assert_eq!(again.guide, None);
        // i brings it back, from the month being played, and that is remembered too.
        dispatch(&mut again, Msg::Guide);
        assert_eq!(again.guide, Some(Guide::new(0)));
        assert!(!Prefs::load(dir.path()).guide_seen);
    }

    /// End the turn as a player who lets waiting storylets take their first choice.
    fn end_turn(app: &mut App) {
        app.modals.clear();
        dispatch(app, Msg::EndTurn);
        if matches!(app.modals.last(), Some(Modal::Confirm(_))) {
            dispatch(app, Msg::Yes);
        }
        app.modals.clear();
    }

    #[test]
    fn a_page_a_month_then_gone_for_good() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = started(dir.path());
        for page in 2..=3 {
            end_turn(&mut app);
            let shown = screen(&mut app);
            assert!(shown.contains(&format!("({page} of 3)")), "{shown}");
        }
        assert!(!Prefs::load(dir.path()).guide_seen);
        end_turn(&mut app);
        assert_eq!(app.guide, None);
        assert!(Prefs::load(dir.path()).guide_seen);
    }

    fn app(seed: u64) -> App {
        let (world, _) = SimSpec::load("riverside", None).unwrap();
        App::in_game(Theme::plain(), Session::new(world, seed))
    }

    fn turn(a: &App) -> u32 {
        a.game().unwrap().session.game().turn()
    }

    /// Whether a month's end asks for the player: a crisis card or a storylet's window.
    fn asks(a: &App) -> bool {
        a.modals
            .iter()
            .any(|m| matches!(m, Modal::Crisis(_) | Modal::Choice(_)))
    }

    #[test]
    fn shift_n_is_the_key_and_the_footer_shows_it() {
        let a = app(7);
        let ev = Event::Key(KeyEvent::new(KeyCode::Char('N'), KeyModifiers::SHIFT));
        assert_eq!(a.translate(&ev), Some(Msg::Advance));
        let hints = keymap::hints(&a.contexts());
        assert!(hints.contains(&("N", "go on")), "{hints:?}");
    }

    /// What a player does with the windows a month opened: answers each storylet with its
    /// first choice, dismisses each crisis card.
    fn answer(a: &mut App) {
        for _ in 0..20 {
            let msg = match a.modals.last() {
                Some(Modal::Choice(_)) => Msg::Open,
                Some(Modal::Crisis(_)) => Msg::Back,
                Some(_) => Msg::Back,
                None => return,
            };
            dispatch(a, msg);
        }
        panic!("windows kept opening: {:?}", a.modals);
    }

    /// `N` plays month after month as `EndTurn` commands (logged, autosaved) and stops at the
    /// first month that opens a crisis card or a storylet's choice, not before: the same game
    /// played with `n` asks nothing in the months between and asks at that one. Played over
    /// a year of seed 7, with at least one stop after more than one month.
    #[test]
    fn stops_at_a_crisis_or_a_choice_and_not_before() {
        let (mut a, mut b) = (app(7), app(7));
        let mut long_run_to_a_window = false;
        while turn(&a) < 12 {
            let actions = dispatch(&mut a, Msg::Advance);
            let months = actions
                .iter()
                .filter(|x| **x == Action::Engine(Command::EndTurn))
                .count();
            assert!((1..=MAX_MONTHS as usize).contains(&months), "{months}");
            // Each month autosaved, as after n.
            let saves = actions.iter().filter(|x| **x == Action::Autosave).count();
            assert_eq!(saves, months);
            let why = a.flash.clone().unwrap_or_default();
            assert!(why.starts_with("N played"), "{why}");
            for k in 1..=months {
                assert!(!asks(&b), "b asks before month {}", turn(&b) + 1);
                dispatch(&mut b, Msg::EndTurn);
                if k < months {
                    assert!(!asks(&b), "month {} asks, but N went on", turn(&b));
                }
            }
            assert_eq!(turn(&a), turn(&b));
            assert_eq!(asks(&a), asks(&b), "{why}");
            long_run_to_a_window |= months > 1 && asks(&a);
            answer(&mut a);
            answer(&mut b);
        }
        assert!(long_run_to_a_window, "N never played on to a window");
        // Both games are the same commands: N's months are in the log like n's.
        assert_eq!(
            a.game().unwrap().session.game().log(),
            b.game().unwrap().session.game().log()
        );
    }

    /// A storylet waiting for an answer stops `N` before the month ends: no choice skipped.
    #[test]
    fn never_plays_over_a_waiting_choice() {
        let mut a = app(7);
        while !a
            .game()
            .unwrap()
            .session
            .game()
            .state()
            .events
            .pending
            .iter()
            .any(|p| p.answer.is_none())
        {
            a.modals.clear();
            dispatch(&mut a, Msg::EndTurn);
            assert!(turn(&a) < 40, "no storylet came");
        }
        a.modals.clear();
        let before = turn(&a);
        let actions = dispatch(&mut a, Msg::Advance);
        assert!(actions.is_empty(), "{actions:?}");
        assert_eq!(turn(&a), before);
        assert!(
            a.flash
                .as_deref()
                .unwrap()
                .contains("N never skips a choice"),
            "{:?}",
            a.flash
        );
    }
}
