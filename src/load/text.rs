//! Small text helpers shared by the readers and the writers of YAML:
//! texts broken over lines, codes compared loosely, values quoted.

/// Words separated by one space: XML exports and spreadsheets break long
/// texts over lines.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Upper-case ASCII letters and digits only, accents transliterated and `°`
/// dropped: `R1.01` and `r101` are the same code, `N°` is `N`.
pub fn fold(s: &str) -> String {
    deunicode::deunicode(&s.replace('°', ""))
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A YAML double-quoted scalar holding `s` exactly: JSON's string syntax is
/// valid YAML, and escapes quotes, backslashes and control characters.
pub fn yaml_quoted(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_fold_to_letters_and_digits() {
        assert_eq!(fold("R1.01"), fold("r101"));
        assert_eq!(fold("N° étudiant"), "NETUDIANT");
        assert_eq!(one_line("a\n   b  c"), "a b c");
        assert_eq!(yaml_quoted("l'\"x\"\\"), r#""l'\"x\"\\""#);
    }
}
