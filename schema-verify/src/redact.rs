//! Connection strings for people: every password-like part replaced by `***`, whatever the form
//! (any scheme spelling, JDBC-style query parameters, libpq's `key = value`, a bare
//! `user:password@host`, leading blanks, unencoded reserved characters, or text no parser
//! accepts). Over-masking is accepted; showing a secret is not.

const MASK: &str = "***";

/// A connection string with every password-like part replaced by `***`.
pub fn redact(connection: &str) -> String {
    let (masked, _) = mask(connection);
    // A safety net over the textual pass: the password the client would use must not show.
    if let Ok(config) = parse_lenient(connection) {
        if let Some(password) = config.get_password() {
            let text = String::from_utf8_lossy(password);
            // A short password may well be a piece of a host name; a longer one shown is a leak.
            let shown = text.len() >= 4 && text != MASK && masked.contains(text.as_ref());
            let parsed_again = parse_lenient(&masked)
                .is_ok_and(|again| again.get_password() == Some(password) && text != MASK);
            if shown || parsed_again {
                return crate::server::describe(&config);
            }
        }
    }
    masked
}

/// `text` (an error message about `connection`) with every secret of `connection` masked: a
/// parser's message may quote the part it choked on.
pub fn scrub(text: &str, connection: &str) -> String {
    let (_, mut secrets) = mask(connection);
    if let Ok(config) = parse_lenient(connection) {
        if let Some(password) = config.get_password() {
            secrets.push(String::from_utf8_lossy(password).into_owned());
        }
    }
    // Longest first, so a secret holding another is masked whole.
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let mut out = text.to_string();
    for secret in secrets
        .iter()
        .filter(|s| !s.is_empty() && s.as_str() != MASK)
    {
        out = out.replace(secret.as_str(), MASK);
        let decoded = percent_decode(secret);
        if !decoded.is_empty() {
            out = out.replace(decoded.as_str(), MASK);
        }
    }
    out
}

/// Parses a connection string as the client does, forgiving what people type: blanks around
/// it, a scheme in any case (`Postgres://`), a `jdbc:` prefix.
pub fn parse_lenient(connection: &str) -> Result<postgres::Config, postgres::Error> {
    let text = connection.trim();
    let without_jdbc = match text.get(..5) {
        Some(prefix) if prefix.eq_ignore_ascii_case("jdbc:") => &text[5..],
        _ => text,
    };
    let normalized = match without_jdbc.find("://") {
        Some(end)
            if matches!(
                without_jdbc[..end].to_ascii_lowercase().as_str(),
                "postgres" | "postgresql"
            ) =>
        {
            format!(
                "{}{}",
                without_jdbc[..end].to_ascii_lowercase(),
                &without_jdbc[end..]
            )
        }
        _ => without_jdbc.to_string(),
    };
    normalized.parse()
}

/// The masked text, and the parts it masked.
fn mask(connection: &str) -> (String, Vec<String>) {
    let mut secrets = Vec::new();
    let text = if let Some(scheme_end) = connection.find("://") {
        let (head, rest) = connection.split_at(scheme_end + 3);
        format!(
            "{head}{}",
            mask_query(&mask_userinfo(rest, &mut secrets), &mut secrets)
        )
    } else {
        let first_token = connection.split_whitespace().next().unwrap_or("");
        let userinfo_like = first_token.rfind('@').is_some_and(|at| {
            let before = &first_token[..at];
            before.contains(':') && !before.contains('=')
        });
        if userinfo_like || !connection.contains('=') {
            mask_query(&mask_userinfo(connection, &mut secrets), &mut secrets)
        } else {
            mask_key_value(connection, &mut secrets)
        }
    };
    (text, secrets)
}

/// Keys whose value is a secret (compared without case, percent-decoded).
fn is_secret_key(key: &str) -> bool {
    let key = percent_decode(key.trim()).to_ascii_lowercase();
    ["pass", "pwd", "secret", "token", "credential"]
        .iter()
        .any(|word| key.contains(word))
}

/// `user:password@host...`: everything between the first `:` and the last `@` is masked, so
/// a password holding unencoded `@`, `/`, `?` or `:` is hidden whole. Without an `@`, a "port"
/// that is not a number (`postgres://app:password`, the host forgotten) is masked too.
fn mask_userinfo(rest: &str, secrets: &mut Vec<String>) -> String {
    let Some(at) = rest.rfind('@') else {
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(authority_end);
        let hosts: Vec<String> = authority
            .split(',')
            .map(|host| match host.split_once(':') {
                Some((name, port)) if !port.bytes().all(|b| b.is_ascii_digit()) => {
                    secrets.push(port.to_string());
                    format!("{name}:{MASK}")
                }
                _ => host.to_string(),
            })
            .collect();
        return format!("{}{tail}", hosts.join(","));
    };
    let userinfo = &rest[..at];
    match userinfo.find(':') {
        Some(colon) => {
            secrets.push(userinfo[colon + 1..].to_string());
            format!("{}:{MASK}{}", &userinfo[..colon], &rest[at..])
        }
        None => rest.to_string(),
    }
}

/// `key=value` parameters after `?`, `&` or `;` (URL and JDBC styles): a secret key's value is
/// masked up to the next parameter that has a key, so an unencoded `&` in it does not end it.
fn mask_query(text: &str, secrets: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut masking = false;
    let mut start = 0;
    let ends = text
        .char_indices()
        .filter(|(_, c)| matches!(c, '?' | '&' | ';'))
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()));
    for end in ends {
        let segment = &text[start..end];
        let separator = text.get(end..end + 1).unwrap_or("");
        start = end + separator.len();
        match segment.split_once('=') {
            Some((key, value)) if is_secret_key(key) => {
                secrets.push(value.to_string());
                out.push_str(key);
                out.push('=');
                out.push_str(MASK);
                masking = true;
            }
            Some(_) => {
                masking = false;
                out.push_str(segment);
            }
            // A piece without `=` right after a secret is more of it (`password=a&b`).
            None if masking => {
                secrets.push(segment.to_string());
                continue;
            }
            None => out.push_str(segment),
        }
        out.push_str(separator);
    }
    out
}

/// libpq's `key = value` form: blanks around `=` allowed, values bare or single-quoted with
/// backslash escapes. Everything is copied as written except secret values.
fn mask_key_value(text: &str, secrets: &mut Vec<String>) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let copy_blanks = |i: &mut usize, out: &mut String| {
        while *i < chars.len() && chars[*i].is_whitespace() {
            out.push(chars[*i]);
            *i += 1;
        }
    };
    while i < chars.len() {
        copy_blanks(&mut i, &mut out);
        let key_start = i;
        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '=' {
            i += 1;
        }
        let key: String = chars[key_start..i].iter().collect();
        out.push_str(&key);
        copy_blanks(&mut i, &mut out);
        if i < chars.len() && chars[i] == '=' {
            out.push('=');
            i += 1;
            copy_blanks(&mut i, &mut out);
        } else {
            continue;
        }
        let value_start = i;
        if i < chars.len() && chars[i] == '\'' {
            i += 1;
            while i < chars.len() && chars[i] != '\'' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i = (i + 1).min(chars.len());
        } else {
            while i < chars.len() && !chars[i].is_whitespace() {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i = i.min(chars.len());
        }
        let value: String = chars[value_start..i].iter().collect();
        if is_secret_key(&key) {
            secrets.push(value.trim_matches('\'').to_string());
            secrets.push(value);
            out.push_str(MASK);
        } else {
            out.push_str(&value);
        }
    }
    out
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every form people write, each holding the secret `S3cr3tPW` (some with more around it).
    const FORMS: &[&str] = &[
        "postgres://app:S3cr3tPW@db:5432/prod",
        "postgresql://app:S3cr3tPW@db/prod",
        "Postgres://app:S3cr3tPW@h/db",
        "POSTGRESQL://app:S3cr3tPW@h/db",
        "postgres+psycopg://app:S3cr3tPW@h/db",
        "app:S3cr3tPW@h/db",
        "   postgres://app:S3cr3tPW@h/db",
        "postgres://app:S3cr3tPW@pa?ss@h/db",
        "postgres://app:S3c@r3t?PW/x@h:5432/db",
        "postgres://app@h/db?password=S3cr3tPW",
        "postgres://app@h/db?sslmode=disable&password=S3cr3tPW&application_name=x",
        "postgres://app@h/db?password=S3cr3t&PW",
        "postgres://h/db?pass%77ord=S3cr3tPW",
        "jdbc:postgresql://h:5432/db?user=app&password=S3cr3tPW",
        "jdbc:postgresql://h:5432/db;user=app;password=S3cr3tPW",
        "host=h user=app password=S3cr3tPW dbname=db",
        "host=h password = S3cr3tPW",
        "host=h password='S3cr3t PW' user=app",
        r"host=h password='it\'s S3cr3tPW' user=app",
        "  host=h PASSWORD=S3cr3tPW",
        "host=h sslpassword=S3cr3tPW",
        "postgres://app:S3cr3tPW@h:notaport/db",
        "postgres://app:S3cr3tPW@",
        "app:S3cr3tPW@",
        "postgres://app:S3cr3tPW",
    ];

    fn secrets_in(form: &str) -> Vec<&'static str> {
        ["S3cr3tPW", "S3cr3t", "3t?PW", "3cr3t", "PW/x", "S3c@r3t"]
            .into_iter()
            .filter(|s| form.contains(s))
            .collect()
    }

    #[test]
    fn no_form_shows_its_password() {
        for form in FORMS {
            let redacted = redact(form);
            for secret in secrets_in(form) {
                assert!(
                    !redacted.contains(secret),
                    "{form:?} redacted to {redacted:?}"
                );
            }
            assert!(redacted.contains(MASK), "{form:?} redacted to {redacted:?}");
            if let Ok(config) = parse_lenient(&redacted) {
                assert!(
                    config.get_password().is_none_or(|p| p == MASK.as_bytes()),
                    "{redacted} still parses to a password"
                );
            }
        }
    }

    #[test]
    fn parser_messages_are_scrubbed() {
        for form in FORMS {
            if let Err(error) = parse_lenient(form) {
                let message = scrub(&format!("{error}: {form}"), form);
                for secret in secrets_in(form) {
                    assert!(!message.contains(secret), "{form:?}: {message}");
                }
            }
        }
    }

    #[test]
    fn what_is_not_secret_stays_readable() {
        assert_eq!(
            redact("postgres://app:S3cr3tPW@db:5432/prod"),
            "postgres://app:***@db:5432/prod"
        );
        assert_eq!(redact("postgres://app@db/prod"), "postgres://app@db/prod");
        assert_eq!(
            redact("Postgres://app:S3cr3tPW@h/db"),
            "Postgres://app:***@h/db"
        );
        assert_eq!(redact("app:S3cr3tPW@h/db"), "app:***@h/db");
        assert_eq!(
            redact("jdbc:postgresql://h/db?user=app&password=S3cr3tPW&ssl=true"),
            "jdbc:postgresql://h/db?user=app&password=***&ssl=true"
        );
        assert_eq!(
            redact("postgres://app@h/db?password=S3cr3t&PW&sslmode=disable"),
            "postgres://app@h/db?password=***&sslmode=disable"
        );
        assert_eq!(
            redact("host=db password='sec ret' user=app"),
            "host=db password=*** user=app"
        );
    }

    #[test]
    fn lenient_parsing_accepts_what_people_type() {
        for form in [
            "  Postgres://app@h:5433/db",
            "POSTGRESQL://app@h:5433/db",
            "jdbc:postgresql://h:5433/db?user=app",
        ] {
            let config = parse_lenient(form).unwrap();
            assert_eq!(config.get_ports(), [5433], "{form}");
            assert_eq!(config.get_user(), Some("app"), "{form}");
        }
    }
}
