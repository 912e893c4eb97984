//! The jury computation for one student and one year (arrêté of 15 April
//! 2022, annexe 1 §4.3–4.6), pure: grades and history in, proposed and final
//! codes out, each decision with the facts it rests on, as typed [`Fact`]s.
//!
//! Steps: UE averages (capitalised UEs keep their best average) → UE codes →
//! RCUEs at the even-semester jury (compensation inside the RCUE) → ADSUP of
//! lower levels → year decision (ADM, PASD, RED, NAR; BUT and DUT awards) →
//! jury overrides → ECTS.

use rust_decimal::Decimal;

use crate::model::grade::{AbjRule, Average, Grade, Grades, Outcome, weighted_average};
use crate::model::regulation::{DUT_ECTS, MAX_REPEATS, RCUE_BLOCKING_BELOW};
use crate::model::{Code, Curriculum, Jury, Override, PriorUe, Semester, decided_semesters};

/// A fact a decision rests on: what was computed or found, with its figures.
/// [`crate::render::fmt`] words it for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    /// A capitalised UE keeps its earlier, better average.
    CapitalisedKept { before: Average, now: Average },
    /// The UE's average, and whether it reaches 10.
    UeAverage { average: Average, validates: bool },
    /// A grade of the UE is pending or missing.
    UeGradePending,
    /// The student is défaillant (DEF) in a teaching of the UE.
    UeDefaulting,
    /// No grade counts in this UE.
    UeNothingCounts,
    /// Acquired in an earlier year, with that code: stays acquired.
    AcquiredBefore(Code),
    /// The jury decided this code, for this reason.
    JuryDecision { code: Code, reason: String },
    /// The RCUE's average from its two UEs.
    RcueAverage {
        competence: String,
        level: u8,
        odd: Average,
        even: Average,
        average: Average,
        validates: bool,
    },
    /// The UE is compensated inside its RCUE, as the RCUE fact says.
    Compensated(Box<Fact>),
    /// The UE's RCUE was admitted by the jury (ADJ), for this reason.
    RcueAdmittedByJury { reason: String },
    /// Défaillant in a UE of the year.
    YearDefaulting,
    /// A grade is pending: the year cannot be decided yet.
    YearPending,
    /// How many of the year's RCUEs are validated.
    RcuesValidated { validated: usize, total: usize },
    /// An RCUE below the blocking average.
    RcueBelowBlocking {
        competence: String,
        level: u8,
        average: Option<Average>,
    },
    /// An earlier UE made acquired by a validated higher level.
    Adsup { semester: u8, ue: String },
    /// An S1–S2 UE not validated: the entry into S5 needs it.
    S5NeedsFirstYear { semester: u8, ue: String },
    /// More than half of the RCUEs validated and none blocking.
    PassageDeDroit,
    /// No result of S1–S2 is known: the entry into S5 cannot be checked.
    FirstYearUnknown,
    /// The year's semesters were not repeated before: a repeat is allowed.
    MayRepeat { odd: u8, even: u8 },
    /// The year's semesters were repeated once already.
    AlreadyRepeated { odd: u8, even: u8 },
    /// Every repeat allowed over the cursus is used.
    RepeatsUsed { used: usize },
    /// 120 ECTS of S1–S4 acquired: the DUT is awardable.
    DutAwardable,
    /// Every level of the parcours validated: the BUT is awarded.
    ButAwarded,
}

/// Everything the computation needs for one student and one year.
#[derive(Debug, Clone)]
pub struct Input<'a> {
    pub curriculum: &'a Curriculum,
    pub parcours: &'a str,
    /// BUT year, 1–3.
    pub year: u8,
    pub jury: Jury,
    /// Grades by (semester, teaching code): one, or one per UE.
    pub grades: &'a Grades,
    /// Results of earlier years and attempts.
    pub prior: &'a [PriorUe],
    /// Semesters already repeated, and repeats used over the cursus.
    pub repeated: &'a [u8],
    pub overrides: &'a [Override],
    pub abj: AbjRule,
}

/// A UE's decision.
#[derive(Debug, Clone)]
pub struct UeDecision {
    pub semester: u8,
    pub code: String,
    /// Competence index in the curriculum.
    pub competence: Option<usize>,
    pub level: u8,
    /// The average, when there is one.
    pub average: Option<Average>,
    pub proposal: Code,
    pub decision: Code,
    /// The ECTS granted by the decision.
    pub ects: Decimal,
    /// The ECTS of the UE in the curriculum.
    pub ects_max: Decimal,
    pub facts: Vec<Fact>,
}

/// An RCUE's decision.
#[derive(Debug, Clone)]
pub struct RcueDecision {
    pub competence: String,
    pub level: u8,
    pub ues: (String, String),
    pub average: Option<Average>,
    pub proposal: Code,
    pub decision: Code,
    pub facts: Vec<Fact>,
}

/// The year's decision.
#[derive(Debug, Clone)]
pub struct YearDecision {
    pub ues: Vec<UeDecision>,
    pub rcues: Vec<RcueDecision>,
    /// `None` after an odd-semester jury.
    pub proposal: Option<Code>,
    pub decision: Option<Code>,
    pub facts: Vec<Fact>,
    /// ECTS acquired in this year's UEs.
    pub ects: Decimal,
    /// The DUT is awardable (120 ECTS of S1–S4 acquired).
    pub dut: bool,
    /// The BUT is awarded (every level of the parcours validated).
    pub but: bool,
    /// (semester, teaching) with no grade: reported, never taken as 0.
    pub missing: Vec<(u8, String)>,
}

/// The UE averages of one semester, and the teachings with no grade.
///
/// A teaching counts in each UE with that UE's coefficient and the grade it
/// has for that UE (its one grade, or its grade for that UE). A UE that a
/// teaching feeds without a grade is pending: never averaged as if the
/// teaching did not exist.
fn ue_outcomes(s: &Semester, input: &Input<'_>) -> (Vec<Outcome>, Vec<(u8, String)>) {
    let n = s.number.value;
    let mut missing = Vec::new();
    let mut pending = vec![false; s.ues.len()];
    let mut per_ue: Vec<Vec<(Decimal, Grade)>> = vec![Vec::new(); s.ues.len()];
    for (ti, t) in s.teachings.iter().enumerate() {
        let coefs: Vec<(usize, Decimal)> = s
            .coefficients(ti)
            .into_iter()
            .filter_map(|(ui, c, _)| c.filter(|c| !c.is_zero()).map(|c| (ui, c.0)))
            .collect();
        if coefs.is_empty() {
            continue;
        }
        let marks = input.grades.get(n, &t.code.value);
        let mut lacking = false;
        for (ui, c) in coefs {
            match marks.and_then(|m| m.for_ue(&s.ues[ui].code.value)) {
                Some(g) => per_ue[ui].push((c, g)),
                None => {
                    pending[ui] = true;
                    lacking = true;
                }
            }
        }
        if lacking {
            missing.push((n, t.code.value.clone()));
        }
    }
    let outcomes = per_ue
        .iter()
        .zip(pending)
        .map(|(grades, pending)| {
            if pending {
                Outcome::Pending
            } else {
                weighted_average(grades, input.abj)
            }
        })
        .collect();
    (outcomes, missing)
}

/// Computes the decisions of one student for one year.
pub fn decide(input: &Input<'_>) -> YearDecision {
    let c = input.curriculum;
    let sems = decided_semesters(c, input.parcours, input.year, input.jury);
    let mut ues: Vec<UeDecision> = Vec::new();
    let mut missing = Vec::new();
    for s in &sems {
        let (outcomes, miss) = ue_outcomes(s, input);
        missing.extend(miss);
        for (u, outcome) in s.ues.iter().zip(outcomes) {
            let prior = input
                .prior
                .iter()
                .find(|p| p.semester == s.number.value && p.ue == u.code.value);
            let mut facts = Vec::new();
            let (exact, proposal) = match outcome {
                Outcome::Average(a) => {
                    let kept = match prior.filter(|p| p.code.validated()).and_then(|p| p.average) {
                        Some(before) if before.shown() > a.shown() => {
                            facts.push(Fact::CapitalisedKept { before, now: a });
                            before
                        }
                        _ => a,
                    };
                    let code = if kept.validates() {
                        Code::ADM
                    } else {
                        Code::AJ
                    };
                    facts.push(Fact::UeAverage {
                        average: kept,
                        validates: kept.validates(),
                    });
                    (Some(kept), code)
                }
                Outcome::Pending => {
                    facts.push(Fact::UeGradePending);
                    (None, Code::ATT)
                }
                Outcome::Defaulting => {
                    facts.push(Fact::UeDefaulting);
                    (None, Code::DEF)
                }
                Outcome::Nothing => {
                    facts.push(Fact::UeNothingCounts);
                    (None, Code::ATT)
                }
            };
            // An acquired UE stays acquired, whatever this year's grades.
            let proposal = match prior {
                Some(p) if p.code.validated() && !proposal.validated() => {
                    facts.push(Fact::AcquiredBefore(p.code));
                    p.code
                }
                _ => proposal,
            };
            ues.push(UeDecision {
                semester: s.number.value,
                code: u.code.value.clone(),
                competence: u.competence,
                level: u.level.value,
                average: exact,
                proposal,
                decision: proposal,
                ects: Decimal::ZERO,
                ects_max: u.ects.as_ref().map_or(Decimal::ZERO, |e| e.value.0),
                facts,
            });
        }
    }

    let mut rcues = Vec::new();
    if input.jury == Jury::Even {
        rcues = rcue_decisions(c, &mut ues);
    }
    apply_ue_and_rcue_overrides(input.overrides, &mut ues, &mut rcues);
    let adsup = adsup(c, input, &ues, &rcues);

    let (proposal, mut facts) = if input.jury == Jury::Even {
        year_proposal(input, &ues, &rcues, &adsup)
    } else {
        (None, Vec::new())
    };
    let mut decision = proposal;
    if let Some(o) = input.overrides.iter().find(|o| o.target.is_none()) {
        facts.push(Fact::JuryDecision {
            code: o.code,
            reason: o.reason.clone(),
        });
        decision = Some(o.code);
    }
    let mut ects = Decimal::ZERO;
    for u in &mut ues {
        let granted = if u.decision.grants_ects() {
            u.ects_max
        } else {
            Decimal::ZERO
        };
        u.ects = granted;
        ects += granted;
    }
    let prior_ects_s1_s4: Decimal = input
        .prior
        .iter()
        .filter(|p| {
            p.semester <= 4
                && (p.code.grants_ects()
                    || adsup.iter().any(|(s, ue)| *s == p.semester && ue == &p.ue))
        })
        .filter(|p| {
            !ues.iter()
                .any(|u| u.semester == p.semester && u.code == p.ue)
        })
        .filter_map(|p| ue_ects(c, input.parcours, p.semester, &p.ue).or(p.ects))
        .sum();
    let this_s1_s4: Decimal = ues
        .iter()
        .filter(|u| u.semester <= 4 && u.decision.grants_ects())
        .map(|u| u.ects_max)
        .sum();
    let dut = input.year >= 2 && prior_ects_s1_s4 + this_s1_s4 >= Decimal::from(DUT_ECTS);
    let but = input.year == 3 && decision == Some(Code::ADM);
    if dut {
        facts.push(Fact::DutAwardable);
    }
    if but {
        facts.push(Fact::ButAwarded);
    }
    YearDecision {
        ues,
        rcues,
        proposal,
        decision,
        facts,
        ects,
        dut,
        but,
        missing,
    }
}

fn ue_ects(c: &Curriculum, parcours: &str, semester: u8, ue: &str) -> Option<Decimal> {
    c.semesters_of(parcours)
        .filter(|s| s.number.value == semester)
        .flat_map(|s| &s.ues)
        .find(|u| u.code.value == ue)
        .and_then(|u| u.ects.as_ref().map(|e| e.value.0))
}

/// Pairs the odd and even UEs of each competence level; compensation inside.
fn rcue_decisions(c: &Curriculum, ues: &mut [UeDecision]) -> Vec<RcueDecision> {
    let mut out = Vec::new();
    let odd: Vec<usize> = (0..ues.len())
        .filter(|&i| ues[i].semester % 2 == 1)
        .collect();
    for i in odd {
        let Some(j) = (0..ues.len()).find(|&j| {
            ues[j].semester == ues[i].semester + 1
                && ues[j].competence == ues[i].competence
                && ues[j].level == ues[i].level
                && ues[i].competence.is_some()
        }) else {
            continue;
        };
        let name = ues[i]
            .competence
            .map(|k| c.competences[k].nom.clone())
            .unwrap_or_default();
        let mut facts = Vec::new();
        let (exact, proposal) = match (ues[i].average, ues[j].average) {
            (Some(a), Some(b)) => {
                let r = Average::weighted_mean(&[(Decimal::ONE, a), (Decimal::ONE, b)])
                    .expect("two weights of 1");
                let ok = r.validates();
                facts.push(Fact::RcueAverage {
                    competence: name.clone(),
                    level: ues[i].level,
                    odd: a,
                    even: b,
                    average: r,
                    validates: ok,
                });
                (Some(r), if ok { Code::ADM } else { Code::AJ })
            }
            _ if ues[i].proposal == Code::DEF || ues[j].proposal == Code::DEF => (None, Code::DEF),
            _ => (None, Code::ATT),
        };
        if proposal == Code::ADM {
            for k in [i, j] {
                if ues[k].proposal == Code::AJ {
                    ues[k].proposal = Code::CMP;
                    ues[k].decision = Code::CMP;
                    ues[k]
                        .facts
                        .push(Fact::Compensated(Box::new(facts[0].clone())));
                }
            }
        }
        out.push(RcueDecision {
            competence: name,
            level: ues[i].level,
            ues: (ues[i].code.clone(), ues[j].code.clone()),
            average: exact,
            proposal,
            decision: proposal,
            facts,
        });
    }
    out
}

fn apply_ue_and_rcue_overrides(
    overrides: &[Override],
    ues: &mut [UeDecision],
    rcues: &mut [RcueDecision],
) {
    for o in overrides {
        let Some(target) = &o.target else { continue };
        if let Some(comp) = target.strip_prefix("RCUE:") {
            if let Some(r) = rcues.iter_mut().find(|r| r.competence == comp) {
                r.decision = o.code;
                r.facts.push(Fact::JuryDecision {
                    code: o.code,
                    reason: o.reason.clone(),
                });
                if o.code == Code::ADJ {
                    for u in ues
                        .iter_mut()
                        .filter(|u| u.code == r.ues.0 || u.code == r.ues.1)
                    {
                        if !u.decision.validated() {
                            u.decision = Code::ADJR;
                            u.facts.push(Fact::RcueAdmittedByJury {
                                reason: o.reason.clone(),
                            });
                        }
                    }
                }
            }
        } else if let Some(u) = ues.iter_mut().find(|u| &u.code == target) {
            u.decision = o.code;
            u.facts.push(Fact::JuryDecision {
                code: o.code,
                reason: o.reason.clone(),
            });
        }
    }
}

/// Lower levels made acquired by this year's validated levels: (semester,
/// UE). "La validation des deux UE du niveau d'une compétence emporte la
/// validation de l'ensemble des UE du niveau inférieur" (annexe 1 §4.3): both
/// UEs of a level validated, whatever their RCUE's own code; a validated
/// RCUE validates both its UEs, so it counts too.
fn adsup(
    c: &Curriculum,
    input: &Input<'_>,
    ues: &[UeDecision],
    rcues: &[RcueDecision],
) -> Vec<(u8, String)> {
    let validated = |code: &str| ues.iter().any(|u| u.code == code && u.decision.validated());
    let level_validated =
        |r: &RcueDecision| r.decision.validated() || (validated(&r.ues.0) && validated(&r.ues.1));
    let mut out = Vec::new();
    for r in rcues.iter().filter(|r| level_validated(r)) {
        let Some(ci) = c.competences.iter().position(|k| k.nom == r.competence) else {
            continue;
        };
        for p in input.prior.iter().filter(|p| !p.code.validated()) {
            let lower = p
                .competence_level(c, input.parcours)
                .is_some_and(|(k, level)| k == ci && level < r.level);
            if lower {
                out.push((p.semester, p.ue.clone()));
            }
        }
    }
    out
}

/// "More than half" of the RCUEs, strictly (arrêté of 15 April 2022, §4.5).
pub fn more_than_half(validated: usize, total: usize) -> bool {
    2 * validated > total
}

fn year_proposal(
    input: &Input<'_>,
    ues: &[UeDecision],
    rcues: &[RcueDecision],
    adsup: &[(u8, String)],
) -> (Option<Code>, Vec<Fact>) {
    let mut facts = Vec::new();
    if ues.iter().any(|u| u.decision == Code::DEF) {
        facts.push(Fact::YearDefaulting);
        return (Some(Code::DEF), facts);
    }
    if ues.iter().any(|u| u.decision == Code::ATT) || rcues.iter().any(|r| r.decision == Code::ATT)
    {
        facts.push(Fact::YearPending);
        return (Some(Code::ATT), facts);
    }
    let n = rcues.len();
    let v = rcues.iter().filter(|r| r.decision.validated()).count();
    let below_8: Vec<&RcueDecision> = rcues
        .iter()
        .filter(|r| {
            r.average
                .is_some_and(|a| !a.at_least(Decimal::from(RCUE_BLOCKING_BELOW)))
        })
        .collect();
    facts.push(Fact::RcuesValidated {
        validated: v,
        total: n,
    });
    for r in &below_8 {
        facts.push(Fact::RcueBelowBlocking {
            competence: r.competence.clone(),
            level: r.level,
            average: r.average,
        });
    }
    for (s, ue) in adsup {
        facts.push(Fact::Adsup {
            semester: *s,
            ue: ue.clone(),
        });
    }
    if v == n {
        return (Some(Code::ADM), facts);
    }
    if input.year < 3 && more_than_half(v, n) && below_8.is_empty() {
        if input.year == 2 && !input.prior.iter().any(|p| p.semester <= 2) {
            // Entering S5 needs every UE of S1–S2: without them, no proposal.
            facts.push(Fact::FirstYearUnknown);
            return (Some(Code::ATT), facts);
        }
        if input.year == 2 {
            // Entering S5 also needs every UE of S1–S2, after ADSUP.
            let pending: Vec<&PriorUe> = input
                .prior
                .iter()
                .filter(|p| {
                    p.semester <= 2
                        && !p.code.validated()
                        && !adsup.iter().any(|(s, u)| *s == p.semester && u == &p.ue)
                })
                .collect();
            if !pending.is_empty() {
                for p in pending {
                    facts.push(Fact::S5NeedsFirstYear {
                        semester: p.semester,
                        ue: p.ue.clone(),
                    });
                }
                return may_repeat(input, facts);
            }
        }
        facts.push(Fact::PassageDeDroit);
        return (Some(Code::PASD), facts);
    }
    may_repeat(input, facts)
}

fn may_repeat(input: &Input<'_>, mut facts: Vec<Fact>) -> (Option<Code>, Vec<Fact>) {
    let (odd, even) = (2 * input.year - 1, 2 * input.year);
    let again = input.repeated.contains(&odd) || input.repeated.contains(&even);
    if !again && input.repeated.len() + 2 <= MAX_REPEATS {
        facts.push(Fact::MayRepeat { odd, even });
        (Some(Code::RED), facts)
    } else {
        facts.push(if again {
            Fact::AlreadyRepeated { odd, even }
        } else {
            Fact::RepeatsUsed {
                used: input.repeated.len(),
            }
        });
        (Some(Code::NAR), facts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::grade::Marks;
    use crate::project::check::check_text;
    use crate::render::fmt;
    use std::collections::BTreeMap;

    /// A clean curriculum of `k` competences over `years` years: each UE has
    /// one ressource and one SAÉ of coefficient 1, named R<s>.<c> and S<s>.<c>.
    fn curriculum(k: usize, years: u8) -> Curriculum {
        let ects = crate::model::num::Num(Decimal::from(30) / Decimal::from(k as u32)).to_string();
        let mut y = String::from(
            "formation: { mention: T, specialite: T, type_departement: tertiaire, evaluation: CC }\ncompetences:\n",
        );
        for c in 1..=k {
            y.push_str(&format!("  - {{ code: C{c}, nom: C{c}, niveaux: [{{ niveau: 1 }}, {{ niveau: 2 }}, {{ niveau: 3 }}] }}\n"));
        }
        y.push_str("semestres:\n");
        for s in 1..=2 * years {
            let level = s.div_ceil(2);
            y.push_str(&format!("  - numero: {s}\n    ues:\n"));
            for c in 1..=k {
                y.push_str(&format!(
                    "      - {{ code: UE{s}{c}, competence: C{c}, niveau: {level}, ects: {ects}, ressources: [{{ code: R{s}.{c}, coef: 1 }}], saes: [{{ code: S{s}.{c}, coef: 1 }}] }}\n"
                ));
            }
        }
        let report = check_text("engine.yaml", y);
        let errors: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.rule.severity == crate::diag::Severity::Error)
            .map(|d| d.message.clone())
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        report.curriculum.unwrap()
    }

    /// Grades giving each UE of the year the average listed (both teachings alike).
    fn grades(year: u8, averages: &[(&str, &str)]) -> BTreeMap<(u8, String), Grade> {
        let mut g = BTreeMap::new();
        for (ue, avg) in averages {
            let s: u8 = ue[2..3].parse().unwrap();
            let c = &ue[3..];
            assert_eq!(s.div_ceil(2), year, "{ue} is not in year {year}");
            let v = Grade::Value(avg.parse().unwrap());
            g.insert((s, format!("R{s}.{c}")), v);
            g.insert((s, format!("S{s}.{c}")), v);
        }
        g
    }

    /// The same grades, each counting in every UE its teaching feeds.
    fn one_each(g: &BTreeMap<(u8, String), Grade>) -> Grades {
        g.iter().map(|(k, v)| (k.clone(), Marks::One(*v))).collect()
    }

    fn run(
        c: &Curriculum,
        year: u8,
        g: &BTreeMap<(u8, String), Grade>,
        prior: &[PriorUe],
        repeated: &[u8],
        overrides: &[Override],
    ) -> YearDecision {
        decide(&Input {
            curriculum: c,
            parcours: "",
            year,
            jury: Jury::Even,
            grades: &one_each(g),
            prior,
            repeated,
            overrides,
            abj: AbjRule::Neutralised,
        })
    }

    fn ue<'a>(d: &'a YearDecision, code: &str) -> &'a UeDecision {
        d.ues.iter().find(|u| u.code == code).unwrap()
    }

    /// A year of `k` competences where the first `v` RCUEs validate (12) and the others not (9).
    fn year_with(k: usize, v: usize) -> YearDecision {
        let c = curriculum(k, 1);
        let mut avgs = Vec::new();
        for i in 1..=k {
            let a = if i <= v { "12" } else { "9" };
            avgs.push((format!("UE1{i}"), a));
            avgs.push((format!("UE2{i}"), a));
        }
        let avgs: Vec<(&str, &str)> = avgs.iter().map(|(u, a)| (u.as_str(), *a)).collect();
        run(&c, 1, &grades(1, &avgs), &[], &[], &[])
    }

    #[test]
    fn a_ue_at_9_995_validates_and_at_9_994_does_not() {
        let c = curriculum(2, 1);
        let mut g = grades(
            1,
            &[
                ("UE11", "12"),
                ("UE12", "12"),
                ("UE21", "12"),
                ("UE22", "12"),
            ],
        );
        g.insert((1, "R1.1".into()), Grade::Value("9.99".parse().unwrap()));
        g.insert((1, "S1.1".into()), Grade::Value("10".parse().unwrap()));
        let d = run(&c, 1, &g, &[], &[], &[]);
        assert_eq!(
            (
                fmt::average(ue(&d, "UE11").average).as_deref(),
                ue(&d, "UE11").proposal
            ),
            (Some("10,00"), Code::ADM)
        );
        g.insert((1, "R1.1".into()), Grade::Value("9.988".parse().unwrap()));
        let d = run(&c, 1, &g, &[], &[], &[]);
        assert_eq!(
            fmt::average(ue(&d, "UE11").average).as_deref(),
            Some("9,99")
        );
        // Below 10 but compensated by UE21 at 12 in the RCUE.
        assert_eq!(ue(&d, "UE11").proposal, Code::CMP);
    }

    #[test]
    fn a_ue_below_ten_is_compensated_inside_a_validated_rcue_and_gets_its_ects() {
        let c = curriculum(2, 1);
        let d = run(
            &c,
            1,
            &grades(
                1,
                &[
                    ("UE11", "9.12"),
                    ("UE21", "10.88"),
                    ("UE12", "12"),
                    ("UE22", "12"),
                ],
            ),
            &[],
            &[],
            &[],
        );
        let u = ue(&d, "UE11");
        assert_eq!(u.decision, Code::CMP);
        assert_eq!(fmt::ects(u.ects), "15");
        assert!(
            fmt::facts(&u.facts)
                .iter()
                .any(|f| f.contains("(9,12 + 10,88) / 2 = 10,00 ≥ 10")),
            "{:?}",
            u.facts
        );
        assert_eq!(d.decision, Some(Code::ADM));
        assert_eq!(fmt::ects(d.ects), "60");
    }

    #[test]
    fn an_rcue_at_exactly_eight_is_not_below_eight() {
        // 3 competences: C1 and C2 validated; the third RCUE is what varies.
        let c = curriculum(3, 1);
        let with_c3 = |ue13: &str, ue23: &str| {
            let g = grades(
                1,
                &[
                    ("UE11", "12"),
                    ("UE21", "12"),
                    ("UE12", "12"),
                    ("UE22", "12"),
                    ("UE13", ue13),
                    ("UE23", ue23),
                ],
            );
            run(&c, 1, &g, &[], &[], &[])
        };
        // An RCUE at 8,00 is not below 8: passage de droit.
        assert_eq!(with_c3("8", "8").decision, Some(Code::PASD));
        // (7,99 + 8,00) / 2 = 7,995 → shows 8,00: still not below 8.
        assert_eq!(with_c3("7.99", "8").decision, Some(Code::PASD));
        // (7,98 + 8,00) / 2 = 7,99: below 8.
        let d = with_c3("7.98", "8");
        assert_eq!(d.decision, Some(Code::RED), "{:?}", d.facts);
    }

    #[test]
    fn more_than_half_is_strict_for_two_to_six_rcues() {
        assert!(!more_than_half(1, 2) && more_than_half(2, 2));
        assert!(!more_than_half(1, 3) && more_than_half(2, 3));
        assert!(!more_than_half(2, 4) && more_than_half(3, 4));
        assert!(!more_than_half(2, 5) && more_than_half(3, 5));
        assert!(!more_than_half(3, 6) && more_than_half(4, 6));
        // And through the whole computation, RCUEs below 10 but not below 8.
        for (k, v, expect) in [
            (2, 1, Code::RED),
            (3, 2, Code::PASD),
            (4, 2, Code::RED),
            (4, 3, Code::PASD),
            (5, 3, Code::PASD),
            (6, 3, Code::RED),
            (6, 4, Code::PASD),
        ] {
            assert_eq!(year_with(k, v).decision, Some(expect), "{v} of {k}");
        }
        assert_eq!(year_with(5, 5).decision, Some(Code::ADM));
    }

    #[test]
    fn entry_into_s5_is_refused_for_a_year_one_ue_not_validated_then_allowed_by_adsup() {
        let c = curriculum(3, 2);
        // Year 1: UE13 (C3, level 1) was not validated.
        let prior = [PriorUe {
            semester: 1,
            ue: "UE13".into(),
            average: Some(Average::new("9".parse().unwrap())),
            code: Code::AJ,
            competence: None,
            ects: None,
        }];
        // Year 2: C1 and C2 validated, C3 at 9 → PASD would hold, but S5 needs UE13.
        let g = grades(
            2,
            &[
                ("UE31", "12"),
                ("UE41", "12"),
                ("UE32", "12"),
                ("UE42", "12"),
                ("UE33", "9"),
                ("UE43", "9"),
            ],
        );
        let d = run(&c, 2, &g, &prior, &[], &[]);
        assert_eq!(d.decision, Some(Code::RED), "{:?}", d.facts);
        assert!(
            fmt::facts(&d.facts)
                .iter()
                .any(|f| f.contains("UE13 (S1) not validated")),
            "{:?}",
            d.facts
        );
        // C3 level 2 validated this year: level 1 becomes ADSUP, S5 is open.
        let g = grades(
            2,
            &[
                ("UE31", "12"),
                ("UE41", "12"),
                ("UE32", "9"),
                ("UE42", "9"),
                ("UE33", "12"),
                ("UE43", "12"),
            ],
        );
        let d = run(&c, 2, &g, &prior, &[], &[]);
        assert_eq!(d.decision, Some(Code::PASD), "{:?}", d.facts);
        assert!(
            fmt::facts(&d.facts)
                .iter()
                .any(|f| f.contains("UE13 (S1) acquired by a higher level (ADSUP)")),
            "{:?}",
            d.facts
        );
    }

    #[test]
    fn two_ues_of_a_level_validated_make_the_lower_level_adsup_whatever_their_rcue() {
        // Annexe 1 §4.3: "la validation des deux UE du niveau d'une compétence
        // emporte la validation de l'ensemble des UE du niveau inférieur".
        let c = curriculum(3, 2);
        let prior = [PriorUe {
            semester: 1,
            ue: "UE13".into(),
            average: Some(Average::new("9".parse().unwrap())),
            code: Code::AJ,
            competence: None,
            ects: None,
        }];
        // C3 level 2: UE33 ADM at 12, UE43 at 6 admitted by the jury (ADJ);
        // their RCUE is (12 + 6) / 2 = 9, AJ.
        let g = grades(
            2,
            &[
                ("UE31", "12"),
                ("UE41", "12"),
                ("UE32", "12"),
                ("UE42", "12"),
                ("UE33", "12"),
                ("UE43", "6"),
            ],
        );
        let jury = [Override {
            target: Some("UE43".into()),
            code: Code::ADJ,
            reason: "stage à l'étranger".into(),
        }];
        let d = run(&c, 2, &g, &prior, &[], &jury);
        let rcue = d.rcues.iter().find(|r| r.ues.0 == "UE33").unwrap();
        assert_eq!(rcue.decision, Code::AJ);
        assert!(
            fmt::facts(&d.facts)
                .iter()
                .any(|f| f.contains("UE13 (S1) acquired by a higher level (ADSUP)")),
            "{:?}",
            d.facts
        );
        assert_eq!(d.decision, Some(Code::PASD), "{:?}", d.facts);
    }

    #[test]
    fn a_year_two_passage_is_not_proposed_without_the_first_years_results() {
        let c = curriculum(3, 2);
        let g = grades(
            2,
            &[
                ("UE31", "12"),
                ("UE41", "12"),
                ("UE32", "12"),
                ("UE42", "12"),
                ("UE33", "9"),
                ("UE43", "9"),
            ],
        );
        let d = run(&c, 2, &g, &[], &[], &[]);
        assert_eq!(d.decision, Some(Code::ATT), "{:?}", d.facts);
        assert!(d.facts.contains(&Fact::FirstYearUnknown));
        // All RCUEs validated needs no history: ADM.
        let g = grades(
            2,
            &[
                ("UE31", "12"),
                ("UE41", "12"),
                ("UE32", "12"),
                ("UE42", "12"),
                ("UE33", "12"),
                ("UE43", "12"),
            ],
        );
        assert_eq!(run(&c, 2, &g, &[], &[], &[]).decision, Some(Code::ADM));
    }

    #[test]
    fn a_repeating_student_keeps_the_better_average_of_an_acquired_ue() {
        let c = curriculum(2, 1);
        let prior = [PriorUe {
            semester: 1,
            ue: "UE11".into(),
            average: Some(Average::new("13.5".parse().unwrap())),
            code: Code::ADM,
            competence: None,
            ects: None,
        }];
        let d = run(
            &c,
            1,
            &grades(
                1,
                &[
                    ("UE11", "11"),
                    ("UE21", "12"),
                    ("UE12", "12"),
                    ("UE22", "12"),
                ],
            ),
            &prior,
            &[1, 2],
            &[],
        );
        assert_eq!(
            fmt::average(ue(&d, "UE11").average).as_deref(),
            Some("13,50")
        );
        // An acquired UE stays acquired even when this year's grades are worse.
        let d = run(
            &c,
            1,
            &grades(
                1,
                &[("UE11", "4"), ("UE21", "4"), ("UE12", "12"), ("UE22", "12")],
            ),
            &prior,
            &[1, 2],
            &[],
        );
        assert_eq!(ue(&d, "UE11").decision, Code::ADM);
    }

    #[test]
    fn a_second_failure_of_the_same_year_is_nar() {
        let c = curriculum(2, 1);
        let g = grades(
            1,
            &[("UE11", "5"), ("UE21", "5"), ("UE12", "5"), ("UE22", "5")],
        );
        assert_eq!(run(&c, 1, &g, &[], &[], &[]).decision, Some(Code::RED));
        assert_eq!(run(&c, 1, &g, &[], &[1, 2], &[]).decision, Some(Code::NAR));
        assert_eq!(
            run(&c, 1, &g, &[], &[3, 4, 5, 6], &[]).decision,
            Some(Code::NAR),
            "4 repeats used"
        );
    }

    #[test]
    fn jury_overrides_replace_the_proposal_and_keep_it() {
        let c = curriculum(2, 1);
        let g = grades(
            1,
            &[("UE11", "9"), ("UE21", "9"), ("UE12", "12"), ("UE22", "12")],
        );
        let rcue = Override {
            target: Some("RCUE:C1".into()),
            code: Code::ADJ,
            reason: "dossier".into(),
        };
        let d = run(&c, 1, &g, &[], &[], &[rcue]);
        assert_eq!(ue(&d, "UE11").proposal, Code::AJ);
        assert_eq!(ue(&d, "UE11").decision, Code::ADJR);
        assert_eq!(fmt::ects(d.ects), "60");
        for code in [
            Code::ADJ,
            Code::PAS1NCI,
            Code::NAR,
            Code::DEM,
            Code::DEF,
            Code::ABAN,
            Code::ABL,
            Code::EXCLU,
            Code::ATJ,
            Code::RAT,
        ] {
            let year = Override {
                target: None,
                code,
                reason: "jury".into(),
            };
            let d = run(&c, 1, &g, &[], &[], &[year]);
            assert_eq!((d.proposal, d.decision), (Some(Code::RED), Some(code)));
        }
        let one_ue = Override {
            target: Some("UE11".into()),
            code: Code::ADJ,
            reason: "stage".into(),
        };
        let d = run(&c, 1, &g, &[], &[], &[one_ue]);
        assert_eq!(
            (ue(&d, "UE11").proposal, ue(&d, "UE11").decision),
            (Code::AJ, Code::ADJ)
        );
    }

    #[test]
    fn a_missing_grade_is_reported_and_never_taken_as_zero() {
        let c = curriculum(2, 1);
        let mut g = grades(
            1,
            &[
                ("UE11", "12"),
                ("UE21", "12"),
                ("UE12", "12"),
                ("UE22", "12"),
            ],
        );
        g.remove(&(1, "R1.1".to_string()));
        let d = run(&c, 1, &g, &[], &[], &[]);
        assert_eq!(d.missing, [(1, "R1.1".to_string())]);
        assert_eq!(ue(&d, "UE11").proposal, Code::ATT);
        assert_eq!(d.decision, Some(Code::ATT));
    }

    #[test]
    fn the_dut_is_awardable_at_120_ects_of_s1_s4() {
        let c = curriculum(2, 2);
        let prior: Vec<PriorUe> = ["UE11", "UE12", "UE21", "UE22"]
            .iter()
            .map(|u| PriorUe {
                semester: u[2..3].parse().unwrap(),
                ue: (*u).into(),
                average: Some(Average::new("12".parse().unwrap())),
                code: Code::ADM,
                competence: None,
                ects: None,
            })
            .collect();
        let g = grades(
            2,
            &[
                ("UE31", "12"),
                ("UE41", "12"),
                ("UE32", "12"),
                ("UE42", "12"),
            ],
        );
        let d = run(&c, 2, &g, &prior, &[], &[]);
        assert!(d.dut, "{:?}", d.facts);
        let g = grades(
            2,
            &[("UE31", "12"), ("UE41", "12"), ("UE32", "5"), ("UE42", "5")],
        );
        assert!(!run(&c, 2, &g, &prior, &[], &[]).dut);
    }

    #[test]
    fn year_three_admitted_awards_the_but() {
        let c = curriculum(2, 3);
        let g = grades(
            3,
            &[
                ("UE51", "12"),
                ("UE61", "12"),
                ("UE52", "12"),
                ("UE62", "12"),
            ],
        );
        let d = run(&c, 3, &g, &[], &[], &[]);
        assert!(d.but && d.decision == Some(Code::ADM), "{:?}", d.facts);
        // No passage de droit in year 3: a failed RCUE means a repeat.
        let g = grades(
            3,
            &[("UE51", "12"), ("UE61", "12"), ("UE52", "9"), ("UE62", "9")],
        );
        let d = run(&c, 3, &g, &[], &[], &[]);
        assert_eq!(d.decision, Some(Code::RED));
        assert!(!d.but);
    }

    #[test]
    fn an_odd_semester_jury_gives_provisional_ue_codes_only() {
        let c = curriculum(2, 1);
        let g = grades(1, &[("UE11", "9"), ("UE12", "12")]);
        let d = decide(&Input {
            curriculum: &c,
            parcours: "",
            year: 1,
            jury: Jury::Odd,
            grades: &one_each(&g),
            prior: &[],
            repeated: &[],
            overrides: &[],
            abj: AbjRule::Neutralised,
        });
        let codes: Vec<(&str, Code)> = d
            .ues
            .iter()
            .map(|u| (u.code.as_str(), u.decision))
            .collect();
        assert_eq!(codes, [("UE11", Code::AJ), ("UE12", Code::ADM)]);
        assert!(d.rcues.is_empty());
        assert_eq!(d.decision, None);
    }

    /// S1 of two UEs where R1.1 counts 1 in each, S1.1 in UE11 and S1.2 in UE12.
    fn shared_ressource() -> Curriculum {
        let y = "formation: { mention: T, specialite: T, type_departement: tertiaire, evaluation: CC }
competences:
  - { code: C1, nom: C1, niveaux: [{ niveau: 1 }] }
  - { code: C2, nom: C2, niveaux: [{ niveau: 1 }] }
semestres:
  - numero: 1
    ues:
      - { code: UE11, competence: C1, niveau: 1, ects: 15, ressources: [{ code: R1.1, coef: 1 }], saes: [{ code: S1.1, coef: 1 }] }
      - { code: UE12, competence: C2, niveau: 1, ects: 15, ressources: [{ code: R1.1, coef: 1 }], saes: [{ code: S1.2, coef: 1 }] }
";
        check_text("shared.yaml", y.to_string()).curriculum.unwrap()
    }

    fn odd_jury(c: &Curriculum, g: &Grades) -> YearDecision {
        decide(&Input {
            curriculum: c,
            parcours: "",
            year: 1,
            jury: Jury::Odd,
            grades: g,
            prior: &[],
            repeated: &[],
            overrides: &[],
            abj: AbjRule::Neutralised,
        })
    }

    fn marks(r11: Marks) -> Grades {
        let ten = Marks::One(Grade::Value(Decimal::TEN));
        Grades::from_iter([
            ((1, "R1.1".to_string()), r11),
            ((1, "S1.1".to_string()), ten.clone()),
            ((1, "S1.2".to_string()), ten),
        ])
    }

    #[test]
    fn a_teaching_graded_per_ue_counts_its_own_grade_in_each_ue() {
        let c = shared_ressource();
        let per_ue = Marks::PerUe(Box::new(BTreeMap::from([
            ("UE11".to_string(), Grade::Value(Decimal::from(14))),
            ("UE12".to_string(), Grade::Value(Decimal::from(8))),
        ])));
        let d = odd_jury(&c, &marks(per_ue));
        // UE11: (14 + 10) / 2; UE12: (8 + 10) / 2.
        assert_eq!(ue(&d, "UE11").average.unwrap().to_string(), "12,00");
        assert_eq!(ue(&d, "UE11").decision, Code::ADM);
        assert_eq!(ue(&d, "UE12").average.unwrap().to_string(), "9,00");
        assert_eq!(ue(&d, "UE12").decision, Code::AJ);
        // One grade counts alike in both.
        let d = odd_jury(&c, &marks(Marks::One(Grade::Value(Decimal::from(11)))));
        assert_eq!(ue(&d, "UE11").average.unwrap().to_string(), "10,50");
        assert_eq!(ue(&d, "UE12").average.unwrap().to_string(), "10,50");
    }

    #[test]
    fn a_per_ue_grade_list_lacking_a_ue_leaves_that_ue_pending_only() {
        let c = shared_ressource();
        let only_ue11 = Marks::PerUe(Box::new(BTreeMap::from([(
            "UE11".to_string(),
            Grade::Value(Decimal::from(14)),
        )])));
        let d = odd_jury(&c, &marks(only_ue11));
        assert_eq!(ue(&d, "UE11").average.unwrap().to_string(), "12,00");
        assert_eq!(ue(&d, "UE12").average, None);
        assert_eq!(ue(&d, "UE12").decision, Code::ATT);
        assert_eq!(d.missing, [(1, "R1.1".to_string())]);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// A grade with two decimals in [0, 20].
        fn grade() -> impl Strategy<Value = Decimal> {
            (0i64..=2000).prop_map(|c| Decimal::new(c, 2))
        }

        const TEACHINGS: [&str; 12] = [
            "R1.1", "S1.1", "R1.2", "S1.2", "R1.3", "S1.3", "R2.1", "S2.1", "R2.2", "S2.2", "R2.3",
            "S2.3",
        ];

        fn grades_of(values: &[Decimal]) -> BTreeMap<(u8, String), Grade> {
            TEACHINGS
                .iter()
                .zip(values)
                .map(|(t, v)| {
                    (
                        (t[1..2].parse().unwrap(), (*t).to_string()),
                        Grade::Value(*v),
                    )
                })
                .collect()
        }

        fn year_rank(c: Option<Code>) -> u8 {
            match c {
                Some(Code::ADM) => 3,
                Some(Code::PASD) => 2,
                Some(Code::RED) => 1,
                _ => 0,
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(300))]

            #[test]
            fn an_acquired_ue_stays_acquired_whatever_the_later_grades(values in proptest::collection::vec(grade(), 12), before in 1000i64..=2000) {
                let c = curriculum(3, 1);
                let prior = [PriorUe { semester: 1, ue: "UE11".into(), average: Some(Average::new(Decimal::new(before, 2))), code: Code::ADM, competence: None, ects: None }];
                let d = run(&c, 1, &grades_of(&values), &prior, &[1, 2], &[]);
                prop_assert!(ue(&d, "UE11").decision.validated());
            }

            #[test]
            fn ects_never_exceed_a_ue_s_and_total_60_when_every_rcue_validates(values in proptest::collection::vec(grade(), 12)) {
                let c = curriculum(3, 1);
                let d = run(&c, 1, &grades_of(&values), &[], &[], &[]);
                for u in &d.ues {
                    prop_assert!(u.ects <= u.ects_max);
                }
                if d.rcues.iter().all(|r| r.decision.validated()) {
                    prop_assert_eq!(d.ects, Decimal::from(60));
                }
            }

            #[test]
            fn raising_one_grade_never_worsens_a_decision(values in proptest::collection::vec(grade(), 12), which in 0usize..12, raise in 1i64..=2000) {
                let c = curriculum(3, 1);
                let before = run(&c, 1, &grades_of(&values), &[], &[], &[]);
                let mut higher = values.clone();
                higher[which] = (higher[which] + Decimal::new(raise, 2)).min(Decimal::from(20));
                let after = run(&c, 1, &grades_of(&higher), &[], &[], &[]);
                for (b, a) in before.ues.iter().zip(&after.ues) {
                    prop_assert!(!b.decision.validated() || a.decision.validated(), "{} got worse", b.code);
                }
                for (b, a) in before.rcues.iter().zip(&after.rcues) {
                    prop_assert!(!b.decision.validated() || a.decision.validated());
                }
                prop_assert!(year_rank(after.decision) >= year_rank(before.decision), "{:?} → {:?}", before.decision, after.decision);
                prop_assert!(after.ects >= before.ects);
            }
        }
    }
}
