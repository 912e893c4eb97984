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
    /// A semester block (its teachings): its number and, when the file has
    /// a block per group of parcours, their codes.
    Semester {
        semestre: u8,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        parcours: Vec<String>,
    },
    /// A UE of a semester (its ECTS, competence, the coefficients of its teachings).
    Ue {
        semestre: u8,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        parcours: Vec<String>,
        ue: String,
    },
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
    // The message with its figures (words made of digits only) left out;
    // codes such as UE31 or S3 stay.
    let shape = |f: &Finding| -> (&str, Vec<String>) {
        let figure = |w: &str| {
            let w = w.trim_end_matches([',', ';', ')', '.', ':']);
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_digit() || c == ',' || c == '.' || c == '%')
        };
        (
            f.rule,
            f.message
                .split_whitespace()
                .filter(|w| !figure(w))
                .map(str::to_string)
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
    for (place, a, b) in blocks(old, new) {
        let parcours = |s: &Semester| s.parcours.join(", ");
        match (a, b) {
            (Some(a), Some(b)) => {
                if sorted(&a.parcours) != sorted(&b.parcours) {
                    out.push(
                        Class::Mccc,
                        place.semester(),
                        format!(
                            "{} : parcours {} → {}",
                            place.label(),
                            parcours(a),
                            parcours(b)
                        ),
                    );
                }
                semester(&place, a, b, &mut out);
            }
            (None, Some(b)) => out.push(
                Class::Creation,
                place.semester(),
                format!("{} : création ({})", place.label(), contents(b)),
            ),
            (Some(a), None) => out.push(
                Class::Creation,
                place.semester(),
                format!("{} : suppression ({})", place.label(), contents(a)),
            ),
            (None, None) => {}
        }
    }
    out.join_moves();
    out.changes
}

fn sorted(v: &[String]) -> Vec<&String> {
    let mut v: Vec<&String> = v.iter().collect();
    v.sort();
    v
}

/// `5 UE, 1 enseignement`.
fn contents(s: &Semester) -> String {
    format!(
        "{}, {}",
        plural(s.ues.len(), "UE", "UE"),
        plural(s.teachings.len(), "enseignement", "enseignements")
    )
}

/// `1 enseignement`, `2 enseignements`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n > 1 { many } else { one })
}

/// A teaching created or removed in a semester, remembered to find the
/// ones that only moved to another semester.
struct Moved {
    at: usize,
    code: String,
    label: String,
}

#[derive(Default)]
struct Changes {
    changes: Vec<Change>,
    created: Vec<Moved>,
    removed: Vec<Moved>,
}

impl Changes {
    fn push(&mut self, class: Class, scope: Scope, sentence: String) {
        self.changes.push(Change {
            class,
            scope,
            sentence,
            words: Vec::new(),
        });
    }

    /// A teaching created or removed in `place`, for [`Changes::join_moves`].
    fn push_teaching(&mut self, created: bool, place: &Place, code: &str, sentence: String) {
        let moved = Moved {
            at: self.changes.len(),
            code: code.to_string(),
            label: place.label(),
        };
        if created {
            self.created.push(moved);
        } else {
            self.removed.push(moved);
        }
        self.push(Class::Creation, place.semester(), sentence);
    }

    /// A code removed from one semester and created in another is one
    /// teaching moved: one sentence, in its new semester.
    fn join_moves(&mut self) {
        let mut gone = Vec::new();
        for r in &self.removed {
            let Some(c) = self
                .created
                .iter()
                .find(|c| c.code == r.code && c.label != r.label)
            else {
                continue;
            };
            let created = &mut self.changes[c.at];
            created.class = Class::Mccc;
            created.sentence = created.sentence.replacen(
                " : création (",
                &format!(" : déplacé de {} vers {} (", r.label, c.label),
                1,
            );
            gone.push(r.at);
        }
        let mut i = 0;
        self.changes.retain(|_| {
            i += 1;
            !gone.contains(&(i - 1))
        });
    }

    /// A text changed: its sentence and its words. Texts that differ only
    /// in their spacing (a paragraph reflowed) have not changed.
    fn text(&mut self, scope: Scope, what: &str, old: Option<&str>, new: Option<&str>) {
        let (a, b) = (old.unwrap_or("").trim(), new.unwrap_or("").trim());
        if a.split_whitespace().eq(b.split_whitespace()) {
            return;
        }
        let sentence = match (a.is_empty(), b.is_empty()) {
            (true, _) => format!("{what} : ajout"),
            (_, true) => format!("{what} : suppression"),
            _ => format!("{what} : modification ({})", words::summary(a, b)),
        };
        self.changes.push(Change {
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
        let shown = |v: Option<&str>| v.map_or_else(|| "—".to_string(), |v| format!("« {v} »"));
        self.push(
            class,
            scope,
            format!("{what} : {} → {}", shown(old), shown(new)),
        );
    }
}

/// Where a semester block sits: its number and, when a version has several
/// blocks of that number (one per group of parcours), its parcours.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Place {
    number: u8,
    parcours: Vec<String>,
}

impl Place {
    fn label(&self) -> String {
        if self.parcours.is_empty() {
            format!("S{}", self.number)
        } else {
            format!("S{} (parcours {})", self.number, self.parcours.join(", "))
        }
    }

    fn semester(&self) -> Scope {
        Scope::Semester {
            semestre: self.number,
            parcours: self.parcours.clone(),
        }
    }

    fn ue(&self, code: &str) -> Scope {
        Scope::Ue {
            semestre: self.number,
            parcours: self.parcours.clone(),
            ue: code.to_string(),
        }
    }
}

/// The semester blocks of both versions, paired: by number; when a number
/// has several blocks, by the same parcours, then by parcours in common.
fn blocks<'a>(
    old: &'a Curriculum,
    new: &'a Curriculum,
) -> Vec<(Place, Option<&'a Semester>, Option<&'a Semester>)> {
    let mut numbers: Vec<u8> = old
        .semesters
        .iter()
        .chain(&new.semesters)
        .map(|s| s.number.value)
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    let mut out = Vec::new();
    for n in numbers {
        let of = |c: &'a Curriculum| -> Vec<&'a Semester> {
            c.semesters.iter().filter(|s| s.number.value == n).collect()
        };
        let (mut a, mut b) = (of(old), of(new));
        let several = a.len() > 1 || b.len() > 1;
        let place = |s: &Semester| Place {
            number: n,
            parcours: if several {
                s.parcours.clone()
            } else {
                Vec::new()
            },
        };
        let mut pairs: Vec<(Option<&Semester>, Option<&Semester>)> = Vec::new();
        if !several {
            pairs.push((a.pop(), b.pop()));
        } else {
            for same in [true, false] {
                let mut i = 0;
                while i < a.len() {
                    let fits = |x: &Semester| {
                        if same {
                            sorted(&x.parcours) == sorted(&a[i].parcours)
                        } else {
                            x.parcours.iter().any(|p| a[i].parcours.contains(p))
                        }
                    };
                    match b.iter().position(|x| fits(x)) {
                        Some(j) => pairs.push((Some(a.remove(i)), Some(b.remove(j)))),
                        None => i += 1,
                    }
                }
            }
            pairs.extend(a.into_iter().map(|x| (Some(x), None)));
            pairs.extend(b.into_iter().map(|y| (None, Some(y))));
        }
        for (x, y) in pairs {
            let at = place(y.or(x).expect("a block on one side"));
            out.push((at, x, y));
        }
    }
    out
}

fn general(old: &Curriculum, new: &Curriculum, out: &mut Changes) {
    let (a, b) = (&old.formation, &new.formation);
    let fields: [(&str, &Option<String>, &Option<String>); 10] = [
        ("Établissement", &a.etablissement, &b.etablissement),
        ("Composante", &a.composante, &b.composante),
        ("Département", &a.departement, &b.departement),
        ("Adresse", &a.adresse, &b.adresse),
        ("Téléphone", &a.telephone, &b.telephone),
        ("Fax", &a.fax, &b.fax),
        ("Site", &a.site, &b.site),
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
    let regime = |r: Option<crate::model::Regime>| r.map(|r| r.label().to_string());
    out.value(
        Class::Mccc,
        Scope::General,
        "Régime",
        regime(a.regime).as_deref(),
        regime(b.regime).as_deref(),
    );
    if a.abj_counts_zero != b.abj_counts_zero {
        let abj = |zero: bool| {
            if zero {
                "comptée zéro"
            } else {
                "neutralisée"
            }
        };
        out.push(
            Class::Mccc,
            Scope::General,
            format!(
                "Absence justifiée : {} → {}",
                abj(a.abj_counts_zero),
                abj(b.abj_counts_zero)
            ),
        );
    }
    let dept = |f: &crate::model::Formation| {
        f.dept_type
            .as_ref()
            .map(|d| format!("{:?}", d.value).to_lowercase())
    };
    out.value(
        Class::Mccc,
        Scope::General,
        "Type de département",
        dept(a).as_deref(),
        dept(b).as_deref(),
    );
    out.value(
        Class::Textes,
        Scope::General,
        "Langues",
        Some(&a.langues.join(", ")),
        Some(&b.langues.join(", ")),
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
        out.value(
            Class::Textes,
            Scope::General,
            &format!("Compétence {} : nom", c.code),
            Some(&o.nom),
            Some(&c.nom),
        );
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
        (
            "Texte « Les compétences du programme national »",
            &x.competences,
            &y.competences,
        ),
        (
            "Texte « Compétences acquises à l’issue de l’année »",
            &x.niveaux,
            &y.niveaux,
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
    if t.name.trim().is_empty() {
        t.code.value.clone()
    } else {
        format!("{} {}", t.code.value, t.name)
    }
}

/// `R3.05 « Anglais »`, or the code alone for a teaching without a name.
fn quoted_name(t: &Teaching) -> String {
    if t.name.trim().is_empty() {
        t.code.value.clone()
    } else {
        format!("{} « {} »", t.code.value, t.name)
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
    /// (UE code, coefficient) in the UEs' order, one per row; `None` for a `-` cell.
    coefs: Vec<(String, Option<Num>)>,
    /// UE codes marked with an X, sorted, when the source has marks.
    marks: Option<Vec<String>>,
}

fn facts(s: &Semester) -> Vec<Facts<'_>> {
    (0..s.teachings.len())
        .map(|t| Facts {
            teaching: &s.teachings[t],
            hours: s.teaching_hours(t),
            coefs: s
                .coefficients(t)
                .into_iter()
                .map(|(ui, c, _)| (s.ues[ui].code.value.clone(), c))
                .collect(),
            marks: s.teachings[t].marks.as_ref().map(|m| {
                let mut codes: Vec<String> = m
                    .iter()
                    .map(|ui| s.ues[ui.value].code.value.clone())
                    .collect();
                codes.sort();
                codes
            }),
        })
        .collect()
}

fn coefs_words(coefs: &[(String, Option<Num>)]) -> String {
    if coefs.is_empty() {
        return "aucune UE".to_string();
    }
    coefs
        .iter()
        .map(|(ue, c)| match c {
            Some(c) => format!("{ue} (coef. {})", c.fr()),
            None => format!("{ue} (sans coef.)"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn semester(place: &Place, a: &Semester, b: &Semester, out: &mut Changes) {
    let here = place.semester();
    let (old_t, new_t) = (facts(a), facts(b));
    let find =
        |list: &'_ [Facts<'_>], code: &str| list.iter().position(|f| f.teaching.code.value == code);

    // Pairs (old, new) by code, then renames: a code gone and a code come
    // with the same name, when that name fits one teaching only.
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
    for &i in &gone {
        let namesakes = gone
            .iter()
            .filter(|&&k| same_name(old_t[k].teaching, old_t[i].teaching))
            .count();
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
        if let [k] = candidates[..]
            && namesakes == 1
        {
            pairs[k].0 = Some(i);
            pairs.retain(|p| !(p.0 == Some(i) && p.1.is_none()));
        }
    }

    for (i, j) in pairs {
        match (i.map(|i| &old_t[i]), j.map(|j| &new_t[j])) {
            (None, Some(f)) => out.push_teaching(
                true,
                place,
                &f.teaching.code.value,
                format!(
                    "{} : création ({} ; {} ; dans {})",
                    quoted_name(f.teaching),
                    kind_word(f.teaching.kind),
                    hours_words(&f.hours),
                    coefs_words(&f.coefs)
                ),
            ),
            (Some(f), None) => out.push_teaching(
                false,
                place,
                &f.teaching.code.value,
                format!(
                    "{} : suppression ({} ; {} ; était dans {})",
                    quoted_name(f.teaching),
                    kind_word(f.teaching.kind),
                    hours_words(&f.hours),
                    coefs_words(&f.coefs)
                ),
            ),
            (Some(x), Some(y)) => teaching(place, x, y, out),
            (None, None) => {}
        }
    }

    if a.regime != b.regime {
        let regime = |r: Option<crate::model::Regime>| r.map_or("—", |r| r.label());
        out.push(
            Class::Mccc,
            here.clone(),
            format!(
                "{} : régime {} → {}",
                place.label(),
                regime(a.regime),
                regime(b.regime)
            ),
        );
    }
    let adaptation = |s: &Semester| s.local_adaptation.as_ref().map(|h| h.value);
    if adaptation(a) != adaptation(b) {
        let h = |v: Option<Num>| v.map_or_else(|| "—".to_string(), |v| format!("{} h", v.fr()));
        out.push(
            Class::Mccc,
            here.clone(),
            format!(
                "{} : heures d'adaptation locale {} → {}",
                place.label(),
                h(adaptation(a)),
                h(adaptation(b))
            ),
        );
    }

    // UEs, by code.
    for u in &b.ues {
        match a.ues.iter().find(|o| o.code.value == u.code.value) {
            None => out.push(
                Class::Creation,
                place.ue(&u.code.value),
                format!(
                    "{} : création ({} niveau {}, {} ECTS)",
                    ue_name(u),
                    u.competences.value.join(", "),
                    u.level.value,
                    u.ects
                        .as_ref()
                        .map_or_else(|| "sans".to_string(), |e| e.value.fr())
                ),
            ),
            Some(o) => ue(place, o, u, out),
        }
    }
    for o in a
        .ues
        .iter()
        .filter(|o| !b.ues.iter().any(|u| u.code.value == o.code.value))
    {
        out.push(
            Class::Creation,
            place.ue(&o.code.value),
            format!("{} : suppression", ue_name(o)),
        );
    }
}

/// `UE31 « Comprendre… »`, or the code alone.
fn ue_name(u: &Ue) -> String {
    match u.intitule.as_deref().map(str::trim) {
        Some(i) if !i.is_empty() => format!("{} « {i} »", u.code.value),
        _ => u.code.value.clone(),
    }
}

fn teaching(place: &Place, x: &Facts, y: &Facts, out: &mut Changes) {
    let here = place.semester();
    let (a, b) = (x.teaching, y.teaching);
    let who = named(b);
    if a.code.value != b.code.value {
        out.push(
            Class::Textes,
            here.clone(),
            format!(
                "{} : code {} → {}",
                quoted_name(a),
                a.code.value,
                b.code.value
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
                .filter(|m| !m.is_empty())
                .map_or_else(|| "aucune".to_string(), |m| m.join(", "))
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
    // Coefficients, under each UE: the rows of a UE in order.
    let word = |c: &Option<Num>| {
        c.map_or_else(|| "sans coef.".to_string(), |c| format!("coef. {}", c.fr()))
    };
    let mut ues: Vec<&str> = y
        .coefs
        .iter()
        .chain(&x.coefs)
        .map(|(u, _)| u.as_str())
        .collect();
    ues.sort_unstable();
    ues.dedup();
    for ue in ues {
        let rows = |f: &Facts| -> Vec<Option<Num>> {
            f.coefs
                .iter()
                .filter(|(u, _)| u == ue)
                .map(|(_, c)| *c)
                .collect()
        };
        let (before, after) = (rows(x), rows(y));
        let scope = place.ue(ue);
        let list = |v: &[Option<Num>]| v.iter().map(plain).collect::<Vec<_>>().join(" + ");
        match (before.as_slice(), after.as_slice()) {
            (b, a) if b == a => {}
            ([], a) => out.push(
                Class::Mccc,
                scope,
                format!(
                    "{who} : ajout dans {ue} ({})",
                    a.iter().map(word).collect::<Vec<_>>().join(", ")
                ),
            ),
            (b, []) => out.push(
                Class::Mccc,
                scope,
                format!(
                    "{who} : retrait de {ue} (était {})",
                    b.iter().map(word).collect::<Vec<_>>().join(", ")
                ),
            ),
            (b, a) => out.push(
                Class::Mccc,
                scope,
                format!("{who} : coefficient dans {ue} {} → {}", list(b), list(a)),
            ),
        }
    }
}

fn plain(c: &Option<Num>) -> String {
    c.map_or_else(|| "-".to_string(), |c| c.fr())
}

fn ue(place: &Place, a: &Ue, b: &Ue, out: &mut Changes) {
    let code = &b.code.value;
    let here = place.ue(code);
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
                parcours: Vec::new(),
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

    #[test]
    fn a_teaching_moved_to_the_next_semester_is_one_move() {
        let moved = edit(
            &edit(
                YEAR,
                "      - { code: R1.2, nom: Ressource 1.2, type: ressource, ues: [UE12], td: 100, total: 100 }\n",
                "",
            ),
            "      - { code: R2.2, nom: Ressource 2.2,",
            "      - { code: R1.2, nom: Ressource 1.2, type: ressource, ues: [UE22], td: 100, total: 100 }\n      - { code: R2.2, nom: Ressource 2.2,",
        );
        let moved = edit(
            &moved,
            "ressources: [{ code: R1.2, coef: 50 }]",
            "ressources: []",
        );
        let moved = edit(
            &moved,
            "ressources: [{ code: R2.2, coef: 50 }]",
            "ressources: [{ code: R2.2, coef: 50 }, { code: R1.2, coef: 10 }]",
        );
        let found = sentences(YEAR, &moved);
        assert_eq!(
            found,
            [(
                Class::Mccc,
                "R1.2 « Ressource 1.2 » : déplacé de S1 vers S2 (ressource ; TD 100 h, total 100 h ; dans UE22 (coef. 10))".to_string()
            )]
        );
    }

    #[test]
    fn marks_written_in_another_order_are_the_same_marks() {
        let a = edit(YEAR, "ues: [UE11], cm: 50", "ues: [UE11, UE12], cm: 50");
        let b = edit(YEAR, "ues: [UE11], cm: 50", "ues: [UE12, UE11], cm: 50");
        assert_eq!(sentences(&a, &b), []);
    }

    #[test]
    fn a_text_reflowed_has_not_changed() {
        let a = edit(
            YEAR,
            "  evaluation: CC\n",
            "  evaluation: CC\ntextes:\n  objectifs: Un texte sur une ligne.\n",
        );
        let b = edit(
            YEAR,
            "  evaluation: CC\n",
            "  evaluation: CC\ntextes:\n  objectifs: |\n    Un texte\n    sur une ligne.\n",
        );
        assert_eq!(sentences(&a, &b), []);
    }

    #[test]
    fn findings_with_other_codes_are_not_the_same_problem() {
        let old = [finding(
            "ects-semester",
            "S3: the UEs total 31 ECTS, not 30",
        )];
        let new = [finding(
            "ects-semester",
            "S4: the UEs total 29 ECTS, not 30",
        )];
        let found = findings(&old, &new);
        assert_eq!(found.fixed, old);
        assert_eq!(found.introduced, new);
        assert!(found.refigured.is_empty());
    }

    #[test]
    fn a_semester_split_into_blocks_per_parcours_is_matched_by_parcours() {
        let two = edit(
            YEAR,
            "formation:\n",
            "parcours:\n  - { code: A, nom: Parcours A }\n  - { code: B, nom: Parcours B }\nformation:\n",
        );
        let s2 = &two[two.find("  - numero: 2\n").unwrap()..];
        let split = two.replace(
            s2,
            &format!(
                "{}{}",
                s2.replacen("  - numero: 2\n", "  - numero: 2\n    parcours: [A]\n", 1),
                s2.replacen("  - numero: 2\n", "  - numero: 2\n    parcours: [B]\n", 1)
            ),
        );
        let changes = curricula(&model(&two), &model(&split));
        let found: Vec<&str> = changes.iter().map(|c| c.sentence.as_str()).collect();
        assert_eq!(
            found,
            [
                "S2 (parcours A) : parcours A, B → A",
                "S2 (parcours B) : création (2 UE, 4 enseignements)"
            ]
        );
        assert_eq!(
            changes[1].scope,
            Scope::Semester {
                semestre: 2,
                parcours: vec!["B".into()]
            }
        );
    }
}
