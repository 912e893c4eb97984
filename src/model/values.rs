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
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Coef, E> {
                Ok(Coef::Value(Num::int(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Coef, E> {
                Ok(Coef::Value(Num(v.into())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Coef, E> {
                let n: Num = Num::deserialize(de::value::F64Deserializer::<E>::new(v))?;
                Ok(Coef::Value(n))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Coef, E> {
                if matches!(v.trim(), "-" | "–") {
                    return Ok(Coef::Dash);
                }
                let n: Num = Num::deserialize(de::value::StrDeserializer::<E>::new(v))?;
                Ok(Coef::Value(n))
            }
        }
        d.deserialize_any(V)
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
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Weeks, E> {
                let n = Num(v.into());
                Ok(Weeks { min: n, max: n })
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Weeks, E> {
                let n = Num::int(v);
                Ok(Weeks { min: n, max: n })
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Weeks, E> {
                let n: Num = Num::deserialize(de::value::F64Deserializer::<E>::new(v))?;
                Ok(Weeks { min: n, max: n })
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Weeks, E> {
                let parts: Vec<&str> = v.split(['-', '–']).collect();
                match parts.as_slice() {
                    [a, b] => match (Num::parse(a), Num::parse(b)) {
                        (Some(min), Some(max)) if min <= max => Ok(Weeks { min, max }),
                        _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                    },
                    _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                }
            }
        }
        d.deserialize_any(V)
    }
}
