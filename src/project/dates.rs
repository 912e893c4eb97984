//! The date each document carries: `SOURCE_DATE_EPOCH` when set, else the
//! jury's date (cohorts) or 1 September of the academic year (curricula);
//! never the clock, so the same sources give the same bytes.

use typst::foundations::Datetime;

use crate::render::fmt::parse_date;

/// The date a cohort's documents carry: `SOURCE_DATE_EPOCH` when set, else
/// the jury's date, else as [`document_date`] says.
pub fn jury_document_date(jury_date: &str, annee_universitaire: &str) -> Datetime {
    if std::env::var_os("SOURCE_DATE_EPOCH").is_none()
        && let Some((y, m, d)) = parse_date(jury_date)
        && let Some(dt) = Datetime::from_ymd(y, m, d)
    {
        return dt;
    }
    document_date(Some(annee_universitaire))
}

/// The date a deliberation carries: `SOURCE_DATE_EPOCH` when set, else its
/// séance (`25 mars 2025`), else as [`document_date`] says.
pub fn seance_date(seance: &str, annee_universitaire: Option<&str>) -> Datetime {
    if std::env::var_os("SOURCE_DATE_EPOCH").is_none()
        && let Some((y, m, d)) = crate::render::fmt::parse_date_in_words(seance)
        && let Some(dt) = Datetime::from_ymd(y, m, d)
    {
        return dt;
    }
    document_date(annee_universitaire)
}

/// The date a curriculum's documents carry: `SOURCE_DATE_EPOCH` when set,
/// else 1 September of its academic year, else 1 January 2000. Never the
/// clock, so the same sources give the same bytes.
pub fn document_date(annee_universitaire: Option<&str>) -> Datetime {
    if let Some(secs) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        && let Some((y, m, d)) = epoch_date(secs)
        && let Some(dt) = Datetime::from_ymd(y, m, d)
    {
        return dt;
    }
    annee_universitaire
        .and_then(|a| a.get(..4)?.parse::<i32>().ok())
        .and_then(|y| Datetime::from_ymd(y, 9, 1))
        .unwrap_or_else(|| Datetime::from_ymd(2000, 1, 1).expect("a valid date"))
}

/// Seconds since 1970-01-01 UTC → (year, month, day), by chrono.
fn epoch_date(secs: i64) -> Option<(i32, u8, u8)> {
    use chrono::Datelike;
    let date = chrono::DateTime::from_timestamp(secs, 0)?.date_naive();
    Some((date.year(), date.month() as u8, date.day() as u8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_seconds_become_calendar_dates() {
        assert_eq!(epoch_date(0), Some((1970, 1, 1)));
        assert_eq!(epoch_date(19_723 * 86_400), Some((2024, 1, 1)));
        assert_eq!(epoch_date(11_016 * 86_400 + 86_399), Some((2000, 2, 29)));
        assert_eq!(epoch_date(i64::MAX), None);
    }
}
