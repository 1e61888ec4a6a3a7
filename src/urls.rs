//! URL rules shared by the parser (which warns) and the writers (which leave such a link out).
//!
//! Percent-encoding makes any path or query valid, but not a host: `http://a b/` encodes to
//! `http://a%20b/`, which the WHATWG URL standard (what browsers, EPUBCheck and the Nu checker
//! follow) rejects, because a host decodes to its characters before it is checked. Such a
//! link cannot be followed in any reader, and an EPUB holding it fails EPUBCheck (RSC-020).

/// What [`bad_host`] says of `https:/host`: the parser's hint for it differs.
pub const NO_SLASHES: &str = "its scheme is not followed by `//`";

/// The schemes whose URLs always have a host (the URL standard's "special" schemes but
/// `file:`, which no guide may link to anyway).
const SPECIAL: &[&str] = &["http", "https", "ftp", "ws", "wss"];

/// Characters a domain may not hold once percent-decoded (the WHATWG URL standard's
/// "forbidden domain code points", less the C0 controls, checked apart).
const FORBIDDEN_IN_HOST: &[u8] = b" #%/:<>?@[\\]^|";

/// Why the host of `url` is not one a URL parser accepts, or `None` when it is (or when the
/// URL has no `//` authority: `mailto:`, `tel:`, a relative path or a fragment). Only the
/// host and port are checked, and that a scheme that needs a host (`https:`) is followed by
/// `//`: a browser reads `https:/host/x` and `https:\\host` as `https://host`, but the URL
/// standard calls them errors, and EPUBCheck and the Nu checker reject them (ailearning's
/// README links to `https:/docs.apachecn.org/map`).
pub fn bad_host(url: &str) -> Option<&'static str> {
    let url = url.trim();
    if let Some((scheme, rest)) = url.split_once(':')
        && SPECIAL.iter().any(|s| s.eq_ignore_ascii_case(scheme))
        && !rest.starts_with("//")
    {
        return Some(NO_SLASHES);
    }
    let (scheme, rest) = url.split_once("://")?;
    if scheme.is_empty()
        || !scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    // User information ends at the last `@`.
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host_port.starts_with('[') {
        // An IPv6 literal; its port, if any, follows the `]`.
        match host_port.find(']') {
            Some(end) => {
                let port = &host_port[end + 1..];
                if !port.is_empty() && !is_port(port.strip_prefix(':')?) {
                    return Some("its port is not a number");
                }
                return None;
            }
            None => return Some("its IPv6 host has no closing `]`"),
        }
    } else {
        match host_port.rsplit_once(':') {
            Some((h, port)) => {
                if !is_port(port) {
                    return Some("its port is not a number");
                }
                h
            }
            None => host_port,
        }
    };
    if host.is_empty() {
        return SPECIAL
            .iter()
            .any(|s| s.eq_ignore_ascii_case(scheme))
            .then_some("it has no host");
    }
    let decoded = percent_decode(host);
    if decoded
        .iter()
        .any(|b| *b < 0x20 || *b == 0x7f || FORBIDDEN_IN_HOST.contains(b))
    {
        return Some("its host holds a space or a character no host may have");
    }
    None
}

/// An empty port is allowed (`http://host:/`), as the URL standard allows it.
fn is_port(p: &str) -> bool {
    p.bytes().all(|b| b.is_ascii_digit())
}

fn percent_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |k: usize| b.get(k).and_then(|c| (*c as char).to_digit(16));
        match (b[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::bad_host;

    #[test]
    fn hosts_no_url_parser_accepts() {
        for url in [
            "http://a b/",
            "http://a%20b/c",
            "http://exa%20mple.com",
            "https://a<b>/",
            "http://a|b.example/",
            "http:///path",
            "https://host:80a/",
            "http://[::1/",
            // The `//` the URL standard requires (browsers repair these; EPUBCheck and the Nu
            // checker do not).
            "https:/docs.apachecn.org/map",
            "https:\\\\example.com",
            "HTTP:example.com",
            "ftp:/files",
        ] {
            assert!(bad_host(url).is_some(), "{url} passed");
        }
    }

    #[test]
    fn ordinary_urls_pass() {
        for url in [
            "https://example.com/a b?q=[x]#frag",
            "https://例子.测试/路径",
            "http://user:pw@host.example:8080/x",
            "http://[::1]:8080/",
            "https://xn--fsqu00a.xn--0zwm56d/",
            "mailto:someone@example.com",
            "tel:+86-10-1234",
            "#section",
            "relative/path.html",
            "file:///tmp/x",
            "https://host.example:/",
            "about:blank",
            "irc:/irc.example/chan",
        ] {
            assert_eq!(bad_host(url), None, "{url}");
        }
    }
}
