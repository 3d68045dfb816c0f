//! Shared helpers of the integration tests: expectation files and JSON layout.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The workspace root (this suite belongs to crates/planlens-cli).
pub fn root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

/// Compares `actual` with the file at `path`; with `UPDATE_EXPECT=1` rewrites the file
/// instead. On a mismatch it writes `path.actual` beside it and fails naming both.
pub fn expect_file(path: &Path, actual: &str) {
    if let Err(e) = check_file(path, actual) {
        panic!("{e}");
    }
}

/// [`expect_file`] for a test that gathers its mismatches: `Err` says which file differs
/// (or is missing) and where the actual output is.
pub fn check_file(path: &Path, actual: &str) -> Result<(), String> {
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(path, actual).unwrap();
        return Ok(());
    }
    let expected = std::fs::read_to_string(path);
    let actual_path = path.with_extension("actual");
    if expected.as_deref().ok() != Some(actual) {
        std::fs::write(&actual_path, actual).unwrap();
        return Err(format!(
            "{} {} the expectation; the actual output is in {} (diff them; rerun with UPDATE_EXPECT=1 to accept it on purpose)",
            path.display(),
            if expected.is_ok() { "differs from" } else { "is missing:" },
            actual_path.display()
        ));
    }
    let _ = std::fs::remove_file(actual_path);
    Ok(())
}

/// Re-indents compact JSON without parsing its numbers (they stay exactly as written).
pub fn pretty_json(compact: &str) -> String {
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut in_str = false;
    let mut escaped = false;
    let mut chars = compact.chars().peekable();
    while let Some(c) = chars.next() {
        if in_str {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_str = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_str = true;
                out.push(c);
            }
            '{' | '[' => {
                let close = if c == '{' { '}' } else { ']' };
                if chars.peek() == Some(&close) {
                    out.push(c);
                    out.push(close);
                    chars.next();
                } else {
                    depth += 1;
                    out.push(c);
                    out.push('\n');
                    out.push_str(&"  ".repeat(depth));
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                out.push('\n');
                out.push_str(&"  ".repeat(depth));
                out.push(c);
            }
            ',' => {
                out.push(',');
                out.push('\n');
                out.push_str(&"  ".repeat(depth));
            }
            ':' => out.push_str(": "),
            _ => out.push(c),
        }
    }
    out.push('\n');
    out
}
