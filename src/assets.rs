//! Local files a guide refers to (images): URL decoding, the rule for which files may be read,
//! and the image policy every format shares ([`images`]).
//!
//! One rule for the parser's checks and every renderer: only files inside the input's folder
//! are ever read. A URL with a scheme, an absolute path or a `..` component is refused before
//! the file system is touched, and the path that remains is canonicalised and must still lie
//! under the canonical input folder (which also catches symbolic links that lead out).

use std::path::{Component, Path, PathBuf};

// The image policy decodes images (the `image` crate): only the formats that embed images
// need it. The parser checks just that image files exist ([`resolve`]), in every build.
#[cfg(any(feature = "pdf", feature = "epub", feature = "html"))]
pub mod images;

/// Whether `url` points somewhere other than a local file (it has a scheme, such as `https:`
/// or `data:`, or is protocol-relative, `//host/…`).
pub fn is_remote(url: &str) -> bool {
    let path = url.trim().split(['?', '#']).next().unwrap_or("");
    path.contains(':') || path.starts_with("//")
}

/// Decodes `%XX` escapes (as in `my%20image.png` or `#%E8%A7%A3`); invalid escapes stay as they
/// are, and invalid UTF-8 becomes U+FFFD.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Resolves a local file URL (an image, a theme's stylesheet or font) against the input's folder, refusing anything that could read
/// outside it. Returns the canonical path of an existing file, or why it was refused.
pub fn resolve(base: &Path, url: &str) -> Result<PathBuf, String> {
    let trimmed = url.trim();
    if trimmed.is_empty() {
        return Err("the path is empty".into());
    }
    if is_remote(trimmed) {
        return Err("only local files next to the guide are read, not URLs".into());
    }
    let path_part = trimmed.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path_part);
    let rel = Path::new(&decoded);
    if decoded.starts_with('/') || decoded.starts_with('\\') || rel.is_absolute() {
        return Err("absolute paths are not read; use a path relative to the guide".into());
    }
    if rel
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err("paths may not leave the guide's folder (`..`)".into());
    }
    let base = base
        .canonicalize()
        .map_err(|e| format!("cannot open the guide's folder: {e}"))?;
    let full = base
        .join(rel)
        .canonicalize()
        .map_err(|e| format!("not found ({}: {e})", base.join(rel).display()))?;
    if !full.starts_with(&base) {
        return Err("the file lies outside the guide's folder (through a link)".into());
    }
    if !full.is_file() {
        return Err("it is not a file".into());
    }
    Ok(full)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("a%20b.png"), "a b.png");
        assert_eq!(percent_decode("%E8%A7%A3"), "解");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%4"), "%4");
        assert_eq!(percent_decode("%zz"), "%zz");
        assert_eq!(percent_decode("%é%"), "%é%");
    }

    #[test]
    fn remote_urls() {
        assert!(is_remote("https://a.example/x.png"));
        assert!(is_remote("data:image/png;base64,xx"));
        assert!(is_remote("//cdn.example/x.png"));
        assert!(!is_remote("images/x.png?v=1"));
    }

    #[test]
    fn refuses_escapes() {
        let dir = tempfile::tempdir().unwrap();
        let inner = dir.path().join("guide");
        std::fs::create_dir(&inner).unwrap();
        std::fs::write(dir.path().join("secret.png"), b"\x89PNG\r\n\x1a\nxx").unwrap();
        std::fs::write(inner.join("ok.png"), b"\x89PNG\r\n\x1a\nxx").unwrap();
        assert!(resolve(&inner, "ok.png").is_ok());
        assert!(resolve(&inner, "./ok.png").is_ok());
        assert!(resolve(&inner, "../secret.png").is_err());
        assert!(resolve(&inner, "%2E%2E/secret.png").is_err());
        assert!(resolve(&inner, "a/../../secret.png").is_err());
        let abs = dir.path().join("secret.png");
        assert!(resolve(&inner, abs.to_str().unwrap()).is_err());
        assert!(resolve(&inner, "file:///etc/passwd").is_err());
        assert!(resolve(&inner, "https://example.com/a.png").is_err());
        assert!(
            resolve(&inner, "missing.png")
                .unwrap_err()
                .starts_with("not found")
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.png"), inner.join("link.png"))
                .unwrap();
            assert!(resolve(&inner, "link.png").is_err());
        }
    }
}
