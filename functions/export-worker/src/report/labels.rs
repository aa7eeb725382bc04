//! The words the report shows for stored codes (`ear_infection`, `wellness`,
//! `read_only`), the same as the app's (`frontend/src/trajectory/labels.ts`). The
//! CSV files and data.json keep the codes, which programs read.

use std::borrow::Cow;

/// Codes whose label is not simply the code in words.
const SPECIAL: &[(&str, &str)] = &[
    ("read_only", "Read-only"),
    ("rsv", "RSV"),
    ("covid", "COVID-19"),
    ("hand_foot_mouth", "Hand, foot and mouth"),
];

/// A code as people read it: "ear_infection" → "Ear infection", "owner" → "Owner".
pub fn label(code: &str) -> Cow<'_, str> {
    if let Some((_, label)) = SPECIAL.iter().find(|(c, _)| *c == code) {
        return Cow::Borrowed(label);
    }
    let words = code.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => Cow::Owned(first.to_uppercase().chain(chars).collect()),
        None => Cow::Borrowed(""),
    }
}

/// A list of codes as a list of labels: "Flu, Ear infection".
pub fn labels(codes: &[String]) -> String {
    let labels: Vec<Cow<'_, str>> = codes.iter().map(|c| label(c)).collect();
    labels.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_as_the_app_shows_them() {
        assert_eq!(label("ear_infection"), "Ear infection");
        assert_eq!(label("wellness"), "Wellness");
        assert_eq!(label("owner"), "Owner");
        assert_eq!(label("read_only"), "Read-only");
        assert_eq!(label("covid"), "COVID-19");
        assert_eq!(label("medical_event"), "Medical event");
        assert_eq!(label("female"), "Female");
        assert_eq!(label(""), "");
        assert_eq!(
            labels(&["flu".into(), "hand_foot_mouth".into()]),
            "Flu, Hand, foot and mouth"
        );
    }
}
