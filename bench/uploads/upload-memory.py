#!/usr/bin/env python3
"""A 500 MB tus upload against a running Guild (Development, demo organisation) while the server's memory is sampled.

Proves "uploads stream to storage, never whole into memory": the server's resident memory during the upload stays
near where it started, whatever the file's size. Standard library only.

  dotnet build Guild.slnx -c Release
  bench/uploads/run.sh            # starts Guild on SQLite in a temp folder, runs this, stops it
  # or against a Guild you started yourself:
  python3 bench/uploads/upload-memory.py http://127.0.0.1:5380 <pid of Guild> [megabytes]
"""
import hashlib
import html
import http.client
import http.cookiejar
import os
import re
import sys
import threading
import time
import urllib.parse
import urllib.request

base, pid = sys.argv[1], int(sys.argv[2])
megabytes = int(sys.argv[3]) if len(sys.argv) > 3 else 500
total = megabytes * 1024 * 1024

def rss_kb():
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0

def hwm_kb():
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0

# Sign in as the demo employee, as the sign-in page's one-click button does.
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
page = opener.open(base + "/account/sign-in").read().decode()
token = html.unescape(re.search(r'name="__RequestVerificationToken" value="([^"]+)"', page).group(1))
email = html.unescape(re.search(r'name="email" value="([^"]+)"', page).group(1))
opener.open(base + "/account/demo-sign-in", urllib.parse.urlencode({"email": email, "__RequestVerificationToken": token}).encode()).read()
home = opener.open(base + "/").read().decode()
api_token = html.unescape(re.search(r'<meta name="guild-antiforgery" content="([^"]+)"', home).group(1))
cookie = "; ".join(f"{c.name}={c.value}" for c in jar)

url = urllib.parse.urlparse(base)
def connection():
    return http.client.HTTPConnection(url.hostname, url.port, timeout=600)

headers = {"Tus-Resumable": "1.0.0", "Cookie": cookie, "X-Guild-Antiforgery": api_token}
import base64
meta = ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in
                {"purpose": "video", "filename": "bench.mp4", "filetype": "video/mp4"}.items())
c = connection()
c.request("POST", "/api/v1/uploads", headers={**headers, "Upload-Length": str(total), "Upload-Metadata": meta})
r = c.getresponse(); r.read()
assert r.status == 201, (r.status, r.reason)
location = r.getheader("Location")

# The body: an MP4 ftyp box, then pseudo-random blocks generated on the fly (the client holds 1 MB at a time).
digest = hashlib.sha256()
def body():
    sent = 0
    block = os.urandom(1024 * 1024)
    first = b"\0\0\0\x18ftypisom\0\0\x02\0isomiso2avc1mp41"
    while sent < total:
        chunk = bytearray(block[: min(len(block), total - sent)])
        if sent == 0:
            chunk[: len(first)] = first
        chunk[-8:] = sent.to_bytes(8, "little")[: len(chunk[-8:])]
        digest.update(chunk)
        sent += len(chunk)
        yield bytes(chunk)

samples = []
done = threading.Event()
def sample():
    while not done.is_set():
        samples.append(rss_kb())
        time.sleep(0.1)

before = rss_kb()
sampler = threading.Thread(target=sample); sampler.start()
started = time.time()
c = connection()
c.putrequest("PATCH", location)
for k, v in {**headers, "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream", "Content-Length": str(total)}.items():
    c.putheader(k, v)
c.endheaders()
for chunk in body():
    c.send(chunk)
r = c.getresponse(); answer = r.read()
elapsed = time.time() - started
done.set(); sampler.join()
assert r.status == 204, (r.status, answer[:500])
assert r.getheader("Upload-Offset") == str(total)

print(f"upload: {megabytes} MB in {elapsed:.1f} s ({megabytes / elapsed:.0f} MB/s), one PATCH, stored and completed")
print(f"server RSS before: {before / 1024:.0f} MB; peak while uploading: {max(samples) / 1024:.0f} MB "
      f"(+{(max(samples) - before) / 1024:.0f} MB); after: {rss_kb() / 1024:.0f} MB; process high-water mark: {hwm_kb() / 1024:.0f} MB")
