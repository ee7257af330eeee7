//! The clipboard for 复制网页版: the report as HTML with a plain-text alternative, so that it can
//! be pasted into a portal CMS's editor with its tables intact (egui copies plain text only).
//!
//! Behind a trait: the system clipboard (`arboard`) in the program, a recorder in tests (there is
//! no clipboard in CI, and a test must not change the desktop's).

use std::sync::{Arc, Mutex};

/// Where 复制网页版 puts the report.
pub trait HtmlClipboard {
    /// Puts `html` on the clipboard, with `text` for programs that take plain text only. The
    /// error is a Chinese sentence.
    fn set_html(&mut self, html: &str, text: &str) -> Result<(), String>;
}

/// The system clipboard. It is opened at the first copy and kept open: on X11 the clipboard's
/// content is served by the program that copied it, for as long as it holds the clipboard.
#[derive(Default)]
pub struct SystemClipboard {
    inner: Option<arboard::Clipboard>,
}

impl std::fmt::Debug for SystemClipboard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SystemClipboard").field("open", &self.inner.is_some()).finish()
    }
}

impl HtmlClipboard for SystemClipboard {
    fn set_html(&mut self, html: &str, text: &str) -> Result<(), String> {
        if self.inner.is_none() {
            self.inner = Some(arboard::Clipboard::new().map_err(|e| format!("无法打开系统剪贴板（{e}）"))?);
        }
        let Some(clipboard) = self.inner.as_mut() else { return Err("无法打开系统剪贴板".to_owned()) };
        let result = clipboard.set_html(html, Some(text));
        result.map_err(|e| {
            // A clipboard that failed once may be gone (the desktop session changed): open it
            // afresh next time.
            self.inner = None;
            format!("无法写入系统剪贴板（{e}）")
        })
    }
}

/// What was copied, for tests: every `(html, text)` pair, in order.
#[derive(Clone, Debug, Default)]
pub struct RecordingClipboard {
    /// The copies (shared, so that a test can read them after giving the clipboard away).
    pub copied: Arc<Mutex<Vec<(String, String)>>>,
}

impl HtmlClipboard for RecordingClipboard {
    fn set_html(&mut self, html: &str, text: &str) -> Result<(), String> {
        self.copied.lock().map_err(|_| "剪贴板记录不可用".to_owned())?.push((html.to_owned(), text.to_owned()));
        Ok(())
    }
}
