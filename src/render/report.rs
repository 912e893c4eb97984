//! What `maquette decide` prints: a table, CSV, JSON, or one student's reasoning.

use std::fmt::Write as _;

use serde::Serialize;

use crate::decide::{RcueDecision, UeDecision, YearDecision};
use crate::diag::emit::visible;
use crate::model::{Code, Cohort};
use crate::render::fmt;

fn year_code(d: &YearDecision) -> String {
    let mut s = d
        .decision
        .map_or_else(|| "—".to_string(), |c| c.to_string());
    if d.proposal != d.decision
        && let Some(p) = d.proposal
    {
        s.push_str(&format!(" (proposé {p})"));
    }
    if d.but {
        s.push_str(" BUT");
    } else if d.dut {
        s.push_str(" DUT");
    }
    s
}

/// Column headers: one per UE, one per RCUE, the year and the ECTS.
fn headers(decisions: &[YearDecision]) -> (Vec<String>, Vec<String>) {
    let ues = decisions
        .first()
        .map(|d| d.ues.iter().map(|u| u.code.clone()).collect())
        .unwrap_or_default();
    let rcues = decisions
        .first()
        .map(|d| {
            d.rcues
                .iter()
                .map(|r| format!("RCUE {} N{}", r.competence, r.level))
                .collect()
        })
        .unwrap_or_default();
    (ues, rcues)
}

/// One row per student: UE averages and codes, RCUE codes, year decision, ECTS.
pub fn table(cohort: &Cohort, decisions: &[YearDecision]) -> String {
    let (ue_heads, rcue_heads) = headers(decisions);
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut head = vec!["N°".to_string(), "Étudiant".to_string()];
    head.extend(ue_heads);
    head.extend(rcue_heads);
    head.push("Année".into());
    head.push("ECTS".into());
    rows.push(head);
    for (s, d) in cohort.students.iter().zip(decisions) {
        // Terminal text: a control character in a name (refused by `check`,
        // but `decide` may be shown a file with errors) is shown, not run.
        let mut row = vec![
            visible(&s.numero).into_owned(),
            visible(&format!("{} {}", s.nom, s.prenom)).into_owned(),
        ];
        for u in &d.ues {
            row.push(format!(
                "{} {}",
                fmt::average(u.average).unwrap_or_else(|| "—".into()),
                u.decision
            ));
        }
        for r in &d.rcues {
            row.push(format!(
                "{} {}",
                fmt::average(r.average).unwrap_or_else(|| "—".into()),
                r.decision
            ));
        }
        row.push(year_code(d));
        row.push(fmt::ects(d.ects));
        rows.push(row);
    }
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|x| x.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for (i, r) in rows.iter().enumerate() {
        let line: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(c, x)| format!("{x:<w$}", w = widths[c]))
            .collect();
        let _ = writeln!(out, "{}", line.join("  ").trim_end());
        if i == 0 {
            let _ = writeln!(
                out,
                "{}",
                widths
                    .iter()
                    .map(|w| "─".repeat(*w))
                    .collect::<Vec<_>>()
                    .join("  ")
            );
        }
    }
    out
}

/// A cell as a spreadsheet may open it: one that starts like a formula
/// (`=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, so
/// that a name such as `=HYPERLINK(…)` stays text. Numbers are not touched.
pub fn cell(s: &str) -> std::borrow::Cow<'_, str> {
    let formula = s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.parse::<f64>().is_err();
    if formula {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

/// The same table as CSV (one column for each average and each code).
pub fn csv(cohort: &Cohort, decisions: &[YearDecision]) -> String {
    let (ue_heads, rcue_heads) = headers(decisions);
    let mut head = vec![
        "numero".to_string(),
        "nom".into(),
        "prenom".into(),
        "parcours".into(),
    ];
    for u in &ue_heads {
        head.push(format!("{u} moyenne"));
        head.push(format!("{u} code"));
    }
    for r in &rcue_heads {
        head.push(format!("{r} moyenne"));
        head.push(format!("{r} code"));
    }
    head.extend([
        "annee proposition".into(),
        "annee decision".into(),
        "ects".into(),
        "dut".into(),
        "but".into(),
    ]);
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(&head);
    for (s, d) in cohort.students.iter().zip(decisions) {
        let mut row = vec![
            s.numero.clone(),
            s.nom.clone(),
            s.prenom.clone(),
            s.parcours.clone(),
        ];
        for u in &d.ues {
            row.push(fmt::average(u.average).unwrap_or_default());
            row.push(u.decision.to_string());
        }
        for r in &d.rcues {
            row.push(fmt::average(r.average).unwrap_or_default());
            row.push(r.decision.to_string());
        }
        row.push(d.proposal.map(|c| c.to_string()).unwrap_or_default());
        row.push(d.decision.map(|c| c.to_string()).unwrap_or_default());
        row.push(fmt::ects(d.ects));
        row.push(if d.dut { "oui" } else { "non" }.into());
        row.push(if d.but { "oui" } else { "non" }.into());
        let _ = w.write_record(row.iter().map(|x| cell(x).into_owned()));
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// Every student with their decisions, as JSON.
pub fn json(cohort: &Cohort, decisions: &[YearDecision]) -> String {
    let students: Vec<_> = cohort
        .students
        .iter()
        .zip(decisions)
        .map(|(s, d)| serde_json::json!({ "student": s, "decisions": YearJson::of(d) }))
        .collect();
    let mut s = serde_json::to_string_pretty(&serde_json::json!({
        "annee_universitaire": cohort.annee_universitaire,
        "annee": cohort.year,
        "students": students,
    }))
    .unwrap_or_default();
    s.push('\n');
    s
}

/// One student's reasoning: each UE, each RCUE, the year, with their facts.
pub fn explain(cohort: &Cohort, decisions: &[YearDecision], numero: &str) -> Option<String> {
    let (s, d) = cohort
        .students
        .iter()
        .zip(decisions)
        .find(|(s, _)| s.numero == numero)?;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — BUT {} — {}",
        visible(&format!(
            "{} {} ({}), {}",
            s.prenom, s.nom, s.numero, s.parcours
        )),
        cohort.year,
        cohort.annee_universitaire
    );
    for u in &d.ues {
        let _ = write!(out, "  {} (S{}): {}", u.code, u.semester, u.decision);
        if u.decision != u.proposal {
            let _ = write!(out, " (proposé {})", u.proposal);
        }
        let _ = writeln!(
            out,
            ", {} ECTS — {}",
            fmt::ects(u.ects),
            fmt::facts(&u.facts).join("; ")
        );
    }
    for r in &d.rcues {
        let _ = write!(
            out,
            "  RCUE {} N{} ({} + {}): {}",
            r.competence, r.level, r.ues.0, r.ues.1, r.decision
        );
        if r.decision != r.proposal {
            let _ = write!(out, " (proposé {})", r.proposal);
        }
        let _ = writeln!(out, " — {}", fmt::facts(&r.facts).join("; "));
    }
    let _ = writeln!(
        out,
        "  Année: {} — {}",
        year_code(d),
        fmt::facts(&d.facts).join("; ")
    );
    let _ = writeln!(out, "  ECTS acquis cette année: {}", fmt::ects(d.ects));
    for (sem, t) in &d.missing {
        let _ = writeln!(out, "  note manquante: {t} (S{sem})");
    }
    Some(out)
}

/// A UE's decision as `decide --format json` writes it.
#[derive(Serialize)]
struct UeJson<'a> {
    semester: u8,
    code: &'a str,
    level: u8,
    average: Option<String>,
    proposal: Code,
    decision: Code,
    ects: String,
    facts: Vec<String>,
}

/// An RCUE's decision as `decide --format json` writes it.
#[derive(Serialize)]
struct RcueJson<'a> {
    competence: &'a str,
    level: u8,
    ues: &'a (String, String),
    average: Option<String>,
    proposal: Code,
    decision: Code,
    facts: Vec<String>,
}

/// A year's decision as `decide --format json` writes it: figures as shown,
/// facts in words.
#[derive(Serialize)]
struct YearJson<'a> {
    ues: Vec<UeJson<'a>>,
    rcues: Vec<RcueJson<'a>>,
    proposal: Option<Code>,
    decision: Option<Code>,
    facts: Vec<String>,
    ects: String,
    dut: bool,
    but: bool,
    missing: &'a [(u8, String)],
}

impl<'a> YearJson<'a> {
    fn of(d: &'a YearDecision) -> YearJson<'a> {
        let ue = |u: &'a UeDecision| UeJson {
            semester: u.semester,
            code: &u.code,
            level: u.level,
            average: fmt::average(u.average),
            proposal: u.proposal,
            decision: u.decision,
            ects: fmt::ects(u.ects),
            facts: fmt::facts(&u.facts),
        };
        let rcue = |r: &'a RcueDecision| RcueJson {
            competence: &r.competence,
            level: r.level,
            ues: &r.ues,
            average: fmt::average(r.average),
            proposal: r.proposal,
            decision: r.decision,
            facts: fmt::facts(&r.facts),
        };
        YearJson {
            ues: d.ues.iter().map(ue).collect(),
            rcues: d.rcues.iter().map(rcue).collect(),
            proposal: d.proposal,
            decision: d.decision,
            facts: fmt::facts(&d.facts),
            ects: fmt::ects(d.ects),
            dut: d.dut,
            but: d.but,
            missing: &d.missing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn a_cell_a_spreadsheet_would_run_as_a_formula_stays_text() {
        assert_eq!(
            cell("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(cell("+33 6"), "'+33 6");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("-3"), "-3");
        assert_eq!(cell("12,50"), "12,50");
        assert_eq!(cell("N'DIAYE"), "N'DIAYE");
    }
}
