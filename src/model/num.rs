//! Exact decimal numbers as written in the YAML sources (hours, coefficients, ECTS).
//!
//! YAML numbers arrive as `f64`; we convert them through their shortest round-trip
//! representation (`0.1` stays `0.1`), so every figure a department writes is kept
//! exactly and every sum is exact. Grades use their own type (see the jury module).

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

    /// Parses a decimal written with a dot (`"1.5"`).
    pub fn parse(text: &str) -> Option<Num> {
        text.trim()
            .parse::<Decimal>()
            .ok()
            .map(|d| Num(d.normalize()))
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
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Num, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Num;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number (write decimals with a dot: 1.5)")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Num, E> {
                Ok(Num::int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Num, E> {
                Ok(Num(Decimal::from(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Num, E> {
                if !v.is_finite() {
                    return Err(E::custom(format!("`{v}` is not a finite number")));
                }
                // `{}` prints the shortest representation that reads back as `v`.
                Num::parse(&format!("{v}"))
                    .ok_or_else(|| E::custom(format!("`{v}` is out of range")))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Num, E> {
                if v.contains(',') && Num::parse(&v.replace(',', ".")).is_some() {
                    Err(E::custom(format!(
                        "`{v}` is text, not a number: write decimals with a dot ({})",
                        v.replace(',', ".")
                    )))
                } else {
                    Err(E::invalid_type(de::Unexpected::Str(v), &self))
                }
            }
        }
        d.deserialize_any(V)
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
