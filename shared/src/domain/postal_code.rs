//! Canadian postal codes: `A1A 1A1`, however a person types them.

use std::fmt;

/// A postal code in its written form, `A1A 1A1`: letter, digit, letter, space,
/// digit, letter, digit. Canada Post never uses D, F, I, O, Q or U, nor W or Z as
/// the first letter (which names the province or territory).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PostalCode(String);

const NEVER: &[char] = &['D', 'F', 'I', 'O', 'Q', 'U'];
const NEVER_FIRST: &[char] = &['W', 'Z'];

impl PostalCode {
    pub const MESSAGE: &'static str = "Enter a Canadian postal code, like K1A 0B1";

    /// Accepts `a1a1a1`, `A1A 1A1`, ` a1a-1a1 `: case, spaces and one hyphen do not
    /// matter.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let compact: Vec<char> = raw
            .trim()
            .chars()
            .filter(|c| *c != ' ' && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let separators = raw
            .trim()
            .chars()
            .filter(|c| *c == ' ' || *c == '-')
            .count();
        let shape = compact.len() == 6
            && separators <= 1
            && compact.iter().enumerate().all(|(i, c)| {
                if i % 2 == 0 {
                    c.is_ascii_uppercase() && !NEVER.contains(c)
                } else {
                    c.is_ascii_digit()
                }
            })
            && !NEVER_FIRST.contains(&compact[0]);
        if !shape {
            return Err(Self::MESSAGE);
        }
        let (area, unit): (String, String) =
            (compact[..3].iter().collect(), compact[3..].iter().collect());
        Ok(Self(format!("{area} {unit}")))
    }

    /// A forward sortation area on its own (`k1a` → `K1A`): the first half of a
    /// postal code, which data sets use to map a whole area at once.
    pub fn parse_area(raw: &str) -> Result<String, &'static str> {
        Self::parse(&format!("{} 0A0", raw.trim()))
            .map(|code| code.area().to_string())
            .map_err(|_| "Enter a forward sortation area, like K1A")
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The forward sortation area: the first three characters (`K1A`).
    pub fn area(&self) -> &str {
        &self.0[..3]
    }

    /// Without the space (`K1A0B1`), as some services want it.
    pub fn compact(&self) -> String {
        self.0.replace(' ', "")
    }
}

impl fmt::Display for PostalCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn however_it_is_typed_it_comes_out_written_one_way() {
        for raw in ["k1a0b1", "K1A 0B1", " k1a-0b1 ", "K1A0B1", "k1a 0b1"] {
            let code = PostalCode::parse(raw).unwrap();
            assert_eq!(code.as_str(), "K1A 0B1", "{raw:?}");
        }
        let code = PostalCode::parse("t2p 1j9").unwrap();
        assert_eq!((code.area(), code.compact().as_str()), ("T2P", "T2P1J9"));
    }

    #[test]
    fn what_canada_post_never_issues_is_refused() {
        for raw in [
            "", "K1A", "K1A 0B", "K1A 0B12", "11A 0B1", "KKA 0B1", "K1A OB1", "D1A 0B1", "W1A 0B1",
            "Z1A 0B1", "K1U 0B1", "K1A 0Q1", "K1A  0B1", "K1A--0B1", "K1A 0B1x", "12345",
            "SW1A 1AA", "K1A\n0B1",
        ] {
            assert!(PostalCode::parse(raw).is_err(), "{raw:?}");
        }
        assert!(
            PostalCode::parse("X0A 1W0").is_ok(),
            "W and Z are fine after the first letter"
        );
    }

    #[test]
    fn areas_are_the_first_half_alone() {
        assert_eq!(PostalCode::parse_area(" k1a ").unwrap(), "K1A");
        for bad in ["", "K1", "K1A0", "K1A 0B1", "W1A", "K1U", "1KA"] {
            assert!(PostalCode::parse_area(bad).is_err(), "{bad:?}");
        }
    }
}
