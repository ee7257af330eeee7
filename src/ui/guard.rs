//! The panic boundary's bookkeeping: how many frames in a row failed, whether only the minimal
//! page is drawn, and the failures a test asks for. The boundaries themselves are in `app.rs`
//! (around each action and around each frame's content).

use std::any::Any;

/// After this many frames in a row that panicked, only the minimal page is drawn.
pub const SAFE_MODE_AFTER: u32 = 3;

/// Where [`super::Editor::inject_panic`] makes the editor panic, as a bug would.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailPoint {
    /// The next action.
    NextAction,
    /// The content of the next `n` frames.
    Frames(u32),
}

/// The state of the panic boundary.
#[derive(Debug, Default)]
pub struct Guard {
    failed_frames: u32,
    safe_mode: bool,
    fail: Option<FailPoint>,
}

impl Guard {
    /// Asks for a failure at `at` (tests).
    pub fn inject(&mut self, at: FailPoint) {
        self.fail = Some(at);
    }

    /// Called as a frame's content starts: panics if a test asked for it.
    pub fn frame_starts(&mut self) {
        if let Some(FailPoint::Frames(n)) = self.fail {
            self.fail = n.checked_sub(1).filter(|n| *n > 0).map(FailPoint::Frames);
            panic!("注入的界面错误（测试）");
        }
    }

    /// Called as an action starts: panics if a test asked for it.
    pub fn action_starts(&mut self) {
        if self.fail == Some(FailPoint::NextAction) {
            self.fail = None;
            panic!("注入的操作错误（测试）");
        }
    }

    /// Counts a frame that ended normally or with a panic; too many failures in a row switch to
    /// the minimal page.
    pub fn frame_ended(&mut self, panicked: bool) {
        if panicked {
            self.failed_frames += 1;
            self.safe_mode |= self.failed_frames >= SAFE_MODE_AFTER;
        } else {
            self.failed_frames = 0;
        }
    }

    /// Whether only the minimal page is drawn.
    pub fn safe_mode(&self) -> bool {
        self.safe_mode
    }

    /// Tries the normal page again (重试正常界面).
    pub fn leave_safe_mode(&mut self) {
        self.safe_mode = false;
    }
}

/// What a panic said, at most 200 characters.
pub fn panic_message(panic: &(dyn Any + Send)) -> String {
    let text = panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("未知错误");
    text.chars().take(200).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_failures_switch_to_the_minimal_page() {
        let mut g = Guard::default();
        g.frame_ended(true);
        g.frame_ended(false);
        g.frame_ended(true);
        g.frame_ended(true);
        assert!(!g.safe_mode(), "failures must be in a row");
        g.frame_ended(true);
        assert!(g.safe_mode());
        g.frame_ended(false);
        assert!(g.safe_mode(), "the minimal page stays until asked");
        g.leave_safe_mode();
        assert!(!g.safe_mode());
    }

    #[test]
    fn panic_messages_are_short() {
        let long = "错".repeat(500);
        let p = std::panic::catch_unwind(|| panic!("{long}")).expect_err("panicked");
        assert_eq!(panic_message(p.as_ref()).chars().count(), 200);
        let p = std::panic::catch_unwind(|| panic!("短")).expect_err("panicked");
        assert_eq!(panic_message(p.as_ref()), "短");
    }
}
