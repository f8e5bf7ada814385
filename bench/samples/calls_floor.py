"""The floor under both handlers, Python side: the three calls alone with boto3 (get_raw_message_content,
put_object, put_raw_message_content), one warm process, putting back each message unchanged.
  calls_floor.py <events.jsonl> <warmup>    prints `BENCH_FLOOR <json>` (ms)
"""
import json
import os
import sys
import time

import boto3
from botocore.config import Config

REGION = os.environ.get('AWS_REGION', 'us-east-1')
mf = boto3.client('workmailmessageflow', region_name=REGION, endpoint_url=os.environ['AWS_ENDPOINT_URL_WORKMAILMESSAGEFLOW'])
s3 = boto3.client('s3', region_name=REGION, endpoint_url=os.environ['AWS_ENDPOINT_URL_S3'], config=Config(s3={'addressing_style': 'path'}))
bucket = os.environ['REWRITE_BUCKET']
with open(sys.argv[1]) as f:
    ids = [json.loads(line)['messageId'] for line in f if line.strip()]
warmup = int(sys.argv[2])
t = {'get': [], 'put': [], 'raw': [], 'total': []}
for i, message_id in enumerate(ids):
    t0 = time.perf_counter()
    body = mf.get_raw_message_content(messageId=message_id)['messageContent'].read()
    t1 = time.perf_counter()
    key = 'floor/' + message_id
    s3.put_object(Bucket=bucket, Key=key, Body=body)
    t2 = time.perf_counter()
    mf.put_raw_message_content(messageId=message_id, content={'s3Reference': {'bucket': bucket, 'key': key}})
    t3 = time.perf_counter()
    if i < warmup:
        continue
    for k, v in (('get', t1 - t0), ('put', t2 - t1), ('raw', t3 - t2), ('total', t3 - t0)):
        t[k].append(v * 1000)
print('BENCH_FLOOR ' + json.dumps(t))
