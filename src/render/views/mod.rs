//! Typed views that templates read: every figure already computed and
//! worded, every text split into blocks. Templates never compute; they lay
//! out. One module per document: booklets, the council deliberation, relevés
//! and the jury minutes.

pub mod booklet;
pub mod changes;
pub mod deliberation;
pub mod releve;

pub use booklet::{BookletSpec, BookletView, booklet, booklets};
pub use changes::{SyntheseView, synthese};
pub use deliberation::deliberation;
pub use releve::{MinutesPart, MinutesView, ReleveView, Volume, minutes, releve};
