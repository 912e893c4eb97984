//! How figures, codes, facts and dates are written for people: French
//! decimals, the official meaning of each decision code, the facts behind a
//! decision in words, dates in French, file names safe everywhere. Views,
//! reports and documents take their words from here.

use rust_decimal::Decimal;

use crate::decide::Fact;
use crate::model::Code;
use crate::model::grade::Average;
use crate::model::num::Num;
use crate::model::regulation::{DUT_ECTS, MAX_REPEATS, RCUE_BLOCKING_BELOW, VALIDATION_AVERAGE};

/// An average as shown (`10,00`), when there is one.
pub fn average(a: Option<Average>) -> Option<String> {
    a.map(|a| a.to_string())
}

/// ECTS as shown: `15`, `2,5`.
pub fn ects(e: Decimal) -> String {
    Num(e).fr()
}

/// The facts of a decision, each in words.
pub fn facts(facts: &[Fact]) -> Vec<String> {
    facts.iter().map(fact).collect()
}

/// One fact in words, with its figures.
pub fn fact(f: &Fact) -> String {
    let pass = VALIDATION_AVERAGE;
    match f {
        Fact::CapitalisedKept { before, now } => {
            format!("capitalised average {before} kept over this year's {now}")
        }
        Fact::UeAverage {
            average,
            validates: true,
        } => format!("average {average} ≥ {pass}"),
        Fact::UeAverage {
            average,
            validates: false,
        } => format!("average {average} < {pass}"),
        Fact::UeGradePending => "a grade is pending or missing".into(),
        Fact::UeDefaulting => "défaillant (DEF) in a teaching of the UE".into(),
        Fact::UeNothingCounts => "no grade counts in this UE".into(),
        Fact::AcquiredBefore(code) => format!("acquired before ({code}), stays acquired"),
        Fact::JuryDecision { code, reason } => format!("jury decision {code}: {reason}"),
        Fact::RcueAverage {
            competence,
            level,
            odd,
            even,
            average,
            validates,
        } => format!(
            "RCUE {competence} N{level} = ({odd} + {even}) / 2 = {average} {} {pass}",
            if *validates { "≥" } else { "<" }
        ),
        Fact::Compensated(rcue) => format!("compensated: {}", fact(rcue)),
        Fact::RcueAdmittedByJury { reason } => {
            format!("its RCUE was admitted by the jury (ADJ): {reason}")
        }
        Fact::YearDefaulting => "défaillant in a UE".into(),
        Fact::YearPending => "a grade is pending: no decision yet".into(),
        Fact::RcuesValidated { validated, total } => {
            format!("{validated} of {total} RCUEs validated")
        }
        Fact::RcueBelowBlocking {
            competence,
            level,
            average: a,
        } => format!(
            "RCUE {competence} N{level} below {RCUE_BLOCKING_BELOW} ({})",
            average(*a).unwrap_or_default()
        ),
        Fact::Adsup { semester, ue } => {
            format!("{ue} (S{semester}) acquired by a higher level (ADSUP)")
        }
        Fact::S5NeedsFirstYear { semester, ue } => {
            format!("{ue} (S{semester}) not validated: S5 needs every UE of S1–S2")
        }
        Fact::PassageDeDroit => format!(
            "more than half of the RCUEs validated and none below {RCUE_BLOCKING_BELOW}: passage de droit"
        ),
        Fact::FirstYearUnknown => {
            "no result of S1–S2 is known: the entry into S5 cannot be checked, no passage proposed"
                .into()
        }
        Fact::MayRepeat { odd, even } => format!("S{odd}–S{even} not repeated before: may repeat"),
        Fact::AlreadyRepeated { odd, even } => format!("S{odd}–S{even} already repeated once"),
        Fact::RepeatsUsed { used } => format!("{used} repeats used of {MAX_REPEATS}"),
        Fact::DutAwardable => {
            format!("{DUT_ECTS} ECTS of S1–S4 acquired: the DUT is awardable")
        }
        Fact::ButAwarded => "every level of the parcours validated: BUT awarded (180 ECTS)".into(),
    }
}

/// What a code means, in the words printed on relevés and minutes.
pub fn code_label(code: Code) -> &'static str {
    match code {
        Code::ADM => "Admis",
        Code::CMP => "Acquis par compensation au sein du RCUE",
        Code::AJ => "Ajourné",
        Code::ADSUP => "Acquis par validation du niveau supérieur de la compétence",
        Code::PASD => "Passage de droit dans l'année suivante",
        Code::RED => "Ajourné, autorisé à redoubler",
        Code::NAR => "Non autorisé à redoubler",
        Code::ATT => "En attente d'une note",
        Code::DEF => "Défaillant",
        Code::ADJ => "Admis par décision du jury",
        Code::ADJR => "Acquis par décision du jury sur le RCUE",
        Code::PAS1NCI => "Passage par décision du jury, une compétence non validée",
        Code::DEM => "Démission",
        Code::ABAN => "Abandon constaté",
        Code::ABL => "Année blanche",
        Code::EXCLU => "Exclusion",
        Code::ATJ => "Non validé pour une autre raison (règlement local)",
        Code::RAT => "En attente d'un rattrapage",
    }
}

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// A date written in words, as a council writes its séance (`25 mars 2025`,
/// `1er juillet 2025`): (year, month, day).
pub fn parse_date_in_words(date: &str) -> Option<(i32, u8, u8)> {
    let words: Vec<String> = date.split_whitespace().map(str::to_lowercase).collect();
    let [day, month, year] = words.as_slice() else {
        return None;
    };
    let day: u8 = day.trim_end_matches("er").parse().ok()?;
    let month = MONTHS.iter().position(|m| m == month)? as u8 + 1;
    Some((year.parse().ok()?, month, day))
}

/// A date written `YYYY-MM-DD`: (year, month, day).
pub fn parse_date(date: &str) -> Option<(i32, u8, u8)> {
    let mut it = date.trim().splitn(3, '-');
    let y: i32 = it.next()?.parse().ok()?;
    let m: u8 = it.next()?.parse().ok()?;
    let d: u8 = it.next()?.parse().ok()?;
    (y >= 1000 && (1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}

/// `2026-06-25` → `25 juin 2026`; any other text as written.
pub fn date_in_words(date: &str) -> String {
    match parse_date(date) {
        Some((y, m, 1)) => format!("1er {} {y}", MONTHS[usize::from(m) - 1]),
        Some((y, m, d)) => format!("{d} {} {y}", MONTHS[usize::from(m) - 1]),
        None => date.to_string(),
    }
}

/// `2006-02-11` → `11/02/2006`; any other text as written.
pub fn date_numeric(date: &str) -> String {
    match parse_date(date) {
        Some((y, m, d)) => format!("{d:02}/{m:02}/{y}"),
        None => date.to_string(),
    }
}

/// A part of a file name safe on every file system: ASCII letters, digits
/// and `-`, other scripts transliterated (`Léa` → `Lea`, `王` → `Wang`), any
/// other run of characters one `_`, none at either end; at most `max`
/// characters. Empty when nothing of `s` is left.
pub fn safe_file_part(s: &str, max: usize) -> String {
    let mut out = String::new();
    for c in deunicode::deunicode(s).chars() {
        if c.is_ascii_alphanumeric() || c == '-' {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches(['_', '-']).chars().take(max).collect()
}
