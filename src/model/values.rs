//! Values written in the files that the model keeps as they are: a regime,
//! a kind of teaching, a coefficient (or `-`), a number of weeks (or a range).

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use super::num::Num;

/// Regime of study.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Regime {
    /// Formation initiale.
    Initiale,
    /// Alternance / apprentissage.
    Alternance,
}

impl Regime {
    /// As printed on the documents.
    pub fn label(self) -> &'static str {
        match self {
            Regime::Initiale => "Formation initiale",
            Regime::Alternance => "Formation par apprentissage",
        }
    }
}

/// Kind of teaching.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Ressource,
    Sae,
    Portfolio,
    Ppp,
    Stage,
}

impl Kind {
    /// True for the kinds that belong to the pôle SAÉ.
    pub fn is_sae_pole(self) -> bool {
        matches!(self, Kind::Sae | Kind::Portfolio | Kind::Stage)
    }
}

/// A coefficient: a number, or `-` for a teaching listed with none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coef {
    Value(Num),
    Dash,
}

impl<'de> Deserialize<'de> for Coef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Coef, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Coef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a coefficient (a number, or - for none)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Coef, E> {
                if matches!(v.trim(), "-" | "–") {
                    return Ok(Coef::Dash);
                }
                Num::read(v).map(Coef::Value).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

/// A number of weeks (`10`) or a range (`8-10`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weeks {
    pub min: Num,
    pub max: Num,
}

impl<'de> Deserialize<'de> for Weeks {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Weeks, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Weeks;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number of weeks (10) or a range (8-10)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Weeks, E> {
                let parts: Vec<&str> = v.split(['-', '–']).collect();
                match parts.as_slice() {
                    [n] => Num::read(n).map(|n| Weeks { min: n, max: n }).map_err(|_| {
                        E::custom(format!(
                            "`{v}` is not a number of weeks: write 10, or a range such as 8-10"
                        ))
                    }),
                    [a, b] => match (Num::read(a), Num::read(b)) {
                        (Ok(min), Ok(max)) if min <= max => Ok(Weeks { min, max }),
                        _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                    },
                    _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                }
            }
        }
        d.deserialize_str(V)
    }
}
