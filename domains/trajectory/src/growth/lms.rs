//! The LMS method (Cole & Green): a measurement's z-score from the Box-Cox power `l`,
//! median `m` and coefficient of variation `s` of the reference at that age or length.

/// Below this magnitude `l` is treated as zero, where the Box-Cox transform becomes a logarithm.
const L_ZERO: f64 = 1e-12;

/// One row of a WHO LMS table, or a linear interpolation between two rows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Lms {
    pub l: f64,
    pub m: f64,
    pub s: f64,
}

impl Lms {
    /// The z-score of `x`: ((x/m)^l − 1)/(l·s), or ln(x/m)/s when l = 0.
    pub fn z(&self, x: f64) -> f64 {
        if self.l.abs() < L_ZERO {
            (x / self.m).ln() / self.s
        } else {
            ((x / self.m).powf(self.l) - 1.0) / (self.l * self.s)
        }
    }

    /// The measurement whose z-score is `z`: m·(1 + l·s·z)^(1/l), or m·exp(s·z) when l = 0.
    pub fn value_at(&self, z: f64) -> f64 {
        if self.l.abs() < L_ZERO {
            self.m * (self.s * z).exp()
        } else {
            self.m * (1.0 + self.l * self.s * z).powf(1.0 / self.l)
        }
    }

    /// WHO's restricted application for weight-based indicators: the LMS curve is used
    /// only inside ±3 SD; beyond it the distance is measured in units of the SD2–SD3
    /// interval, so the long tail of a skewed distribution does not shrink extreme z-scores.
    pub fn restricted_z(&self, x: f64) -> f64 {
        let z = self.z(x);
        if z > 3.0 {
            let sd2 = self.value_at(2.0);
            let sd3 = self.value_at(3.0);
            3.0 + (x - sd3) / (sd3 - sd2)
        } else if z < -3.0 {
            let sd2neg = self.value_at(-2.0);
            let sd3neg = self.value_at(-3.0);
            -3.0 + (x - sd3neg) / (sd2neg - sd3neg)
        } else {
            z
        }
    }

    /// The straight-line blend `self + t·(other − self)` of each parameter.
    pub fn lerp(&self, other: &Lms, t: f64) -> Lms {
        Lms {
            l: self.l + t * (other.l - self.l),
            m: self.m + t * (other.m - self.m),
            s: self.s + t * (other.s - self.s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // WHO 2006 weight-for-age, boys, day 0 and day 365.
    const BIRTH: Lms = Lms {
        l: 0.3487,
        m: 3.3464,
        s: 0.14602,
    };
    const ONE_YEAR: Lms = Lms {
        l: 0.0645,
        m: 9.646,
        s: 0.10925,
    };

    #[test]
    fn the_median_has_z_zero_and_value_at_inverts_z() {
        for lms in [BIRTH, ONE_YEAR] {
            assert!(lms.z(lms.m).abs() < 1e-12);
            for k in [-3.0, -1.5, 0.0, 0.7, 2.0, 3.0] {
                assert!((lms.z(lms.value_at(k)) - k).abs() < 1e-9, "{lms:?} at {k}");
            }
        }
    }

    #[test]
    fn l_zero_uses_the_logarithm() {
        let lms = Lms {
            l: 0.0,
            m: 10.0,
            s: 0.1,
        };
        assert!((lms.z(10.0 * 0.1f64.exp()) - 1.0).abs() < 1e-12);
        assert!((lms.value_at(-2.0) - 10.0 * (-0.2f64).exp()).abs() < 1e-12);
        // Continuous with a tiny non-zero l.
        let near = Lms { l: 1e-9, ..lms };
        assert!((near.z(12.0) - lms.z(12.0)).abs() < 1e-6);
    }

    #[test]
    fn restriction_changes_nothing_inside_three_sd() {
        for k in [-3.0, -2.9, -1.0, 0.0, 1.0, 2.9, 3.0] {
            let x = ONE_YEAR.value_at(k);
            assert!((ONE_YEAR.restricted_z(x) - ONE_YEAR.z(x)).abs() < 1e-9);
        }
    }

    #[test]
    fn restriction_measures_the_tails_in_sd2_to_sd3_steps() {
        let (sd2, sd3) = (ONE_YEAR.value_at(2.0), ONE_YEAR.value_at(3.0));
        let x = sd3 + 1.5 * (sd3 - sd2);
        assert!((ONE_YEAR.restricted_z(x) - 4.5).abs() < 1e-9);
        // The skewed LMS curve would call the same weight less extreme.
        assert!(ONE_YEAR.z(x) < 4.5);

        let (sd2neg, sd3neg) = (ONE_YEAR.value_at(-2.0), ONE_YEAR.value_at(-3.0));
        let x = sd3neg - 0.5 * (sd2neg - sd3neg);
        assert!((ONE_YEAR.restricted_z(x) + 3.5).abs() < 1e-9);
    }

    #[test]
    fn lerp_blends_each_parameter() {
        let mid = BIRTH.lerp(&ONE_YEAR, 0.5);
        assert!((mid.l - (0.3487 + 0.0645) / 2.0).abs() < 1e-12);
        assert!((mid.m - (3.3464 + 9.646) / 2.0).abs() < 1e-12);
        assert!((mid.s - (0.14602 + 0.10925) / 2.0).abs() < 1e-12);
        assert_eq!(BIRTH.lerp(&ONE_YEAR, 0.0), BIRTH);
    }
}
