//! The 统一社会信用代码 (GB 32100-2015): its character set and check character.

const CODE_CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const CODE_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// The GB 32100-2015 check character for the first 17 characters of a 统一社会信用代码
/// (None if one is outside the code set).
pub fn credit_code_check_char(first17: &str) -> Option<char> {
    let mut sum = 0;
    for (c, w) in first17.chars().zip(CODE_WEIGHTS) {
        sum += CODE_CHARS.find(c)? as u32 * w;
    }
    let value = (31 - sum % 31) % 31;
    CODE_CHARS.chars().nth(value as usize)
}

/// Checks a 统一社会信用代码: 18 characters from the GB 32100 set, with a correct check character.
pub fn check_credit_code(code: &str) -> Result<(), String> {
    let count = code.chars().count();
    if count != 18 {
        return Err(format!(
            "统一社会信用代码 `{code}` must have 18 characters, it has {count}"
        ));
    }
    if let Some(bad) = code.chars().find(|c| !CODE_CHARS.contains(*c)) {
        return Err(format!(
            "统一社会信用代码 `{code}` contains `{bad}`, which GB 32100 does not use (no I, O, S, V, Z, no lower case)"
        ));
    }
    let expected = credit_code_check_char(&code[..17]).unwrap_or('?');
    if !code.ends_with(expected) {
        return Err(format!(
            "统一社会信用代码 `{code}` fails the GB 32100 check: the last character should be `{expected}`"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credit_code_check_character() {
        let first17 = "91350100M000100Y4";
        let check = credit_code_check_char(first17).unwrap();
        assert_eq!(check, '3');
        assert!(check_credit_code("91350100M000100Y43").is_ok());
        assert!(
            check_credit_code("91350100M000100Y44")
                .unwrap_err()
                .contains("should be `3`")
        );
        assert!(
            check_credit_code("91350100M000100Y4")
                .unwrap_err()
                .contains("18 characters")
        );
        assert!(
            check_credit_code("91350100M000100YIO")
                .unwrap_err()
                .contains("`I`")
        );
    }
}
