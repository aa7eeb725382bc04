//! WHO Child Growth Standards 2006: z-scores of WHO's printed SD values.

use super::printed::{self, MonthRow, Row};
use super::*;

/// "Match WHO's published values to 2 decimals of z".
const TOLERANCE: f64 = 0.01;

/// Checks that each printed SDk value scores z ≈ k; `input` builds the child for a
/// row's x (age or length) and the value.
fn check_rows(indicator: Indicator, rows: &[Row], input: impl Fn(f64, f64) -> Input) {
    for (x, values) in rows {
        for (value, k) in values.iter().zip(SD_Z) {
            let got = z(indicator, &input(*x, *value));
            assert!(
                (got - k).abs() < TOLERANCE,
                "{indicator} at {x}: {value} scored {got}, WHO prints it at {k} SD"
            );
        }
    }
}

#[test]
fn weight_for_age_matches_the_printed_tables() {
    for (sex, rows) in [
        (Sex::Male, printed::WEIGHT_FOR_AGE_BOYS),
        (Sex::Female, printed::WEIGHT_FOR_AGE_GIRLS),
    ] {
        check_rows(Indicator::WeightForAge, rows, |day, kg| {
            weighed(day as i64, sex, kg)
        });
    }
}

#[test]
fn length_height_for_age_matches_the_printed_tables() {
    for (sex, rows) in [
        (Sex::Male, printed::LENGTH_HEIGHT_FOR_AGE_BOYS),
        (Sex::Female, printed::LENGTH_HEIGHT_FOR_AGE_GIRLS),
    ] {
        check_rows(Indicator::LengthHeightForAge, rows, |day, cm| Input {
            height_cm: Some(cm),
            ..child(day as i64, sex)
        });
    }
}

#[test]
fn weight_for_length_and_height_match_the_printed_tables() {
    for (sex, age_days, rows) in [
        (Sex::Male, 300, printed::WEIGHT_FOR_LENGTH_BOYS),
        (Sex::Female, 300, printed::WEIGHT_FOR_LENGTH_GIRLS),
        (Sex::Male, 1200, printed::WEIGHT_FOR_HEIGHT_BOYS),
        (Sex::Female, 1200, printed::WEIGHT_FOR_HEIGHT_GIRLS),
    ] {
        check_rows(Indicator::WeightForLengthHeight, rows, |cm, kg| Input {
            height_cm: Some(cm),
            ..weighed(age_days, sex, kg)
        });
    }
}

#[test]
fn weight_for_length_interpolates_between_tenths_of_a_centimetre() {
    let at = |cm: f64| {
        let input = Input {
            height_cm: Some(cm),
            ..weighed(300, Sex::Male, 9.5)
        };
        z(Indicator::WeightForLengthHeight, &input)
    };
    let (below, middle, above) = (at(75.2), at(75.25), at(75.3));
    assert!(below > middle && middle > above);
    assert!((middle - (below + above) / 2.0).abs() < 0.001);
}

/// Checks a monthly simplified table. The months fall between whole days, so the LMS
/// is read at the fractional age. The SD values computed from WHO's L, M and S must score
/// k to 2 decimals; the printed one-decimal SD values must score k within their rounding.
fn check_months(indicator: Indicator, sex: Sex, rows: &[MonthRow]) {
    for &(month, l, m, s, values) in rows {
        let age = f64::from(month) * reference::DAYS_PER_MONTH;
        let ours = reference::by_age(indicator, sex, age).expect("in range");
        assert!(
            (ours.m - m).abs() / m < 1e-4,
            "M at month {month}: {ours:?}"
        );
        assert!((ours.l - l).abs() < 2e-4 && (ours.s - s).abs() < 2e-5);
        let score = |x: f64| {
            if indicator.is_weight_based() {
                ours.restricted_z(x)
            } else {
                ours.z(x)
            }
        };
        let who = lms::Lms { l, m, s };
        for (printed, k) in values.into_iter().zip(SD_Z) {
            let exact = score(who.value_at(k));
            assert!(
                (exact - k).abs() < TOLERANCE,
                "{indicator} month {month}, {k} SD: {exact}"
            );
            // Half a unit of the printed decimal, in z units at that point of the curve.
            let slope = (ours.value_at(k + 0.01) - ours.value_at(k - 0.01)) / 0.02;
            let tail_step = (ours.value_at(k) - ours.value_at(k - k.signum())).abs();
            let step = if k.abs() == 3.0 {
                slope.min(tail_step)
            } else {
                slope
            };
            let got = score(printed);
            assert!(
                (got - k).abs() < 0.05 / step + 0.005,
                "{indicator} month {month}: {printed} scored {got}, printed at {k} SD"
            );
        }
    }
}

#[test]
fn head_circumference_for_age_matches_the_printed_tables() {
    check_months(
        Indicator::HeadCircumferenceForAge,
        Sex::Male,
        printed::HEAD_CIRCUMFERENCE_FOR_AGE_BOYS,
    );
    check_months(
        Indicator::HeadCircumferenceForAge,
        Sex::Female,
        printed::HEAD_CIRCUMFERENCE_FOR_AGE_GIRLS,
    );
}

#[test]
fn bmi_for_age_matches_the_printed_tables() {
    check_months(Indicator::BmiForAge, Sex::Male, printed::BMI_FOR_AGE_BOYS);
    check_months(
        Indicator::BmiForAge,
        Sex::Female,
        printed::BMI_FOR_AGE_GIRLS,
    );
}

#[test]
fn head_circumference_and_bmi_at_whole_days_go_through_the_public_api() {
    // Month 12 is day 365.25; day 365 differs from it by far less than 0.01 z.
    let (_, _, m, _, _) = printed::HEAD_CIRCUMFERENCE_FOR_AGE_GIRLS[3];
    let input = Input {
        head_circumference_cm: Some(m),
        ..child(365, Sex::Female)
    };
    assert!(z(Indicator::HeadCircumferenceForAge, &input).abs() < TOLERANCE);

    let (_, _, m, _, _) = printed::BMI_FOR_AGE_BOYS[3];
    let input = Input {
        height_cm: Some(100.0),
        ..weighed(365, Sex::Male, m)
    };
    let s = score(Indicator::BmiForAge, &input).expect("applies");
    assert!(s.z.abs() < TOLERANCE && (s.percentile - 50.0).abs() < 0.4);
}

#[test]
fn weight_for_age_beyond_three_sd_follows_whos_restricted_formula() {
    // Boys, day 365: printed SD2 11.983, SD3 13.341.
    let (_, boys) = printed::WEIGHT_FOR_AGE_BOYS[3];
    let heavy = 14.5;
    let expected = 3.0 + (heavy - boys[6]) / (boys[6] - boys[5]);
    let got = z(Indicator::WeightForAge, &weighed(365, Sex::Male, heavy));
    assert!((got - expected).abs() < TOLERANCE, "{got} vs {expected}");
    assert!(got > 3.5);

    // Girls, day 365: printed SD3neg 6.273, SD2neg 7.041.
    let (_, girls) = printed::WEIGHT_FOR_AGE_GIRLS[3];
    let light = 5.9;
    let expected = -3.0 + (light - girls[0]) / (girls[1] - girls[0]);
    let got = z(Indicator::WeightForAge, &weighed(365, Sex::Female, light));
    assert!((got - expected).abs() < TOLERANCE, "{got} vs {expected}");
    assert!(got < -3.4);

    // Weight-for-length two SD2–SD3 steps beyond +3 SD, boys at 80 cm.
    let (cm, row) = printed::WEIGHT_FOR_LENGTH_BOYS[3];
    let kg = row[6] + 2.0 * (row[6] - row[5]);
    let input = Input {
        height_cm: Some(cm),
        ..weighed(300, Sex::Male, kg)
    };
    assert!((z(Indicator::WeightForLengthHeight, &input) - 5.0).abs() < TOLERANCE);
}
