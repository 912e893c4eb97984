//! Source files and positions inside them.

use std::path::{Path, PathBuf};

/// A value read from YAML together with where it was written.
pub type Sp<T> = serde_saphyr::Spanned<T>;

/// A position in a source file: 1-based line and column, and the width of the
/// value in characters (at least 1), for the caret line of a diagnostic.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Loc {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// Width of the value, in characters.
    #[serde(skip)]
    pub len: u32,
}

impl Loc {
    /// A position with a one-character caret.
    pub fn at(line: u32, column: u32) -> Loc {
        Loc {
            line,
            column,
            len: 1,
        }
    }

    /// Where a spanned value was written (its use site when it came through an alias).
    pub fn of<T>(v: &Sp<T>) -> Loc {
        let l = v.referenced;
        Loc {
            line: l.line().try_into().unwrap_or(u32::MAX),
            column: l.column().try_into().unwrap_or(u32::MAX),
            len: l.span().len().clamp(1, 200) as u32,
        }
    }

    /// From a serde-saphyr location.
    pub fn from_saphyr(l: serde_saphyr::Location) -> Loc {
        Loc {
            line: l.line().try_into().unwrap_or(u32::MAX),
            column: l.column().try_into().unwrap_or(u32::MAX),
            len: l.span().len().clamp(1, 200) as u32,
        }
    }
}

/// A source file as read from disk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it (or as found under a folder they gave).
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
}

impl SourceFile {
    /// A file from its path and text.
    /// A file's text with its line breaks as YAML reads them: `\r\n` and a
    /// lone `\r` become `\n`, so that the lines findings point at are the
    /// lines shown.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> SourceFile {
        let mut text = text.into();
        if text.contains('\r') {
            text = text.replace("\r\n", "\n").replace('\r', "\n");
        }
        SourceFile {
            path: path.into(),
            text,
        }
    }

    /// The text of a 1-based line, without its line break.
    pub fn line(&self, line: u32) -> Option<&str> {
        self.text
            .lines()
            .nth(line.checked_sub(1)? as usize)
            .map(|l| l.trim_end_matches('\r'))
    }

    /// The path for display, with forward slashes.
    pub fn display_path(&self) -> String {
        display_path(&self.path)
    }
}

/// A path for display, with forward slashes on every platform.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
