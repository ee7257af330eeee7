//! Fonts for the PDF: the four roles of a Chinese official document, where each comes from, glyph
//! metrics for layout, and subsetting.
//!
//! A role is served by an installed system font when one is found and may be embedded (on
//! Windows 仿宋_GB2312 / 仿宋, 方正小标宋简体, 黑体, 楷体_GB2312 / 楷体, 宋体), else by the font
//! bundled with the program (Fandol, GPL with font exception), so that export works on a machine
//! with no Chinese fonts at all. Characters that the role's font lacks (rare characters in names
//! and places) fall back, one by one, to a font that covers all of GBK (宋体 or the bundled
//! WenQuanYi Micro Hei). Only the roles a document uses are loaded, and fonts are read through
//! allsorts straight from their bytes: no full parse, no copy.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use allsorts::binary::read::ReadScope;
use allsorts::subset::{CmapTarget, SubsetProfile, subset};
use allsorts::tables::cmap::{Cmap, CmapSubtable};
use allsorts::tables::{HeadTable, HheaTable, HmtxTable, MaxpTable, NameTable, OpenTypeFont};
use allsorts::tag;

/// What a font does in the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// 正文: a FangSong face (仿宋_GB2312).
    Body,
    /// 标题: a bold Song face (方正小标宋简体).
    Title,
    /// 一级标题（一、…）: a HeiTi face (黑体).
    Heading,
    /// 二级标题（（一）…）: a KaiTi face (楷体_GB2312).
    Subheading,
    /// Per-character fallback for what the role's font lacks: a face that covers all of GBK.
    Fallback,
}

impl Role {
    /// All roles.
    pub const ALL: [Self; 5] = [Self::Body, Self::Title, Self::Heading, Self::Subheading, Self::Fallback];

    /// The Chinese name of the role.
    pub fn label(self) -> &'static str {
        match self {
            Self::Body => "正文（仿宋）",
            Self::Title => "标题（小标宋）",
            Self::Heading => "一级标题（黑体）",
            Self::Subheading => "二级标题（楷体）",
            Self::Fallback => "生僻字备用字体",
        }
    }

    /// Installed font files that serve the role, best first (file names as on Windows).
    fn system_files(self) -> &'static [(&'static str, u32)] {
        match self {
            Self::Body => &[("FS_GB2312.ttf", 0), ("仿宋_GB2312.ttf", 0), ("simfang.ttf", 0)],
            Self::Title => &[("FZXBSJW.TTF", 0), ("方正小标宋简体.ttf", 0), ("FZXBSK.TTF", 0)],
            Self::Heading => &[("simhei.ttf", 0)],
            Self::Subheading => &[("KAI_GB2312.ttf", 0), ("楷体_GB2312.ttf", 0), ("simkai.ttf", 0)],
            Self::Fallback => &[("simsun.ttc", 0)],
        }
    }

    /// The bundled font for the role: (file name, bytes, face index).
    fn bundled(self) -> (&'static str, &'static [u8], u32) {
        match self {
            Self::Body => {
                ("FandolFang-Regular.otf", include_bytes!("../../assets/fonts/fandol/FandolFang-Regular.otf"), 0)
            }
            Self::Title => ("FandolSong-Bold.otf", include_bytes!("../../assets/fonts/fandol/FandolSong-Bold.otf"), 0),
            Self::Heading => {
                ("FandolHei-Regular.otf", include_bytes!("../../assets/fonts/fandol/FandolHei-Regular.otf"), 0)
            }
            Self::Subheading => {
                ("FandolKai-Regular.otf", include_bytes!("../../assets/fonts/fandol/FandolKai-Regular.otf"), 0)
            }
            Self::Fallback => ("wqy-microhei.ttc", UI_FONT, 0),
        }
    }
}

/// The bundled WenQuanYi Micro Hei collection (face 0 is the proportional face). The editor uses
/// it for the user interface as well.
pub static UI_FONT: &[u8] = include_bytes!("../../assets/fonts/wqy-microhei/wqy-microhei.ttc");

/// Which fonts may serve a role.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FontPolicy {
    /// Installed system fonts first, bundled fonts otherwise.
    #[default]
    SystemFirst,
    /// Bundled fonts only: the same output on every machine (tests, reproducible builds).
    BundledOnly,
}

/// Where a font came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Bundled with the program (`assets/fonts/…`).
    Bundled(&'static str),
    /// Installed on this machine.
    System(PathBuf),
}

/// One font face, ready for measuring and subsetting.
pub struct Face {
    /// The PostScript name (FandolFang-Regular).
    pub name: String,
    /// Where it came from.
    pub origin: Origin,
    bytes: &'static [u8],
    index: u32,
    units_per_em: f32,
    ascender: f32,
    descender: f32,
    cmap: CmapSubtable<'static>,
    hmtx: HmtxTable<'static>,
    cache: Mutex<HashMap<char, Option<(u16, u16)>>>,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Face").field("name", &self.name).field("origin", &self.origin).finish()
    }
}

fn table(bytes: &'static [u8], rec: Option<allsorts::tables::TableRecord>) -> Option<&'static [u8]> {
    let rec = rec?;
    bytes.get(rec.offset as usize..(rec.offset as usize).checked_add(rec.length as usize)?)
}

impl Face {
    /// Reads the tables needed for layout. `None` when the bytes are not a usable font.
    pub fn new(bytes: &'static [u8], index: u32, origin: Origin) -> Option<Self> {
        let otf = ReadScope::new(bytes).read::<OpenTypeFont<'static>>().ok()?;
        let ot = otf.offset_table(index as usize).ok()?;
        let head = ReadScope::new(table(bytes, ot.find_table_record(tag::HEAD))?).read::<HeadTable>().ok()?;
        let hhea = ReadScope::new(table(bytes, ot.find_table_record(tag::HHEA))?).read::<HheaTable>().ok()?;
        let maxp = ReadScope::new(table(bytes, ot.find_table_record(tag::MAXP))?).read::<MaxpTable>().ok()?;
        let hmtx = ReadScope::new(table(bytes, ot.find_table_record(tag::HMTX))?)
            .read_dep::<HmtxTable<'static>>((usize::from(maxp.num_glyphs), usize::from(hhea.num_h_metrics)))
            .ok()?;
        let cmap = ReadScope::new(table(bytes, ot.find_table_record(tag::CMAP))?).read::<Cmap<'static>>().ok()?;
        let (_, cmap) = allsorts::font::read_cmap_subtable(&cmap).ok()??;
        let name = table(bytes, ot.find_table_record(tag::NAME))
            .and_then(|d| ReadScope::new(d).read::<NameTable<'_>>().ok())
            .and_then(|n| n.string_for_id(NameTable::POSTSCRIPT_NAME))
            .unwrap_or_else(|| "Font".into());
        if !embedding_allowed(bytes, &ot) {
            log::warn!("font {name} forbids embedding or subsetting; not used");
            return None;
        }
        Some(Self {
            name,
            origin,
            bytes,
            index,
            units_per_em: f32::from(head.units_per_em.max(1)),
            ascender: f32::from(hhea.ascender),
            // Some fonts (FandolSong) store the descender with the wrong sign.
            descender: -f32::from(hhea.descender).abs(),
            cmap,
            hmtx,
            cache: Mutex::new(HashMap::new()),
        })
    }

    /// Glyph id and advance (font units) of a character; `None` when the font lacks it.
    fn lookup(&self, ch: char) -> Option<(u16, u16)> {
        let mut cache = self.cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *cache.entry(ch).or_insert_with(|| {
            let gid = self.cmap.map_glyph(ch as u32).ok().flatten().filter(|&g| g != 0)?;
            Some((gid, self.hmtx.horizontal_advance(gid).unwrap_or(0)))
        })
    }

    /// Whether the font can draw the character.
    pub fn has(&self, ch: char) -> bool {
        self.lookup(ch).is_some()
    }

    /// The advance of a character in em (1.0 for a CJK ideograph), `None` when missing.
    pub fn advance_em(&self, ch: char) -> Option<f32> {
        self.lookup(ch).map(|(_, adv)| f32::from(adv) / self.units_per_em)
    }

    /// Ascender in em.
    pub fn ascender_em(&self) -> f32 {
        self.ascender / self.units_per_em
    }

    /// Descender in em (negative).
    pub fn descender_em(&self) -> f32 {
        self.descender / self.units_per_em
    }

    /// A subset of the font with exactly these characters (and .notdef), as an sfnt, with the
    /// PDF font name carrying a subset tag (`ABCDEF+FandolFang-Regular`).
    pub fn subset(&self, chars: &[char]) -> Result<(Vec<u8>, String), String> {
        let mut gids: Vec<u16> = chars.iter().filter_map(|c| self.lookup(*c).map(|(g, _)| g)).collect();
        gids.sort_unstable();
        gids.dedup();
        gids.insert(0, 0);
        let otf = ReadScope::new(self.bytes).read::<OpenTypeFont<'_>>().map_err(|e| format!("{e:?}"))?;
        let provider = otf.table_provider(self.index as usize).map_err(|e| format!("{e:?}"))?;
        let bytes = subset(&provider, &gids, &SubsetProfile::Pdf, CmapTarget::Unicode).map_err(|e| format!("{e:?}"))?;
        Ok((bytes, format!("{}+{}", subset_tag(&gids), pdf_name(&self.name))))
    }
}

/// OS/2 fsType: may this font be embedded as a subset in a document?
fn embedding_allowed(bytes: &'static [u8], ot: &allsorts::tables::OffsetTable<'_>) -> bool {
    let Some(os2) = table(bytes, ot.find_table_record(tag::OS_2)) else { return true };
    let Some(fs) = os2.get(8..10).map(|b| u16::from_be_bytes([b[0], b[1]])) else { return true };
    let restricted = fs & 0x000F == 0x0002;
    let no_subsetting = fs & 0x0100 != 0;
    let bitmap_only = fs & 0x0200 != 0;
    !(restricted || no_subsetting || bitmap_only)
}

/// Six capital letters from the glyph list: the same subset always gets the same tag.
fn subset_tag(gids: &[u16]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for g in gids {
        h ^= u64::from(*g);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (0..6)
        .map(|i| {
            let v = ((h >> (i * 10)) % 26) as u8;
            char::from(b'A' + v)
        })
        .collect()
}

/// A font name safe for a PDF name object.
fn pdf_name(name: &str) -> String {
    let s: String = name.chars().filter(|c| c.is_ascii_graphic() && !"()<>[]{}/%#".contains(*c)).collect();
    if s.is_empty() { "Font".into() } else { s }
}

/// The faces that serve the roles, resolved on first use.
pub struct FontSet {
    policy: FontPolicy,
    faces: [OnceLock<Option<&'static Face>>; 5],
}

impl std::fmt::Debug for FontSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontSet").field("policy", &self.policy).finish()
    }
}

impl FontSet {
    /// A font set with the given policy. Nothing is loaded yet.
    pub fn new(policy: FontPolicy) -> Self {
        Self { policy, faces: Default::default() }
    }

    /// The policy.
    pub fn policy(&self) -> FontPolicy {
        self.policy
    }

    /// The face that serves a role (loading it on first use).
    pub fn face(&self, role: Role) -> Option<&'static Face> {
        *self.faces[role as usize].get_or_init(|| resolve(role, self.policy))
    }

    /// The faces loaded so far, by role.
    pub fn loaded(&self) -> Vec<(Role, &'static Face)> {
        Role::ALL.iter().filter_map(|r| self.faces[*r as usize].get().copied().flatten().map(|f| (*r, f))).collect()
    }
}

/// Faces are loaded once per process and kept: a font is tens of MB, and the editor exports
/// again and again.
type FaceCache = Mutex<HashMap<(String, u32), Option<&'static Face>>>;

fn cached_face(origin: &Origin, index: u32, make: impl FnOnce() -> Option<Face>) -> Option<&'static Face> {
    static FACES: OnceLock<FaceCache> = OnceLock::new();
    let map = FACES.get_or_init(|| Mutex::new(HashMap::new()));
    let k = (format!("{origin:?}"), index);
    let mut m = map.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(f) = m.get(&k) {
        return *f;
    }
    let face: Option<&'static Face> = make().map(|f| &*Box::leak(Box::new(f)));
    m.insert(k, face);
    face
}

fn resolve(role: Role, policy: FontPolicy) -> Option<&'static Face> {
    if policy == FontPolicy::SystemFirst {
        for (file, index) in role.system_files() {
            if let Some(path) = find_system_font(file) {
                let face = cached_face(&Origin::System(path.clone()), *index, || {
                    let bytes = std::fs::read(&path).ok()?;
                    let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
                    Face::new(bytes, *index, Origin::System(path.clone()))
                });
                if face.is_some() {
                    return face;
                }
            }
        }
    }
    let (file, bytes, index) = role.bundled();
    cached_face(&Origin::Bundled(file), index, || Face::new(bytes, index, Origin::Bundled(file)))
}

/// The folders where installed fonts live on this platform.
fn font_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if cfg!(windows) {
        let windir = std::env::var_os("WINDIR").map_or_else(|| PathBuf::from(r"C:\Windows"), PathBuf::from);
        dirs.push(windir.join("Fonts"));
        if let Some(local) = std::env::var_os("LOCALAPPDATA") {
            dirs.push(PathBuf::from(local).join(r"Microsoft\Windows\Fonts"));
        }
    } else if cfg!(target_os = "macos") {
        dirs.push(PathBuf::from("/Library/Fonts"));
        dirs.push(PathBuf::from("/System/Library/Fonts"));
        if let Some(home) = std::env::var_os("HOME") {
            dirs.push(PathBuf::from(home).join("Library/Fonts"));
        }
    } else {
        dirs.push(PathBuf::from("/usr/share/fonts"));
        dirs.push(PathBuf::from("/usr/local/share/fonts"));
        if let Some(home) = std::env::var_os("HOME") {
            dirs.push(PathBuf::from(&home).join(".local/share/fonts"));
            dirs.push(PathBuf::from(home).join(".fonts"));
        }
    }
    dirs
}

/// Every font file in the font folders, by lower-case file name (scanned once).
fn system_font_index() -> &'static HashMap<String, PathBuf> {
    static INDEX: OnceLock<HashMap<String, PathBuf>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = HashMap::new();
        for dir in font_dirs() {
            scan(&dir, 0, &mut index);
        }
        index
    })
}

fn scan(dir: &Path, depth: usize, index: &mut HashMap<String, PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let path = e.path();
        if path.is_dir() {
            if depth < 4 {
                scan(&path, depth + 1, index);
            }
        } else if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
            index.entry(name.to_lowercase()).or_insert(path);
        }
    }
}

fn find_system_font(file: &str) -> Option<PathBuf> {
    system_font_index().get(&file.to_lowercase()).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_faces_load_and_measure() {
        let fonts = FontSet::new(FontPolicy::BundledOnly);
        let body = fonts.face(Role::Body).expect("body");
        assert_eq!(body.name, "FandolFang-Regular");
        assert_eq!(body.advance_em('中'), Some(1.0));
        assert_eq!(body.advance_em('1'), Some(0.5));
        assert!(body.has('，'));
        assert!(!body.has('丄'), "Fandol lacks this GBK character");
        let fallback = fonts.face(Role::Fallback).expect("fallback");
        assert!(fallback.has('丄'));
        assert!(fallback.descender_em() < 0.0);
        assert!(fonts.face(Role::Title).expect("title").descender_em() < 0.0);
        assert_eq!(fonts.loaded().len(), 2 + 1);
    }

    #[test]
    fn subsets_are_small_and_tagged() {
        let fonts = FontSet::new(FontPolicy::BundledOnly);
        let body = fonts.face(Role::Body).expect("body");
        let (bytes, name) = body.subset(&['年', '报', '1']).expect("subset");
        assert!(bytes.len() < 20_000, "{}", bytes.len());
        assert_eq!(name.len(), 7 + "FandolFang-Regular".len());
        assert!(name[..6].bytes().all(|b| b.is_ascii_uppercase()));
        assert_eq!(&name[6..], "+FandolFang-Regular");
        // Deterministic.
        assert_eq!(body.subset(&['年', '报', '1']).expect("again").1, name);
    }
}
