//! Spreadsheets and CSV files as tables of cells that remember where they
//! are (`notes-s1.xlsx, feuille S1, C12`).
//!
//! XLSX and ODS are read with calamine; CSV as Excel writes it in France:
//! `;` between cells (`,` and tabs are recognised too), UTF-8 with or
//! without a BOM, else Windows-1252.

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};

/// One cell's content, as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    /// A number, written as the shortest decimal that reads back as the
    /// stored value (a spreadsheet's 9.995 is `9.995`, not 9.99499…).
    Number(String),
    Text(String),
    /// A cell computed by a formula (its last computed value aside).
    Formula(String),
    /// A cell in error (`#DIV/0!`…).
    Error(String),
    /// A cell covered by a merged region that starts elsewhere.
    Merged,
    /// A date or a time (a grade typed `12:5` becomes 12:05).
    Date(String),
}

/// A sheet (or a CSV file): rows of cells.
#[derive(Debug, Clone)]
pub struct Table {
    /// The file's name as the user gave it.
    pub file: String,
    /// The sheet's name; `None` for a CSV file.
    pub sheet: Option<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// Where a cell is, for a person: `notes-s1.xlsx, feuille S1, C12`.
    pub fn at(&self, row: usize, col: usize) -> String {
        let cell = format!("{}{}", column_name(col), row + 1);
        match &self.sheet {
            Some(s) => format!("{}, feuille {s}, {cell}", self.file),
            None => format!("{}, {cell}", self.file),
        }
    }

    /// Where a row is: `notes-s1.xlsx, feuille S1, ligne 12`.
    pub fn at_row(&self, row: usize) -> String {
        match &self.sheet {
            Some(s) => format!("{}, feuille {s}, ligne {}", self.file, row + 1),
            None => format!("{}, ligne {}", self.file, row + 1),
        }
    }
}

/// `A`…`Z`, `AA`…: a spreadsheet's name for column `col` (0-based).
pub fn column_name(mut col: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII letters")
}

/// Reads a spreadsheet (every sheet) or a CSV file.
pub fn read(path: &Path) -> Result<Vec<Table>, String> {
    let file = path.display().to_string();
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "csv" | "txt" => {
            let bytes = match crate::load::read_bounded(path) {
                Ok(Ok(b)) => b,
                Ok(Err(_)) => return Err("it is not a regular file of a reasonable size".into()),
                Err(e) => return Err(format!("cannot read it ({e})")),
            };
            Ok(vec![csv(&file, &bytes)?])
        }
        "xlsx" | "xlsm" | "xls" | "ods" => spreadsheet(path, &file),
        _ => Err("it is not a spreadsheet (.xlsx, .ods) nor a CSV file (.csv)".into()),
    }
}

fn spreadsheet(path: &Path, file: &str) -> Result<Vec<Table>, String> {
    if !path.is_file() {
        return Err("it is not a regular file".into());
    }
    let mut book =
        open_workbook_auto(path).map_err(|e| format!("cannot open it as a spreadsheet ({e})"))?;
    let merged = merged_regions(&mut book);
    let mut tables = Vec::new();
    for name in book.sheet_names() {
        let values = book
            .worksheet_range(&name)
            .map_err(|e| format!("cannot read its sheet {name} ({e})"))?;
        let formulas = book.worksheet_formula(&name).ok();
        let (top, left) = values
            .start()
            .map_or((0, 0), |(r, c)| (r as usize, c as usize));
        let height = values.end().map_or(0, |(r, _)| r as usize + 1);
        let width = values.end().map_or(0, |(_, c)| c as usize + 1);
        let mut rows = vec![vec![Cell::Empty; width]; height];
        for (r, row) in values.rows().enumerate() {
            for (c, v) in row.iter().enumerate() {
                rows[top + r][left + c] = value(v);
            }
        }
        if let Some(f) = formulas {
            for (r, c, text) in f.used_cells() {
                let (r, c) = (
                    r + f.start().map_or(0, |s| s.0 as usize),
                    c + f.start().map_or(0, |s| s.1 as usize),
                );
                if !text.is_empty() && r < height && c < width {
                    rows[r][c] = Cell::Formula(text.clone());
                }
            }
        }
        for region in merged.iter().filter(|m| m.sheet == name) {
            let ((r0, c0), (r1, c1)) = (region.from, region.to);
            for (r, row) in rows.iter_mut().enumerate().take(r1 + 1).skip(r0) {
                for (c, cell) in row.iter_mut().enumerate().take(c1 + 1).skip(c0) {
                    if (r, c) != (r0, c0) {
                        *cell = Cell::Merged;
                    }
                }
            }
        }
        tables.push(Table {
            file: file.to_string(),
            sheet: Some(name),
            rows,
        });
    }
    Ok(tables)
}

/// A merged region of a sheet: its top-left and bottom-right cells.
struct Merged {
    sheet: String,
    from: (usize, usize),
    to: (usize, usize),
}

/// The merged regions of an XLSX workbook.
fn merged_regions(book: &mut calamine::Sheets<std::io::BufReader<std::fs::File>>) -> Vec<Merged> {
    let calamine::Sheets::Xlsx(x) = book else {
        return Vec::new();
    };
    let names = x.sheet_names();
    let mut out = Vec::new();
    for name in names {
        for d in x.merge_cells_by_sheet_name(&name).unwrap_or_default() {
            out.push(Merged {
                sheet: name.clone(),
                from: (d.start.0 as usize, d.start.1 as usize),
                to: (d.end.0 as usize, d.end.1 as usize),
            });
        }
    }
    out
}

fn value(v: &Data) -> Cell {
    match v {
        Data::Empty => Cell::Empty,
        Data::String(s) if s.trim().is_empty() => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Float(f) => Cell::Number(format!("{f}")),
        Data::Int(i) => Cell::Number(i.to_string()),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::Error(e) => Cell::Error(e.to_string()),
        Data::DateTime(d) => Cell::Date(d.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Date(s.clone()),
    }
}

/// A CSV file: its encoding and separator found, every cell text.
pub fn csv(file: &str, bytes: &[u8]) -> Result<Table, String> {
    let text = decode(bytes);
    // The separator found most in the first lines; on a tie `;`, Excel's
    // in France (the last of equal counts wins).
    let head: String = text.lines().take(10).collect();
    let separator = [b',', b'\t', b';']
        .into_iter()
        .max_by_key(|s| head.matches(*s as char).count())
        .unwrap_or(b';');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("it is not readable as CSV ({e})"))?;
        rows.push(
            record
                .iter()
                .map(|t| {
                    if t.trim().is_empty() {
                        Cell::Empty
                    } else if let Some(f) = t.strip_prefix('=') {
                        Cell::Formula(f.to_string())
                    } else {
                        Cell::Text(t.to_string())
                    }
                })
                .collect(),
        );
    }
    Ok(Table {
        file: file.to_string(),
        sheet: None,
        rows,
    })
}

/// UTF-8 (a BOM dropped) when the bytes are UTF-8, else Windows-1252, the
/// encoding of a CSV saved by Excel in France.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_as_spreadsheets_name_them() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(2), "C");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(51), "AZ");
        assert_eq!(column_name(52), "BA");
    }

    #[test]
    fn a_windows_1252_csv_with_semicolons_reads_its_accents() {
        let bytes = b"numero;nom;pr\xe9nom;R101\n2400001;B\xc9RANGER;Ana\xefs;12,5\n";
        let t = csv("notes.csv", bytes).unwrap();
        assert_eq!(t.rows[0][2], Cell::Text("prénom".into()));
        assert_eq!(t.rows[1][1], Cell::Text("BÉRANGER".into()));
        assert_eq!(t.rows[1][3], Cell::Text("12,5".into()));
        assert_eq!(t.at(1, 3), "notes.csv, D2");
    }

    #[test]
    fn on_a_tie_the_separator_is_the_semicolon() {
        let t = csv("n.csv", b"numero;nom,x\n1;Zo\xc3\xab,y\n").unwrap();
        assert_eq!(
            t.rows[0],
            [Cell::Text("numero".into()), Cell::Text("nom,x".into())]
        );
    }

    #[test]
    fn a_utf8_csv_with_a_bom_and_commas_reads_too() {
        let t = csv("n.csv", "\u{feff}numero,nom\n1,Zoë\n".as_bytes()).unwrap();
        assert_eq!(t.rows[0][0], Cell::Text("numero".into()));
        assert_eq!(t.rows[1][1], Cell::Text("Zoë".into()));
    }
}
