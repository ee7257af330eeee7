//! Fonts and looks: the bundled Chinese UI font (no tofu on a PC without Chinese fonts), a light
//! theme and sizes that read well on a 96-DPI office monitor.

use std::sync::Arc;

use egui::{Color32, FontData, FontDefinitions, FontFamily, FontId, TextStyle};

/// Installs the bundled WenQuanYi Micro Hei as the first proportional font and as the monospace
/// fallback, and sets the editor's style.
pub fn install(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    let bytes = crate::export::fonts::UI_FONT;
    fonts.font_data.insert("wqy".into(), Arc::new(FontData::from_static(bytes)));
    fonts.font_data.insert("wqy-mono".into(), Arc::new(FontData { index: 1, ..FontData::from_static(bytes) }));
    if let Some(p) = fonts.families.get_mut(&FontFamily::Proportional) {
        p.insert(0, "wqy".into());
    }
    if let Some(m) = fonts.families.get_mut(&FontFamily::Monospace) {
        m.push("wqy-mono".into());
    }
    ctx.set_fonts(fonts);
    ctx.set_theme(egui::Theme::Light);
    ctx.all_styles_mut(|s| {
        s.text_styles.insert(TextStyle::Body, FontId::proportional(15.0));
        s.text_styles.insert(TextStyle::Button, FontId::proportional(15.0));
        s.text_styles.insert(TextStyle::Heading, FontId::proportional(21.0));
        s.text_styles.insert(TextStyle::Small, FontId::proportional(12.5));
        s.text_styles.insert(TextStyle::Monospace, FontId::monospace(14.0));
        s.spacing.item_spacing = egui::vec2(8.0, 6.0);
        s.spacing.button_padding = egui::vec2(8.0, 3.0);
        s.spacing.interact_size.y = 24.0;
    });
}

/// Colours with meaning.
pub mod colors {
    use super::Color32;

    /// Error (red).
    pub const ERROR: Color32 = Color32::from_rgb(0xC0, 0x1C, 0x1C);
    /// Error background.
    pub const ERROR_BG: Color32 = Color32::from_rgb(0xFD, 0xE2, 0xE2);
    /// Warning (amber).
    pub const WARNING: Color32 = Color32::from_rgb(0xB4, 0x6A, 0x00);
    /// Warning background.
    pub const WARNING_BG: Color32 = Color32::from_rgb(0xFF, 0xF1, 0xD0);
    /// Hint (blue-grey).
    pub const INFO: Color32 = Color32::from_rgb(0x3B, 0x5B, 0x8C);
    /// Table header background.
    pub const HEADER_BG: Color32 = Color32::from_rgb(0xEE, 0xF1, 0xF5);
    /// Derived (computed) cell background.
    pub const DERIVED_BG: Color32 = Color32::from_rgb(0xF2, 0xF2, 0xF2);
    /// Selected cell.
    pub const SELECTED: Color32 = Color32::from_rgb(0x1F, 0x6F, 0xD1);
    /// Selected cell background.
    pub const SELECTED_BG: Color32 = Color32::from_rgb(0xE3, 0xEE, 0xFB);
    /// Grid lines.
    pub const GRID: Color32 = Color32::from_rgb(0x8A, 0x93, 0x9E);
    /// Done, fixed (green): a finding the unit has fixed since it was marked (已整改).
    pub const OK: Color32 = Color32::from_rgb(0x1E, 0x7B, 0x34);
    /// Highlight of a paragraph reached from the checks panel.
    pub const HIGHLIGHT_BG: Color32 = Color32::from_rgb(0xFF, 0xF6, 0xC8);
}
