//! XMP metadata packet for the catalog's `/Metadata` stream (ISO 16684-1).
//!
//! It repeats the information dictionary in the form PDF/UA-1 (ISO 14289-1 §7.1) asks for:
//! `dc:title` (which viewers show, with `DisplayDocTitle`), `dc:creator`, `dc:language`,
//! `dc:description`, the dates, and the `pdfuaid:part` identifier. It claims no PDF/A part:
//! guidepress does not meet PDF/A (see docs/pdf.md), and a `pdfaid` entry would be false.

use super::structure::{Metadata, pdf_date};

/// XML-escapes text for element content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// An XMP date (`2026-11-25T00:00:00Z`) from seconds since the epoch.
fn xmp_date(epoch: i64) -> String {
    let d = pdf_date(epoch);
    let d = d.trim_start_matches("D:");
    format!(
        "{}-{}-{}T{}:{}:{}Z",
        &d[0..4],
        &d[4..6],
        &d[6..8],
        &d[8..10],
        &d[10..12],
        &d[12..14]
    )
}

/// The XMP packet (UTF-8, with a read-only packet trailer).
pub fn packet(meta: &Metadata) -> String {
    let authors = &meta.authors;
    let mut x = String::new();
    x.push_str("<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    x.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n");
    x.push_str("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    x.push_str(
        "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" \
         xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n",
    );
    x.push_str("<dc:format>application/pdf</dc:format>\n");
    x.push_str(&format!(
        "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>\n",
        esc(&meta.title)
    ));
    if !authors.is_empty() {
        x.push_str("<dc:creator><rdf:Seq>");
        for a in authors {
            x.push_str(&format!("<rdf:li>{}</rdf:li>", esc(a)));
        }
        x.push_str("</rdf:Seq></dc:creator>\n");
    }
    if !meta.subject.is_empty() {
        x.push_str(&format!(
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>\n",
            esc(&meta.subject)
        ));
    }
    if !meta.lang.is_empty() {
        x.push_str(&format!(
            "<dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>\n",
            esc(&meta.lang)
        ));
    }
    if !meta.keywords.is_empty() {
        x.push_str(&format!(
            "<pdf:Keywords>{}</pdf:Keywords>\n",
            esc(&meta.keywords)
        ));
    }
    x.push_str(&format!(
        "<pdf:Producer>guidepress (printpdf 0.12.8, lopdf 0.44)</pdf:Producer>\n\
         <xmp:CreatorTool>guidepress {}</xmp:CreatorTool>\n",
        env!("CARGO_PKG_VERSION")
    ));
    if let Some(epoch) = meta.epoch {
        let d = xmp_date(epoch);
        x.push_str(&format!(
            "<xmp:CreateDate>{d}</xmp:CreateDate>\n<xmp:ModifyDate>{d}</xmp:ModifyDate>\n"
        ));
    }
    x.push_str("<pdfuaid:part>1</pdfuaid:part>\n");
    x.push_str("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>");
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packet_escapes_and_identifies_pdf_ua() {
        let meta = Metadata {
            title: "A & B <C>".to_owned(),
            lang: "zh-CN".to_owned(),
            epoch: Some(0),
            ..Metadata::default()
        };
        let meta = Metadata {
            authors: vec!["Ann \"Q\"".to_owned()],
            ..meta
        };
        let x = packet(&meta);
        assert!(x.contains("A &amp; B &lt;C&gt;"));
        assert!(x.contains("<rdf:li>Ann &quot;Q&quot;</rdf:li>"));
        assert!(x.contains("<rdf:li>zh-CN</rdf:li>"));
        assert!(x.contains("<pdfuaid:part>1</pdfuaid:part>"));
        assert!(x.contains("<xmp:CreateDate>1970-01-01T00:00:00Z</xmp:CreateDate>"));
        assert!(!x.contains("pdfaid"), "no PDF/A claim");
    }
}
