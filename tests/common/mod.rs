//! What the terminal-game tests share: a game of the default scenario played some turns.

use agora::lab::sim::SimSpec;
use agora::tui::app::App;
use agora::tui::dispatch;
use agora::tui::msg::Msg;
use agora::tui::session::Session;
use agora::tui::theme::Theme;

/// A game of the default scenario, seed 7, after `turns` turns, with no window open.
pub fn game(theme: Theme, turns: u32) -> App {
    let (world, _) = SimSpec::load("riverside", None).unwrap();
    let mut app = App::in_game(theme, Session::new(world, 7));
    for _ in 0..turns {
        end_turn(&mut app);
    }
    app.modals.clear();
    app.flash = None;
    app
}

/// End the turn as a player who lets waiting storylets take their first choice.
pub fn end_turn(app: &mut App) {
    app.modals.clear();
    dispatch(app, Msg::EndTurn);
    if !app.modals.is_empty() {
        // "A storylet is waiting; end the turn anyway?"
        dispatch(app, Msg::Yes);
    }
}
