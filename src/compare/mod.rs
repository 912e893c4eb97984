//! `maquette diff`: what changed between two versions of a curriculum, as a
//! council reads it.
//!
//! Semesters, UEs and teachings are matched by code, never by position, so
//! a teaching inserted in the middle is one addition. A teaching that left
//! under one code and came back under another with the same name is a
//! rename. Each change is one sentence (in French: it goes to the council),
//! placed in its semester and UE and classed by what the council must do
//! with it ([`Class`]). Texts get a word-level diff ([`words`]).
//!
//! Pure: two [`Curriculum`]s in, [`Change`]s out. Imports only `model`.

pub mod words;

use std::collections::BTreeMap;

use crate::model::num::Num;
use crate::model::{Curriculum, Hours, Kind, Semester, Teaching, Ue};

pub use words::Word;

/// What a change asks of the council.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// Something created or removed: a teaching, a UE, a parcours, a
    /// semester, a competence.
    Creation,
    /// Modification des MCCC: hours, coefficients, ECTS, evaluation types,
    /// the UEs a teaching counts in, a UE's competence or level.
    Mccc,
    /// Texts and names: intitulés, free texts, contacts, the identity of the
    /// programme; no vote on the rules.
    Textes,
}

impl Class {
    /// The heading a council reads.
    pub fn label(self) -> &'static str {
        match self {
            Class::Creation => "création",
            Class::Mccc => "modification des MCCC",
            Class::Textes => "textes",
        }
    }
}

/// Where a change sits in the document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "in")]
pub enum Scope {
    /// The programme as a whole: identity, parcours, competences, texts.
    General,
    /// A semester (its teachings).
    Semester { semestre: u8 },
    /// A UE of a semester (its ECTS, competence, the coefficients of its teachings).
    Ue { semestre: u8, ue: String },
}

/// One change, worded.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Change {
    pub class: Class,
    #[serde(flatten)]
    pub scope: Scope,
    /// The sentence a council reads.
    pub sentence: String,
    /// For a changed text, the words kept, removed and added; else empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<Word>,
}

/// Two versions of a curriculum compared: the changes, and the findings of
/// `check` that the new version fixed or introduced.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Comparison {
    /// How the old version is named (`curricula/x.yaml` at `v2024`).
    pub avant: String,
    /// How the new version is named.
    pub apres: String,
    /// The programme's name, for titles.
    pub formation: String,
    /// The new version's academic year, which dates the PDF.
    pub annee_universitaire: Option<String>,
    pub changes: Vec<Change>,
    /// Findings of the old version that the new one no longer has.
    pub corrigees: Vec<Finding>,
    /// Findings of the new version that the old one did not have.
    pub introduites: Vec<Finding>,
    /// Findings of both versions whose figures changed (as the new version
    /// words them): the same problem, still there.
    pub modifiees: Vec<Finding>,
}

/// A finding of `check`, as the comparison reports it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// `error` or `warning`.
    pub severity: &'static str,
    pub rule: &'static str,
    /// The line in its version of the file, when the finding has one.
    pub line: Option<u32>,
    pub message: String,
}

impl Comparison {
    /// How many changes of each class, in the classes' order.
    pub fn counts(&self) -> Vec<(Class, usize)> {
        [Class::Creation, Class::Mccc, Class::Textes]
            .into_iter()
            .map(|k| (k, self.changes.iter().filter(|c| c.class == k).count()))
            .collect()
    }
}

/// The findings fixed, introduced, and kept with other figures.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FindingChanges {
    pub fixed: Vec<Finding>,
    pub introduced: Vec<Finding>,
    pub refigured: Vec<Finding>,
}

/// The findings of `old` absent from `new` (fixed) and those of `new`
/// absent from `old` (introduced), matched by rule and message (lines move
/// when a file is edited), each as many times as it occurs. A fixed and an
/// introduced finding of one rule whose messages differ only in their
/// figures are the same problem with other figures (`refigured`).
pub fn findings(old: &[Finding], new: &[Finding]) -> FindingChanges {
    let (mut fixed, introduced) = exact_differences(old, new);
    let shape = |f: &Finding| -> (&str, String) {
        (
            f.rule,
            f.message
                .chars()
                .filter(|c| !c.is_ascii_digit() && *c != ',')
                .collect(),
        )
    };
    let mut refigured = Vec::new();
    let mut rest = Vec::new();
    for g in introduced {
        match fixed.iter().position(|f| shape(f) == shape(&g)) {
            Some(at) => {
                fixed.remove(at);
                refigured.push(g);
            }
            None => rest.push(g),
        }
    }
    FindingChanges {
        fixed,
        introduced: rest,
        refigured,
    }
}

fn exact_differences(old: &[Finding], new: &[Finding]) -> (Vec<Finding>, Vec<Finding>) {
    let key = |f: &Finding| (f.rule, f.message.clone());
    let minus = |a: &[Finding], b: &[Finding]| {
        let mut left: Vec<(&str, String)> = b.iter().map(key).collect();
        a.iter()
            .filter(|f| {
                let k = key(f);
                match left.iter().position(|x| *x == k) {
                    Some(at) => {
                        left.swap_remove(at);
                        false
                    }
                    None => true,
                }
            })
            .cloned()
            .collect::<Vec<_>>()
    };
    (minus(old, new), minus(new, old))
}

/// Every change from `old` to `new`, in the document's order: the programme
/// first, then each semester and, within it, its UEs.
pub fn curricula(old: &Curriculum, new: &Curriculum) -> Vec<Change> {
    let mut out = Changes::default();
    general(old, new, &mut out);
    let old_s = semesters(old);
    let new_s = semesters(new);
    let keys: Vec<&SemKey> = {
        let mut k: Vec<&SemKey> = new_s.keys().chain(old_s.keys()).collect();
        k.sort();
        k.dedup();
        k
    };
    for key in keys {
        match (old_s.get(key), new_s.get(key)) {
            (Some(a), Some(b)) => semester(a, b, &mut out),
            (None, Some(b)) => out.push(
                Class::Creation,
                Scope::General,
                format!(
                    "{} créé ({} UE, {} enseignements)",
                    key.label(),
                    b.ues.len(),
                    b.teachings.len()
                ),
            ),
            (Some(a), None) => out.push(
                Class::Creation,
                Scope::General,
                format!(
                    "{} supprimé ({} UE, {} enseignements)",
                    key.label(),
                    a.ues.len(),
                    a.teachings.len()
                ),
            ),
            (None, None) => {}
        }
    }
    out.0
}

#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    fn push(&mut self, class: Class, scope: Scope, sentence: String) {
        self.0.push(Change {
            class,
            scope,
            sentence,
            words: Vec::new(),
        });
    }

    /// A text changed: its sentence and its words.
    fn text(&mut self, scope: Scope, what: &str, old: Option<&str>, new: Option<&str>) {
        let (a, b) = (old.unwrap_or("").trim(), new.unwrap_or("").trim());
        if a == b {
            return;
        }
        let sentence = match (a.is_empty(), b.is_empty()) {
            (true, _) => format!("{what} : ajouté"),
            (_, true) => format!("{what} : supprimé"),
            _ => format!("{what} : modifié ({})", words::summary(a, b)),
        };
        self.0.push(Change {
            class: Class::Textes,
            scope,
            sentence,
            words: words::diff(a, b),
        });
    }

    /// A short value changed (`intitulé « A » → « B »`).
    fn value(
        &mut self,
        class: Class,
        scope: Scope,
        what: &str,
        old: Option<&str>,
        new: Option<&str>,
    ) {
        if old == new {
            return;
        }
        let shown =
            |v: Option<&str>| v.map_or_else(|| "(aucun)".to_string(), |v| format!("« {v} »"));
        self.push(
            class,
            scope,
            format!("{what} : {} → {}", shown(old), shown(new)),
        );
    }
}

/// A semester block: its number and the parcours it is for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct SemKey {
    number: u8,
    parcours: Vec<String>,
    /// Whether the file has several blocks for this number (parcours then named).
    shared: bool,
}

impl SemKey {
    fn label(&self) -> String {
        if self.shared && !self.parcours.is_empty() {
            format!("S{} (parcours {})", self.number, self.parcours.join(", "))
        } else {
            format!("S{}", self.number)
        }
    }
}

fn semesters(c: &Curriculum) -> BTreeMap<SemKey, &Semester> {
    let mut out = BTreeMap::new();
    for s in &c.semesters {
        let blocks = c
            .semesters
            .iter()
            .filter(|o| o.number.value == s.number.value)
            .count();
        let mut parcours = if blocks > 1 {
            s.parcours.clone()
        } else {
            Vec::new()
        };
        parcours.sort();
        out.insert(
            SemKey {
                number: s.number.value,
                parcours,
                shared: blocks > 1,
            },
            s,
        );
    }
    out
}

fn general(old: &Curriculum, new: &Curriculum, out: &mut Changes) {
    let (a, b) = (&old.formation, &new.formation);
    let fields: [(&str, &Option<String>, &Option<String>); 7] = [
        ("Établissement", &a.etablissement, &b.etablissement),
        ("Composante", &a.composante, &b.composante),
        ("Département", &a.departement, &b.departement),
        ("Adresse", &a.adresse, &b.adresse),
        ("Niveau", &a.niveau, &b.niveau),
        ("Domaine", &a.domaine, &b.domaine),
        (
            "Année universitaire",
            &a.annee_universitaire,
            &b.annee_universitaire,
        ),
    ];
    for (what, x, y) in fields {
        out.value(
            Class::Textes,
            Scope::General,
            what,
            x.as_deref(),
            y.as_deref(),
        );
    }
    out.value(
        Class::Textes,
        Scope::General,
        "Mention",
        Some(&a.mention),
        Some(&b.mention),
    );
    out.value(
        Class::Textes,
        Scope::General,
        "Spécialité",
        Some(&a.specialite),
        Some(&b.specialite),
    );
    let regime = |r: Option<crate::model::Regime>| r.map(|r| format!("{r:?}").to_lowercase());
    out.value(
        Class::Mccc,
        Scope::General,
        "Régime",
        regime(a.regime).as_deref(),
        regime(b.regime).as_deref(),
    );

    // Parcours, by code.
    for p in &new.parcours {
        match old.parcours.iter().find(|o| o.code == p.code) {
            None => out.push(
                Class::Creation,
                Scope::General,
                format!("Parcours {} « {} » créé", p.code, p.nom),
            ),
            Some(o) => {
                out.value(
                    Class::Textes,
                    Scope::General,
                    &format!("Parcours {} : nom", p.code),
                    Some(&o.nom),
                    Some(&p.nom),
                );
                out.value(
                    Class::Textes,
                    Scope::General,
                    &format!("Parcours {} : fiche RNCP", p.code),
                    o.rncp.as_deref(),
                    p.rncp.as_deref(),
                );
            }
        }
    }
    for o in old
        .parcours
        .iter()
        .filter(|o| !new.parcours.iter().any(|p| p.code == o.code))
    {
        out.push(
            Class::Creation,
            Scope::General,
            format!("Parcours {} « {} » supprimé", o.code, o.nom),
        );
    }

    // Competences, by code.
    for c in &new.competences {
        let Some(o) = old.competences.iter().find(|o| o.code == c.code) else {
            out.push(
                Class::Creation,
                Scope::General,
                format!("Compétence {} ajoutée", c.nom),
            );
            continue;
        };
        out.text(
            Scope::General,
            &format!("Compétence {} : intitulé", c.nom),
            o.intitule.as_deref(),
            c.intitule.as_deref(),
        );
        if o.composantes != c.composantes {
            out.text(
                Scope::General,
                &format!("Compétence {} : composantes essentielles", c.nom),
                Some(&o.composantes.join(" ; ")),
                Some(&c.composantes.join(" ; ")),
            );
        }
        for n in &c.niveaux {
            let before = o.niveaux.iter().find(|x| x.niveau == n.niveau);
            let acs = |n: &crate::model::Niveau| {
                n.apprentissages
                    .iter()
                    .map(|(code, l)| match code {
                        Some(code) => format!("{code} {l}"),
                        None => l.clone(),
                    })
                    .collect::<Vec<_>>()
                    .join(" ; ")
            };
            match before {
                None => out.push(
                    Class::Creation,
                    Scope::General,
                    format!("Compétence {} : niveau {} ajouté", c.nom, n.niveau),
                ),
                Some(b) => {
                    out.text(
                        Scope::General,
                        &format!("Compétence {} niveau {} : intitulé", c.nom, n.niveau),
                        b.intitule.as_deref(),
                        n.intitule.as_deref(),
                    );
                    out.text(
                        Scope::General,
                        &format!(
                            "Compétence {} niveau {} : apprentissages critiques",
                            c.nom, n.niveau
                        ),
                        Some(&acs(b)),
                        Some(&acs(n)),
                    );
                }
            }
        }
    }
    for o in old
        .competences
        .iter()
        .filter(|o| !new.competences.iter().any(|c| c.code == o.code))
    {
        out.push(
            Class::Creation,
            Scope::General,
            format!("Compétence {} retirée", o.nom),
        );
    }

    // Free texts.
    let (x, y) = (&old.textes, &new.textes);
    for (what, a, b) in [
        ("Texte « Objectifs »", &x.objectifs, &y.objectifs),
        ("Texte « Débouchés »", &x.debouches, &y.debouches),
        (
            "Texte « Compétences acquises »",
            &x.competences_acquises,
            &y.competences_acquises,
        ),
        ("Texte « Accès »", &x.acces, &y.acces),
        (
            "Texte « Schéma général »",
            &x.schema_general,
            &y.schema_general,
        ),
        (
            "Texte « Modalités de contrôle des connaissances »",
            &x.mcc,
            &y.mcc,
        ),
    ] {
        out.text(Scope::General, what, a.as_deref(), b.as_deref());
    }

    // Contacts, by role.
    for c in &new.contacts {
        let line = |c: &crate::model::Contact| {
            [&c.nom, &c.fonction, &c.telephone, &c.courriel]
                .into_iter()
                .flatten()
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        };
        match old.contacts.iter().find(|o| o.role == c.role) {
            None => out.push(
                Class::Textes,
                Scope::General,
                format!("Contact « {} » ajouté : {}", c.role, line(c)),
            ),
            Some(o) => out.value(
                Class::Textes,
                Scope::General,
                &format!("Contact « {} »", c.role),
                Some(&line(o)),
                Some(&line(c)),
            ),
        }
    }
    for o in old
        .contacts
        .iter()
        .filter(|o| !new.contacts.iter().any(|c| c.role == o.role))
    {
        out.push(
            Class::Textes,
            Scope::General,
            format!("Contact « {} » retiré", o.role),
        );
    }
}

/// A teaching as a council reads it: `R3.05 Anglais`.
fn named(t: &Teaching) -> String {
    if t.name.is_empty() {
        t.code.value.clone()
    } else {
        format!("{} {}", t.code.value, t.name)
    }
}

fn kind_word(k: Kind) -> &'static str {
    match k {
        Kind::Ressource => "ressource",
        Kind::Sae => "SAÉ",
        Kind::Portfolio => "portfolio",
        Kind::Ppp => "PPP",
        Kind::Stage => "stage",
    }
}

/// `TD 12 h, TP 4 h, total 16 h`: the hours that are not zero.
fn hours_words(h: &Hours) -> String {
    let mut parts: Vec<String> = HOUR_FIELDS
        .iter()
        .filter(|(_, get)| !get(h).is_zero())
        .map(|(name, get)| format!("{name} {} h", get(h).fr()))
        .collect();
    parts.push(format!("total {} h", h.hors_projet().fr()));
    parts.join(", ")
}

type HourField = (&'static str, fn(&Hours) -> Num);

const HOUR_FIELDS: [HourField; 5] = [
    ("CM", |h| h.cm),
    ("TD", |h| h.td),
    ("TP", |h| h.tp),
    ("CI", |h| h.ci),
    ("projet", |h| h.projet),
];

/// What a teaching is in a semester: its hours and its coefficient in each UE.
struct Facts<'a> {
    teaching: &'a Teaching,
    hours: Hours,
    /// (UE code, coefficient) in the UEs' order; `None` for a `-` cell.
    coefs: Vec<(String, Option<Num>)>,
    /// UE codes marked with an X, when the source has marks.
    marks: Option<Vec<String>>,
}

fn facts(s: &Semester) -> Vec<Facts<'_>> {
    (0..s.teachings.len())
        .map(|t| {
            let mut coefs: Vec<(String, Option<Num>)> = s
                .coefficients(t)
                .into_iter()
                .map(|(ui, c, _)| (s.ues[ui].code.value.clone(), c))
                .collect();
            coefs.dedup_by(|a, b| a.0 == b.0);
            Facts {
                teaching: &s.teachings[t],
                hours: s.teaching_hours(t),
                coefs,
                marks: s.teachings[t].marks.as_ref().map(|m| {
                    m.iter()
                        .map(|ui| s.ues[ui.value].code.value.clone())
                        .collect()
                }),
            }
        })
        .collect()
}

fn coefs_words(coefs: &[(String, Option<Num>)]) -> String {
    coefs
        .iter()
        .map(|(ue, c)| match c {
            Some(c) => format!("{ue} (coef. {})", c.fr()),
            None => format!("{ue} (sans coef.)"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn semester(a: &Semester, b: &Semester, out: &mut Changes) {
    let n = b.number.value;
    let here = Scope::Semester { semestre: n };
    let (old_t, new_t) = (facts(a), facts(b));
    let find =
        |list: &'_ [Facts<'_>], code: &str| list.iter().position(|f| f.teaching.code.value == code);

    // Pairs (old, new) by code, then renames: a code gone and a code come
    // with the same name.
    let mut pairs: Vec<(Option<usize>, Option<usize>)> = Vec::new();
    for (j, f) in new_t.iter().enumerate() {
        pairs.push((find(&old_t, &f.teaching.code.value), Some(j)));
    }
    for (i, f) in old_t.iter().enumerate() {
        if find(&new_t, &f.teaching.code.value).is_none() {
            pairs.push((Some(i), None));
        }
    }
    let same_name = |x: &Teaching, y: &Teaching| {
        !x.name.trim().is_empty() && x.name.trim().to_lowercase() == y.name.trim().to_lowercase()
    };
    let gone: Vec<usize> = pairs
        .iter()
        .filter_map(|p| if p.1.is_none() { p.0 } else { None })
        .collect();
    for i in gone {
        let candidates: Vec<usize> = pairs
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                p.0.is_none()
                    && p.1
                        .is_some_and(|j| same_name(old_t[i].teaching, new_t[j].teaching))
            })
            .map(|(k, _)| k)
            .collect();
        if let [k] = candidates[..] {
            pairs[k].0 = Some(i);
            pairs.retain(|p| !(p.0 == Some(i) && p.1.is_none()));
        }
    }

    for (i, j) in pairs {
        match (i.map(|i| &old_t[i]), j.map(|j| &new_t[j])) {
            (None, Some(f)) => out.push(
                Class::Creation,
                here.clone(),
                format!(
                    "{} « {} » créée ({} ; {} ; dans {})",
                    f.teaching.code.value,
                    f.teaching.name,
                    kind_word(f.teaching.kind),
                    hours_words(&f.hours),
                    if f.coefs.is_empty() {
                        "aucune UE".to_string()
                    } else {
                        coefs_words(&f.coefs)
                    }
                ),
            ),
            (Some(f), None) => out.push(
                Class::Creation,
                here.clone(),
                format!(
                    "{} « {} » supprimée ({} ; {} ; était dans {})",
                    f.teaching.code.value,
                    f.teaching.name,
                    kind_word(f.teaching.kind),
                    hours_words(&f.hours),
                    if f.coefs.is_empty() {
                        "aucune UE".to_string()
                    } else {
                        coefs_words(&f.coefs)
                    }
                ),
            ),
            (Some(x), Some(y)) => teaching(n, x, y, out),
            (None, None) => {}
        }
    }

    // UEs, by code.
    for u in &b.ues {
        match a.ues.iter().find(|o| o.code.value == u.code.value) {
            None => out.push(
                Class::Creation,
                here.clone(),
                format!(
                    "{} « {} » créée ({} ECTS)",
                    u.code.value,
                    u.intitule.as_deref().unwrap_or(""),
                    u.ects
                        .as_ref()
                        .map_or_else(|| "sans".to_string(), |e| e.value.fr())
                ),
            ),
            Some(o) => ue(n, o, u, out),
        }
    }
    for o in a
        .ues
        .iter()
        .filter(|o| !b.ues.iter().any(|u| u.code.value == o.code.value))
    {
        out.push(
            Class::Creation,
            here.clone(),
            format!(
                "{} « {} » supprimée",
                o.code.value,
                o.intitule.as_deref().unwrap_or("")
            ),
        );
    }
}

fn teaching(n: u8, x: &Facts, y: &Facts, out: &mut Changes) {
    let here = Scope::Semester { semestre: n };
    let (a, b) = (x.teaching, y.teaching);
    let who = named(b);
    if a.code.value != b.code.value {
        out.push(
            Class::Textes,
            here.clone(),
            format!(
                "{} « {} » : code {} → {}",
                a.code.value, b.name, a.code.value, b.code.value
            ),
        );
    }
    out.value(
        Class::Textes,
        here.clone(),
        &format!("{} : intitulé", b.code.value),
        Some(&a.name),
        Some(&b.name),
    );
    if a.kind != b.kind {
        out.push(
            Class::Mccc,
            here.clone(),
            format!("{who} : {} → {}", kind_word(a.kind), kind_word(b.kind)),
        );
    }
    out.value(
        Class::Mccc,
        here.clone(),
        &format!("{who} : évaluation"),
        a.evaluation.as_deref(),
        b.evaluation.as_deref(),
    );
    if x.hours != y.hours {
        let mut parts: Vec<String> = HOUR_FIELDS
            .iter()
            .filter(|(_, get)| get(&x.hours) != get(&y.hours))
            .map(|(name, get)| {
                format!("{name} {} h → {} h", get(&x.hours).fr(), get(&y.hours).fr())
            })
            .collect();
        let (t0, t1) = (x.hours.hors_projet(), y.hours.hors_projet());
        if t0 != t1 {
            parts.push(format!("total {} h → {} h", t0.fr(), t1.fr()));
        }
        out.push(
            Class::Mccc,
            here.clone(),
            format!("{who} : {}", parts.join(", ")),
        );
    }
    if x.marks != y.marks {
        let shown = |m: &Option<Vec<String>>| {
            m.as_ref()
                .map_or_else(|| "(aucune)".to_string(), |m| m.join(", "))
        };
        out.push(
            Class::Mccc,
            here.clone(),
            format!(
                "{who} : UE marquées {} → {}",
                shown(&x.marks),
                shown(&y.marks)
            ),
        );
    }
    // Coefficients, under each UE.
    let word = |c: &Option<Num>| {
        c.map_or_else(|| "sans coef.".to_string(), |c| format!("coef. {}", c.fr()))
    };
    for (ue, c) in &y.coefs {
        let scope = Scope::Ue {
            semestre: n,
            ue: ue.clone(),
        };
        match x.coefs.iter().find(|(u, _)| u == ue) {
            None => out.push(
                Class::Mccc,
                scope,
                format!("{who} ajoutée à {ue} ({})", word(c)),
            ),
            Some((_, before)) if before != c => out.push(
                Class::Mccc,
                scope,
                format!(
                    "{who} : coefficient dans {ue} {} → {}",
                    plain(before),
                    plain(c)
                ),
            ),
            Some(_) => {}
        }
    }
    for (ue, c) in x
        .coefs
        .iter()
        .filter(|(u, _)| !y.coefs.iter().any(|(v, _)| v == u))
    {
        out.push(
            Class::Mccc,
            Scope::Ue {
                semestre: n,
                ue: ue.clone(),
            },
            format!("{who} retirée de {ue} (était {})", word(c)),
        );
    }
}

fn plain(c: &Option<Num>) -> String {
    c.map_or_else(|| "-".to_string(), |c| c.fr())
}

fn ue(n: u8, a: &Ue, b: &Ue, out: &mut Changes) {
    let code = &b.code.value;
    let here = Scope::Ue {
        semestre: n,
        ue: code.clone(),
    };
    out.value(
        Class::Textes,
        here.clone(),
        &format!("{code} : intitulé"),
        a.intitule.as_deref(),
        b.intitule.as_deref(),
    );
    let ects = |u: &Ue| u.ects.as_ref().map(|e| e.value);
    if ects(a) != ects(b) {
        out.push(
            Class::Mccc,
            here.clone(),
            format!("{code} : ECTS {} → {}", plain(&ects(a)), plain(&ects(b))),
        );
    }
    let coef = |u: &Ue| u.coefficient.as_ref().map(|e| e.value);
    if coef(a) != coef(b) {
        out.push(
            Class::Mccc,
            here.clone(),
            format!(
                "{code} : coefficient de l'UE {} → {}",
                plain(&coef(a)),
                plain(&coef(b))
            ),
        );
    }
    let comp = |u: &Ue| u.competences.value.join(", ");
    if comp(a) != comp(b) {
        out.push(
            Class::Mccc,
            here.clone(),
            format!("{code} : compétence {} → {}", comp(a), comp(b)),
        );
    }
    if a.level.value != b.level.value {
        out.push(
            Class::Mccc,
            here,
            format!("{code} : niveau {} → {}", a.level.value, b.level.value),
        );
    }
}

#[cfg(test)]
mod tests {
    //! The comparison on the small fixture: each kind of change, one sentence.

    use super::*;
    use crate::testing::{YEAR, edit};

    fn model(text: &str) -> Curriculum {
        let report = crate::load::parse(crate::model::source::SourceFile::new("year.yaml", text));
        report.curriculum.expect("the fixture loads")
    }

    fn sentences(old: &str, new: &str) -> Vec<(Class, String)> {
        curricula(&model(old), &model(new))
            .into_iter()
            .map(|c| (c.class, c.sentence))
            .collect()
    }

    #[test]
    fn the_same_file_has_no_change() {
        assert_eq!(sentences(YEAR, YEAR), []);
    }

    #[test]
    fn hours_changed_are_one_sentence_with_the_total() {
        let new = edit(
            YEAR,
            "{ code: R1.2, nom: Ressource 1.2, type: ressource, ues: [UE12], td: 100, total: 100 }",
            "{ code: R1.2, nom: Ressource 1.2, type: ressource, ues: [UE12], td: 112, total: 112 }",
        );
        assert_eq!(
            sentences(YEAR, &new),
            [(
                Class::Mccc,
                "R1.2 Ressource 1.2 : TD 100 h → 112 h, total 100 h → 112 h".to_string()
            )]
        );
    }

    #[test]
    fn an_ects_moved_between_ues_is_two_sentences() {
        let new = edit(
            &edit(
                YEAR,
                "code: UE11, competence: C1, niveau: 1, ects: 15",
                "code: UE11, competence: C1, niveau: 1, ects: 16",
            ),
            "code: UE12, competence: C2, niveau: 1, ects: 15",
            "code: UE12, competence: C2, niveau: 1, ects: 14",
        );
        assert_eq!(
            sentences(YEAR, &new),
            [
                (Class::Mccc, "UE11 : ECTS 15 → 16".to_string()),
                (Class::Mccc, "UE12 : ECTS 15 → 14".to_string())
            ]
        );
    }

    #[test]
    fn a_coefficient_changed_is_placed_under_its_ue() {
        let new = edit(
            YEAR,
            "ressources: [{ code: R1.1, coef: 50 }]",
            "ressources: [{ code: R1.1, coef: 40.5 }]",
        );
        let changes = curricula(&model(YEAR), &model(&new));
        assert_eq!(changes.len(), 1);
        assert_eq!(
            changes[0].scope,
            Scope::Ue {
                semestre: 1,
                ue: "UE11".into()
            }
        );
        assert_eq!(
            changes[0].sentence,
            "R1.1 Ressource 1.1 : coefficient dans UE11 50 → 40,5"
        );
    }

    #[test]
    fn a_ue_linked_to_another_competence_is_a_change_of_the_mccc() {
        let new = edit(
            YEAR,
            "code: UE12, competence: C2",
            "code: UE12, competence: C1",
        );
        assert!(
            sentences(YEAR, &new).contains(&(Class::Mccc, "UE12 : compétence C2 → C1".to_string()))
        );
    }

    #[test]
    fn a_new_code_for_the_same_teaching_is_a_rename() {
        let new = YEAR.replace("R1.2", "R1.9");
        assert_eq!(
            sentences(YEAR, &new),
            [(
                Class::Textes,
                "R1.2 « Ressource 1.2 » : code R1.2 → R1.9".to_string()
            )]
        );
    }

    #[test]
    fn an_evaluation_type_changed_is_a_change_of_the_mccc() {
        let new = edit(
            YEAR,
            "{ code: R1.2, nom: Ressource 1.2, type: ressource,",
            "{ code: R1.2, nom: Ressource 1.2, type: ressource, evaluation: CT,",
        );
        assert_eq!(
            sentences(YEAR, &new),
            [(
                Class::Mccc,
                "R1.2 Ressource 1.2 : évaluation : « CC » → « CT »".to_string()
            )]
        );
    }

    fn finding(rule: &'static str, message: &str) -> Finding {
        Finding {
            severity: "error",
            rule,
            line: Some(1),
            message: message.into(),
        }
    }

    #[test]
    fn findings_are_fixed_introduced_or_kept_with_other_figures() {
        let old = [
            finding(
                "total-mismatch",
                "TOTAL UE31: the coefficient is printed 1 but its two pôles add up to 17,5",
            ),
            finding("pole-weight", "UE43: the ressources weigh 36,3 %"),
        ];
        let new = [
            finding(
                "total-mismatch",
                "TOTAL UE31: the coefficient is printed 1 but its two pôles add up to 18",
            ),
            finding("ects-semester", "S3: the UEs total 31 ECTS, not 30"),
        ];
        let found = findings(&old, &new);
        assert_eq!(found.fixed, [old[1].clone()]);
        assert_eq!(found.introduced, [new[1].clone()]);
        assert_eq!(found.refigured, [new[0].clone()]);
    }
}
