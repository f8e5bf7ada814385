"""The AWS sample workmail-update-email's method, written for the benchmark (not copied): a Lambda
handler that reads the message with boto3 get_raw_message_content, parses it with Python's `email`
library, tags the subject and appends the text/HTML footer (bench/rewrite/child.py's `rewrite`, the
same edits as ours), serialises it with as_bytes, stages it with S3 put_object and hands it back with
put_raw_message_content. Clients are created at import, as the sample does.

Debian's boto3 1.26 does not read AWS_ENDPOINT_URL_*: the endpoints are passed explicitly.

  cold <event.json>                 import, one invocation, exit (the whole process is timed outside)
  warm <events.jsonl> <warmup>      import once, then one invocation per event line; prints the times
Prints one JSON line.
"""
import json
import os
import resource
import sys
import time
import uuid

sys.dont_write_bytecode = True  # importing child.py leaves no __pycache__ in the repo
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'rewrite'))

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from child import rewrite  # noqa: E402

REGION = os.environ.get('AWS_REGION', 'us-east-1')
message_flow = boto3.client('workmailmessageflow', region_name=REGION,
                            endpoint_url=os.environ['AWS_ENDPOINT_URL_WORKMAILMESSAGEFLOW'])
s3 = boto3.client('s3', region_name=REGION, endpoint_url=os.environ['AWS_ENDPOINT_URL_S3'],
                  config=Config(s3={'addressing_style': 'path'}))
BUCKET = os.environ['REWRITE_BUCKET']


def handler(event, context=None):
    message_id = event['messageId']
    raw = message_flow.get_raw_message_content(messageId=message_id)['messageContent'].read()
    updated = rewrite(raw)
    key = 'rewrites/' + str(uuid.uuid4())
    s3.put_object(Bucket=BUCKET, Key=key, Body=updated)
    message_flow.put_raw_message_content(messageId=message_id, content={'s3Reference': {'bucket': BUCKET, 'key': key}})
    return {'actions': [{'action': {'type': 'DEFAULT'}, 'allRecipients': True}]}


def main():
    mode = sys.argv[1]
    if mode == 'cold':
        with open(sys.argv[2]) as f:
            result = handler(json.load(f))
        print('BENCH_RESULT ' + json.dumps(result))
        return
    with open(sys.argv[2]) as f:
        events = [json.loads(line) for line in f if line.strip()]
    warmup = int(sys.argv[3])
    times = []
    for i, event in enumerate(events):
        t = time.perf_counter()
        handler(event)
        if i >= warmup:
            times.append((time.perf_counter() - t) * 1000)
    print('BENCH_WARM ' + json.dumps({'times': times, 'maxRssKiB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))


if __name__ == '__main__':
    main()
