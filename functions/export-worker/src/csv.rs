//! One CSV file per record type (RFC 4180 quoting), readable by spreadsheets.

use serde_json::Value;

use crate::data::Snapshot;

/// The columns of each CSV file. `child` is the child's name; a dotted name reads
/// inside an object (`growth.weight_for_age.percentile`).
pub const TABLES: &[(&str, &str, &[&str])] = &[
    (
        "children.csv",
        "children",
        &[
            "id",
            "name",
            "date_of_birth",
            "sex",
            "due_date",
            "birth_weight_kg",
            "birth_length_cm",
            "notes",
            "avatar_file",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "visits.csv",
        "visits",
        &[
            "child",
            "id",
            "visit_date",
            "visit_time",
            "visit_type",
            "title",
            "provider",
            "location",
            "notes",
            "tags",
            "vaccines",
            "prescriptions",
            "details",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "measurements.csv",
        "measurements",
        &[
            "child",
            "id",
            "measured_on",
            "age_days",
            "weight_kg",
            "height_cm",
            "head_circumference_cm",
            "growth.weight_for_age.percentile",
            "growth.length_height_for_age.percentile",
            "growth.head_circumference_for_age.percentile",
            "growth.bmi_for_age.percentile",
            "growth.weight_for_length_height.percentile",
            "visit_id",
            "notes",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "medical_events.csv",
        "medical_events",
        &[
            "child",
            "id",
            "kind",
            "name",
            "event_date",
            "end_date",
            "dose",
            "notes",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "illnesses.csv",
        "illnesses",
        &[
            "child",
            "id",
            "illness_types",
            "start_date",
            "end_date",
            "symptoms",
            "max_temperature_c",
            "severity",
            "visit_id",
            "notes",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "attachments.csv",
        "attachments",
        &[
            "child",
            "id",
            "filename",
            "file",
            "document_type",
            "content_type",
            "size_bytes",
            "owner_type",
            "owner_id",
            "created_at",
        ],
    ),
    (
        "history.csv",
        "history",
        &[
            "child",
            "at",
            "actor",
            "action",
            "entity_type",
            "entity_id",
            "changes",
        ],
    ),
];

/// Every CSV file of the archive: `(file name, content)`.
pub fn files(snapshot: &Snapshot) -> Vec<(&'static str, String)> {
    TABLES
        .iter()
        .map(|(file, source, columns)| {
            let rows = match *source {
                "children" => snapshot.children.as_slice(),
                "attachments" => snapshot.attachments.as_slice(),
                "history" => snapshot.history.as_slice(),
                other => snapshot.rows(other),
            };
            (*file, table(snapshot, rows, columns))
        })
        .collect()
}

fn table(snapshot: &Snapshot, rows: &[Value], columns: &[&str]) -> String {
    let mut out = String::new();
    // `growth.weight_for_age.percentile` is headed `weight_for_age_percentile`.
    let headers = columns
        .iter()
        .map(|c| c.trim_start_matches("growth.").replace('.', "_"));
    line(&mut out, headers);
    for row in rows {
        line(
            &mut out,
            columns.iter().map(|column| match *column {
                "child" => text(snapshot.child_name(&row["child_id"])),
                path => cell(lookup(row, path)),
            }),
        );
    }
    out
}

fn line(out: &mut String, cells: impl Iterator<Item = String>) {
    let cells: Vec<String> = cells.collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

fn lookup<'a>(row: &'a Value, path: &str) -> &'a Value {
    path.split('.').fold(row, |value, key| &value[key])
}

/// A value as one CSV cell.
fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match n.as_f64() {
            // Scores are kept exact in data.json; a spreadsheet gets three decimals.
            Some(f) if n.is_f64() && f.fract() != 0.0 => trim_decimals(f),
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

fn trim_decimals(f: f64) -> String {
    let s = format!("{f:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
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

    #[test]
    fn cells_are_quoted_and_safe() {
        assert_eq!(cell(&json!("plain")), "plain");
        assert_eq!(cell(&json!("a, b")), "\"a, b\"");
        assert_eq!(cell(&json!("say \"hi\"")), "\"say \"\"hi\"\"\"");
        assert_eq!(cell(&json!("two\nlines")), "\"two\nlines\"");
        assert_eq!(
            cell(&json!("=HYPERLINK(\"x\")")),
            "\"'=HYPERLINK(\"\"x\"\")\""
        );
        assert_eq!(cell(&json!("@sum")), "'@sum");
        assert_eq!(cell(&json!(null)), "");
        assert_eq!(cell(&json!(9.65)), "9.65");
        assert_eq!(cell(&json!(-1.5)), "-1.5");
        assert_eq!(cell(&json!(49.99871)), "49.999");
        assert_eq!(cell(&json!(12)), "12");
        assert_eq!(cell(&json!(["flu", "cold"])), "flu; cold");
        assert_eq!(cell(&json!({"a": 1})), "\"{\"\"a\"\":1}\"");
    }

    #[test]
    fn dotted_paths_read_nested_values() {
        let row = json!({"growth": {"weight_for_age": {"percentile": 50.0}}});
        assert_eq!(
            lookup(&row, "growth.weight_for_age.percentile"),
            &json!(50.0)
        );
        assert_eq!(lookup(&row, "growth.bmi_for_age.percentile"), &Value::Null);
    }
}
