"""The AWS samples' method, for the rewrite benchmark: Python's standard `email` library
(message_from_bytes, replace_header, as_bytes), with the footer added the way
amazon-workmail-lambda-templates/workmail-update-email does it (get_payload(decode=True), edit, set_payload).

  time <in.eml> <iterations>   parse + edit + serialise timed in process, after warm-up, gc between runs
  oneshot <in.eml> <out.eml>   read, rewrite, write: the whole-process run
Prints one JSON line.
"""
import email
import email.charset
import gc
import json
import resource
import sys
import time

TAG = '[EXTERNAL]'
FOOTER_TEXT = 'This message came from outside the organization.'
FOOTER_HTML = '<p>This message came from outside the organization.</p>'
WARMUP_CALLS = 5  # untimed calls after the first, as WARMUP_CALLS in edits.ts


def rewrite(raw):
    msg = email.message_from_bytes(raw)
    subject = msg['Subject']
    if subject is None:
        msg['Subject'] = TAG
    elif not str(subject).lower().startswith(TAG.lower()):
        msg.replace_header('Subject', TAG + ' ' + str(subject))
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        if ctype not in ('text/plain', 'text/html') or part.get_content_disposition() == 'attachment':
            continue
        charset = part.get_content_charset() or 'us-ascii'
        text = part.get_payload(decode=True).decode(charset, errors='replace')
        if ctype == 'text/plain':
            text = text + '\r\n\r\n' + FOOTER_TEXT + '\r\n'
        else:
            i = text.lower().rfind('</body')
            text = text[:i] + FOOTER_HTML + text[i:] if i >= 0 else text + FOOTER_HTML
        # the sample switches UTF-8 parts to quoted-printable (its issue 17)
        del part['Content-Transfer-Encoding']
        cs = email.charset.Charset('utf-8')
        cs.body_encoding = email.charset.QP
        part.set_payload(text, cs)
    return msg.as_bytes()


def main():
    mode, path, arg = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(path, 'rb') as f:
        raw = f.read()
    if mode == 'oneshot':
        out = rewrite(raw)
        with open(arg, 'wb') as f:
            f.write(out)
        print(json.dumps({'bytes': len(out), 'maxRssKiB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
        return
    iterations = int(arg)
    t0 = time.perf_counter()
    rewrite(raw)
    first_ms = (time.perf_counter() - t0) * 1000
    for _ in range(WARMUP_CALLS):  # the same steady state as child-ts.ts
        rewrite(raw)
    times = []
    for _ in range(iterations):
        gc.collect()
        t = time.perf_counter()
        rewrite(raw)
        times.append((time.perf_counter() - t) * 1000)
    print(json.dumps({'firstMs': first_ms, 'times': times}))


if __name__ == '__main__':
    main()
