//! Grade arithmetic, in one type with its rounding, and nowhere else.
//!
//! Averages are computed exactly (decimals), shown rounded half-up to two
//! decimals, and every decision is taken on the shown value: 9.995 shows
//! 10,00 and validates (docs/rules.md, "How averages are rounded").

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use rust_decimal::{Decimal, RoundingStrategy};

/// An average out of 20, exact; what it shows and decides is [`Average::shown`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Average(Decimal);

/// A grade as entered: a number in [0, 20] or a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grade {
    /// A number out of 20.
    Value(Decimal),
    /// Unjustified absence: counts 0.
    Abi,
    /// Justified absence: left out of the average (unless the MCCC say it counts 0).
    Abj,
    /// Excused: left out of the average.
    Exc,
    /// Pending: no decision can be computed yet.
    Att,
    /// Défaillant: the UE and the year are DEF.
    Def,
}

/// A teaching's grade as the cohort gives it: one grade for every UE it
/// feeds, or one per UE. ScoDoc weighs each evaluation per UE, so a module
/// has an average of its own in each UE (`R101: { UE11: 13, UE12: 12.5 }`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Marks {
    One(Grade),
    /// Boxed: a grade per UE is rare, and every other grade is kept smaller.
    PerUe(Box<BTreeMap<String, Grade>>),
}

impl Marks {
    /// The grade that counts in UE `ue`; `None` when a per-UE list lacks it.
    pub fn for_ue(&self, ue: &str) -> Option<Grade> {
        match self {
            Marks::One(g) => Some(*g),
            Marks::PerUe(m) => m.get(ue).copied(),
        }
    }

    /// The grades, each once: one, or one per UE in UE order.
    pub fn grades(&self) -> Vec<Grade> {
        match self {
            Marks::One(g) => vec![*g],
            Marks::PerUe(m) => m.values().copied().collect(),
        }
    }
}

impl fmt::Display for Marks {
    /// `14,00`, or `UE11 : 13,00 · UE12 : 12,50`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Marks::One(g) => write!(f, "{g}"),
            Marks::PerUe(m) => {
                let parts: Vec<String> = m.iter().map(|(ue, g)| format!("{ue} : {g}")).collect();
                f.write_str(&parts.join(" · "))
            }
        }
    }
}

/// A student's grades, by semester and teaching code: at most one entry per
/// teaching and semester, kept sorted for lookup.
///
/// Held for every student of a cohort until the last document is made, so
/// kept small: one vector (no tree nodes), and each teaching code shared
/// among the students (the lowering interns it) rather than copied into each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grades(Vec<(u8, Arc<str>, Marks)>);

impl Grades {
    /// The marks of teaching `code` in semester `semester`, when graded.
    pub fn get(&self, semester: u8, code: &str) -> Option<&Marks> {
        self.find(semester, code).ok().map(|i| &self.0[i].2)
    }

    /// Records the marks of a teaching, replacing those it had.
    pub fn insert(&mut self, semester: u8, code: Arc<str>, marks: Marks) {
        match self.find(semester, &code) {
            Ok(i) => self.0[i].2 = marks,
            Err(i) => self.0.insert(i, (semester, code, marks)),
        }
    }

    /// Gives back the room a growing list left unused.
    pub fn shrink_to_fit(&mut self) {
        self.0.shrink_to_fit();
    }

    /// Every graded teaching, by semester then code.
    pub fn iter(&self) -> impl Iterator<Item = (u8, &str, &Marks)> {
        self.0.iter().map(|(s, c, m)| (*s, &**c, m))
    }

    fn find(&self, semester: u8, code: &str) -> Result<usize, usize> {
        self.0
            .binary_search_by(|(s, c, _)| (*s, &**c).cmp(&(semester, code)))
    }
}

impl<S: Into<Arc<str>>> FromIterator<((u8, S), Marks)> for Grades {
    /// Grades from (semester, code) keys; a key given twice keeps its last marks.
    fn from_iter<I: IntoIterator<Item = ((u8, S), Marks)>>(iter: I) -> Grades {
        let mut g = Grades::default();
        for ((semester, code), marks) in iter {
            g.insert(semester, code.into(), marks);
        }
        g
    }
}

/// How a justified absence counts, per curriculum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AbjRule {
    /// Left out of the average (the default).
    #[default]
    Neutralised,
    /// Counts 0, like an unjustified absence.
    Zero,
}

/// The average of a set of (coefficient, grade) pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// An average could be computed.
    Average(Average),
    /// A grade is pending (ATT): no decision yet.
    Pending,
    /// The student is défaillant (DEF).
    Defaulting,
    /// Every grade was neutralised, or no teaching has a coefficient.
    Nothing,
}

impl Average {
    /// 10, the pass mark.
    pub const PASS: Average = Average(Decimal::TEN);

    /// An exact average from a decimal (a value brought from an earlier year).
    pub fn new(value: Decimal) -> Average {
        Average(value)
    }

    /// The exact value.
    pub fn exact(self) -> Decimal {
        self.0
    }

    /// The value shown on the relevé: rounded half-up to two decimals. Every
    /// decision compares this value.
    pub fn shown(self) -> Decimal {
        self.0
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
    }

    /// True when the shown value is at least `mark`.
    pub fn at_least(self, mark: Decimal) -> bool {
        self.shown() >= mark
    }

    /// True when the shown value reaches the pass mark, 10.
    pub fn validates(self) -> bool {
        self.at_least(Decimal::from(super::regulation::VALIDATION_AVERAGE))
    }

    /// Weighted mean of shown averages (an RCUE from its UEs): each average as
    /// shown, then the result rounded like any average, so anyone can recompute
    /// it from the relevé.
    pub fn weighted_mean(parts: &[(Decimal, Average)]) -> Option<Average> {
        let weight: Decimal = parts.iter().map(|(w, _)| *w).sum();
        if weight.is_zero() {
            return None;
        }
        let sum: Decimal = parts.iter().map(|(w, a)| *w * a.shown()).sum();
        Some(Average(sum / weight))
    }

    /// The better of two averages (capitalisation keeps the best).
    pub fn best(self, other: Average) -> Average {
        if other.shown() > self.shown() {
            other
        } else {
            self
        }
    }
}

impl fmt::Display for Average {
    /// French display with two decimals: `10,00`, `9,12`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", format!("{:.2}", self.shown()).replace('.', ","))
    }
}

impl fmt::Display for Grade {
    /// A grade as entered, in French: at least two decimals (`14,00`,
    /// `12,345`), or its code (`ABJ`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Grade::Value(v) => {
                let mut v = *v;
                if v.scale() < 2 {
                    v.rescale(2);
                }
                write!(f, "{}", v.to_string().replace('.', ","))
            }
            Grade::Abi => f.write_str("ABI"),
            Grade::Abj => f.write_str("ABJ"),
            Grade::Exc => f.write_str("EXC"),
            Grade::Att => f.write_str("ATT"),
            Grade::Def => f.write_str("DEF"),
        }
    }
}

impl Grade {
    /// Reads a grade as entered: a number in [0, 20] or ABI, ABJ, EXC, ATT, DEF.
    pub fn parse(text: &str) -> Result<Grade, String> {
        match text.trim().to_uppercase().as_str() {
            "ABI" => Ok(Grade::Abi),
            "ABJ" => Ok(Grade::Abj),
            "EXC" => Ok(Grade::Exc),
            "ATT" => Ok(Grade::Att),
            "DEF" => Ok(Grade::Def),
            other if other.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.') => {
                Grade::number(super::num::Num::read(text)?.0)
            }
            _ => Err(format!(
                "`{text}` is neither a grade out of 20 nor one of ABI, ABJ, EXC, ATT, DEF"
            )),
        }
    }

    /// A numeric grade, checked to lie in [0, 20].
    pub fn number(n: Decimal) -> Result<Grade, String> {
        if n < Decimal::ZERO || n > Decimal::from(20) {
            Err(format!("{n} is outside 0–20"))
        } else {
            Ok(Grade::Value(n))
        }
    }
}

/// Σ(coef × grade) / Σ(coef) over the grades that count (arrêté of 15 April
/// 2022, annexe 1 §4.3).
pub fn weighted_average(grades: &[(Decimal, Grade)], abj: AbjRule) -> Outcome {
    let mut sum = Decimal::ZERO;
    let mut weight = Decimal::ZERO;
    for (coef, grade) in grades {
        let value = match grade {
            Grade::Value(v) => *v,
            Grade::Abi => Decimal::ZERO,
            Grade::Abj if abj == AbjRule::Zero => Decimal::ZERO,
            Grade::Abj | Grade::Exc => continue,
            Grade::Att => return Outcome::Pending,
            Grade::Def => return Outcome::Defaulting,
        };
        sum += *coef * value;
        weight += *coef;
    }
    if weight.is_zero() {
        Outcome::Nothing
    } else {
        Outcome::Average(Average(sum / weight))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn avg(s: &str) -> Average {
        Average::new(d(s))
    }

    #[test]
    fn nine_point_nine_nine_five_shows_ten_and_validates() {
        assert_eq!(avg("9.995").to_string(), "10,00");
        assert!(avg("9.995").validates());
    }

    #[test]
    fn nine_point_nine_nine_four_shows_nine_ninety_nine_and_fails() {
        assert_eq!(avg("9.994").to_string(), "9,99");
        assert!(!avg("9.994").validates());
        assert!(!avg("9.9949999").validates());
    }

    #[test]
    fn an_average_of_exactly_eight_is_at_least_eight() {
        assert!(avg("8").at_least(d("8")));
        assert!(!avg("7.994").at_least(d("8")));
        assert!(avg("7.995").at_least(d("8")));
    }

    #[test]
    fn weighted_averages_are_exact() {
        // (2 × 10 + 1 × 9.99) / 3 = 9.99666… shows 10,00.
        let out = weighted_average(
            &[
                (d("2"), Grade::Value(d("10"))),
                (d("1"), Grade::Value(d("9.99"))),
            ],
            AbjRule::Neutralised,
        );
        let Outcome::Average(a) = out else {
            panic!("{out:?}")
        };
        assert_eq!(a.to_string(), "10,00");
        assert!(a.validates());
    }

    #[test]
    fn absences_and_codes_count_as_the_mccc_say() {
        let g = |x| (Decimal::ONE, x);
        let twelve = Grade::Value(d("12"));
        let n = AbjRule::Neutralised;
        assert_eq!(
            weighted_average(&[g(twelve), g(Grade::Abi)], n),
            Outcome::Average(avg("6"))
        );
        assert_eq!(
            weighted_average(&[g(twelve), g(Grade::Abj)], n),
            Outcome::Average(avg("12"))
        );
        assert_eq!(
            weighted_average(&[g(twelve), g(Grade::Abj)], AbjRule::Zero),
            Outcome::Average(avg("6"))
        );
        assert_eq!(
            weighted_average(&[g(twelve), g(Grade::Exc)], n),
            Outcome::Average(avg("12"))
        );
        assert_eq!(
            weighted_average(&[g(twelve), g(Grade::Att)], n),
            Outcome::Pending
        );
        assert_eq!(
            weighted_average(&[g(twelve), g(Grade::Def)], n),
            Outcome::Defaulting
        );
        assert_eq!(weighted_average(&[g(Grade::Exc)], n), Outcome::Nothing);
    }

    #[test]
    fn an_rcue_is_the_mean_of_its_shown_ue_averages() {
        // 10.875 shows 10,88; 9.124 shows 9,12; (10.88 + 9.12) / 2 = 10.
        let r =
            Average::weighted_mean(&[(Decimal::ONE, avg("10.875")), (Decimal::ONE, avg("9.124"))])
                .unwrap();
        assert_eq!(r.to_string(), "10,00");
        assert!(r.validates());
    }

    #[test]
    fn grades_outside_zero_twenty_or_unknown_codes_are_refused() {
        assert!(Grade::parse("20").is_ok());
        assert!(Grade::parse("0").is_ok());
        assert!(Grade::parse("20.01").is_err());
        assert!(Grade::parse("-1").is_err());
        assert!(Grade::parse("ABS").unwrap_err().contains("ABI, ABJ"));
        assert_eq!(Grade::parse("abj").unwrap(), Grade::Abj);
    }

    #[test]
    fn the_best_of_two_averages_is_kept() {
        assert_eq!(avg("11").best(avg("12.5")), avg("12.5"));
        assert_eq!(avg("12.5").best(avg("11")), avg("12.5"));
    }
}
