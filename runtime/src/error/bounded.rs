//! Bounded display of text a server controls.

use std::fmt;

/// Longest error code / message shown by `Display` (the accessors return them in full): a
/// hostile or broken server must not be able to produce megabyte-sized log lines.
pub(super) const MAX_DISPLAY_CODE: usize = 256;
pub(super) const MAX_DISPLAY_MESSAGE: usize = 2048;

/// Displays network-controlled text, cut at `max` bytes with a marker.
pub(super) struct Bounded<'a>(pub(super) &'a str, pub(super) usize);

impl fmt::Display for Bounded<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (head, cut) = crate::json::truncated(self.0, self.1);
        f.write_str(head)?;
        if cut {
            f.write_str("... (truncated)")?;
        }
        Ok(())
    }
}
