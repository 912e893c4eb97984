//! Decision codes: what a jury decides for a UE, an RCUE or a year.

/// A decision code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[allow(clippy::upper_case_acronyms)]
pub enum Code {
    /// Admis (acquired).
    ADM,
    /// Compensé inside a validated RCUE.
    CMP,
    /// Ajourné (not acquired).
    AJ,
    /// Acquired because a higher level of the competence was validated.
    ADSUP,
    /// Passage de droit to the next year.
    PASD,
    /// Redoublement.
    RED,
    /// Non autorisé à redoubler.
    NAR,
    /// Attente: a grade is pending.
    ATT,
    /// Défaillant.
    DEF,
    /// Admis par décision de jury.
    ADJ,
    /// UE of an RCUE admitted by the jury.
    ADJR,
    /// Passage despite an RCUE below 8, by the jury.
    PAS1NCI,
    /// Démission.
    DEM,
    /// Abandon.
    ABAN,
    /// Absence de note (ABL).
    ABL,
    /// Exclusion.
    EXCLU,
    /// Attente de jury (ATJ).
    ATJ,
    /// Rattrapage (RAT).
    RAT,
}

impl Code {
    /// True for the UE codes that grant the UE's ECTS.
    pub fn grants_ects(self) -> bool {
        matches!(
            self,
            Code::ADM | Code::CMP | Code::ADJ | Code::ADJR | Code::ADSUP
        )
    }

    /// True for the UE or RCUE codes that count as validated.
    pub fn validated(self) -> bool {
        self.grants_ects()
    }

    /// Reads a code as written in a cohort file.
    pub fn parse(s: &str) -> Option<Code> {
        Some(match s.trim().to_uppercase().as_str() {
            "ADM" => Code::ADM,
            "CMP" => Code::CMP,
            "AJ" => Code::AJ,
            "ADSUP" => Code::ADSUP,
            "PASD" => Code::PASD,
            "RED" => Code::RED,
            "NAR" => Code::NAR,
            "ATT" => Code::ATT,
            "DEF" => Code::DEF,
            "ADJ" => Code::ADJ,
            "ADJR" => Code::ADJR,
            "PAS1NCI" => Code::PAS1NCI,
            "DEM" => Code::DEM,
            "ABAN" => Code::ABAN,
            "ABL" => Code::ABL,
            "EXCLU" => Code::EXCLU,
            "ATJ" => Code::ATJ,
            "RAT" => Code::RAT,
            _ => return None,
        })
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}
