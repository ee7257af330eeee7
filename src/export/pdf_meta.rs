//! The PDF's share of the round trip ([`super::meta`]): the metadata document travels in the PDF
//! as a compressed stream referenced from the document catalog (`/NianbaoMetadata`), appended as
//! an incremental update, so that the pages printpdf wrote stay byte for byte what they were.
//! Importing nianbao's PDF then gives back the fields it does not print (the level, last year's
//! tables); the visible content still wins.

use lopdf::{Document, IncrementalDocument, Object, Stream};

use crate::model::Report;

/// The catalog key of the metadata stream.
pub const CATALOG_KEY: &[u8] = b"NianbaoMetadata";

/// The PDF with the report's metadata appended. A PDF that cannot be updated is returned as it
/// was (the visible content is all an import then reads).
pub fn embed(pdf: Vec<u8>, report: &Report) -> Vec<u8> {
    match appended(&pdf, report) {
        Ok(bytes) => bytes,
        Err(e) => {
            log::warn!("PDF metadata not written: {e}");
            pdf
        }
    }
}

fn appended(pdf: &[u8], report: &Report) -> Result<Vec<u8>, lopdf::Error> {
    let doc = Document::load_mem(pdf)?;
    let root = doc.trailer.get(b"Root")?.as_reference()?;
    let mut update = IncrementalDocument::create_from(pdf.to_vec(), doc);
    update.opt_clone_object_to_new_document(root)?;
    let mut stream = Stream::new(lopdf::Dictionary::new(), super::meta::to_xml(report).into_bytes());
    stream.compress()?;
    let id = update.new_document.add_object(stream);
    update.new_document.get_dictionary_mut(root)?.set(CATALOG_KEY, Object::Reference(id));
    let mut out = Vec::with_capacity(pdf.len() + 16 * 1024);
    update.save_to(&mut out)?;
    Ok(out)
}

/// The metadata document in a loaded PDF, if it carries one.
pub fn xml_in(doc: &Document) -> Option<String> {
    let root = doc.trailer.get(b"Root").ok()?.as_reference().ok()?;
    let catalog = doc.get_dictionary(root).ok()?;
    let stream = catalog.get_deref(CATALOG_KEY, doc).ok()?.as_stream().ok()?;
    let bytes = stream.get_plain_content_with_limit(16 * 1024 * 1024).ok()?;
    String::from_utf8(bytes).ok()
}
