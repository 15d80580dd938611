"""Presigns a request with botocore (an independent SigV4 implementation) and prints the URL.

Input (stdin, JSON): method, url, headers, access_key, secret_key, token, service, region,
expires, timestamp (YYYYMMDDTHHMMSSZ). Used by the presigning tests; no network.
"""
import datetime
import json
import sys
from unittest import mock

from botocore.auth import S3SigV4QueryAuth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

p = json.load(sys.stdin)
now = datetime.datetime.strptime(p["timestamp"], "%Y%m%dT%H%M%SZ")
creds = Credentials(p["access_key"], p["secret_key"], p.get("token"))
cls = S3SigV4QueryAuth if p["service"] == "s3" else SigV4QueryAuth
auth = cls(creds, p["service"], p["region"], expires=p["expires"])
req = AWSRequest(method=p["method"], url=p["url"], headers=p["headers"])
with mock.patch("botocore.auth.get_current_datetime", return_value=now):
    auth.add_auth(req)
print(req.prepare().url)
