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

/// The date a curriculum's documents carry: `SOURCE_DATE_EPOCH` when set,
/// else 1 September of its academic year, else 1 January 2000. Never the
/// clock, so the same sources give the same bytes.
pub fn document_date(annee_universitaire: Option<&str>) -> Datetime {
    if let Some(secs) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
    {
        let days = secs.div_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        if let Some(dt) = Datetime::from_ymd(y, m, d) {
            return dt;
        }
    }
    annee_universitaire
        .and_then(|a| a.get(..4)?.parse::<i32>().ok())
        .and_then(|y| Datetime::from_ymd(y, 9, 1))
        .unwrap_or_else(|| Datetime::from_ymd(2000, 1, 1).expect("a valid date"))
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian.
fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m as u8, d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_days_become_calendar_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
