"""Signs a request with botocore's SigV4 (S3 flavour for service `s3`) and prints the
Authorization header. Input (stdin, JSON): method, url, headers, body, service, region,
timestamp. Used by the signing tests; no network."""
import datetime
import json
import sys
from unittest import mock

from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

p = json.load(sys.stdin)
now = datetime.datetime.strptime(p["timestamp"], "%Y%m%dT%H%M%SZ")
creds = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
cls = S3SigV4Auth if p["service"] == "s3" else SigV4Auth
auth = cls(creds, p["service"], p["region"])
req = AWSRequest(method=p["method"], url=p["url"], headers=p["headers"], data=p["body"].encode())
with mock.patch("botocore.auth.get_current_datetime", return_value=now):
    auth.add_auth(req)
print(req.headers["Authorization"])
print(req.headers.get("X-Amz-Content-SHA256", ""))
