"""The AWS samples' method, for the rewrite benchmark: Python's standard `email` library
as amazon-workmail-lambda-templates/workmail-update-email uses it: message_from_bytes with the
sample's policy (policy.SMTP, refold_source='none'), get_content / set_content on the text parts,
replace_header for the subject, as_bytes.

  time <in.eml> <iterations>   parse + edit + serialise timed in process, after warm-up, gc between runs
  oneshot <in.eml> <out.eml>   read, rewrite, write: the whole-process run
Prints one JSON line.
"""
import email
from email import policy
import gc
import json
import resource
import sys
import time

TAG = '[EXTERNAL]'
FOOTER_TEXT = 'This message came from outside the organization.'
FOOTER_HTML = '<p>This message came from outside the organization.</p>'
POLICY = policy.SMTP.clone(refold_source='none')  # the sample's parsing policy
WARMUP_CALLS = 5  # untimed calls after the first, as WARMUP_CALLS in edits.ts


def rewrite(raw):
    msg = email.message_from_bytes(raw, policy=POLICY)
    # The body parts as the sample updates them: get_content, add the footer, set_content with the
    # part's own charset and transfer encoding (a 7bit UTF-8 HTML part becomes quoted-printable, the
    # sample's issue 17). The sample places the HTML footer with BeautifulSoup; here it goes before
    # </body> by a string search, which is cheaper, so the baseline errs in Python's favour.
    for part in msg.walk():
        ctype = part.get_content_type()
        if ctype not in ('text/plain', 'text/html') or 'attachment' in str(part.get_content_disposition()):
            continue
        charset = part.get_content_charset() or 'us-ascii'
        cte = part['Content-Transfer-Encoding']
        cte = cte.lower() if cte is not None else None
        text = part.get_content()
        if ctype == 'text/plain':
            part.set_content(text + '\n\n' + FOOTER_TEXT, 'plain', charset=charset, cte=cte)
        else:
            i = text.lower().rfind('</body')
            html = text[:i] + FOOTER_HTML + text[i:] if i >= 0 else text + FOOTER_HTML
            if charset.lower() == 'utf-8' and cte == '7bit':
                cte = 'quoted-printable'
            part.set_content(html.encode(charset), 'text', 'html', cte=cte)
            part.set_charset(charset)
    subject = msg['Subject']
    if subject is None:
        msg['Subject'] = TAG
    elif not str(subject).lower().startswith(TAG.lower()):
        msg.replace_header('Subject', TAG + ' ' + str(subject))
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
