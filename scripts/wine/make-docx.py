#!/usr/bin/env python3
"""Test helper for scripts/windows-check.sh: a minimal Word document (.docx) with one paragraph
per line of a text file (the seed report's text), to import on Linux and under Wine alike.
    make-docx.py IN.txt OUT.docx"""
import sys
import zipfile
from xml.sax.saxutils import escape

src, out = sys.argv[1], sys.argv[2]
with open(src, encoding="utf-8-sig") as f:
    lines = [line.rstrip("\r\n") for line in f]
body = "".join(
    '<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % escape(line) if line else "<w:p/>"
    for line in lines
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<w:document xmlns:w="%s"><w:body>%s<w:sectPr/></w:body></w:document>' % (W, body))
types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/word/document.xml" '
         'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
         '</Types>')
rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>')
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for name, text in (("[Content_Types].xml", types), ("_rels/.rels", rels), ("word/document.xml", document)):
        info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, text)
