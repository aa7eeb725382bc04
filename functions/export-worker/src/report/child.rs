//! One child's section of the report: measurements with WHO percentiles, visits,
//! illnesses, medical events and files.

use std::fmt::Write;

use serde_json::Value;

use super::{age, escape, percentile, show, table};
use crate::data::Snapshot;

fn of_child<'a>(rows: &'a [Value], child: &Value) -> Vec<&'a Value> {
    rows.iter().filter(|r| r["child_id"] == *child).collect()
}

/// Writes the section of `child`.
pub fn section(out: &mut String, snapshot: &Snapshot, child: &Value) {
    let id = &child["id"];
    let _ = write!(
        out,
        "<section class=\"child\"><h2>{}</h2>\n<p class=\"meta\">Born {} · {}",
        show(&child["name"]),
        show(&child["date_of_birth"]),
        show(&child["sex"]),
    );
    if let Some(w) = child["birth_weight_kg"].as_f64() {
        let _ = write!(out, " · birth weight {w} kg");
    }
    if let Some(l) = child["birth_length_cm"].as_f64() {
        let _ = write!(out, " · birth length {l} cm");
    }
    out.push_str("</p>\n");
    if let Some(notes) = child["notes"].as_str().filter(|n| !n.is_empty()) {
        let _ = writeln!(out, "<p>{}</p>", escape(notes));
    }

    out.push_str("<h3>Measurements and WHO percentiles</h3>\n");
    let rows = of_child(snapshot.rows("measurements"), id)
        .into_iter()
        .map(|m| {
            vec![
                show(&m["measured_on"]),
                age(m["age_days"].as_i64()),
                show(&m["weight_kg"]),
                percentile(m, "weight_for_age"),
                show(&m["height_cm"]),
                percentile(m, "length_height_for_age"),
                show(&m["head_circumference_cm"]),
                percentile(m, "head_circumference_for_age"),
                percentile(m, "bmi_for_age"),
                percentile(m, "weight_for_length_height"),
            ]
        })
        .collect();
    let headers = [
        "Date",
        "Age",
        "Weight (kg)",
        "Weight-for-age P",
        "Length/height (cm)",
        "Length/height-for-age P",
        "Head (cm)",
        "Head-for-age P",
        "BMI-for-age P",
        "Weight-for-length/height P",
    ];
    table(out, &headers, &[2, 3, 4, 5, 6, 7, 8, 9], rows);

    out.push_str("<h3>Visits</h3>\n");
    let rows = of_child(snapshot.rows("visits"), id)
        .into_iter()
        .map(|v| {
            [
                "visit_date",
                "visit_type",
                "title",
                "provider",
                "location",
                "vaccines",
                "notes",
            ]
            .iter()
            .map(|k| show(&v[*k]))
            .collect()
        })
        .collect();
    let headers = [
        "Date", "Type", "Title", "Provider", "Location", "Vaccines", "Notes",
    ];
    table(out, &headers, &[], rows);

    out.push_str("<h3>Illnesses</h3>\n");
    let rows = of_child(snapshot.rows("illnesses"), id)
        .into_iter()
        .map(|i| {
            let keys = [
                "start_date",
                "end_date",
                "illness_types",
                "max_temperature_c",
                "severity",
                "symptoms",
                "notes",
            ];
            keys.iter().map(|k| show(&i[*k])).collect()
        })
        .collect();
    let headers = [
        "Start", "End", "Types", "Max °C", "Severity", "Symptoms", "Notes",
    ];
    table(out, &headers, &[3, 4], rows);

    out.push_str("<h3>Vaccines, medications and procedures</h3>\n");
    let rows = of_child(snapshot.rows("medical_events"), id)
        .into_iter()
        .map(|e| {
            let keys = ["event_date", "end_date", "kind", "name", "dose", "notes"];
            keys.iter().map(|k| show(&e[*k])).collect()
        })
        .collect();
    table(
        out,
        &["Date", "Until", "Kind", "Name", "Dose", "Notes"],
        &[],
        rows,
    );

    out.push_str("<h3>Files</h3>\n");
    let rows = of_child(&snapshot.attachments, id)
        .into_iter()
        .map(|a| {
            let file = match a["file"].as_str() {
                Some(path) => format!("<a href=\"{0}\">{0}</a>", escape(path)),
                None => "<span class=\"warn\">missing from storage</span>".into(),
            };
            let added = a["created_at"].as_str().unwrap_or_default();
            vec![
                show(&a["filename"]),
                show(&a["document_type"]),
                show(&a["owner_type"]),
                escape(added.get(..10).unwrap_or(added)),
                file,
            ]
        })
        .collect();
    table(
        out,
        &[
            "Name",
            "Document type",
            "Attached to",
            "Added",
            "In this archive",
        ],
        &[],
        rows,
    );
    out.push_str("</section>\n");
}
