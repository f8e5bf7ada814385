"""Python's `email` reading of messages, the second reference of the differential test.

Reads a JSON list of base64 messages on stdin, writes a JSON list of attachment lists on stdout.
An attachment is what mailparser calls one: a leaf (an attached message/rfc822 is a leaf unless
shown inline and sent 7bit/8bit/binary, then its parts are read; a multipart
whose delimiters were not found is a defect, not one), unless it is text/plain, text/html or message/delivery-status without an `attachment`
disposition. Each is reported with its file name, type, decoded size and sha256.
"""
import base64
import hashlib
import json
import sys
from email import message_from_bytes, policy

TEXT = ("text/plain", "text/html", "message/delivery-status")


def opened(part):
    """mailparser enters an attached message only when it is shown inline and sent as it is."""
    cte = (part.get("content-transfer-encoding") or "").strip().lower()
    return part.get_content_disposition() == "inline" and cte in ("", "7bit", "8bit", "binary")


def leaves(part):
    if not part.is_multipart() or (part.get_content_type() == "message/rfc822" and not opened(part)):
        yield part
        return
    for child in part.get_payload():
        yield from leaves(child)


def facts(part):
    ctype = part.get_content_type()
    if ctype.startswith("multipart/"):
        return None  # a multipart whose parts were not found: a defect, not an attachment
    disposition = part.get_content_disposition()
    if ctype in TEXT and disposition != "attachment":
        return None
    if ctype == "message/rfc822":
        payload = part.get_payload()
        body = payload[0].as_bytes() if isinstance(payload, list) and payload else b""
    else:
        body = part.get_payload(decode=True) or b""
    name = part.get_filename()
    return {
        "filename": str(name) if name is not None else None,
        "contentType": ctype,
        "size": len(body),
        "sha256": hashlib.sha256(body).hexdigest(),
    }


def read(raw):
    msg = message_from_bytes(raw, policy=policy.compat32)
    return [f for f in (facts(p) for p in leaves(msg)) if f is not None]


def main():
    out = []
    for item in json.load(sys.stdin):
        try:
            out.append(read(base64.b64decode(item)))
        except Exception as err:  # a reference that fails is reported, not hidden
            out.append({"error": repr(err)})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
