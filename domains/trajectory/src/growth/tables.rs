//! The WHO LMS tables of `domains/trajectory/data/who/` (see the README there), compiled into the
//! crate and parsed once per sex on first use.

use std::sync::OnceLock;

use super::Sex;
use super::lms::Lms;

/// Positions closer than this to a tabulated row use the row itself, so a whole day or
/// a length given to 0.1 cm reproduces WHO's printed values exactly.
const SNAP: f64 = 1e-9;

/// An LMS table on an evenly spaced axis: days, months or centimetres.
pub(super) struct Grid {
    first: f64,
    step: f64,
    rows: Vec<Lms>,
}

impl Grid {
    /// Parses one CSV file: header `<key>,l,m,s`, then rows `step` apart on the first column.
    /// The files are compiled in, so a malformed one is a build defect and panics on
    /// first use; the tests load every file.
    fn parse(name: &str, text: &str, key: &str, step: f64) -> Grid {
        let mut lines = text.lines();
        let header = lines.next().unwrap_or_default();
        assert_eq!(header, format!("{key},l,m,s"), "{name}: unexpected header");
        let mut first = None;
        let mut rows = Vec::new();
        for (index, line) in lines.enumerate() {
            let fields: Vec<f64> = line
                .split(',')
                .map(|field| {
                    field.parse().unwrap_or_else(|_| {
                        panic!("{name}: {field:?} on line {} is not a number", index + 2)
                    })
                })
                .collect();
            let [x, l, m, s] = fields[..] else {
                panic!("{name}: line {} does not have 4 columns", index + 2);
            };
            let first = *first.get_or_insert(x);
            assert!(
                (x - (first + step * index as f64)).abs() < 1e-6,
                "{name}: line {} breaks the {step} step",
                index + 2
            );
            assert!(
                l.is_finite() && m > 0.0 && s > 0.0,
                "{name}: line {} has an impossible L, M or S",
                index + 2
            );
            rows.push(Lms { l, m, s });
        }
        assert!(rows.len() >= 2, "{name}: too few rows");
        Grid {
            first: first.unwrap_or_default(),
            step,
            rows,
        }
    }

    pub fn first(&self) -> f64 {
        self.first
    }

    pub fn last(&self) -> f64 {
        self.first + self.step * (self.rows.len() - 1) as f64
    }

    /// L, M and S at `x`, interpolated linearly between the two nearest rows;
    /// `None` outside the table (and for NaN).
    pub fn at(&self, x: f64) -> Option<Lms> {
        let position = (x - self.first) / self.step;
        let last = (self.rows.len() - 1) as f64;
        if position.is_nan() || position < -SNAP || position > last + SNAP {
            return None;
        }
        let nearest = position.round();
        if (position - nearest).abs() < SNAP {
            return Some(self.rows[nearest.max(0.0) as usize]);
        }
        let below = position.floor() as usize;
        Some(self.rows[below].lerp(&self.rows[below + 1], position - below as f64))
    }
}

/// Every table for one sex.
pub(super) struct Tables {
    /// WHO 2006, by day of age 0–1856.
    pub weight_for_age: Grid,
    /// WHO 2006, by day of age 0–1856: recumbent length before 731 days, height after.
    pub length_height_for_age: Grid,
    /// WHO 2006, by day of age 0–1856.
    pub head_circumference_for_age: Grid,
    /// WHO 2006, by day of age 0–1856.
    pub bmi_for_age: Grid,
    /// WHO 2006, by recumbent length 45–110 cm, for children under 2 years.
    pub weight_for_length: Grid,
    /// WHO 2006, by standing height 65–120 cm, for children from 2 to 5 years.
    pub weight_for_height: Grid,
    /// WHO 2007, by month of age 61–120.
    pub weight_for_age_2007: Grid,
    /// WHO 2007, by month of age 61–228.
    pub height_for_age_2007: Grid,
    /// WHO 2007, by month of age 61–228.
    pub bmi_for_age_2007: Grid,
}

macro_rules! who_file {
    ($stem:literal, $sex:literal, $year:literal) => {{
        let name = concat!($stem, "_", $sex, "_", $year, ".csv");
        let text = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/who/",
            $stem,
            "_",
            $sex,
            "_",
            $year,
            ".csv"
        ));
        (name, text)
    }};
}

macro_rules! tables_for {
    ($sex:literal) => {{
        let days = |(name, text)| Grid::parse(name, text, "day", 1.0);
        let cm = |(name, text)| Grid::parse(name, text, "cm", 0.1);
        let months = |(name, text)| Grid::parse(name, text, "month", 1.0);
        Tables {
            weight_for_age: days(who_file!("wfa", $sex, "2006")),
            length_height_for_age: days(who_file!("lhfa", $sex, "2006")),
            head_circumference_for_age: days(who_file!("hcfa", $sex, "2006")),
            bmi_for_age: days(who_file!("bmifa", $sex, "2006")),
            weight_for_length: cm(who_file!("wfl", $sex, "2006")),
            weight_for_height: cm(who_file!("wfh", $sex, "2006")),
            weight_for_age_2007: months(who_file!("wfa", $sex, "2007")),
            height_for_age_2007: months(who_file!("hfa", $sex, "2007")),
            bmi_for_age_2007: months(who_file!("bmifa", $sex, "2007")),
        }
    }};
}

/// The tables for `sex`, parsed on the first call.
pub(super) fn for_sex(sex: Sex) -> &'static Tables {
    static MALE: OnceLock<Tables> = OnceLock::new();
    static FEMALE: OnceLock<Tables> = OnceLock::new();
    match sex {
        Sex::Male => MALE.get_or_init(|| tables_for!("male")),
        Sex::Female => FEMALE.get_or_init(|| tables_for!("female")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(text: &str, key: &str, step: f64) -> Grid {
        Grid::parse("test.csv", text, key, step)
    }

    #[test]
    fn every_file_loads_with_the_expected_range() {
        for sex in [Sex::Male, Sex::Female] {
            let t = for_sex(sex);
            for daily in [
                &t.weight_for_age,
                &t.length_height_for_age,
                &t.head_circumference_for_age,
                &t.bmi_for_age,
            ] {
                assert_eq!((daily.first(), daily.last()), (0.0, 1856.0));
            }
            assert_eq!(t.weight_for_length.first(), 45.0);
            assert!((t.weight_for_length.last() - 110.0).abs() < 1e-9);
            assert_eq!(t.weight_for_height.first(), 65.0);
            assert!((t.weight_for_height.last() - 120.0).abs() < 1e-9);
            assert_eq!(
                (t.weight_for_age_2007.first(), t.weight_for_age_2007.last()),
                (61.0, 120.0)
            );
            for monthly in [&t.height_for_age_2007, &t.bmi_for_age_2007] {
                assert_eq!((monthly.first(), monthly.last()), (61.0, 228.0));
            }
        }
    }

    #[test]
    fn rows_are_exact_and_between_rows_is_linear() {
        let g = grid(
            "cm,l,m,s\n45.0,1,2,0.1\n45.1,3,4,0.3\n45.2,5,8,0.5\n",
            "cm",
            0.1,
        );
        assert_eq!(g.at(45.1).map(|r| r.m), Some(4.0));
        assert_eq!(g.at(45.2).map(|r| r.m), Some(8.0));
        let mid = g.at(45.15).expect("inside");
        assert!((mid.l - 4.0).abs() < 1e-9 && (mid.m - 6.0).abs() < 1e-9);
        assert!((mid.s - 0.4).abs() < 1e-9);
        assert!(g.at(44.99).is_none());
        assert!(g.at(45.21).is_none());
        assert!(g.at(f64::NAN).is_none());
    }

    #[test]
    #[should_panic(expected = "breaks the 1 step")]
    fn a_gap_in_the_axis_is_refused() {
        grid("day,l,m,s\n0,1,2,0.1\n2,1,2,0.1\n", "day", 1.0);
    }

    #[test]
    #[should_panic(expected = "unexpected header")]
    fn a_wrong_header_is_refused() {
        grid("month,l,m,s\n0,1,2,0.1\n1,1,2,0.1\n", "day", 1.0);
    }
}
