//! Reference curves: ordered, clipped, and on the same LMS as the scores.

use super::*;

fn ordered(c: &Curves) {
    assert!(!c.points.is_empty());
    for p in &c.points {
        assert!(
            p.p3 < p.p15 && p.p15 < p.p50 && p.p50 < p.p85 && p.p85 < p.p97,
            "{:?} at {}: {p:?}",
            c.indicator,
            p.x
        );
    }
    for pair in c.points.windows(2) {
        assert!(pair[0].x < pair[1].x);
    }
}

#[test]
fn every_age_curve_is_ordered_over_its_whole_range() {
    for indicator in [
        Indicator::WeightForAge,
        Indicator::LengthHeightForAge,
        Indicator::HeadCircumferenceForAge,
        Indicator::BmiForAge,
    ] {
        for sex in [Sex::Male, Sex::Female] {
            let c = curves(indicator, sex, 0.0, 7000.0, 400, 0).expect("applies");
            assert_eq!(c.axis, Axis::AgeDays);
            assert_eq!(c.points.len(), 400);
            ordered(&c);
        }
    }
}

#[test]
fn curves_are_clipped_to_where_the_indicator_applies() {
    let c = curves(Indicator::WeightForAge, Sex::Male, -100.0, 5000.0, 50, 0).expect("applies");
    assert_eq!(c.points.first().map(|p| p.x), Some(0.0));
    assert_eq!(c.points.last().map(|p| p.x), Some(120.0 * 30.4375));

    let c = curves(
        Indicator::HeadCircumferenceForAge,
        Sex::Female,
        1000.0,
        3000.0,
        20,
        0,
    )
    .expect("applies");
    assert_eq!(c.points.last().map(|p| p.x), Some(1856.0));

    let c = curves(
        Indicator::LengthHeightForAge,
        Sex::Male,
        6000.0,
        9000.0,
        20,
        0,
    )
    .expect("applies");
    assert_eq!(c.points.last().map(|p| p.x), Some(228.0 * 30.4375));

    assert!(
        curves(
            Indicator::HeadCircumferenceForAge,
            Sex::Male,
            2000.0,
            3000.0,
            20,
            0
        )
        .is_none()
    );
    assert!(curves(Indicator::WeightForAge, Sex::Male, 4000.0, 5000.0, 20, 0).is_none());
    assert!(curves(Indicator::WeightForAge, Sex::Male, 300.0, 200.0, 20, 0).is_none());
    assert!(curves(Indicator::WeightForAge, Sex::Male, 0.0, 300.0, 0, 0).is_none());
    assert!(curves(Indicator::WeightForAge, Sex::Male, f64::NAN, 300.0, 10, 0).is_none());
}

#[test]
fn weight_for_length_or_height_is_chosen_by_the_age_at_the_end() {
    let length = curves(
        Indicator::WeightForLengthHeight,
        Sex::Male,
        40.0,
        130.0,
        100,
        700,
    )
    .expect("under 2 years");
    assert_eq!(length.axis, Axis::LengthCm);
    assert_eq!(length.points.first().map(|p| p.x), Some(45.0));
    assert!(
        length
            .points
            .last()
            .is_some_and(|p| (p.x - 110.0).abs() < 1e-9)
    );
    ordered(&length);

    let height = curves(
        Indicator::WeightForLengthHeight,
        Sex::Female,
        40.0,
        130.0,
        100,
        731,
    )
    .expect("2 to 5 years");
    assert_eq!(height.points.first().map(|p| p.x), Some(65.0));
    assert!(
        height
            .points
            .last()
            .is_some_and(|p| (p.x - 120.0).abs() < 1e-9)
    );
    ordered(&height);

    assert!(
        curves(
            Indicator::WeightForLengthHeight,
            Sex::Male,
            60.0,
            100.0,
            10,
            1857
        )
        .is_none()
    );
    assert!(
        curves(
            Indicator::WeightForLengthHeight,
            Sex::Male,
            60.0,
            100.0,
            10,
            -1
        )
        .is_none()
    );
    assert!(
        curves(
            Indicator::WeightForLengthHeight,
            Sex::Male,
            111.0,
            130.0,
            10,
            300
        )
        .is_none()
    );
}

#[test]
fn points_are_evenly_spaced_and_never_finer_than_a_day_or_a_millimetre() {
    let c = curves(Indicator::WeightForAge, Sex::Female, 0.0, 3.0, 100, 0).expect("applies");
    let xs: Vec<f64> = c.points.iter().map(|p| p.x).collect();
    assert_eq!(xs, [0.0, 1.0, 2.0, 3.0]);

    let c = curves(
        Indicator::WeightForLengthHeight,
        Sex::Male,
        50.0,
        50.5,
        100,
        30,
    )
    .expect("applies");
    assert_eq!(c.points.len(), 6);

    let c = curves(Indicator::BmiForAge, Sex::Male, 100.0, 100.0, 5, 0).expect("one day");
    assert_eq!(c.points.len(), 1);

    let c = curves(Indicator::LengthHeightForAge, Sex::Male, 0.0, 1000.0, 11, 0).expect("applies");
    let xs: Vec<f64> = c.points.iter().map(|p| p.x).collect();
    let expected: Vec<f64> = (0..=10).map(|i| f64::from(i) * 100.0).collect();
    assert_eq!(xs, expected);
}

#[test]
fn curve_values_sit_at_their_percentiles() {
    let c = curves(Indicator::WeightForAge, Sex::Male, 365.0, 365.0, 1, 0).expect("applies");
    let p = c.points[0];
    assert!((p.p50 - 9.646).abs() < 1e-9, "WHO's M for boys at day 365");
    for (value, percentile) in [
        (p.p3, 3.0),
        (p.p15, 15.0),
        (p.p50, 50.0),
        (p.p85, 85.0),
        (p.p97, 97.0),
    ] {
        let s = score(Indicator::WeightForAge, &weighed(365, Sex::Male, value)).expect("applies");
        assert!(
            (s.percentile - percentile).abs() < 1e-6,
            "{value}: {}",
            s.percentile
        );
    }
}

#[test]
fn curves_serialize_for_charting() {
    let c = curves(
        Indicator::WeightForLengthHeight,
        Sex::Female,
        70.0,
        70.0,
        1,
        900,
    )
    .expect("applies");
    let json = serde_json::to_value(&c).expect("serializes");
    assert_eq!(json["indicator"], "weight_for_length_height");
    assert_eq!(json["axis"], "length_cm");
    let point = &json["points"][0];
    for key in ["x", "p3", "p15", "p50", "p85", "p97"] {
        assert!(point[key].is_f64(), "{key}");
    }
}
