//! WHO Growth Reference 2007 (5–19 years), and the hand-over from the 2006 standards.

use super::*;

/// WHO 2007 printed L, M, S at months that fall on whole days (16 months = 487 days):
/// (indicator, sex, month, L, M, S).
const PRINTED: [(Indicator, Sex, u32, f64, f64, f64); 16] = [
    (
        Indicator::WeightForAge,
        Sex::Male,
        64,
        -0.2338,
        19.034,
        0.13105,
    ),
    (
        Indicator::WeightForAge,
        Sex::Female,
        96,
        -0.5627,
        25.0262,
        0.16186,
    ),
    (
        Indicator::WeightForAge,
        Sex::Male,
        112,
        -0.6543,
        29.0731,
        0.15581,
    ),
    (
        Indicator::WeightForAge,
        Sex::Female,
        112,
        -0.5883,
        29.3663,
        0.16941,
    ),
    (
        Indicator::LengthHeightForAge,
        Sex::Male,
        64,
        1.0,
        111.8636,
        0.04187,
    ),
    (
        Indicator::LengthHeightForAge,
        Sex::Female,
        96,
        1.0,
        126.5558,
        0.04581,
    ),
    (
        Indicator::LengthHeightForAge,
        Sex::Male,
        144,
        1.0,
        149.0807,
        0.04753,
    ),
    (
        Indicator::LengthHeightForAge,
        Sex::Female,
        144,
        1.0,
        151.2327,
        0.04523,
    ),
    (
        Indicator::LengthHeightForAge,
        Sex::Male,
        192,
        1.0,
        172.8967,
        0.04495,
    ),
    (
        Indicator::LengthHeightForAge,
        Sex::Female,
        208,
        1.0,
        162.93,
        0.04089,
    ),
    (
        Indicator::BmiForAge,
        Sex::Female,
        64,
        -0.9427,
        15.2438,
        0.09829,
    ),
    (
        Indicator::BmiForAge,
        Sex::Male,
        96,
        -1.4629,
        15.7368,
        0.09526,
    ),
    (
        Indicator::BmiForAge,
        Sex::Female,
        112,
        -1.478,
        16.258,
        0.11985,
    ),
    (
        Indicator::BmiForAge,
        Sex::Male,
        144,
        -1.7751,
        17.5334,
        0.11522,
    ),
    (
        Indicator::BmiForAge,
        Sex::Female,
        192,
        -1.0368,
        20.7008,
        0.1407,
    ),
    (Indicator::BmiForAge, Sex::Male, 208, -1.141, 21.34, 0.12756),
];

/// A child of `age_days` measured at `value` in the indicator's unit (BMI through a
/// height of 1 m, so weight in kg equals BMI).
fn measured(indicator: Indicator, sex: Sex, age_days: i64, value: f64) -> Input {
    let base = child(age_days, sex);
    match indicator {
        Indicator::WeightForAge => Input {
            weight_kg: Some(value),
            ..base
        },
        Indicator::LengthHeightForAge => Input {
            height_cm: Some(value),
            ..base
        },
        Indicator::BmiForAge => Input {
            weight_kg: Some(value),
            height_cm: Some(100.0),
            ..base
        },
        _ => unreachable!("not a 2007 indicator"),
    }
}

#[test]
fn the_printed_median_is_the_50th_percentile_and_sd_values_score_k() {
    for (indicator, sex, month, l, m, s) in PRINTED {
        let days = i64::from(month) * 487 / 16;
        let median = score(indicator, &measured(indicator, sex, days, m)).expect("applies");
        assert!(median.z.abs() < 1e-9, "{indicator} {sex:?} month {month}");
        assert!((median.percentile - 50.0).abs() < 1e-7);
        let who = lms::Lms { l, m, s };
        for k in SD_Z {
            let got = z(indicator, &measured(indicator, sex, days, who.value_at(k)));
            assert!(
                (got - k).abs() < 0.01,
                "{indicator} {sex:?} month {month}: {got} vs {k}"
            );
        }
    }
}

#[test]
fn between_months_the_scores_change_smoothly() {
    for (indicator, sex, value, last_day) in [
        (Indicator::WeightForAge, Sex::Male, 25.0, 3652),
        (Indicator::WeightForAge, Sex::Female, 25.0, 3652),
        (Indicator::LengthHeightForAge, Sex::Male, 140.0, 6939),
        (Indicator::LengthHeightForAge, Sex::Female, 140.0, 6939),
        (Indicator::BmiForAge, Sex::Male, 17.0, 6939),
        (Indicator::BmiForAge, Sex::Female, 17.0, 6939),
    ] {
        let mut previous = z(indicator, &measured(indicator, sex, 1857, value));
        for day in 1858..=last_day {
            let now = z(indicator, &measured(indicator, sex, day, value));
            assert!(
                (now - previous).abs() < 0.01,
                "{indicator} {sex:?} jumps from {previous} to {now} at day {day}"
            );
            previous = now;
        }
    }
}

#[test]
fn a_mid_month_age_lies_between_its_whole_months() {
    // Month 100 is day 3043.75, month 101 day 3074.19; day 3059 is in between.
    for (indicator, sex, value) in [
        (Indicator::LengthHeightForAge, Sex::Female, 130.0),
        (Indicator::BmiForAge, Sex::Male, 16.0),
    ] {
        let at_month = |month: f64| {
            let lms = reference::by_age(indicator, sex, month * reference::DAYS_PER_MONTH)
                .expect("in range");
            lms.z(value)
        };
        let (early, late) = (at_month(100.0), at_month(101.0));
        let mid = z(indicator, &measured(indicator, sex, 3059, value));
        assert!(
            mid < early.max(late) && mid > early.min(late),
            "{indicator}"
        );
    }
}

#[test]
fn the_switch_from_2006_to_2007_at_day_1857_is_nearly_continuous() {
    for indicator in [
        Indicator::WeightForAge,
        Indicator::LengthHeightForAge,
        Indicator::BmiForAge,
    ] {
        for sex in [Sex::Male, Sex::Female] {
            let last = reference::by_age(indicator, sex, 1856.0).expect("2006");
            let on_median = measured(indicator, sex, 1857, last.m);
            let s = score(indicator, &on_median).expect("2007");
            assert!(s.z.abs() < 0.1, "{indicator} {sex:?}: z {} at 1857", s.z);
            assert!((s.percentile - 50.0).abs() < 4.0);
        }
    }
}
