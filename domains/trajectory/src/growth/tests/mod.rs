//! Growth scores against WHO's published values, and the API's edges.

mod curves;
mod printed;
mod who_2006;
mod who_2007;

use super::*;

/// The z-scores of the SD columns of WHO's printed tables.
const SD_Z: [f64; 7] = [-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0];

fn child(age_days: i64, sex: Sex) -> Input {
    Input {
        age_days,
        sex,
        weight_kg: None,
        height_cm: None,
        head_circumference_cm: None,
    }
}

fn weighed(age_days: i64, sex: Sex, weight_kg: f64) -> Input {
    Input {
        weight_kg: Some(weight_kg),
        ..child(age_days, sex)
    }
}

fn z(indicator: Indicator, input: &Input) -> f64 {
    score(indicator, input)
        .unwrap_or_else(|| panic!("{indicator} should apply to {input:?}"))
        .z
}

#[test]
fn the_specs_example_a_one_year_old_boy_of_9_65_kg_is_on_the_median() {
    let s = score(Indicator::WeightForAge, &weighed(365, Sex::Male, 9.65)).expect("applies");
    assert_eq!(s.value, 9.65);
    assert!(s.z.abs() < 0.005, "z = {}", s.z);
    assert!(
        (s.percentile - 50.0).abs() < 0.2,
        "percentile = {}",
        s.percentile
    );
}

#[test]
fn bmi_is_computed_from_weight_and_height() {
    let input = Input {
        height_cm: Some(75.0),
        ..weighed(365, Sex::Female, 9.0)
    };
    let s = score(Indicator::BmiForAge, &input).expect("applies");
    assert!((s.value - 9.0 / (0.75 * 0.75)).abs() < 1e-12);
    let lms = reference::by_age(Indicator::BmiForAge, Sex::Female, 365.0).expect("in range");
    assert!((s.z - lms.z(s.value)).abs() < 1e-12);
    assert!((s.percentile - 100.0 * normal::cdf(s.z)).abs() < 1e-12);

    assert!(score(Indicator::BmiForAge, &weighed(365, Sex::Female, 9.0)).is_none());
}

#[test]
fn scores_lists_every_applicable_indicator_in_order() {
    let full = Input {
        weight_kg: Some(10.2),
        height_cm: Some(78.0),
        head_circumference_cm: Some(46.5),
        ..child(420, Sex::Male)
    };
    let indicators: Vec<_> = scores(&full).iter().map(|s| s.indicator).collect();
    assert_eq!(indicators, Indicator::ALL);

    let only_weight: Vec<_> = scores(&weighed(420, Sex::Male, 10.2))
        .iter()
        .map(|s| s.indicator)
        .collect();
    assert_eq!(only_weight, [Indicator::WeightForAge]);

    // At 8 years only weight-, height- and BMI-for-age remain.
    let older = Input {
        weight_kg: Some(25.0),
        height_cm: Some(127.0),
        head_circumference_cm: Some(52.0),
        ..child(2922, Sex::Female)
    };
    let indicators: Vec<_> = scores(&older).iter().map(|s| s.indicator).collect();
    assert_eq!(
        indicators,
        [
            Indicator::WeightForAge,
            Indicator::LengthHeightForAge,
            Indicator::BmiForAge
        ]
    );
}

#[test]
fn indicators_outside_their_ages_or_lengths_do_not_apply() {
    let hc = |age, cm| Input {
        head_circumference_cm: Some(cm),
        ..child(age, Sex::Male)
    };
    let tall = |age, cm| Input {
        height_cm: Some(cm),
        ..child(age, Sex::Female)
    };
    let wflh = |age, kg, cm| Input {
        height_cm: Some(cm),
        ..weighed(age, Sex::Male, kg)
    };
    let cases: [(&str, Indicator, Input, bool); 16] = [
        (
            "head at 5 years",
            Indicator::HeadCircumferenceForAge,
            hc(1856, 50.7),
            true,
        ),
        (
            "head at 1857 days",
            Indicator::HeadCircumferenceForAge,
            hc(1857, 50.7),
            false,
        ),
        (
            "head at 6 years",
            Indicator::HeadCircumferenceForAge,
            hc(2191, 51.0),
            false,
        ),
        (
            "weight at 10 years",
            Indicator::WeightForAge,
            weighed(3652, Sex::Male, 31.0),
            true,
        ),
        (
            "weight past 10 years",
            Indicator::WeightForAge,
            weighed(3653, Sex::Male, 31.0),
            false,
        ),
        (
            "weight at 11 years",
            Indicator::WeightForAge,
            weighed(4018, Sex::Male, 35.0),
            false,
        ),
        (
            "height at 19 years",
            Indicator::LengthHeightForAge,
            tall(6939, 163.0),
            true,
        ),
        (
            "height past 19 years",
            Indicator::LengthHeightForAge,
            tall(6940, 163.0),
            false,
        ),
        (
            "before birth",
            Indicator::WeightForAge,
            weighed(-1, Sex::Male, 3.0),
            false,
        ),
        (
            "length 45 cm",
            Indicator::WeightForLengthHeight,
            wflh(10, 2.4, 45.0),
            true,
        ),
        (
            "length below 45 cm",
            Indicator::WeightForLengthHeight,
            wflh(10, 2.4, 44.9),
            false,
        ),
        (
            "length above 110 cm",
            Indicator::WeightForLengthHeight,
            wflh(700, 18.0, 110.1),
            false,
        ),
        (
            "height below 65 cm",
            Indicator::WeightForLengthHeight,
            wflh(800, 7.0, 64.9),
            false,
        ),
        (
            "height 120 cm",
            Indicator::WeightForLengthHeight,
            wflh(1800, 22.0, 120.0),
            true,
        ),
        (
            "height past 5 years",
            Indicator::WeightForLengthHeight,
            wflh(1857, 18.0, 110.0),
            false,
        ),
        (
            "weight without height",
            Indicator::WeightForLengthHeight,
            weighed(300, Sex::Male, 8.0),
            false,
        ),
    ];
    for (case, indicator, input, applies) in cases {
        assert_eq!(score(indicator, &input).is_some(), applies, "{case}");
    }
}

#[test]
fn unusable_measurements_give_no_score() {
    for bad in [0.0, -9.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let input = Input {
            weight_kg: Some(bad),
            height_cm: Some(bad),
            head_circumference_cm: Some(bad),
            ..child(300, Sex::Female)
        };
        assert!(scores(&input).is_empty(), "{bad}");
        // A bad height spoils BMI and weight-for-length but not weight-for-age.
        let bad_height = Input {
            height_cm: Some(bad),
            ..weighed(300, Sex::Female, 8.0)
        };
        let indicators: Vec<_> = scores(&bad_height).iter().map(|s| s.indicator).collect();
        assert_eq!(indicators, [Indicator::WeightForAge], "{bad}");
    }
}

#[test]
fn extreme_weights_use_the_restricted_tail_but_lengths_do_not() {
    // BMI-for-age beyond +3 SD at 3 years.
    let lms = reference::by_age(Indicator::BmiForAge, Sex::Male, 1095.0).expect("in range");
    let (sd2, sd3) = (lms.value_at(2.0), lms.value_at(3.0));
    let heavy = Input {
        height_cm: Some(100.0),
        ..weighed(1095, Sex::Male, sd3 + (sd3 - sd2))
    };
    assert!((z(Indicator::BmiForAge, &heavy) - 4.0).abs() < 1e-9);

    // Head circumference beyond +3 SD keeps the plain LMS z (L = 1 makes it linear anyway).
    let lms = reference::by_age(Indicator::HeadCircumferenceForAge, Sex::Female, 200.0)
        .expect("in range");
    let big = lms.value_at(4.2);
    let input = Input {
        head_circumference_cm: Some(big),
        ..child(200, Sex::Female)
    };
    assert!((z(Indicator::HeadCircumferenceForAge, &input) - 4.2).abs() < 1e-9);
}

#[test]
fn names_parse_and_serialize_in_snake_case() {
    for indicator in Indicator::ALL {
        assert_eq!(
            indicator.as_str().parse::<Indicator>().ok(),
            Some(indicator)
        );
        let json = serde_json::to_string(&indicator).expect("serializes");
        assert_eq!(json, format!("\"{}\"", indicator.as_str()));
    }
    let err = "height_for_age".parse::<Indicator>().expect_err("unknown");
    let message = err.to_string();
    assert!(message.contains("\"height_for_age\""), "{message}");
    assert!(message.contains("length_height_for_age"), "{message}");

    let sex: Sex = serde_json::from_str("\"female\"").expect("deserializes");
    assert_eq!(sex, Sex::Female);
    assert!(serde_json::from_str::<Sex>("\"F\"").is_err());

    let s = score(Indicator::WeightForAge, &weighed(365, Sex::Male, 9.65)).expect("applies");
    let json = serde_json::to_value(s).expect("serializes");
    assert_eq!(json["indicator"], "weight_for_age");
    assert_eq!(json["value"], 9.65);
    assert!(json["z"].is_f64() && json["percentile"].is_f64());
}
