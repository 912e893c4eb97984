//! The national figures in force, in one place, each with its source: the
//! curriculum's (arrêté of 6 December 2019, art. 17; arrêté of 15 April 2022,
//! annexe 1 §4; ORéBUT `tableau_structure`) and the jury's (arrêté of 15
//! April 2022, annexe 1 §4.3–4.6). See docs/rules.md.

use super::curriculum::DeptType;
use super::num::Num;

/// ECTS of a semester.
pub const ECTS_PER_SEMESTER: i64 = 30;

/// Lowest share of the pôle ressources in a UE's coefficients, in percent.
pub const POLE_RESSOURCES_MIN_PERCENT: i64 = 40;
/// Highest share, in percent.
pub const POLE_RESSOURCES_MAX_PERCENT: i64 = 60;

/// Ressources + SAÉ hours over S1–S6, by kind of speciality.
pub fn national_hours(t: DeptType) -> Num {
    match t {
        DeptType::Secondaire => Num::int(2000),
        DeptType::Tertiaire => Num::int(1800),
    }
}

/// Projet tutoré hours over the cursus.
pub const PROJET_CURSUS_HOURS: i64 = 600;
/// Projet tutoré hours per year: lowest.
pub const PROJET_YEAR_MIN_HOURS: i64 = 150;
/// Projet tutoré hours per year: highest.
pub const PROJET_YEAR_MAX_HOURS: i64 = 250;

/// Share of local adaptation over the three years: one third.
pub const LOCAL_ADAPTATION_CURSUS_DENOMINATOR: i64 = 3;
/// Highest share of local adaptation in one semester, in percent.
pub const LOCAL_ADAPTATION_SEMESTER_MAX_PERCENT: i64 = 40;

/// Stage weeks over the cursus: lowest and highest.
pub const STAGE_CURSUS_WEEKS: (i64, i64) = (22, 26);
/// Stage weeks over years 1 and 2.
pub const STAGE_YEARS_1_2_WEEKS: (i64, i64) = (8, 12);
/// Stage weeks in year 3.
pub const STAGE_YEAR_3_WEEKS: (i64, i64) = (12, 16);

/// The pass mark: a UE or an RCUE whose shown average reaches it is
/// validated (arrêté of 15 April 2022, annexe 1 §4.3).
pub const VALIDATION_AVERAGE: i64 = 10;
/// An RCUE below this average bars the passage de droit (annexe 1 §4.5).
pub const RCUE_BLOCKING_BELOW: i64 = 8;
/// ECTS of S1–S4 that make the DUT awardable (annexe 1 §4.6).
pub const DUT_ECTS: i64 = 120;
/// How many semesters a student may repeat over the cursus; each semester
/// once (annexe 1 §4.5).
pub const MAX_REPEATS: usize = 4;
