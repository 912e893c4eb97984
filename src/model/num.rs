//! Exact decimal numbers as written in the YAML sources (hours, coefficients,
//! ECTS, grades).
//!
//! A number is read from the text of its scalar, never through floating
//! point: `9.994999999999999999` stays itself, `0.1 + 0.2` is `0.3`. Only
//! decimal notation is a number (`12`, `12.5`, `-3`); `1e27`, `0x10`, `.inf`
//! and `12,5` are findings that say how to write the figure. Magnitudes are
//! bounded ([`Num::MAX`]), so no sum or product of the figures a file can
//! hold overflows.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Div, Mul, Sub};

use rust_decimal::Decimal;
use serde::de::{self, Deserialize, Deserializer, Visitor};

/// An exact decimal quantity read from a source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Num(pub Decimal);

impl Num {
    /// Zero.
    pub const ZERO: Num = Num(Decimal::ZERO);

    /// A whole number.
    pub fn int(n: i64) -> Num {
        Num(Decimal::from(n))
    }

    /// The largest magnitude a figure may have: far above any hour count,
    /// coefficient or grade, and low enough that the sum of every figure a
    /// file can hold (16 MB) stays exact.
    pub const MAX: i64 = 1_000_000_000;

    /// Parses a decimal written with a dot (`"1.5"`).
    pub fn parse(text: &str) -> Option<Num> {
        Num::read(text).ok()
    }

    /// Reads a number in decimal notation: digits, one optional dot, an
    /// optional leading minus; at most [`Num::MAX`] in magnitude. The error
    /// says what is wrong and how to write it.
    pub fn read(text: &str) -> Result<Num, String> {
        let t = text.trim();
        let digits = t.strip_prefix('-').unwrap_or(t);
        let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let decimal = !whole.is_empty()
            && whole.bytes().all(|b| b.is_ascii_digit())
            && frac.bytes().all(|b| b.is_ascii_digit())
            && !(digits.contains('.') && frac.is_empty());
        if !decimal {
            if let Some(dotted) =
                Some(t.replace(',', ".")).filter(|d| t.contains(',') && Num::read(d).is_ok())
            {
                return Err(format!(
                    "`{t}` is text, not a number: write decimals with a dot ({dotted})"
                ));
            }
            return Err(format!(
                "`{t}` is not a number written in decimals (write it as 12 or 12.5)"
            ));
        }
        let value = Decimal::from_str_exact(t)
            .map_err(|_| format!("`{t}` has more digits than a figure can hold"))?;
        if value.abs() > Decimal::from(Num::MAX) {
            return Err(format!(
                "`{t}` is far larger than any figure of a curriculum or a cohort (at most {})",
                Num::MAX
            ));
        }
        Ok(Num(value.normalize()))
    }

    /// True when the value is below zero.
    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    /// True when the value is zero.
    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// French display: decimal comma, no trailing zeros (`1,5`, `15`, `66,7`).
    pub fn fr(self) -> String {
        self.to_string().replace('.', ",")
    }

    /// `self / total` as a percentage rounded half-up to one decimal, for messages.
    pub fn percent_of(self, total: Num) -> String {
        self.percent_rounded(total, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    }

    /// `self / total` as a percentage to one decimal, rounded away from a bound
    /// it broke (`down` below a minimum, up above a maximum), so that 39,99 %
    /// never reads as 40 %.
    pub fn percent_away(self, total: Num, down: bool) -> String {
        use rust_decimal::RoundingStrategy::{ToNegativeInfinity, ToPositiveInfinity};
        self.percent_rounded(
            total,
            if down {
                ToNegativeInfinity
            } else {
                ToPositiveInfinity
            },
        )
    }

    fn percent_rounded(self, total: Num, strategy: rust_decimal::RoundingStrategy) -> String {
        if total.is_zero() {
            return "—".into();
        }
        let p = (self.0 * Decimal::ONE_HUNDRED / total.0).round_dp_with_strategy(1, strategy);
        format!("{} %", Num(p.normalize()).fr())
    }
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.normalize())
    }
}

impl Add for Num {
    type Output = Num;
    fn add(self, o: Num) -> Num {
        Num(self.0 + o.0)
    }
}
impl AddAssign for Num {
    fn add_assign(&mut self, o: Num) {
        self.0 += o.0;
    }
}
impl Sub for Num {
    type Output = Num;
    fn sub(self, o: Num) -> Num {
        Num(self.0 - o.0)
    }
}
impl Mul for Num {
    type Output = Num;
    fn mul(self, o: Num) -> Num {
        Num(self.0 * o.0)
    }
}
impl Div for Num {
    type Output = Num;
    fn div(self, o: Num) -> Num {
        Num(self.0 / o.0)
    }
}
impl Sum for Num {
    fn sum<I: Iterator<Item = Num>>(iter: I) -> Num {
        iter.fold(Num::ZERO, Add::add)
    }
}
impl<'a> Sum<&'a Num> for Num {
    fn sum<I: Iterator<Item = &'a Num>>(iter: I) -> Num {
        iter.copied().sum()
    }
}

impl serde::Serialize for Num {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Num {
    /// Reads the scalar's text (see [`Num::read`]), never a float.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Num, D::Error> {
        d.deserialize_str(NumVisitor)
    }
}

/// Turns a scalar's text into a [`Num`]; other YAML values are refused.
pub struct NumVisitor;

impl Visitor<'_> for NumVisitor {
    type Value = Num;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number (write decimals with a dot: 1.5)")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Num, E> {
        Num::read(v).map_err(E::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_decimal_values_exact() {
        let n: Num = serde_saphyr::from_str("0.1").unwrap();
        assert_eq!(n.to_string(), "0.1");
        let sum: Num = [Num::parse("0.1").unwrap(), Num::parse("0.2").unwrap()]
            .iter()
            .sum();
        assert_eq!(sum, Num::parse("0.3").unwrap());
    }

    #[test]
    fn prints_french_decimals() {
        assert_eq!(Num::parse("1.50").unwrap().fr(), "1,5");
        assert_eq!(Num::int(15).fr(), "15");
    }

    #[test]
    fn rejects_decimal_comma_with_a_hint() {
        let err = serde_saphyr::from_str::<Num>("'1,5'")
            .unwrap_err()
            .to_string();
        assert!(err.contains("write decimals with a dot (1.5)"), "{err}");
    }

    #[test]
    fn reads_the_written_digits_never_a_float() {
        let n: Num = serde_saphyr::from_str("9.994999999999999999").unwrap();
        assert_eq!(n.to_string(), "9.994999999999999999");
        let n: Num = serde_saphyr::from_str("'12'").unwrap();
        assert_eq!(n, Num::int(12));
        assert_eq!(Num::read("-3").unwrap(), Num::int(-3));
    }

    #[test]
    fn only_decimal_notation_is_a_number() {
        for text in [
            "1e27", "0x10", "0o17", ".inf", ".nan", "+5", "1_000", "5.", ".5", "", "douze",
        ] {
            let err = Num::read(text).unwrap_err();
            assert!(
                err.contains("not a number written in decimals"),
                "{text}: {err}"
            );
        }
    }

    #[test]
    fn a_figure_is_at_most_a_billion() {
        assert_eq!(Num::read("1000000000").unwrap(), Num::int(Num::MAX));
        let err = Num::read("1000000000.01").unwrap_err();
        assert!(err.contains("far larger"), "{err}");
        let err = Num::read("70000000000000000000000000000").unwrap_err();
        assert!(
            err.contains("far larger") || err.contains("more digits"),
            "{err}"
        );
    }

    #[test]
    fn percent_rounds_half_up() {
        assert_eq!(Num::int(2).percent_of(Num::int(3)), "66,7 %");
        assert_eq!(Num::int(4).percent_of(Num::int(10)), "40 %");
    }

    #[test]
    fn percent_away_never_rounds_onto_the_bound() {
        let (r, t) = (Num::parse("39.99").unwrap(), Num::int(100));
        assert_eq!(r.percent_away(t, true), "39,9 %");
        assert_eq!(
            Num::parse("60.01").unwrap().percent_away(t, false),
            "60,1 %"
        );
    }
}
