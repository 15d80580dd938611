//! Diagnostics: every problem names the file, the shape id and what is wrong.

use std::fmt;

/// One problem found in a model, or while planning the generated crate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The model file the problem comes from, when known.
    pub file: Option<String>,
    /// The shape (or member) id the problem is about, when there is one.
    pub shape: Option<String>,
    /// What is wrong, in words.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}: ")?;
        }
        if let Some(shape) = &self.shape {
            write!(f, "{shape}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// Generation failed; nothing was written. Holds every problem found, in a stable order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// The problems, at least one.
    pub diagnostics: Vec<Diagnostic>,
}

impl Error {
    /// An error about a shape in a file.
    pub fn at(file: Option<&str>, shape: Option<&str>, message: impl Into<String>) -> Self {
        Error {
            diagnostics: vec![Diagnostic {
                file: file.map(str::to_string),
                shape: shape.map(str::to_string),
                message: message.into(),
            }],
        }
    }

    /// An error that is not about one model file or shape (I/O, settings).
    pub fn msg(message: impl Into<String>) -> Self {
        Self::at(None, None, message)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error {
            diagnostics: vec![d],
        }
    }
}

/// Collects diagnostics so one run reports every problem, not just the first.
#[derive(Default)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a problem.
    pub fn push(&mut self, file: Option<&str>, shape: Option<&str>, message: impl Into<String>) {
        self.list.push(Diagnostic {
            file: file.map(str::to_string),
            shape: shape.map(str::to_string),
            message: message.into(),
        });
    }

    /// Records every problem of an error.
    pub fn extend(&mut self, error: Error) {
        self.list.extend(error.diagnostics);
    }

    /// `Err` with everything collected, or `Ok(value)` if nothing was.
    pub fn finish<T>(self, value: T) -> Result<T, Error> {
        if self.list.is_empty() {
            Ok(value)
        } else {
            Err(Error {
                diagnostics: self.list,
            })
        }
    }

    /// How many problems were recorded.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}
