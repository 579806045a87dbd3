"""The baseline of infra/bench/deliver: what `aws s3 cp - s3://...` does, in boto3.

Reads the run's /dub-result, then streams the video link into the bucket with boto3's managed
transfer (upload_fileobj on the HTTP response: 8 MiB parts, 10 threads, the CLI's defaults).
Prints one JSON line: bytes, seconds, MiB/s, this process's peak RSS.
"""

import json
import resource
import sys
import time
import urllib.request

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config


def main(base, key, endpoint, bucket, run, round_):
    req = urllib.request.Request(f"{base}/dub-result/{run}", headers={"x-api-key": key})
    with urllib.request.urlopen(req) as answer:
        link = json.load(answer)["video_url"]
    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
        config=Config(s3={"addressing_style": "path"}),
        # LocalStack's certificate is its own: a loopback benchmark only.
        verify=not endpoint.startswith("https:"),
    )
    counted = {"bytes": 0}

    def count(n):
        counted["bytes"] += n

    start = time.monotonic()
    with urllib.request.urlopen(link) as media:
        s3.upload_fileobj(
            media, bucket, f"boto3/{run}-{round_}/video.mp4", Config=TransferConfig(), Callback=count
        )
    seconds = time.monotonic() - start
    print(
        json.dumps(
            {
                "status": "UPLOADED",
                "bytes": counted["bytes"],
                "seconds": seconds,
                "mib_per_s": counted["bytes"] / 1048576 / seconds,
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


if __name__ == "__main__":
    main(*sys.argv[1:7])
