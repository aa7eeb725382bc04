//! One CSV file per record type (RFC 4180 quoting), readable by spreadsheets. Each
//! row type lists its columns and its cells, in the same order (`tables`).

mod tables;

use serde_json::Value;

use crate::data::Snapshot;
use crate::values::{Shown, decimal};

/// A row type written as one CSV file.
trait Table {
    const FILE: &'static str;
    /// The header line, in the order of [`Table::cells`].
    const HEADERS: &'static [&'static str];

    fn cells<'a>(&'a self, snapshot: &'a Snapshot) -> Vec<Shown<'a>>;
}

/// Every CSV file of the archive: `(file name, content)`.
pub fn files(snapshot: &Snapshot) -> Vec<(&'static str, String)> {
    vec![
        table(snapshot, &snapshot.children),
        table(snapshot, &snapshot.visits),
        table(snapshot, &snapshot.measurements),
        table(snapshot, &snapshot.medical_events),
        table(snapshot, &snapshot.illnesses),
        table(snapshot, &snapshot.attachments),
        table(snapshot, &snapshot.history),
    ]
}

fn table<T: Table>(snapshot: &Snapshot, rows: &[T]) -> (&'static str, String) {
    let mut out = String::new();
    line(&mut out, T::HEADERS.iter().map(|h| h.to_string()));
    for row in rows {
        line(&mut out, row.cells(snapshot).into_iter().map(cell));
    }
    (T::FILE, out)
}

fn line(out: &mut String, cells: impl Iterator<Item = String>) {
    let cells: Vec<String> = cells.collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

/// A value as one CSV cell.
fn cell(value: Shown<'_>) -> String {
    match value {
        Shown::Empty => String::new(),
        Shown::Text(s) => text(&s),
        Shown::Decimal(f) => number(f),
        Shown::Integer(n) => n.to_string(),
        Shown::List(items) => text(&items.join("; ")),
        Shown::Json(value) => json(value),
    }
}

/// A JSON field (a visit's details, an event's changes) as one cell.
fn json(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() => number(f),
            _ => n.to_string(),
        },
        Value::String(s) => text(s),
        Value::Array(items) if items.iter().all(Value::is_string) => {
            let parts: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            text(&parts.join("; "))
        }
        other => text(&other.to_string()),
    }
}

/// Scores are kept exact in data.json; a spreadsheet gets three decimals.
fn number(f: f64) -> String {
    if f.is_finite() && f.fract() != 0.0 {
        let s = format!("{f:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        decimal(f)
    }
}

/// A text cell: a leading `=`, `+`, `-`, `@` or control character is escaped with
/// `'` so spreadsheets do not run it as a formula, then the cell is quoted.
fn text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        quote(&format!("'{s}"))
    } else {
        quote(s)
    }
}

/// Quotes a cell when it holds a comma, a quote or a line break; quotes double.
fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::borrow::Cow;

    #[test]
    fn cells_are_quoted_and_safe() {
        let t = |s: &str| cell(Shown::Text(Cow::Borrowed(s)));
        assert_eq!(t("plain"), "plain");
        assert_eq!(t("a, b"), "\"a, b\"");
        assert_eq!(t("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(t("two\nlines"), "\"two\nlines\"");
        assert_eq!(t("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(t("@sum"), "'@sum");
        assert_eq!(cell(Shown::Empty), "");
        assert_eq!(cell(Shown::Decimal(9.65)), "9.65");
        assert_eq!(cell(Shown::Decimal(-1.5)), "-1.5");
        assert_eq!(cell(Shown::Decimal(49.99871)), "49.999");
        assert_eq!(cell(Shown::Decimal(9.0)), "9.0");
        assert_eq!(cell(Shown::Decimal(f64::NAN)), "");
        assert_eq!(cell(Shown::Integer(12)), "12");
        let types = vec!["flu".to_string(), "cold".to_string()];
        assert_eq!(cell(Shown::List(&types)), "flu; cold");
        assert_eq!(cell(Shown::List(&[])), "");
        assert_eq!(json(&json!({"a": 1})), "\"{\"\"a\"\":1}\"");
        assert_eq!(json(&json!(["x", "y"])), "x; y");
        assert_eq!(json(&json!([])), "");
        assert_eq!(json(&json!(1.23456)), "1.235");
    }
}
