//! Font faces and per-character fallback for the PDF renderer.
//!
//! A [`FontSet`] holds every face a render may use: the user's `--font` files first, then the
//! bundled fonts. Each [`Chain`] (body text, bold text, code) is an ordered list of faces; a
//! character is set in the first face of its chain that has a glyph for it. Parsing is lazy:
//! `ttf-parser` only reads the table directory up front, so the 10 MB Noto Sans SC faces cost
//! nothing until glyphs are looked up, and the bundled bytes are part of the executable's mapped
//! image rather than read from disk.
//!
//! After the user's and the bundled faces come faces installed on the machine
//! ([`SystemFonts`], found with `fontdb` only when a character needs one). Characters that no
//! face covers are reported once each, as `U+XXXX` with the place they occur, instead of
//! silently becoming empty boxes.

use std::collections::BTreeMap;

use crate::langtag::CjkWriting;
use rustybuzz::ttf_parser;

use crate::fonts::{
    JETBRAINS_MONO_REGULAR, NOTO_EMOJI_REGULAR, NOTO_SANS_SC_BOLD, NOTO_SANS_SC_REGULAR,
};

/// Which fallback chain a run of text uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Chain {
    /// Body text: `--font` fonts, Noto Sans SC Regular, Noto Emoji, installed fonts.
    Text,
    /// Strong text: `--font-bold` fonts, `--font` fonts (emboldened), Noto Sans SC Bold,
    /// Noto Sans SC Regular (emboldened), Noto Emoji, installed fonts.
    Bold,
    /// Code: `--font-mono` fonts, JetBrains Mono, `--font` fonts, Noto Sans SC Regular, Noto
    /// Emoji, installed fonts.
    Mono,
}

/// One loaded face.
pub struct Face<'a> {
    /// PostScript-style name used as the PDF font name (before the subset tag).
    pub name: String,
    /// The whole font file (a collection for TTC).
    pub data: &'a [u8],
    /// Face index in a collection, 0 otherwise.
    pub index: u32,
    /// The parsed face, used for shaping and metrics.
    pub rb: rustybuzz::Face<'a>,
    /// Units per em.
    pub upem: f32,
    /// Typographic ascender in em (OS/2; hhea is too loose for CJK fonts).
    pub ascender: f32,
    /// Typographic descender in em (negative).
    pub descender: f32,
    /// Whether the outlines are CFF (PDF `FontFile3`) rather than TrueType.
    pub is_cff: bool,
    /// Whether the face is bold (OS/2 weight 600 or more).
    pub is_bold: bool,
    /// Advance of its space in em; 0 when it has none.
    pub space: f32,
}

impl<'a> Face<'a> {
    /// Parses face `index` of `data`; `None` when it is not a usable font.
    pub fn parse(name: &str, data: &'a [u8], index: u32) -> Option<Face<'a>> {
        let rb = rustybuzz::Face::from_slice(data, index)?;
        let upem = rb.units_per_em().max(1) as f32;
        let (asc, desc) = match (rb.typographic_ascender(), rb.typographic_descender()) {
            (Some(a), Some(d)) if a > 0 => (f32::from(a), f32::from(d)),
            _ => (f32::from(rb.ascender()), f32::from(rb.descender())),
        };
        let is_cff = rb
            .raw_face()
            .table(ttf_parser::Tag::from_bytes(b"CFF "))
            .is_some();
        let name = rb
            .names()
            .into_iter()
            .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .and_then(|n| n.to_string())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| name.to_owned());
        let space = rb
            .glyph_index(' ')
            .and_then(|g| rb.glyph_hor_advance(g))
            .map_or(0.0, |a| f32::from(a) / upem);
        Some(Face {
            space,
            name: sanitize_name(&name),
            data,
            index,
            upem,
            ascender: asc / upem,
            descender: desc / upem,
            is_cff,
            is_bold: rb.weight().to_number() >= 600,
            rb,
        })
    }

    /// Whether a space after text in this face may be set in it too: it has one, of a width
    /// a text (or monospaced) face gives a space. An emoji face's space is over an em wide,
    /// and left a gap of three spaces after every emoji.
    pub fn sets_spaces(&self) -> bool {
        self.space > 0.0 && self.space <= 0.7
    }

    /// Whether the face has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        self.rb.glyph_index(c).is_some_and(|g| g.0 != 0)
    }

    /// Advance of glyph `gid` in em.
    pub fn advance(&self, gid: u16) -> f32 {
        f32::from(
            self.rb
                .glyph_hor_advance(ttf_parser::GlyphId(gid))
                .unwrap_or(0),
        ) / self.upem
    }

    /// Horizontal ink extent of glyph `gid` in em, if it has outlines.
    pub fn ink_x(&self, gid: u16) -> Option<(f32, f32)> {
        let b = self.rb.glyph_bounding_box(ttf_parser::GlyphId(gid))?;
        Some((
            f32::from(b.x_min) / self.upem,
            f32::from(b.x_max) / self.upem,
        ))
    }
}

/// PDF names must not contain delimiters or spaces; keep letters, digits, `-` and `_`.
fn sanitize_name(name: &str) -> String {
    let s: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(60)
        .collect();
    if s.is_empty() { "Font".to_owned() } else { s }
}

/// What a user font is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Body text (`--font`); also tried for bold text (emboldened) and for code after the
    /// monospace faces.
    Regular,
    /// Strong text and headings (`--font-bold`).
    Bold,
    /// Code (`--font-mono`).
    Mono,
}

/// Font bytes loaded from `--font`, `--font-bold` and `--font-mono` arguments; kept apart
/// from [`FontSet`] so the faces can borrow them.
#[derive(Debug, Default)]
pub struct UserFonts {
    /// (display name, bytes, face index, role) per font that could be read.
    pub files: Vec<(String, Vec<u8>, u32, Role)>,
}

impl UserFonts {
    /// Reads each `path` or `path#N` of `regular` (body), `bold` and `mono`; unreadable files
    /// become warnings.
    pub fn load_roles(
        regular: &[String],
        bold: &[String],
        mono: &[String],
        warnings: &mut Vec<String>,
    ) -> UserFonts {
        let mut files = Vec::new();
        for (specs, role) in [
            (regular, Role::Regular),
            (bold, Role::Bold),
            (mono, Role::Mono),
        ] {
            for spec in specs {
                let (path, index) = split_face_index(spec);
                match std::fs::read(path) {
                    Ok(bytes) => files.push((path.to_owned(), bytes, index, role)),
                    Err(e) => warnings.push(format!("cannot read font {path}: {e}")),
                }
            }
        }
        UserFonts { files }
    }

    /// Reads body fonts only (see [`UserFonts::load_roles`]).
    pub fn load(specs: &[String], warnings: &mut Vec<String>) -> UserFonts {
        Self::load_roles(specs, &[], &[], warnings)
    }

    /// When body fonts were given without a bold one, adds the bold face of each body font's
    /// family if one is installed (`NotoSansCJK-Regular.ttc` → `NotoSansCJK-Bold.ttc`), so
    /// that headings keep the family's real bold rather than an emboldened regular.
    pub fn add_installed_bold(&mut self, warnings: &mut Vec<String>) {
        let has_bold = self.files.iter().any(|f| f.3 == Role::Bold);
        let families: Vec<String> = self
            .files
            .iter()
            .filter(|f| f.3 == Role::Regular)
            .filter_map(|(_, bytes, index, _)| family_name(bytes, *index))
            .collect();
        if has_bold || families.is_empty() {
            return;
        }
        let db = system_database();
        for family in families {
            let query = fontdb::Query {
                families: &[fontdb::Family::Name(&family)],
                weight: fontdb::Weight::BOLD,
                ..fontdb::Query::default()
            };
            let Some(id) = db.query(&query) else { continue };
            let Some(info) = db.face(id) else { continue };
            if info.weight.0 < 600 {
                continue;
            }
            if let Some((bytes, index)) = db.with_face_data(id, |d, i| (d.to_vec(), i)) {
                let path = match &info.source {
                    fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _) => {
                        p.display().to_string()
                    }
                    fontdb::Source::Binary(_) => family.clone(),
                };
                warnings.push(format!(
                    "bold text uses the installed bold of “{family}” ({path}#{index}); give --font-bold to choose another"
                ));
                self.files.push((path, bytes, index, Role::Bold));
            }
        }
    }
}

/// Installed families that draw Han characters in the forms of `writing`, most common first
/// (the Noto CJK collections of Linux distributions, then the macOS and Windows fonts).
/// Simplified Chinese needs none: the bundled Noto Sans SC draws its forms.
pub fn locale_families(writing: CjkWriting) -> &'static [&'static str] {
    match writing {
        CjkWriting::Hans => &[],
        CjkWriting::Ja => &[
            "Noto Sans CJK JP",
            "Noto Sans JP",
            "Source Han Sans JP",
            "Hiragino Sans",
            "Hiragino Kaku Gothic ProN",
            "Yu Gothic",
            "IPAexGothic",
            "IPAGothic",
            "TakaoGothic",
        ],
        CjkWriting::Hant => &[
            "Noto Sans CJK TC",
            "Noto Sans TC",
            "Source Han Sans TC",
            "PingFang TC",
            "Microsoft JhengHei",
        ],
        CjkWriting::HantHk => &[
            "Noto Sans CJK HK",
            "Noto Sans HK",
            "Source Han Sans HC",
            "PingFang HK",
            "Noto Sans CJK TC",
            "Noto Sans TC",
            "Microsoft JhengHei",
        ],
        CjkWriting::Ko => &[
            "Noto Sans CJK KR",
            "Noto Sans KR",
            "Source Han Sans K",
            "Apple SD Gothic Neo",
            "Malgun Gothic",
            "NanumGothic",
        ],
    }
}

/// The first of `families` installed in `db` as a regular upright face: (family, file path,
/// bytes, face index).
fn find_regular(
    db: &fontdb::Database,
    families: &[&str],
) -> Option<(String, String, Vec<u8>, u32)> {
    families.iter().find_map(|family| {
        let query = fontdb::Query {
            families: &[fontdb::Family::Name(family)],
            ..fontdb::Query::default()
        };
        let id = db.query(&query)?;
        let info = db.face(id)?;
        let named = info
            .families
            .iter()
            .any(|(f, _)| f.eq_ignore_ascii_case(family));
        if !named || info.weight.0.abs_diff(400) > 100 || info.style != fontdb::Style::Normal {
            return None;
        }
        let path = match &info.source {
            fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _) => p.display().to_string(),
            fontdb::Source::Binary(_) => (*family).to_owned(),
        };
        let (bytes, index) = db.with_face_data(id, |d, i| (d.to_vec(), i))?;
        Some(((*family).to_owned(), path, bytes, index))
    })
}

impl UserFonts {
    /// For a guide in Japanese, Traditional Chinese or Korean without a body font of its own:
    /// puts an installed font of that writing first (found in `db`, when given), so that Han
    /// characters take its forms; the bundled Noto Sans SC draws Simplified Chinese ones (今,
    /// 直, and `，` in the corner where Taiwan centres it). Either way a warning says what was
    /// done: the PDF then depends on this machine, or has the Chinese forms.
    pub fn add_locale_face(
        &mut self,
        writing: CjkWriting,
        db: Option<&fontdb::Database>,
        warnings: &mut Vec<String>,
    ) {
        let families = locale_families(writing);
        if families.is_empty() || self.files.iter().any(|f| f.3 == Role::Regular) {
            return;
        }
        let language = match writing {
            CjkWriting::Ja => "Japanese",
            CjkWriting::Ko => "Korean",
            _ => "Traditional Chinese",
        };
        match db.and_then(|db| find_regular(db, families)) {
            Some((family, path, bytes, index)) => {
                warnings.push(format!(
                    "{language} text is set in the installed font “{family}” ({path}#{index}), in its own character forms; another machine may set it differently (give --font to choose)"
                ));
                self.files.push((path, bytes, index, Role::Regular));
            }
            None => warnings.push(format!(
                "no installed font draws {language} character forms ({}, …): Han characters are set in the bundled Noto Sans SC, in their Simplified Chinese forms; install one, or give it with --font",
                families[..2].join(", ")
            )),
        }
    }
}

/// The family name of face `index` of `data` (typographic family first), if it parses.
fn family_name(data: &[u8], index: u32) -> Option<String> {
    let face = ttf_parser::Face::parse(data, index).ok()?;
    let names = face.names();
    [
        ttf_parser::name_id::TYPOGRAPHIC_FAMILY,
        ttf_parser::name_id::FAMILY,
    ]
    .into_iter()
    .find_map(|id| {
        names
            .into_iter()
            .filter(|n| n.name_id == id && n.is_unicode())
            .find_map(|n| n.to_string())
    })
}

/// One face installed on the machine, found for characters no other face has.
#[derive(Debug)]
pub struct SystemFace {
    /// Family name, for warnings.
    pub family: String,
    /// The file it came from, for warnings.
    pub path: String,
    /// The whole font file (a collection for TTC).
    pub data: Vec<u8>,
    /// Face index in a collection.
    pub index: u32,
    /// The characters it was chosen for.
    pub chars: Vec<char>,
}

/// Faces installed on the machine (found with `fontdb`, as Typst does), tried after the user's
/// and the bundled fonts. Kept apart from [`FontSet`] so the faces can borrow them.
#[derive(Debug, Default)]
pub struct SystemFonts {
    /// The faces, in the order they were chosen.
    pub faces: Vec<SystemFace>,
}

/// The fonts installed on the machine, scanned once per process (a batch of inputs, or the
/// property tests, would otherwise read every font folder again for each render).
pub fn system_database() -> &'static fontdb::Database {
    static DB: std::sync::OnceLock<fontdb::Database> = std::sync::OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        db
    })
}

/// At most this many installed faces join a render: enough for several scripts, bounded for
/// a document that holds every script there is.
const MAX_SYSTEM_FACES: usize = 16;

impl SystemFonts {
    /// Finds installed faces that cover `missing`: regular upright proportional faces first,
    /// then in a stable order (family, file, index), each taken if it covers a character no
    /// earlier one does. Scanning the font folders costs tens of milliseconds, so it is done
    /// only when some character needs it.
    pub fn find(missing: &[char]) -> SystemFonts {
        if missing.is_empty() {
            return SystemFonts::default();
        }
        Self::find_in(system_database(), missing)
    }

    /// [`SystemFonts::find`] over a given database.
    pub fn find_in(db: &fontdb::Database, missing: &[char]) -> SystemFonts {
        let path_of = |info: &fontdb::FaceInfo| match &info.source {
            fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _) => p.display().to_string(),
            fontdb::Source::Binary(_) => String::new(),
        };
        let mut infos: Vec<&fontdb::FaceInfo> = db.faces().collect();
        infos.sort_by_cached_key(|f| {
            (
                f.weight.0.abs_diff(400),
                f.style != fontdb::Style::Normal,
                f.monospaced,
                f.families.first().map(|x| x.0.clone()).unwrap_or_default(),
                path_of(f),
                f.index,
            )
        });
        let mut left: Vec<char> = missing.to_vec();
        let mut faces = Vec::new();
        for info in infos {
            if left.is_empty() || faces.len() == MAX_SYSTEM_FACES {
                break;
            }
            let covered = db
                .with_face_data(info.id, |data, index| {
                    let face = ttf_parser::Face::parse(data, index).ok()?;
                    let chars: Vec<char> = left
                        .iter()
                        .copied()
                        .filter(|&c| face.glyph_index(c).is_some_and(|g| g.0 != 0))
                        .collect();
                    (!chars.is_empty()).then(|| (chars, data.to_vec()))
                })
                .flatten();
            let Some((chars, data)) = covered else {
                continue;
            };
            left.retain(|c| !chars.contains(c));
            faces.push(SystemFace {
                family: info
                    .families
                    .first()
                    .map(|x| x.0.clone())
                    .unwrap_or_else(|| info.post_script_name.clone()),
                path: path_of(info),
                data,
                index: info.index,
                chars,
            });
        }
        SystemFonts { faces }
    }

    /// One note per installed face used: the PDF then depends on this machine's fonts.
    pub fn notes(&self) -> Vec<String> {
        self.faces
            .iter()
            .map(|f| {
                let sample: String = f.chars.iter().take(8).collect();
                format!(
                    "{} character(s) the bundled fonts lack ({sample}{}) are set in the installed font “{}” ({}); another machine may set them differently",
                    f.chars.len(),
                    if f.chars.len() > 8 { "…" } else { "" },
                    f.family,
                    f.path
                )
            })
            .collect()
    }
}

/// Splits `path#N` into the path and face index N (0 when absent or not a number).
pub fn split_face_index(spec: &str) -> (&str, u32) {
    if let Some((path, n)) = spec.rsplit_once('#')
        && let Ok(i) = n.parse::<u32>()
    {
        return (path, i);
    }
    (spec, 0)
}

/// Every face of a render, and the fallback chains over them.
pub struct FontSet<'a> {
    /// The faces; indices into this list identify a face everywhere in the renderer.
    pub faces: Vec<Face<'a>>,
    chains: BTreeMap<Chain, Vec<usize>>,
    /// Characters no face covers: code point → first place it was seen.
    missing: BTreeMap<char, String>,
    /// Shape plans, reused across runs.
    plans: super::shape::PlanCache,
    /// Face chosen per (chain, character) in the BMP: a cmap lookup walks several subtables
    /// per face. 0 = not looked up yet, 1 = no face, n + 2 = face n.
    picked_bmp: Vec<u16>,
    /// The same for characters outside the BMP.
    picked: std::collections::HashMap<(Chain, char), Option<usize>>,
    /// Ink extents per (face, glyph): reading an outline is slow and punctuation repeats.
    inks: std::collections::HashMap<(usize, u16), Option<(f32, f32)>>,
}

static NO_SYSTEM_FONTS: SystemFonts = SystemFonts { faces: Vec::new() };

/// Index of the bundled regular text face in a [`FontSet`] (after the user fonts).
fn push_bundled<'a>(
    faces: &mut Vec<Face<'a>>,
    f: &'static crate::fonts::BundledFont,
) -> Option<usize> {
    let face = Face::parse(f.postscript_name, f.data, 0)?;
    faces.push(face);
    Some(faces.len() - 1)
}

impl<'a> FontSet<'a> {
    /// Builds the set: user fonts (in order) in front of every chain, then the bundled faces.
    /// A user font that cannot be parsed is reported in `warnings` and skipped.
    pub fn new(user: &'a UserFonts, warnings: &mut Vec<String>) -> FontSet<'a> {
        Self::with_system(user, &NO_SYSTEM_FONTS, warnings)
    }

    /// Like [`FontSet::new`], with installed faces at the end of every chain.
    pub fn with_system(
        user: &'a UserFonts,
        system: &'a SystemFonts,
        warnings: &mut Vec<String>,
    ) -> FontSet<'a> {
        let mut faces = Vec::new();
        let mut users = Vec::new();
        for (path, bytes, index, role) in &user.files {
            let stem = std::path::Path::new(path)
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("UserFont");
            match Face::parse(stem, bytes, *index) {
                Some(face) => {
                    faces.push(face);
                    users.push((faces.len() - 1, *role));
                }
                None => warnings.push(format!(
                    "{path}: not a usable TrueType/OpenType font (face {index})"
                )),
            }
        }
        let regular = push_bundled(&mut faces, &NOTO_SANS_SC_REGULAR);
        let bold = push_bundled(&mut faces, &NOTO_SANS_SC_BOLD);
        let mono = push_bundled(&mut faces, &JETBRAINS_MONO_REGULAR);
        let emoji = push_bundled(&mut faces, &NOTO_EMOJI_REGULAR);
        let mut installed = Vec::new();
        for f in &system.faces {
            if let Some(face) = Face::parse(&f.family, &f.data, f.index) {
                faces.push(face);
                installed.push(faces.len() - 1);
            }
        }
        let of = |role: Role| -> Vec<Option<usize>> {
            users
                .iter()
                .filter(|u| u.1 == role)
                .map(|u| Some(u.0))
                .collect()
        };
        let chain = |parts: &[&[Option<usize>]]| -> Vec<usize> {
            let mut v: Vec<usize> = parts
                .iter()
                .flat_map(|p| p.iter().flatten().copied())
                .collect();
            v.extend(&installed);
            v
        };
        let (user_regular, user_bold, user_mono) =
            (of(Role::Regular), of(Role::Bold), of(Role::Mono));
        let mut chains = BTreeMap::new();
        chains.insert(Chain::Text, chain(&[&user_regular, &[regular, emoji]]));
        // A body font never takes bold text away from a bold face: the user's bold faces
        // come first, then the body font (emboldened by the painter, keeping its design),
        // then the bundled bold.
        chains.insert(
            Chain::Bold,
            chain(&[&user_bold, &user_regular, &[bold, regular, emoji]]),
        );
        // Nor code from a monospaced face: a body font only sets what the monospaced faces
        // lack (Han in code).
        chains.insert(
            Chain::Mono,
            chain(&[&user_mono, &[mono], &user_regular, &[regular, emoji]]),
        );
        FontSet {
            faces,
            chains,
            missing: BTreeMap::new(),
            plans: super::shape::PlanCache::default(),
            picked_bmp: Vec::new(),
            picked: std::collections::HashMap::new(),
            inks: std::collections::HashMap::new(),
        }
    }

    /// The faces of a chain, in fallback order.
    pub fn chain(&self, chain: Chain) -> &[usize] {
        self.chains.get(&chain).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The first face of `chain` (used for spaces, metrics and uncovered characters).
    pub fn primary(&self, chain: Chain) -> usize {
        self.chain(chain).first().copied().unwrap_or(0)
    }

    /// The face of `chain` that sets `c`, or `None` if none covers it.
    pub fn pick(&self, chain: Chain, c: char) -> Option<usize> {
        self.chain(chain)
            .iter()
            .copied()
            .find(|&i| self.faces[i].covers(c))
    }

    /// Like [`FontSet::pick`], but an uncovered character is recorded (with `place`) for
    /// [`FontSet::coverage_warnings`] and set in the chain's first face (as .notdef).
    pub fn pick_or_note(&mut self, chain: Chain, c: char, place: &str) -> usize {
        let found = self.pick_cached(chain, c);
        if let Some(i) = found {
            return i;
        }
        self.missing.entry(c).or_insert_with(|| place.to_owned());
        self.primary(chain)
    }

    /// [`FontSet::pick`] through a cache.
    fn pick_cached(&mut self, chain: Chain, c: char) -> Option<usize> {
        let cp = c as usize;
        if cp < 0x10000 {
            let slot = match chain {
                Chain::Text => 0,
                Chain::Bold => 1,
                Chain::Mono => 2,
            } * 0x10000
                + cp;
            if self.picked_bmp.is_empty() {
                self.picked_bmp = vec![0; 3 * 0x10000];
            }
            match self.picked_bmp[slot] {
                0 => {
                    let f = self.pick(chain, c);
                    self.picked_bmp[slot] = f.map_or(1, |i| u16::try_from(i + 2).unwrap_or(1));
                    f
                }
                1 => None,
                n => Some(usize::from(n) - 2),
            }
        } else {
            if let Some(&f) = self.picked.get(&(chain, c)) {
                return f;
            }
            let f = self.pick(chain, c);
            self.picked.insert((chain, c), f);
            f
        }
    }

    /// Horizontal ink extent of glyph `gid` of face `face` in em (cached [`Face::ink_x`]).
    pub fn ink_x(&mut self, face: usize, gid: u16) -> Option<(f32, f32)> {
        if let Some(&v) = self.inks.get(&(face, gid)) {
            return v;
        }
        let v = self.faces.get(face).and_then(|f| f.ink_x(gid));
        self.inks.insert((face, gid), v);
        v
    }

    /// Whether text of `chain` set in face `face` must be emboldened by the painter: bold
    /// text that falls back to a regular face (a user font, the emoji font).
    pub fn needs_emboldening(&self, chain: Chain, face: usize) -> bool {
        chain == Chain::Bold && self.faces.get(face).is_some_and(|f| !f.is_bold)
    }

    /// Shapes `text` in face `face` (see [`super::shape::shape_cached`]).
    pub fn shape(
        &mut self,
        face: usize,
        text: &str,
        mode: super::shape::Mode,
    ) -> Vec<super::shape::Glyph> {
        match self.faces.get(face) {
            Some(f) => super::shape::shape_cached(&mut self.plans, face, f, text, mode),
            None => Vec::new(),
        }
    }

    /// The characters no face covers, in code point order.
    pub fn missing_chars(&self) -> Vec<char> {
        self.missing.keys().copied().collect()
    }

    /// Warnings for the characters that no font covers, one per place where some first
    /// occur, naming each (up to twelve per warning). They are drawn as the font's empty box
    /// and still extract (copy) as themselves.
    pub fn coverage_warnings(&self) -> Vec<Coverage> {
        let mut by_place: BTreeMap<&str, Vec<char>> = BTreeMap::new();
        for (c, place) in &self.missing {
            by_place.entry(place).or_default().push(*c);
        }
        by_place
            .into_iter()
            .map(|(place, chars)| {
                let mut named: Vec<String> = chars
                    .iter()
                    .take(12)
                    .map(|c| format!("U+{:04X} ({c})", *c as u32))
                    .collect();
                if chars.len() > 12 {
                    named.push(format!("and {} more", chars.len() - 12));
                }
                let (what, chapter, line) = split_place(place);
                Coverage {
                    chapter: chapter.map(str::to_owned),
                    line,
                    message: format!(
                        "no font has a glyph for {} in {what}, neither bundled nor installed; shown as empty boxes (install a font that has them, or add one with --font)",
                        named.join(", ")
                    ),
                }
            })
            .collect()
    }
}

/// A warning of [`FontSet::coverage_warnings`], with its place in the source when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    /// In a book, the chapter file (relative to the project folder) the line belongs to.
    pub chapter: Option<String>,
    /// The first source line of the block where the characters were met.
    pub line: Option<u32>,
    /// What is missing, and where in words ("section “图片”").
    pub message: String,
}

/// Separates the parts of a place string (a control character no heading keeps).
const PLACE_SEP: char = '\u{1F}';

/// A place in the guide for coverage warnings: `what` ("section “图片”") at source `line`
/// (of `chapter`, in a book). One string, because it rides through line breaking as `&str`;
/// [`place_what`] and the warnings take it apart again.
pub fn place_at(what: &str, chapter: Option<&str>, line: u32) -> String {
    format!(
        "{what}{PLACE_SEP}{}{PLACE_SEP}{line}",
        chapter.unwrap_or_default()
    )
}

/// The words of a place made by [`place_at`] (or of a place given in words only).
pub fn place_what(place: &str) -> &str {
    split_place(place).0
}

/// A place made by [`place_at`] as a message says it: `section “图片” (line 87)`, with the
/// chapter file in a book (`section “S” (steps.md, line 9)`).
pub fn place_words(place: &str) -> String {
    match split_place(place) {
        (what, Some(chapter), Some(line)) => format!("{what} ({chapter}, line {line})"),
        (what, None, Some(line)) => format!("{what} (line {line})"),
        (what, _, None) => what.to_owned(),
    }
}

fn split_place(place: &str) -> (&str, Option<&str>, Option<u32>) {
    let mut parts = place.rsplitn(3, PLACE_SEP);
    match (parts.next(), parts.next(), parts.next()) {
        (Some(line), Some(chapter), Some(what)) => (
            what,
            Some(chapter).filter(|c| !c.is_empty()),
            line.parse().ok(),
        ),
        _ => (place, None, None),
    }
}

/// Characters that never need a glyph of their own: they join the previous character's
/// cluster (joiners, variation selectors, combining marks are handled by the shaper).
pub fn is_invisible(c: char) -> bool {
    matches!(c as u32, 0x200B..=0x200F | 0x2060..=0x2064 | 0xFE00..=0xFE0F | 0xE0100..=0xE01EF | 0xFEFF)
        || c.is_control()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fallback_order() {
        let user = UserFonts::default();
        let mut w = Vec::new();
        let mut set = FontSet::new(&user, &mut w);
        assert!(w.is_empty());
        let name = |set: &FontSet, i: usize| set.faces[i].name.clone();
        let han = set.pick(Chain::Text, '解').unwrap();
        assert_eq!(name(&set, han), "NotoSansSC-Regular");
        let emoji = set.pick(Chain::Text, '😀').unwrap();
        assert_eq!(name(&set, emoji), "NotoEmoji-Regular");
        let code = set.pick(Chain::Mono, 'x').unwrap();
        assert_eq!(name(&set, code), "JetBrainsMono-Regular");
        let code_han = set.pick(Chain::Mono, '你').unwrap();
        assert_eq!(name(&set, code_han), "NotoSansSC-Regular");
        let bold = set.pick(Chain::Bold, '你').unwrap();
        assert_eq!(name(&set, bold), "NotoSansSC-Bold");
        // U+20000 is outside Noto Sans SC: a warning names it and the place.
        assert!(set.pick(Chain::Text, '\u{20000}').is_none());
        let f = set.pick_or_note(
            Chain::Text,
            '\u{20000}',
            &place_at("section “图片”", None, 87),
        );
        assert_eq!(f, set.primary(Chain::Text));
        set.pick_or_note(Chain::Text, '\u{20000}', "elsewhere");
        let warnings = set.coverage_warnings();
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].message.contains("U+20000"), "{warnings:?}");
        assert!(
            warnings[0].message.contains("in section “图片”, neither"),
            "{warnings:?}"
        );
        assert_eq!(
            (warnings[0].line, warnings[0].chapter.as_deref()),
            (Some(87), None)
        );
        // Many characters in one place: one warning that names them, not one each.
        for c in '\u{E000}'..'\u{E020}' {
            set.pick_or_note(Chain::Text, c, "section “私用区”");
        }
        let warnings = set.coverage_warnings();
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        let pua = &warnings
            .iter()
            .find(|w| w.message.contains("私用区"))
            .unwrap()
            .message;
        assert!(
            pua.contains("U+E000") && pua.contains("and 20 more"),
            "{pua}"
        );
    }

    #[test]
    fn user_fonts_go_first_and_bad_ones_warn() {
        let dir = tempfile::tempdir().unwrap();
        let mono = dir.path().join("mono.ttf");
        std::fs::write(&mono, JETBRAINS_MONO_REGULAR.data).unwrap();
        let bad = dir.path().join("bad.ttf");
        std::fs::write(&bad, b"not a font").unwrap();
        let specs = vec![
            format!("{}#0", mono.display()),
            bad.display().to_string(),
            "/nonexistent/font.ttf".to_owned(),
        ];
        let mut w = Vec::new();
        let user = UserFonts::load(&specs, &mut w);
        let set = FontSet::new(&user, &mut w);
        assert_eq!(w.len(), 2, "{w:?}");
        let i = set.pick(Chain::Text, 'a').unwrap();
        assert_eq!(i, 0, "the user font comes first");
        assert_eq!(set.faces[i].name, "JetBrainsMono-Regular");
        // Characters the user font lacks fall through to the bundled chain.
        let han = set.pick(Chain::Text, '中').unwrap();
        assert_eq!(set.faces[han].name, "NotoSansSC-Regular");
    }

    #[test]
    fn bold_falls_back_to_synthetic_bold() {
        let user = UserFonts::default();
        let mut w = Vec::new();
        let set = FontSet::new(&user, &mut w);
        let bold = set.pick(Chain::Bold, '中').unwrap();
        assert!(!set.needs_emboldening(Chain::Bold, bold));
        let emoji = set.pick(Chain::Bold, '😀').unwrap();
        assert!(set.needs_emboldening(Chain::Bold, emoji));
        assert!(!set.needs_emboldening(Chain::Text, emoji));
    }

    #[test]
    fn face_index_suffix() {
        assert_eq!(split_face_index("a/b.ttc#2"), ("a/b.ttc", 2));
        assert_eq!(split_face_index("a/b.ttf"), ("a/b.ttf", 0));
        assert_eq!(split_face_index("a#b.ttf"), ("a#b.ttf", 0));
    }

    #[test]
    fn typo_metrics() {
        let f = Face::parse("x", NOTO_SANS_SC_REGULAR.data, 0).unwrap();
        assert!((f.ascender - 0.88).abs() < 0.01);
        assert!((f.descender + 0.12).abs() < 0.01);
    }

    /// A Japanese, Traditional Chinese or Korean guide gets an installed font of its writing
    /// first, found by family; without one (or with `--no-system-fonts`) a warning says that
    /// Han characters take their Simplified Chinese forms. A body font of the user's own wins.
    #[test]
    fn a_guide_in_another_cjk_writing_gets_its_own_forms() {
        let mut none = UserFonts::default();
        let mut warnings = Vec::new();
        none.add_locale_face(CjkWriting::Ja, None, &mut warnings);
        assert!(none.files.is_empty());
        assert!(
            warnings[0]
                .starts_with("no installed font draws Japanese character forms (Noto Sans CJK JP"),
            "{warnings:?}"
        );
        let mut db = fontdb::Database::new();
        db.load_font_data(JETBRAINS_MONO_REGULAR.data.to_vec());
        let found = find_regular(&db, &["Nope", "JetBrains Mono"]).expect("found by family");
        assert_eq!((found.0.as_str(), found.3), ("JetBrains Mono", 0));
        assert!(find_regular(&db, &["Noto Sans CJK JP"]).is_none());
        // Simplified Chinese needs nothing; a user's body font is not displaced.
        let mut w = Vec::new();
        UserFonts::default().add_locale_face(CjkWriting::Hans, None, &mut w);
        let mut own = UserFonts::load(&[], &mut w);
        own.files
            .push(("mine.ttf".into(), Vec::new(), 0, Role::Regular));
        own.add_locale_face(CjkWriting::Ko, None, &mut w);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(own.files.len(), 1);
    }
}
