//! The editor under egui_kittest, set up the way every editor test needs it.

use egui::{Event, ImeEvent, Key, Modifiers};
use egui_kittest::{Harness, HarnessBuilder};
use nianbao::ui::{Editor, style};

/// A 1366×768 window in the light theme, with the app's fonts and style, and up to 12 frames a
/// `run()`. Tests that need another size or frame rate change the builder.
pub fn builder() -> HarnessBuilder<Editor> {
    Harness::builder()
        .with_size([1366.0, 768.0])
        .with_theme(egui::Theme::Light)
        .with_context_setup(style::install)
        .with_max_steps(12)
}

/// The editor shown in a harness made by `builder`.
pub fn build(builder: HarnessBuilder<Editor>, editor: Editor) -> Harness<'static, Editor> {
    builder.build_ui_state(|ui, ed: &mut Editor| ed.show(ui), editor)
}

/// One key press with modifiers, as an event (for keys `Harness::key_press_modifiers` would send
/// with a release the widget under test does not need).
pub fn key_event<S>(h: &mut Harness<'_, S>, key: Key, modifiers: Modifiers) {
    h.event(Event::Key { key, physical_key: None, pressed: true, repeat: false, modifiers });
}

/// An input method's composition, its commit and the Enter that confirmed the candidate, all in
/// one frame, as egui-winit delivers them.
pub fn ime_commit_with_enter<S>(h: &mut Harness<'_, S>, preedit: &str, commit: &str) {
    let ev = &mut h.input_mut().events;
    ev.push(Event::Ime(ImeEvent::Preedit { text: preedit.into(), active_range_chars: None }));
    ev.push(Event::Ime(ImeEvent::Commit(commit.into())));
    ev.push(Event::Key {
        key: Key::Enter,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::NONE,
    });
}
