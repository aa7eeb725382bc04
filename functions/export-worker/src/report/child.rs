//! One child's section of the report: measurements with WHO percentiles, visits,
//! illnesses, medical events and files.

use std::fmt::Write;

use trajectory::growth::Indicator;

use super::{age, escape, label, labels, percentile, show, table};
use crate::data::{Child, Snapshot};

/// Writes the section of `child`.
pub fn section(out: &mut String, snapshot: &Snapshot, child: &Child) {
    let id = child.id;
    let _ = write!(
        out,
        "<section class=\"child\"><h2>{}</h2>\n<p class=\"meta\">Born {} · {}",
        show(&child.name),
        show(&child.date_of_birth),
        label(child.sex.as_str()),
    );
    if let Some(w) = child.birth_weight_kg {
        let _ = write!(out, " · birth weight {w} kg");
    }
    if let Some(l) = child.birth_length_cm {
        let _ = write!(out, " · birth length {l} cm");
    }
    out.push_str("</p>\n");
    if !child.notes.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", escape(&child.notes));
    }

    out.push_str("<h3>Measurements and WHO percentiles</h3>\n");
    let rows = snapshot
        .measurements
        .iter()
        .filter(|m| m.child_id == id)
        .map(|m| {
            vec![
                show(&m.measured_on),
                age(child.date_of_birth, m.measured_on),
                show(&m.weight_kg),
                percentile(m, Indicator::WeightForAge),
                show(&m.height_cm),
                percentile(m, Indicator::LengthHeightForAge),
                show(&m.head_circumference_cm),
                percentile(m, Indicator::HeadCircumferenceForAge),
                percentile(m, Indicator::BmiForAge),
                percentile(m, Indicator::WeightForLengthHeight),
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
    let rows = snapshot
        .visits
        .iter()
        .filter(|v| v.child_id == id)
        .map(|v| {
            vec![
                show(&v.visit_date),
                label(&v.visit_type),
                show(&v.title),
                show(&v.provider),
                show(&v.location),
                show(&v.vaccines),
                show(&v.notes),
            ]
        })
        .collect();
    let headers = [
        "Date", "Type", "Title", "Provider", "Location", "Vaccines", "Notes",
    ];
    table(out, &headers, &[], rows);

    out.push_str("<h3>Illnesses</h3>\n");
    let rows = snapshot
        .illnesses
        .iter()
        .filter(|i| i.child_id == id)
        .map(|i| {
            vec![
                show(&i.start_date),
                show(&i.end_date),
                labels(&i.illness_types),
                show(&i.max_temperature_c),
                show(&i.severity),
                show(&i.symptoms),
                show(&i.notes),
            ]
        })
        .collect();
    let headers = [
        "Start", "End", "Types", "Max °C", "Severity", "Symptoms", "Notes",
    ];
    table(out, &headers, &[3, 4], rows);

    out.push_str("<h3>Vaccines, medications and procedures</h3>\n");
    let rows = snapshot
        .medical_events
        .iter()
        .filter(|e| e.child_id == id)
        .map(|e| {
            vec![
                show(&e.event_date),
                show(&e.end_date),
                label(&e.kind),
                show(&e.name),
                show(&e.dose),
                show(&e.notes),
            ]
        })
        .collect();
    table(
        out,
        &["Date", "Until", "Kind", "Name", "Dose", "Notes"],
        &[],
        rows,
    );

    out.push_str("<h3>Files</h3>\n");
    let rows = snapshot
        .attachments
        .iter()
        .filter(|a| a.child_id == id)
        .map(|a| {
            let file = match &a.file {
                Some(path) => format!("<a href=\"{0}\">{0}</a>", escape(path)),
                None => "<span class=\"warn\">missing from storage</span>".into(),
            };
            vec![
                show(&a.filename),
                show(&a.document_type),
                label(&a.owner_type),
                show(&a.created_at.0.date_naive()),
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
