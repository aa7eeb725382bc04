//! The rules of a visit: dates, text lengths, and what each visit type needs.

use shared::ApiError;
use shared::domain::{LongText, Notes, ShortText, Text, Title};
use shared::error::FieldErrors;

use crate::records::ChildFacts;
use crate::rules::{self, When};
use crate::visit_fields::VisitFields;
use crate::visit_parts::{Dental, Prescription, Refraction, VisitType};

/// Checks and tidies a visit's fields; every problem is reported at once.
pub fn check(facts: &ChildFacts, mut f: VisitFields) -> Result<VisitFields, ApiError> {
    let mut errors = FieldErrors::new();
    let e = &mut errors;
    rules::date(
        e,
        "visit_date",
        f.visit_date,
        facts.date_of_birth,
        When::Planned,
    );
    e.tidy::<ShortText>("location", &mut f.location);
    e.tidy::<ShortText>("provider", &mut f.provider);
    e.tidy::<ShortText>("title", &mut f.title);
    e.tidy::<Notes>("notes", &mut f.notes);
    e.tidy_list::<50>("tags", &mut f.tags, 20);
    e.tidy_list::<100>("vaccines", &mut f.vaccines, 30);
    prescriptions(e, &mut f.prescriptions);
    f.illness_types = rules::dedup(&f.illness_types);
    e.tidy::<LongText>("symptoms", &mut f.symptoms);
    e.tidy::<Text<100>>("injury_type", &mut f.injury_type);
    e.tidy::<Text<100>>("injury_location", &mut f.injury_location);
    e.tidy::<LongText>("treatment", &mut f.treatment);
    type_specific(e, &f);
    if let Some(vision) = &f.vision {
        eye(e, "vision.right_eye", &vision.right_eye);
        eye(e, "vision.left_eye", &vision.left_eye);
    }
    if let Some(dental) = &mut f.dental {
        check_dental(e, dental);
    }
    errors.finish()?;
    Ok(f)
}

/// Fields of another type must be empty; visits that happened (today or before) need
/// what their type is about. Future visits are appointments, still to be filled in.
fn type_specific(errors: &mut FieldErrors, f: &VisitFields) {
    let mut only = |field: &str, present: bool, wanted: VisitType| {
        if present && f.visit_type != wanted {
            errors.add(
                field,
                format!("Only {} visits have this field", wanted.as_str()),
            );
        }
    };
    only(
        "illness_types",
        !f.illness_types.is_empty(),
        VisitType::Sick,
    );
    only("symptoms", !f.symptoms.is_empty(), VisitType::Sick);
    only("injury_type", !f.injury_type.is_empty(), VisitType::Injury);
    only(
        "injury_location",
        !f.injury_location.is_empty(),
        VisitType::Injury,
    );
    only("treatment", !f.treatment.is_empty(), VisitType::Injury);
    only("vision", f.vision.is_some(), VisitType::Vision);
    only("dental", f.dental.is_some(), VisitType::Dental);
    if f.visit_date.get() > rules::today() {
        return;
    }
    if f.visit_type == VisitType::Sick && f.illness_types.is_empty() {
        errors.add(
            "illness_types",
            "A sick visit needs at least one illness type",
        );
    }
    if f.visit_type == VisitType::Injury && f.injury_type.is_empty() {
        errors.add("injury_type", "An injury visit needs the type of injury");
    }
}

fn prescriptions(errors: &mut FieldErrors, list: &mut [Prescription]) {
    if list.len() > 20 {
        errors.add("prescriptions", "At most 20 prescriptions");
    }
    for p in list {
        errors.tidy::<Title>("prescriptions", &mut p.medication);
        errors.tidy::<ShortText>("prescriptions", &mut p.dosage);
        errors.tidy::<ShortText>("prescriptions", &mut p.duration);
    }
}

fn eye(errors: &mut FieldErrors, prefix: &str, eye: &Refraction) {
    let sphere = format!("{prefix}.sphere");
    errors.range(&sphere, eye.sphere, -30.0, 30.0, "dioptres");
    let cylinder = format!("{prefix}.cylinder");
    errors.range(&cylinder, eye.cylinder, -10.0, 10.0, "dioptres");
    if eye.axis.is_some_and(|a| !(0..=180).contains(&a)) {
        errors.add(
            &format!("{prefix}.axis"),
            "Must be between 0 and 180 degrees",
        );
    }
}

fn check_dental(errors: &mut FieldErrors, dental: &mut Dental) {
    errors.tidy_list::<200>("dental.procedures", &mut dental.procedures, 20);
    for (field, count) in [
        ("dental.cavities_found", dental.cavities_found),
        ("dental.cavities_filled", dental.cavities_filled),
    ] {
        if count.is_some_and(|c| !(0..=32).contains(&c)) {
            errors.add(field, "Must be between 0 and 32");
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;
    use serde_json::{Value, json};
    use trajectory::growth::Sex;

    use super::*;

    fn facts() -> ChildFacts {
        ChildFacts {
            date_of_birth: rules::today() - Duration::days(400),
            sex: Sex::Female,
        }
    }

    /// The fields that fail for a visit of `extra` on top of a wellness visit today.
    fn failing(extra: Value) -> Vec<String> {
        let mut input = json!({"type": "wellness", "visit_date": rules::today()});
        for (k, v) in extra.as_object().unwrap() {
            input[k] = v.clone();
        }
        let fields: VisitFields = serde_json::from_value(input).unwrap();
        match check(&facts(), fields) {
            Ok(_) => vec![],
            Err(e) => e.details().as_object().unwrap().keys().cloned().collect(),
        }
    }

    #[test]
    fn each_type_needs_its_own_fields_unless_it_is_an_appointment() {
        let tomorrow = rules::today() + Duration::days(1);
        assert_eq!(failing(json!({"type": "sick"})), ["illness_types"]);
        assert!(failing(json!({"type": "sick", "illness_types": ["flu"]})).is_empty());
        assert!(failing(json!({"type": "sick", "visit_date": tomorrow})).is_empty());
        assert_eq!(failing(json!({"type": "injury"})), ["injury_type"]);
        assert!(failing(json!({"type": "injury", "visit_date": tomorrow})).is_empty());
        assert!(failing(json!({"type": "injury", "injury_type": "burn"})).is_empty());
    }

    #[test]
    fn fields_of_another_type_are_refused() {
        assert_eq!(failing(json!({"symptoms": "cough"})), ["symptoms"]);
        assert_eq!(failing(json!({"dental": {"cleaning": true}})), ["dental"]);
        assert_eq!(
            failing(json!({"type": "sick", "illness_types": ["cold"], "treatment": "ice"})),
            ["treatment"]
        );
    }

    #[test]
    fn refraction_cavities_and_prescriptions_have_bounds() {
        let eye = json!({"type": "vision", "vision": {"right_eye": {"sphere": -31, "axis": 181}}});
        assert_eq!(
            failing(eye),
            ["vision.right_eye.axis", "vision.right_eye.sphere"]
        );
        let teeth = json!({"type": "dental", "dental": {"cavities_found": 33}});
        assert_eq!(failing(teeth), ["dental.cavities_found"]);
        let nameless = json!({"prescriptions": [{"medication": " ", "dosage": "5 ml"}]});
        assert_eq!(failing(nameless), ["prescriptions"]);
    }
}
