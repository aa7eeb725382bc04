//! A child's own fields, their rules, and how a patch applies to them.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use shared::ApiResult;
use shared::domain::{Date, Name, Notes, Sex};
use shared::error::FieldErrors;
use shared::http::nullable;
use tokio_postgres::types::ToSql;

/// What a child is: the fields a parent enters, audited as they change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ChildFields {
    /// 1 to 100 characters, one line.
    pub name: String,
    /// Not in the future, at most 25 years ago.
    pub date_of_birth: Date,
    pub sex: Sex,
    /// For children born early: the due date, which corrected ages count from.
    pub due_date: Option<Date>,
    /// 0.2 to 10 kg.
    pub birth_weight_kg: Option<f64>,
    /// 20 to 70 cm.
    pub birth_length_cm: Option<f64>,
    /// At most 5,000 characters.
    pub notes: String,
}

impl ChildFields {
    /// The fields as statement parameters, in column order: name, date_of_birth,
    /// sex, due_date, birth_weight_kg, birth_length_cm, notes.
    pub fn params(&self) -> [&(dyn ToSql + Sync); 7] {
        [
            &self.name,
            &self.date_of_birth,
            &self.sex,
            &self.due_date,
            &self.birth_weight_kg,
            &self.birth_length_cm,
            &self.notes,
        ]
    }
}

/// Checks and tidies the fields; every problem is reported at once.
pub fn check(mut f: ChildFields) -> ApiResult<ChildFields> {
    let mut errors = FieldErrors::new();
    errors.tidy::<Name>("name", &mut f.name);
    let born = f.date_of_birth.get();
    let today = Utc::now().date_naive();
    if born > today {
        errors.add("date_of_birth", "Date of birth cannot be in the future");
    } else if born < today - Duration::days(366 * 25) {
        errors.add("date_of_birth", "Date of birth is more than 25 years ago");
    }
    errors.range("birth_weight_kg", f.birth_weight_kg, 0.2, 10.0, "kg");
    errors.range("birth_length_cm", f.birth_length_cm, 20.0, 70.0, "cm");
    errors.tidy::<Notes>("notes", &mut f.notes);
    errors.finish()?;
    Ok(f)
}

/// Fields to change; absent fields stay. `null` clears an optional field.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChildPatch {
    name: Option<String>,
    date_of_birth: Option<Date>,
    sex: Option<Sex>,
    #[serde(default, deserialize_with = "nullable")]
    due_date: Option<Option<Date>>,
    #[serde(default, deserialize_with = "nullable")]
    birth_weight_kg: Option<Option<f64>>,
    #[serde(default, deserialize_with = "nullable")]
    birth_length_cm: Option<Option<f64>>,
    notes: Option<String>,
    /// The `updated_at` the client last saw; a newer one answers 409 `STALE`.
    updated_at: Option<DateTime<Utc>>,
}

shared::patch!(ChildPatch => ChildFields { name, date_of_birth, sex, due_date, birth_weight_kg, birth_length_cm, notes });

#[cfg(test)]
mod tests {
    use super::*;

    fn child(json: serde_json::Value) -> ChildFields {
        let mut base = serde_json::json!({
            "name": "Ada", "date_of_birth": Utc::now().date_naive(), "sex": "female",
            "due_date": null, "birth_weight_kg": null, "birth_length_cm": null, "notes": ""
        });
        base.as_object_mut()
            .unwrap()
            .extend(json.as_object().unwrap().clone());
        serde_json::from_value(base).unwrap()
    }

    #[test]
    fn names_dates_and_ranges() {
        assert_eq!(
            check(child(serde_json::json!({"name": "  Ada "})))
                .unwrap()
                .name,
            "Ada"
        );
        let tomorrow = Utc::now().date_naive() + Duration::days(1);
        let err = check(child(serde_json::json!({
            "name": "   ", "date_of_birth": tomorrow, "birth_weight_kg": 42.0,
            "birth_length_cm": 5.0, "notes": "bell \u{7}"
        })))
        .unwrap_err();
        for field in [
            "name",
            "date_of_birth",
            "birth_weight_kg",
            "birth_length_cm",
            "notes",
        ] {
            assert!(err.details()[field].is_string(), "{field}");
        }
    }

    #[test]
    fn today_is_a_valid_birth_date() {
        assert!(check(child(serde_json::json!({}))).is_ok());
    }
}
