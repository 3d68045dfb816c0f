//! Input errors: every refusal names the file and the place.

use std::fmt;

/// Bad input: a syntax error (line and column) or a semantic one (JSON pointer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The file's name as the user gave it (`plans/a.json`, `<default>`, `pasted text`).
    pub file: String,
    /// 1-based line and column, when known.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// JSON pointer of the offending value (`/targets/12/area`), when known.
    pub pointer: Option<String>,
    pub message: String,
    /// The refusal as a code with its parameters, for a caller that words it in the
    /// user's language (the page); `message` stays the English text the CLI prints.
    /// `None` where no code is given yet. Boxed: errors travel in every `Result`.
    pub code: Option<Box<Code>>,
}

/// A refusal's code and its parameters by name (`not_utf8` with `byte` and `offset`).
/// The codes and their parameters are listed in docs/REPORT.md, *Error codes*.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    pub name: &'static str,
    pub params: Vec<(&'static str, String)>,
}

impl InputError {
    pub fn at(file: &str, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        InputError {
            file: file.to_string(),
            line: None,
            column: None,
            pointer: Some(pointer.into()),
            message: message.into(),
            code: None,
        }
    }

    pub fn whole(file: &str, message: impl Into<String>) -> Self {
        InputError {
            file: file.to_string(),
            line: None,
            column: None,
            pointer: None,
            message: message.into(),
            code: None,
        }
    }

    /// A reference to an id no loaded plan defines: `unknown` with `what` (`area`,
    /// `indicator`) and `id`.
    pub fn unknown(file: &str, pointer: impl Into<String>, what: &'static str, id: &str) -> Self {
        InputError::at(file, pointer, format!("unknown {what} {id:?}")).with_code(
            "unknown",
            vec![("what", what.to_string()), ("id", id.to_string())],
        )
    }

    /// An id given twice in one file: `duplicate_id` with `what`, `id` and `first` (the
    /// pointer of the first).
    pub fn duplicate_id(
        file: &str,
        pointer: impl Into<String>,
        what: &'static str,
        id: &str,
        first: &str,
    ) -> Self {
        InputError::at(
            file,
            pointer,
            format!("duplicate {what} id {id:?} (also at {first})"),
        )
        .with_code(
            "duplicate_id",
            vec![
                ("what", what.to_string()),
                ("id", id.to_string()),
                ("first", first.to_string()),
            ],
        )
    }

    /// A relation that comes back to where it started: `cycle` with `relation` (`parent`,
    /// `sum_of`, `part_of`) and `path` (the ids joined by ` → `). `message` is the
    /// English text before the path.
    pub fn cycle(
        file: &str,
        pointer: impl Into<String>,
        relation: &'static str,
        message: &str,
        path: String,
    ) -> Self {
        InputError::at(file, pointer, format!("{message}: {path}")).with_code(
            "cycle",
            vec![("relation", relation.to_string()), ("path", path)],
        )
    }

    /// The same error with a code (Display, the English message, is unchanged).
    pub fn with_code(mut self, name: &'static str, params: Vec<(&'static str, String)>) -> Self {
        self.code = Some(Box::new(Code { name, params }));
        self
    }
}

impl fmt::Display for InputError {
    /// `plans/a.json:12:7: /targets/3/value: expected a number, found string "abc"`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        if let Some(p) = &self.pointer {
            if !p.is_empty() {
                write!(f, ": {p}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for InputError {}

/// Escapes one reference token of a JSON pointer (RFC 6901).
pub(crate) fn pointer_token(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// The reference tokens of a JSON pointer, unescaped (`/a~1b/0` → `a/b`, `0`).
pub(crate) fn pointer_tokens(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect()
}
