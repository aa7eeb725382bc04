//! A growth chart: the child's measurements on one WHO indicator, with the reference
//! curves (P3, P15, P50, P85, P97) to draw them against.

use axum::extract::State;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use shared::auth::AuthUser;
use shared::http::{ApiPath, ApiQuery, Data, DataOf};
use shared::{ApiError, ApiResult, AppState, db};
use tokio_postgres::Row;
use trajectory::growth::{self, Axis, CurvePoint, Indicator};
use uuid::Uuid;

use crate::records::{self, ChildFacts, round2};
use crate::rules;
use crate::{measurement_fields, measurements};

/// Points per reference curve: smooth enough to chart, small enough to send.
const CURVE_POINTS: usize = 200;
/// Room left on either side of the child's lengths on a weight-for-length chart.
const LENGTH_MARGIN_CM: f64 = 5.0;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GrowthQuery {
    /// weight_for_age, length_height_for_age, head_circumference_for_age, bmi_for_age
    /// or weight_for_length_height.
    indicator: Indicator,
}

/// One measurement on the chart.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GrowthPoint {
    pub measurement_id: Uuid,
    pub measured_on: NaiveDate,
    pub age_days: i64,
    /// Where it sits on the x axis: the age in days, or the length in cm.
    pub x: f64,
    /// The measured value in the chart's unit (BMI is computed).
    pub value: f64,
    pub z: f64,
    pub percentile: f64,
}

/// A chart of one indicator.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Growth {
    pub indicator: Indicator,
    /// `age_days`, or `length_cm` for weight-for-length/height.
    pub axis: Axis,
    /// The unit of values and curves: kg, cm or kg/m².
    pub unit: &'static str,
    /// Oldest first; measurements the indicator does not apply to are left out.
    pub points: Vec<GrowthPoint>,
    /// Empty when the indicator applies nowhere in the child's range.
    pub curves: Vec<CurvePoint>,
}

fn unit(indicator: Indicator) -> &'static str {
    match indicator {
        Indicator::WeightForAge | Indicator::WeightForLengthHeight => "kg",
        Indicator::LengthHeightForAge | Indicator::HeadCircumferenceForAge => "cm",
        Indicator::BmiForAge => "kg/m²",
    }
}

fn point(row: &Row, indicator: Indicator) -> Result<Option<GrowthPoint>, ApiError> {
    let (facts, fields) = measurements::fields_from_row(row)?;
    let input = measurement_fields::growth_input(&facts, &fields);
    let Some(score) = growth::score(indicator, &input) else {
        return Ok(None);
    };
    let x = match (indicator, fields.height_cm) {
        (Indicator::WeightForLengthHeight, Some(height)) => height,
        _ => input.age_days as f64,
    };
    Ok(Some(GrowthPoint {
        measurement_id: row.try_get("id")?,
        measured_on: fields.measured_on.get(),
        age_days: input.age_days,
        x,
        value: round2(score.value),
        z: round2(score.z),
        percentile: round2(score.percentile),
    }))
}

/// The reference curves over the child's life so far (and any later measurement); for
/// weight-for-length/height, over the lengths measured, on the table (length or
/// height) of the latest measurement's age.
fn reference(indicator: Indicator, facts: &ChildFacts, points: &[GrowthPoint]) -> Vec<CurvePoint> {
    let today_age = facts.age_days(rules::today());
    let last_age = points.last().map_or(today_age, |p| p.age_days);
    let (from, to) = if indicator == Indicator::WeightForLengthHeight {
        let lengths = points.iter().map(|p| p.x);
        match (lengths.clone().reduce(f64::min), lengths.reduce(f64::max)) {
            (Some(low), Some(high)) => (low - LENGTH_MARGIN_CM, high + LENGTH_MARGIN_CM),
            // No length yet: the whole table.
            _ => (0.0, 1000.0),
        }
    } else {
        (0.0, today_age.max(last_age) as f64)
    };
    growth::curves(indicator, facts.sex, from, to, CURVE_POINTS, last_age)
        .map(|c| c.points)
        .unwrap_or_default()
        .into_iter()
        .map(|p| CurvePoint {
            x: round2(p.x),
            p3: round2(p.p3),
            p15: round2(p.p15),
            p50: round2(p.p50),
            p85: round2(p.p85),
            p97: round2(p.p97),
        })
        .collect()
}

/// The child's measurements on one indicator with the WHO reference curves.
#[utoipa::path(get, path = "/api/children/{id}/growth", tag = "health", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Child id"), GrowthQuery),
    responses((status = 200, description = "Points and curves", body = DataOf<Growth>),
              (status = 400, description = "Missing or unknown indicator"),
              (status = 404, description = "No such child, or not in the caller's families")))]
pub async fn get(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(child_id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<GrowthQuery>,
) -> ApiResult<Data<Growth>> {
    let client = db::client(&state.db).await?;
    let (access, facts) = records::child_access_and_facts(&client, &user, child_id).await?;
    let sql = format!(
        "select {} from measurements m join children c on c.id = m.child_id
         where m.child_id = $1 order by m.measured_on, m.created_at",
        measurements::COLUMNS
    );
    let rows = client.query(&sql, &[&access.child_id]).await?;
    let indicator = query.indicator;
    let mut points = Vec::with_capacity(rows.len());
    for row in &rows {
        points.extend(point(row, indicator)?);
    }
    Ok(Data(Growth {
        indicator,
        axis: if indicator == Indicator::WeightForLengthHeight {
            Axis::LengthCm
        } else {
            Axis::AgeDays
        },
        unit: unit(indicator),
        curves: reference(indicator, &facts, &points),
        points,
    }))
}
