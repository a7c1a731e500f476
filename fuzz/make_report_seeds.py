#!/usr/bin/env python3
"""Writes the signed-report seeds of fuzz_verify_json from a report `cpt demo` wrote.

Usage: fuzz/make_report_seeds.py DEMO_REPORT.json OUT_DIR [DEMO_REPORT.pdf PDF_OUT_DIR]

The demo's VIN is replaced by a test fixture VIN and the documents are signed again with a fresh
key (the same canonical form and signature member as report/render_json.cc), so the committed
seeds carry no simulator VIN and no private key. Besides the whole report it writes a small signed
report (fast to mutate, still on the genuine path) and its unsigned twin. With a demo PDF it also
writes signed PDFs for fuzz_pdf_signature: cairo's body of the demo PDF (its text is compressed)
and a minimal hand-written body, each with the signed update report/pdf_signature.cc writes.
Each run signs with a new key: paste the public key it prints into seed_key_set() in
fuzz/fuzz_verify_check.h.
"""
import re
import base64
import copy
import hashlib
import json
import pathlib
import sys

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

FIXTURE_VIN = "5YJ3E1EA2KF317000"


def canonical(doc):
    body = {k: v for k, v in doc.items() if k != "signature"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sign(doc, key):
    pub = key.public_key()
    der = pub.public_bytes(serialization.Encoding.DER,
                           serialization.PublicFormat.SubjectPublicKeyInfo)
    pem = pub.public_bytes(serialization.Encoding.PEM,
                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    text = canonical(doc)
    doc["signature"] = {
        "algorithm": "ECDSA-P256-SHA256",
        "canonicalization": "cpt-c14n-1",
        "key_id": hashlib.sha256(der).hexdigest()[:16],
        "public_key": pem,
        "sha256": hashlib.sha256(text).hexdigest(),
        "value": base64.b64encode(key.sign(text, ec.ECDSA(hashes.SHA256()))).decode(),
    }
    return doc


MARKER = b"%CPT-SIGNED-UPDATE 1\n"

MINIMAL_BODY = (b"%PDF-1.5\n%\xb5\xed\xae\xfb\n1 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
                b"2 0 obj\n<< /Producer (cairo 1.16.0 (https://cairographics.org))\n"
                b"   /CreationDate (D:20260801000000Z)\n>>\nendobj\n"
                b"3 0 obj\n<< /Type /Catalog\n   /Pages 1 0 R\n>>\nendobj\n"
                b"xref\n0 4\n0000000000 65535 f \n0000000015 00000 n \n0000000074 00000 n \n"
                b"0000000185 00000 n \ntrailer\n<< /Size 4\n   /Root 3 0 R\n   /Info 2 0 R\n>>\n"
                b"startxref\n240\n%%EOF\n")


def number_after(text, key):
    match = re.compile(re.escape(key) + rb" *(-?\d+)").search(text)
    return int(match.group(1))


def object_dict(body, number):
    start = body.rfind(b"\n%d 0 obj" % number)
    dict_text = body[body.find(b"<<", start):body.find(b"endobj", start)].rstrip(b"\n ")
    return dict_text[:-2].rstrip(b"\n ")


def build_update(body, json_text, pdf_signature, sig):
    """report/pdf_signature.cc build_update, byte for byte."""
    tail = body[body.rfind(b"trailer"):]
    n, root, info = (number_after(tail, k) for k in (b"/Size", b"/Root", b"/Info"))
    startxref = number_after(tail, b"startxref\n")
    name = b"cpt-report.json"
    file_ref, spec_ref = b"%d 0 R" % n, b"%d 0 R" % (n + 1)
    text, offsets = bytearray(MARKER), {}

    def obj(number, content):
        offsets[number] = len(body) + len(text)
        text.extend(b"%d 0 obj\n" % number + content + b"\nendobj\n")

    obj(n, b"<< /Type /EmbeddedFile /Subtype /application#2Fjson /Length %d >>\nstream\n"
        % len(json_text) + json_text + b"\nendstream")
    obj(n + 1, b"<< /Type /Filespec /F (" + name + b") /UF (" + name +
        b") /Desc (Signed Car Pulse Tracker report) /AFRelationship /Source /EF << /F " +
        file_ref + b" /UF " + file_ref + b" >> >>")
    obj(n + 2, b"<< /Names [(" + name + b") " + spec_ref + b"] >>")
    obj(root, object_dict(body, root) + b"\n   /Names << /EmbeddedFiles %d 0 R >>\n   /AF [" %
        (n + 2) + spec_ref + b"]\n>>")
    fields = {k: sig[k].encode() for k in ("key_id", "sha256", "value")}
    obj(info, object_dict(body, info) + b"\n   /Keywords (cpt-report sha256:" + fields["sha256"] +
        b" key:" + fields["key_id"] + b")\n   /CPTReportKeyId (" + fields["key_id"] +
        b")\n   /CPTReportSHA256 (" + fields["sha256"] + b")\n   /CPTReportSignature (" +
        fields["value"] + b")\n   /CPTPdfSignature (" + pdf_signature + b")\n>>")
    xref = len(body) + len(text)
    text.extend(b"xref\n0 1\n0000000000 65535 f \n")
    for number in sorted(offsets):
        text.extend(b"%d 1\n%010d 00000 n \n" % (number, offsets[number] % 10000000000))
    text.extend(b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
                % (n + 3, root, info, startxref, xref))
    return bytes(text)


def sign_pdf(body, signed_doc, key):
    json_text = json.dumps(signed_doc, ensure_ascii=False, separators=(",", ":")).encode()
    sha = signed_doc["signature"]["sha256"].encode()
    message = b"cpt-pdf-signature-1\n" + hashlib.sha256(body).hexdigest().encode() + b"\n" + sha + b"\n"
    signature = base64.b64encode(key.sign(message, ec.ECDSA(hashes.SHA256())))
    return body + build_update(body, json_text, signature, signed_doc["signature"])


def main():
    demo_path, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    demo = json.loads(demo_path.read_text())
    vin = demo["report"]["vehicle"]["vin"]
    doc = json.loads(json.dumps(demo).replace(vin, FIXTURE_VIN).replace(vin[-4:], FIXTURE_VIN[-4:]))
    doc.pop("signature", None)
    key = ec.generate_private_key(ec.SECP256R1())
    whole = sign(copy.deepcopy(doc), key)
    print("key_id", whole["signature"]["key_id"], json.dumps(whole["signature"]["public_key"]))
    (out / "report_signed.json").write_text(json.dumps(whole, indent=2, ensure_ascii=False) + "\n")
    small = {k: doc[k] for k in ("generator", "report", "schema_version")}
    small["sections"] = [dict(doc["sections"][0], fields=doc["sections"][0]["fields"][:4])]
    (out / "small_unsigned.json").write_text(json.dumps(small, ensure_ascii=False))
    signed = sign(small, key)
    (out / "small_signed.json").write_text(json.dumps(signed, indent=2, ensure_ascii=False) + "\n")
    (out / "small_signed_compact.json").write_text(json.dumps(signed, ensure_ascii=False))
    if len(sys.argv) > 4:
        demo_pdf, pdf_out = pathlib.Path(sys.argv[3]).read_bytes(), pathlib.Path(sys.argv[4])
        cairo_body = demo_pdf[:demo_pdf.rfind(MARKER)]
        (pdf_out / "cairo_signed.pdf").write_bytes(sign_pdf(cairo_body, whole, key))
        (pdf_out / "minimal_signed.pdf").write_bytes(sign_pdf(MINIMAL_BODY, signed, key))
        (pdf_out / "cairo_unsigned.pdf").write_bytes(cairo_body)


if __name__ == "__main__":
    main()
