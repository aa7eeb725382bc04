//! `report.html`: a printable summary of the family, one section per child, with
//! every measurement placed on the WHO reference. Self-contained (inline styles,
//! no scripts, no remote resources); every value is escaped.

use std::fmt::Write;

use chrono::{Datelike, NaiveDate};
use trajectory::growth::Indicator;

use crate::data::{Measurement, Snapshot};
use crate::values::{Field, Shown, decimal};

mod child;
mod labels;

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#1f2933;margin:2rem;line-height:1.4}
h1{margin-bottom:0}h2{border-bottom:2px solid #52606d;padding-bottom:.2rem;margin-top:2.5rem}
h3{margin-bottom:.3rem}.meta{color:#52606d}.empty{color:#7b8794;font-style:italic}
table{border-collapse:collapse;width:100%;margin-bottom:1rem;font-size:.85rem}
th,td{border:1px solid #cbd2d9;padding:.25rem .45rem;text-align:left;vertical-align:top}
th{background:#f0f4f8}td.n{text-align:right;white-space:nowrap}.warn{color:#ab091e}
@media print{body{margin:0}section.child{break-before:page}a{color:inherit;text-decoration:none}}";

/// Escapes text for HTML content and attribute values.
pub use shared::templates::escape_html as escape;

/// A field as escaped display text.
fn show(field: &impl Field) -> String {
    match field.shown() {
        Shown::Empty => String::new(),
        Shown::Text(s) => escape(&s),
        Shown::Decimal(f) => decimal(f),
        Shown::Integer(n) => n.to_string(),
        Shown::List(items) => {
            let items: Vec<String> = items.iter().map(|s| escape(s)).collect();
            items.join(", ")
        }
        Shown::Json(value) => escape(&value.to_string()),
    }
}

/// A percentile as people read it: one decimal, open-ended at the extremes.
fn percentile(m: &Measurement, indicator: Indicator) -> String {
    let growth = m.growth.as_ref();
    match growth.and_then(|g| g.percentile(indicator)) {
        Some(p) if p < 0.1 => "&lt;0.1".into(),
        Some(p) if p > 99.9 => "&gt;99.9".into(),
        Some(p) => format!("{p:.1}"),
        None => String::new(),
    }
}

/// A stored code as escaped display text, in the app's words.
fn label(code: &str) -> String {
    escape(&labels::label(code))
}

/// A list of stored codes as escaped display text, in the app's words.
fn labels(codes: &[String]) -> String {
    escape(&labels::labels(codes))
}

/// An age on a day, in calendar months as people count them: a measurement on
/// the first birthday is "12 mo", whatever the length of the year.
fn age(born: NaiveDate, on: NaiveDate) -> String {
    let days = (on - born).num_days();
    if days < 0 {
        return "before birth".into();
    }
    let months = (on.year() - born.year()) * 12 + on.month() as i32
        - born.month() as i32
        - i32::from(on.day() < born.day());
    if months < 2 {
        format!("{days} d")
    } else if months < 24 {
        format!("{months} mo")
    } else {
        format!("{} y {} mo", months / 12, months % 12)
    }
}

/// "1 child", "3 children".
fn children(n: usize) -> String {
    if n == 1 {
        "1 child".into()
    } else {
        format!("{n} children")
    }
}

/// Writes one table; cells are already escaped. `numeric` marks right-aligned columns.
fn table(out: &mut String, headers: &[&str], numeric: &[usize], rows: Vec<Vec<String>>) {
    if rows.is_empty() {
        out.push_str("<p class=\"empty\">None recorded.</p>\n");
        return;
    }
    out.push_str("<table><thead><tr>");
    for h in headers {
        let _ = write!(out, "<th>{}</th>", escape(h));
    }
    out.push_str("</tr></thead><tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let class = if numeric.contains(&i) {
                " class=\"n\""
            } else {
                ""
            };
            let _ = write!(out, "<td{class}>{cell}</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
}

/// The whole report.
pub fn render(snapshot: &Snapshot, exported_at: &str) -> String {
    let family = escape(&snapshot.family.name);
    let mut out = String::with_capacity(16 * 1024);
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{family}: health records</title><style>{STYLE}</style></head><body>\n\
         <header><h1>{family}</h1><p class=\"meta\">Health records exported {} · {} · \
         WHO Child Growth Standards (0–5 years) and Growth Reference (5–19 years)</p></header>\n",
        escape(exported_at),
        children(snapshot.children.len()),
    );
    out.push_str("<h3>Members</h3>\n");
    let rows = snapshot
        .members
        .iter()
        .map(|m| vec![show(&m.username), show(&m.display_name), label(&m.role)])
        .collect();
    table(&mut out, &["Username", "Name", "Role"], &[], rows);
    for child in &snapshot.children {
        child::section(&mut out, snapshot, child);
    }
    out.push_str("</body></html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_and_display() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(
            show(&vec!["flu".to_string(), "<b>".to_string()]),
            "flu, &lt;b&gt;"
        );
        assert_eq!(show(&Some(9.0)), "9.0");
        assert_eq!(show(&None::<f64>), "");
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(age(day("2024-01-15"), day("2024-01-25")), "10 d");
        assert_eq!(age(day("2024-01-15"), day("2025-01-15")), "12 mo");
        // 365 days, less than twelve of 30.44 days: still the first birthday.
        assert_eq!(age(day("2023-01-15"), day("2024-01-15")), "12 mo");
        assert_eq!(age(day("2023-01-15"), day("2024-01-14")), "11 mo");
        assert_eq!(age(day("2022-01-15"), day("2024-09-20")), "2 y 8 mo");
        assert_eq!(age(day("2024-01-15"), day("2024-01-14")), "before birth");
        assert_eq!(children(1), "1 child");
        assert_eq!(children(2), "2 children");
        let snapshot = crate::data::sample::snapshot();
        let mut m = snapshot.measurements[0].clone();
        let growth = m.growth.as_mut().unwrap();
        growth.0.retain(|s| s.indicator == Indicator::WeightForAge);
        growth.0[0].percentile = 50.04;
        let mut low = growth.0[0];
        low.indicator = Indicator::BmiForAge;
        low.percentile = 0.01;
        growth.0.push(low);
        assert_eq!(percentile(&m, Indicator::WeightForAge), "50.0");
        assert_eq!(percentile(&m, Indicator::BmiForAge), "&lt;0.1");
        assert_eq!(percentile(&m, Indicator::HeadCircumferenceForAge), "");
    }

    #[test]
    fn the_report_escapes_every_name_and_prints_percentiles() {
        let snapshot = crate::data::sample::snapshot();
        let report = render(&snapshot, "2025-02-01T00:00:00Z");
        assert!(report.contains("<h2>Ada</h2>"));
        assert!(report.contains("&lt;b&gt;Bob&lt;/b&gt;") && !report.contains("<b>Bob</b>"));
        assert!(report.contains("Born 2024-01-15 · Female · birth weight 3.2 kg"));
        assert!(report.contains("<td>12 mo</td><td class=\"n\">8.95</td>"));
        assert!(report.contains("files/Ada/scan.pdf"));
        assert!(report.contains(" · 2 children · "), "{report}");
        assert!(!report.contains("wellness") && report.contains("<td>Wellness</td>"));
        assert!(!report.contains(">owner<") && report.contains("<td>Owner</td>"));
        assert!(!report.contains("<script"));
    }
}
