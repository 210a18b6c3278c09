//! Check digits: Luhn (cards), the DNI/NIE letter, IBAN mod 97 and lengths, phone shapes.

/// 9 digits starting 6–9, optionally after 34 or 0034.
pub(super) fn is_spanish_phone(d: &str) -> bool {
    let local = match d.len() {
        9 => d,
        11 if d.starts_with("34") => &d[2..],
        13 if d.starts_with("0034") => &d[4..],
        _ => return false,
    };
    matches!(local.as_bytes()[0], b'6'..=b'9')
}

/// The Luhn check on a string of ASCII digits.
pub fn luhn(digits: &str) -> bool {
    let mut sum = 0u32;
    for (i, b) in digits.bytes().rev().enumerate() {
        let mut v = u32::from(b - b'0');
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    !digits.is_empty() && sum.is_multiple_of(10)
}

/// The check letter of a DNI number (also NIE with X/Y/Z replaced by 0/1/2).
pub fn dni_letter(digits: &str) -> Option<char> {
    const LETTERS: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";
    let n: u64 = digits.parse().ok()?;
    Some(char::from(LETTERS[(n % 23) as usize]))
}

/// The IBAN mod-97 check (`iban`: uppercase letters and digits, no spaces).
pub fn iban_valid(iban: &str) -> bool {
    if iban.len() < 15 || !iban.is_ascii() {
        return false;
    }
    let (head, rest) = iban.split_at(4);
    let mut rem: u32 = 0;
    for c in rest.chars().chain(head.chars()) {
        let v = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'A'..='Z' => c as u32 - 'A' as u32 + 10,
            _ => return false,
        };
        rem = if v < 10 {
            (rem * 10 + v) % 97
        } else {
            (rem * 100 + v) % 97
        };
    }
    rem == 1
}

/// IBAN length per country (ISO 13616 registry, the countries likely on a call).
pub(super) fn iban_length(country: &str) -> Option<usize> {
    const TABLE: &[(&str, usize)] = &[
        ("AD", 24),
        ("AE", 23),
        ("AL", 28),
        ("AT", 20),
        ("AZ", 28),
        ("BA", 20),
        ("BE", 16),
        ("BG", 22),
        ("BH", 22),
        ("BR", 29),
        ("CH", 21),
        ("CR", 22),
        ("CY", 28),
        ("CZ", 24),
        ("DE", 22),
        ("DK", 18),
        ("DO", 28),
        ("EE", 20),
        ("EG", 29),
        ("ES", 24),
        ("FI", 18),
        ("FO", 18),
        ("FR", 27),
        ("GB", 22),
        ("GE", 22),
        ("GI", 23),
        ("GL", 18),
        ("GR", 27),
        ("GT", 28),
        ("HR", 21),
        ("HU", 28),
        ("IE", 22),
        ("IL", 23),
        ("IS", 26),
        ("IT", 27),
        ("JO", 30),
        ("KW", 30),
        ("KZ", 20),
        ("LB", 28),
        ("LI", 21),
        ("LT", 20),
        ("LU", 20),
        ("LV", 21),
        ("MC", 27),
        ("MD", 24),
        ("ME", 22),
        ("MK", 19),
        ("MR", 27),
        ("MT", 31),
        ("MU", 30),
        ("NL", 18),
        ("NO", 15),
        ("PK", 24),
        ("PL", 28),
        ("PS", 29),
        ("PT", 25),
        ("QA", 29),
        ("RO", 24),
        ("RS", 22),
        ("SA", 24),
        ("SE", 24),
        ("SI", 19),
        ("SK", 24),
        ("SM", 27),
        ("TN", 24),
        ("TR", 26),
        ("UA", 29),
        ("VG", 24),
        ("XK", 20),
    ];
    TABLE.iter().find(|(c, _)| *c == country).map(|(_, n)| *n)
}

/// The two check digits of a Spanish 20-digit account number (CCC): entity and office,
/// then the account, each weighted 1 2 4 8 5 10 9 7 3 6 modulo 11.
pub(super) fn ccc_valid(d: &str) -> bool {
    fn check(ten: &[u8]) -> u8 {
        const W: [u32; 10] = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6];
        let sum: u32 = ten
            .iter()
            .zip(W)
            .map(|(b, w)| u32::from(b - b'0') * w)
            .sum();
        match 11 - sum % 11 {
            11 => 0,
            10 => 1,
            v => v as u8,
        }
    }
    let b = d.as_bytes();
    if b.len() != 20 || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mut head = [b'0'; 10];
    head[2..].copy_from_slice(&b[..8]);
    check(&head) == b[8] - b'0' && check(&b[10..]) == b[9] - b'0'
}

/// Groups that read as a date: `2025-12-01`, `02.01.2026`, `14/09/2026`, `1/2/2026`.
pub(super) fn is_date(groups: &[&str]) -> bool {
    let num = |s: &str| s.parse::<u32>().ok();
    let day_month = |a: &str, b: &str| {
        let (Some(a), Some(b)) = (num(a), num(b)) else {
            return false;
        };
        // Either order (US dates put the month first).
        ((1..=31).contains(&a) && (1..=12).contains(&b))
            || ((1..=12).contains(&a) && (1..=31).contains(&b))
    };
    let year = |s: &str| s.len() == 4 && num(s).is_some_and(|y| (1900..=2099).contains(&y));
    match groups {
        [y, m, d] if year(y) && m.len() <= 2 && d.len() <= 2 => day_month(d, m),
        [d, m, y] if year(y) && d.len() <= 2 && m.len() <= 2 => day_month(d, m),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_numbers_and_dates() {
        assert!(ccc_valid("21000418450200051332"));
        assert!(!ccc_valid("21000418460200051332"));
        assert!(is_date(&["2025", "12", "01"]));
        assert!(is_date(&["02", "01", "2026"]));
        assert!(!is_date(&["12", "345", "678"]));
        assert!(!is_date(&["44", "55", "1230"]));
    }
}
