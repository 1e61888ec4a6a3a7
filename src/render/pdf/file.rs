//! The PDF file itself: indirect objects, object streams and a cross-reference stream
//! (ISO 32000-1 §7.5.7–7.5.8, PDF 1.5+), written straight to bytes.
//!
//! Every object that may go into an object stream (any object but a stream, in this
//! writer's documents) does: a tagged 1 MB guide has 25 000 structure elements of 40–60
//! bytes each, and as plain indirect objects they and their cross-reference entries doubled
//! the file. Packed a couple of hundred to a Flate-compressed stream they take a fifth.
//!
//! lopdf 0.44 can write object streams (`SaveOptions::use_object_streams`), but it clones
//! every object into its packer and writes the cross-reference stream uncompressed; on the
//! 1 MB document that cost a third more time and memory than plain objects. Here the
//! structure tree is serialised directly into [`ObjectStreams`] (no lopdf object per
//! element at all), each stream is compressed as soon as it is full, the lopdf document's
//! own objects are serialised by [`write_object`] (lopdf does not export its writer), and
//! the cross-reference stream is compressed with the PNG `Up` predictor, which turns its
//! rising offsets into runs of zeros.

use std::io::Write;

use lopdf::{Dictionary, Document, Object, StringFormat};

/// Objects per object stream: a viewer decompresses a whole stream to read one object, so
/// streams stay small enough to be cheap to open, and large enough to compress well (the
/// 1 MB tagged document: 200 per stream and 1 000 per stream came within 3 % in size).
const PER_STREAM: usize = 200;

/// Bytes of one object held before it is compressed as it is written ([`Sink::spill`]).
const SPILL: usize = 256 * 1024;

/// Objects packed into Flate-compressed object streams as they are added.
pub struct ObjectStreams {
    z: flate2::Compress,
    /// The current stream: object numbers and offsets (from the first object) in `body`.
    ids: Vec<u32>,
    offsets: Vec<usize>,
    body: Vec<u8>,
    /// Finished streams.
    done: Vec<Packed>,
    /// A huge object being compressed as it is written, in a stream of its own: its number,
    /// the length of the stream's header, and the compressed bytes so far.
    solo: Option<(u32, usize, Vec<u8>)>,
}

/// Where an object's PDF syntax is written ([`ObjectStreams::add`]): a byte buffer (it
/// dereferences to one), which a writer of a huge object empties now and then with
/// [`Sink::spill`].
pub struct Sink<'a> {
    streams: &'a mut ObjectStreams,
}

impl std::ops::Deref for Sink<'_> {
    type Target = Vec<u8>;

    fn deref(&self) -> &Vec<u8> {
        &self.streams.body
    }
}

impl std::ops::DerefMut for Sink<'_> {
    fn deref_mut(&mut self) -> &mut Vec<u8> {
        &mut self.streams.body
    }
}

impl Sink<'_> {
    /// Once the object written so far is larger than `SPILL` (256 KB), compresses it and empties
    /// the buffer: the object gets a stream of its own (whose header, `id 0`, is known
    /// before its body), so that an element with hundreds of thousands of children is not
    /// held whole. Cheap to call often.
    pub fn spill(&mut self) {
        let os = &mut *self.streams;
        if let Some((_, _, out)) = &mut os.solo {
            if os.body.len() >= SPILL {
                feed(&mut os.z, &os.body, out, false);
                os.body.clear();
            }
            return;
        }
        let (Some(&id), Some(&start)) = (os.ids.last(), os.offsets.last()) else {
            return;
        };
        if os.body.len() - start < SPILL {
            return;
        }
        // The objects before this one make a stream as usual.
        let this = os.body.split_off(start);
        os.ids.pop();
        os.offsets.pop();
        os.seal();
        let head = format!("{id} 0 ");
        let mut out = Vec::with_capacity(this.len() / 3);
        os.z.reset();
        feed(&mut os.z, head.as_bytes(), &mut out, false);
        feed(&mut os.z, &this, &mut out, false);
        os.solo = Some((id, head.len(), out));
        os.body = Vec::new();
    }
}

/// A finished object stream.
struct Packed {
    ids: Vec<u32>,
    first: usize,
    data: Vec<u8>,
}

impl ObjectStreams {
    /// Empty, compressing at `level`.
    pub fn new(level: flate2::Compression) -> ObjectStreams {
        ObjectStreams {
            z: flate2::Compress::new(level, true),
            ids: Vec::with_capacity(PER_STREAM),
            offsets: Vec::with_capacity(PER_STREAM),
            body: Vec::new(),
            done: Vec::new(),
            solo: None,
        }
    }

    /// Adds object `id` (generation 0), whose PDF syntax `write` appends to the buffer it is
    /// given. The object must not be a stream.
    pub fn add(&mut self, id: u32, write: impl FnOnce(&mut Sink<'_>)) {
        self.ids.push(id);
        self.offsets.push(self.body.len());
        write(&mut Sink { streams: self });
        // Objects are separated by white space (a bare number or name needs it).
        self.body.push(b'\n');
        if let Some((id, first, mut data)) = self.solo.take() {
            feed(&mut self.z, &self.body, &mut data, true);
            data.shrink_to_fit();
            self.done.push(Packed {
                ids: vec![id],
                first,
                data,
            });
            self.body = Vec::new();
            return;
        }
        // Objects of a few kilobytes each (the parent tree's leaves on pages of thousands
        // of sequences) would hold hundreds of them uncompressed: a stream also ends once
        // it holds `SPILL` bytes.
        if self.ids.len() >= PER_STREAM || self.body.len() >= SPILL {
            self.seal();
        }
    }

    /// Compresses the current stream.
    fn seal(&mut self) {
        if self.ids.is_empty() {
            return;
        }
        let mut head = Vec::with_capacity(self.ids.len() * 12);
        for (id, off) in self.ids.iter().zip(&self.offsets) {
            let _ = write!(head, "{id} {off} ");
        }
        let first = head.len();
        let data = deflate_parts(&mut self.z, &[&head, &self.body]);
        self.done.push(Packed {
            ids: std::mem::take(&mut self.ids),
            first,
            data,
        });
        self.offsets.clear();
        self.body.clear();
        // One huge object (the paragraph element of a giant paragraph lists hundreds of
        // thousands of children) must not keep its buffer for the rest of the document.
        if self.body.capacity() > 1 << 20 {
            self.body = Vec::new();
        }
    }
}

/// Zlib (`FlateDecode`) compression of `input` with a compressor reset first: setting one up
/// costs more than compressing a page of content, so callers keep one.
pub fn deflate(z: &mut flate2::Compress, input: &[u8]) -> Vec<u8> {
    deflate_parts(z, &[input])
}

/// [`deflate`] of the concatenation of `parts`, without making it. The result has no spare
/// capacity: compressed streams are kept until the file is written.
pub fn deflate_parts(z: &mut flate2::Compress, parts: &[&[u8]]) -> Vec<u8> {
    z.reset();
    let total: usize = parts.iter().map(|p| p.len()).sum();
    let mut out = Vec::with_capacity(total / 3 + 64);
    for (k, part) in parts.iter().enumerate() {
        if !feed(z, part, &mut out, k + 1 == parts.len()) {
            // Cannot happen with a fresh compressor and an output that grows; an empty
            // result makes callers keep their input uncompressed.
            return Vec::new();
        }
    }
    out.shrink_to_fit();
    out
}

/// Compresses `input` with `z` onto `out`; `last` ends the stream. False if the compressor
/// failed.
fn feed(z: &mut flate2::Compress, input: &[u8], out: &mut Vec<u8>, last: bool) -> bool {
    let flush = if last {
        flate2::FlushCompress::Finish
    } else {
        flate2::FlushCompress::None
    };
    let base = z.total_in();
    loop {
        let done = (z.total_in() - base) as usize;
        if !last && done >= input.len() {
            return true;
        }
        if out.capacity() - out.len() < 1024 {
            out.reserve(out.capacity().max(1024));
        }
        match z.compress_vec(input.get(done..).unwrap_or(&[]), out, flush) {
            Ok(flate2::Status::StreamEnd) => return true,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
}

/// One cross-reference entry (ISO 32000-1 table 18).
#[derive(Clone, Copy)]
enum Entry {
    Free,
    InFile(u32),
    InStream { stream: u32, index: u16 },
}

/// Writes `lo` and the objects already in `packed` as a PDF file. The lopdf document's
/// streams are written as indirect objects, everything else goes into object streams; the
/// trailer's entries (`/Root`, `/Info`, `/ID`) go into the cross-reference stream. Both are
/// consumed as they are written, so that the file and its parts (a long document's page
/// content, its structure tree) are not all held twice.
pub fn write(lo: Document, mut packed: ObjectStreams) -> Result<Vec<u8>, String> {
    let Document {
        version,
        binary_mark,
        trailer,
        objects,
        max_id,
        ..
    } = lo;
    let mut direct: Vec<(lopdf::ObjectId, Object)> = Vec::new();
    for (id, obj) in objects {
        if id.1 == 0 && !matches!(obj, Object::Stream(_)) {
            let mut err = None;
            packed.add(id.0, |b| err = write_object(b, &obj).err());
            if let Some(e) = err {
                return Err(format!("cannot write object {}: {e}", id.0));
            }
        } else {
            direct.push((id, obj));
        }
    }
    packed.seal();
    let done = std::mem::take(&mut packed.done);
    drop(packed);
    let last_packed = done
        .iter()
        .flat_map(|p| p.ids.iter().copied())
        .max()
        .unwrap_or(0);
    let first_stream = max_id.max(last_packed) + 1;
    let xref_id = first_stream + done.len() as u32;
    let size = xref_id as usize + 1;
    let mut xref = vec![Entry::Free; size];

    let direct_bytes: usize = direct
        .iter()
        .map(|(_, o)| o.as_stream().map_or(64, |s| s.content.len() + 256))
        .sum();
    let packed_bytes: usize = done.iter().map(|p| p.data.len() + 64).sum();
    let mut out = Vec::with_capacity(direct_bytes + packed_bytes + size * 2 + 1024);
    let mark: &[u8] = if binary_mark.len() >= 4 && binary_mark.iter().all(|&b| b >= 128) {
        &binary_mark
    } else {
        &[0xE2, 0xE3, 0xCF, 0xD3]
    };
    out.extend_from_slice(format!("%PDF-{version}\n%").as_bytes());
    out.extend_from_slice(mark);
    out.push(b'\n');
    let offset = |out: &Vec<u8>| -> Result<u32, String> {
        u32::try_from(out.len()).map_err(|_| "the PDF would be over 4 GB".to_owned())
    };
    for (id, obj) in direct {
        xref[id.0 as usize] = Entry::InFile(offset(&out)?);
        let _ = writeln!(out, "{} {} obj", id.0, id.1);
        write_object(&mut out, &obj).map_err(|e| e.to_string())?;
        out.extend_from_slice(b"\nendobj\n");
    }
    for (k, p) in done.into_iter().enumerate() {
        let sid = first_stream + k as u32;
        for (index, &id) in p.ids.iter().enumerate() {
            xref[id as usize] = Entry::InStream {
                stream: sid,
                // PER_STREAM is far below 65 536.
                index: index as u16,
            };
        }
        xref[sid as usize] = Entry::InFile(offset(&out)?);
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"ObjStm".to_vec()));
        d.set("N", Object::Integer(p.ids.len() as i64));
        d.set("First", Object::Integer(p.first as i64));
        d.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        let _ = writeln!(out, "{sid} 0 obj");
        write_stream(&mut out, d, &p.data)?;
        out.extend_from_slice(b"\nendobj\n");
    }

    // The cross-reference stream: /W [1 4 2], rows filtered with PNG `Up` (predictor 12):
    // each row is stored as its difference from the row above, mostly zeros.
    let xref_offset = offset(&out)?;
    xref[xref_id as usize] = Entry::InFile(xref_offset);
    let mut rows = Vec::with_capacity(size * 8);
    let mut prev = [0u8; 7];
    for (id, e) in xref.iter().enumerate() {
        let row: [u8; 7] = match *e {
            // The head of the free list; other free numbers (ids reserved, then unused) are
            // free with generation 0.
            Entry::Free if id == 0 => [0, 0, 0, 0, 0, 0xFF, 0xFF],
            Entry::Free => [0; 7],
            Entry::InFile(o) => {
                let o = o.to_be_bytes();
                [1, o[0], o[1], o[2], o[3], 0, 0]
            }
            Entry::InStream { stream, index } => {
                let s = stream.to_be_bytes();
                let i = index.to_be_bytes();
                [2, s[0], s[1], s[2], s[3], i[0], i[1]]
            }
        };
        rows.push(2);
        rows.extend(row.iter().zip(&prev).map(|(a, b)| a.wrapping_sub(*b)));
        prev = row;
    }
    let mut z = flate2::Compress::new(flate2::Compression::default(), true);
    let data = deflate(&mut z, &rows);
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"XRef".to_vec()));
    d.set("Size", Object::Integer(size as i64));
    d.set(
        "W",
        Object::Array(vec![
            Object::Integer(1),
            Object::Integer(4),
            Object::Integer(2),
        ]),
    );
    for (k, v) in trailer.iter() {
        if !matches!(
            k.as_slice(),
            b"Size" | b"Prev" | b"XRefStm" | b"Type" | b"W" | b"Index" | b"Length"
        ) && !k.starts_with(b"Filter")
            && k.as_slice() != b"DecodeParms"
        {
            d.set(k.clone(), v.clone());
        }
    }
    d.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    let mut parms = Dictionary::new();
    parms.set("Predictor", Object::Integer(12));
    parms.set("Columns", Object::Integer(7));
    d.set("DecodeParms", Object::Dictionary(parms));
    let _ = writeln!(out, "{xref_id} 0 obj");
    write_stream(&mut out, d, &data)?;
    let _ = write!(out, "\nendobj\nstartxref\n{xref_offset}\n%%EOF\n");
    Ok(out)
}

/// Writes a stream whose `data` is already encoded as `dict` says.
fn write_stream(out: &mut Vec<u8>, dict: Dictionary, data: &[u8]) -> Result<(), String> {
    let mut dict = dict;
    dict.set("Length", Object::Integer(data.len() as i64));
    write_object(out, &Object::Dictionary(dict)).map_err(|e| e.to_string())?;
    out.extend_from_slice(b"stream\n");
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    Ok(())
}

/// Appends the PDF syntax of `o` (ISO 32000-1 §7.3). A stream's dictionary must hold its
/// `/Length` (lopdf's `Stream` keeps it in step with the content).
pub fn write_object(out: &mut Vec<u8>, o: &Object) -> std::io::Result<()> {
    match o {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(true) => out.extend_from_slice(b"true"),
        Object::Boolean(false) => out.extend_from_slice(b"false"),
        Object::Integer(i) => write!(out, "{i}")?,
        // `Display` of a float never uses an exponent; PDF has no NaN or infinity.
        Object::Real(r) if r.is_finite() => write!(out, "{r}")?,
        Object::Real(_) => out.push(b'0'),
        Object::Name(n) => write_name(out, n),
        Object::String(s, StringFormat::Literal) => {
            out.push(b'(');
            for &c in s {
                match c {
                    b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', c]),
                    // A bare end of line in a literal string reads as `\n`.
                    b'\r' => out.extend_from_slice(b"\\r"),
                    _ => out.push(c),
                }
            }
            out.push(b')');
        }
        Object::String(s, StringFormat::Hexadecimal) => {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push(b'<');
            for &c in s {
                out.extend_from_slice(&[HEX[usize::from(c >> 4)], HEX[usize::from(c & 15)]]);
            }
            out.push(b'>');
        }
        Object::Array(a) => {
            out.push(b'[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(out, x)?;
            }
            out.push(b']');
        }
        Object::Dictionary(d) => write_dict(out, d)?,
        Object::Stream(s) => {
            write_dict(out, &s.dict)?;
            out.extend_from_slice(b"stream\n");
            out.extend_from_slice(&s.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((id, generation)) => write!(out, "{id} {generation} R")?,
    }
    Ok(())
}

fn write_dict(out: &mut Vec<u8>, d: &Dictionary) -> std::io::Result<()> {
    out.extend_from_slice(b"<<");
    for (k, v) in d.iter() {
        write_name(out, k);
        // A value that starts with a delimiter needs no space after the key.
        if !matches!(
            v,
            Object::Name(_)
                | Object::String(..)
                | Object::Array(_)
                | Object::Dictionary(_)
                | Object::Stream(_)
        ) {
            out.push(b' ');
        }
        write_object(out, v)?;
    }
    out.extend_from_slice(b">>");
    Ok(())
}

/// A name: bytes outside `!`–`~`, delimiters and `#` as `#XX` (§7.3.5).
fn write_name(out: &mut Vec<u8>, n: &[u8]) {
    out.push(b'/');
    for &c in n {
        if (b'!'..=b'~').contains(&c) && !b"()<>[]{}/%#".contains(&c) {
            out.push(c);
        } else {
            let _ = write!(out, "#{c:02X}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::Stream;

    /// Every kind of object, with the characters that need escaping, reads back equal
    /// through lopdf's parser.
    #[test]
    fn objects_read_back_equal() {
        let mut d = Dictionary::new();
        d.set("Int", Object::Integer(-42));
        d.set("Real", Object::Real(0.25));
        d.set("T", Object::Boolean(true));
        d.set("N", Object::Null);
        d.set("Name", Object::Name(b"A b#(c)/\xE9".to_vec()));
        d.set(
            "Lit",
            Object::String(b"a(b\\c)d\re)(".to_vec(), StringFormat::Literal),
        );
        d.set(
            "Hex",
            Object::String(vec![0xFE, 0xFF, 0x4E, 0x2D], StringFormat::Hexadecimal),
        );
        d.set(
            "Arr",
            Object::Array(vec![
                Object::Integer(1),
                Object::Reference((7, 0)),
                Object::Name(b"X".to_vec()),
                Object::Array(vec![]),
            ]),
        );
        let mut inner = Dictionary::new();
        inner.set("K", Object::Reference((12, 0)));
        d.set("D", Object::Dictionary(inner));
        let mut out = Vec::new();
        write_object(&mut out, &Object::Dictionary(d.clone())).unwrap();
        let mut lo = Document::with_version("1.7");
        let id = lo.max_id + 1;
        lo.max_id = id;
        let mut packed = ObjectStreams::new(flate2::Compression::fast());
        packed.add(id, |b| b.extend_from_slice(&out));
        let mut cat = Dictionary::new();
        cat.set("Type", Object::Name(b"Catalog".to_vec()));
        let root = lo.add_object(cat);
        lo.trailer.set("Root", Object::Reference(root));
        let back = Document::load_mem(&write(lo, packed).unwrap()).unwrap();
        let got = back.get_dictionary((id, 0)).unwrap();
        for (k, v) in d.iter() {
            assert_eq!(got.get(k).ok(), Some(v), "{}", String::from_utf8_lossy(k));
        }
    }

    /// A document with more objects than one object stream holds reads back whole through
    /// an independent reader (lopdf's), object by object.
    #[test]
    fn objects_read_back_through_object_and_xref_streams() {
        let mut lo = Document::with_version("1.7");
        let pages = lo.new_object_id();
        let mut kids = Vec::new();
        for k in 0..3 {
            let content = lo.add_object(Stream::new(
                Dictionary::new(),
                format!("BT /F1 12 Tf (page {k}) Tj ET").into_bytes(),
            ));
            let mut page = Dictionary::new();
            page.set("Type", Object::Name(b"Page".to_vec()));
            page.set("Parent", Object::Reference(pages));
            page.set("Contents", Object::Reference(content));
            kids.push(Object::Reference(lo.add_object(page)));
        }
        let mut p = Dictionary::new();
        p.set("Type", Object::Name(b"Pages".to_vec()));
        p.set("Count", Object::Integer(3));
        p.set("Kids", Object::Array(kids));
        lo.objects.insert(pages, Object::Dictionary(p));
        let mut cat = Dictionary::new();
        cat.set("Type", Object::Name(b"Catalog".to_vec()));
        cat.set("Pages", Object::Reference(pages));
        let root = lo.add_object(cat);
        lo.trailer.set("Root", Object::Reference(root));
        // Objects serialised by the caller, more than fit one stream, one id left unused.
        let mut packed = ObjectStreams::new(flate2::Compression::fast());
        let _unused = lo.new_object_id();
        let first = lo.max_id + 1;
        let n = 2 * PER_STREAM as u32 + 7;
        for k in 0..n {
            packed.add(first + k, |b| {
                let _ = write!(b, "<</S/P/K[{k}]/T(a\\)b)>>");
            });
        }
        lo.max_id += n;
        let bytes = write(lo, packed).unwrap();
        assert!(bytes.starts_with(b"%PDF-1.7\n%"));
        let back = Document::load_mem(&bytes).unwrap();
        assert_eq!(back.get_pages().len(), 3);
        for k in 0..n {
            let d = back.get_dictionary((first + k, 0)).unwrap();
            assert_eq!(
                d.get(b"K").unwrap().as_array().unwrap()[0].as_i64().ok(),
                Some(k.into())
            );
            assert_eq!(d.get(b"T").unwrap().as_str().unwrap(), b"a)b");
        }
        let page = back.get_pages()[&2];
        // lopdf ends each content stream it reads with a newline.
        assert_eq!(
            back.get_page_content(page).trim_ascii_end(),
            b"BT /F1 12 Tf (page 1) Tj ET"
        );
    }

    /// A document of just a catalog, object streams to add to it, and the first free number.
    fn catalog_only() -> (Document, ObjectStreams, u32) {
        let mut lo = Document::with_version("1.7");
        let mut cat = Dictionary::new();
        cat.set("Type", Object::Name(b"Catalog".to_vec()));
        let root = lo.add_object(cat);
        lo.trailer.set("Root", Object::Reference(root));
        let first = lo.max_id + 1;
        (lo, ObjectStreams::new(flate2::Compression::fast()), first)
    }

    /// An object far larger than [`SPILL`] whose writer spills is compressed as it is
    /// written (never held whole), in a stream of its own between the streams of the
    /// objects around it, and reads back equal.
    #[test]
    fn a_huge_object_is_compressed_as_it_is_written() {
        let (mut lo, mut packed, first) = catalog_only();
        let n = 200_000u32;
        packed.add(first, |b| b.extend_from_slice(b"(before)"));
        let mut most = 0;
        packed.add(first + 1, |b| {
            b.push(b'[');
            for k in 0..n {
                b.spill();
                let _ = write!(b, "{k} ");
                most = most.max(b.len());
            }
            b.push(b']');
        });
        packed.add(first + 2, |b| b.extend_from_slice(b"(after)"));
        lo.max_id = first + 2;
        assert!(most < 2 * SPILL, "{most} bytes of the object held at once");
        let back = Document::load_mem(&write(lo, packed).unwrap()).unwrap();
        let arr = back.get_object((first + 1, 0)).unwrap().as_array().unwrap();
        assert_eq!(arr.len(), n as usize);
        assert!(
            arr.iter()
                .enumerate()
                .all(|(k, v)| v.as_i64().ok() == Some(k as i64))
        );
        for (id, text) in [(first, &b"before"[..]), (first + 2, b"after")] {
            assert_eq!(back.get_object((id, 0)).unwrap().as_str().unwrap(), text);
        }
    }

    /// Objects of a few kilobytes each (the parent tree's leaves on pages of thousands of
    /// sequences) are not held by the hundred before they are compressed: a stream ends at
    /// `SPILL` bytes as well as at `PER_STREAM` objects. Every object reads back.
    #[test]
    fn a_stream_of_large_objects_ends_early() {
        let (mut lo, mut packed, first) = catalog_only();
        let count = 150u32;
        let mut most = 0;
        for k in 0..count {
            packed.add(first + k, |b| {
                b.push(b'[');
                for i in 0..2_000 {
                    let _ = write!(b, "{} ", k * 2_000 + i);
                }
                b.push(b']');
            });
            most = most.max(packed.body.len());
        }
        lo.max_id = first + count - 1;
        assert!(
            most < SPILL + 20_000,
            "{most} bytes of {count} objects of ~12 KB held uncompressed"
        );
        let back = Document::load_mem(&write(lo, packed).unwrap()).unwrap();
        for k in 0..count {
            let arr = back.get_object((first + k, 0)).unwrap().as_array().unwrap();
            assert_eq!(arr.len(), 2_000);
            assert_eq!(arr[1999].as_i64().unwrap(), i64::from(k * 2_000 + 1_999));
        }
    }
}
