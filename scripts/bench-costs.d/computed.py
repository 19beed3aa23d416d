"""Times the costs page computed afresh: before each request, one REPORT line is pushed through
POST /api/v1/logs, which changes the roll-ups, so the server cannot serve a page it kept.
Prints p50, p90 and max of the page's response times (the pushes are not timed) and exits 1
when the p50 misses the target.

    computed.py BASE_URL PATH ADMIN_TOKEN RUNS TARGET_P50_MS LABEL
"""
import json
import statistics
import sys
import time
import urllib.error
import urllib.request

base, path, token, runs, target, label = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]), sys.argv[6]


def get_json(url):
    with urllib.request.urlopen(base + url) as answer:
        return json.load(answer)


def push(name, run):
    """Pushes one REPORT line for `name` an hour ago; False when the server refuses the name."""
    at = int(time.time() * 1000) - 3_600_000
    line = f"REPORT RequestId: bench-{run}\tDuration: 12.00 ms\tBilled Duration: 12 ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB\t"
    request = urllib.request.Request(
        base + "/api/v1/logs",
        data=json.dumps([{"function": name, "timestamp": at, "message": line}]).encode(),
        headers={"content-type": "application/json", "authorization": f"Bearer {token}"},
    )
    try:
        with urllib.request.urlopen(request) as answer:
            return json.load(answer)["invocations"] == 1
    except urllib.error.HTTPError as error:
        if error.code == 422:
            return False
        raise


# A deployed function of the catalog that pushed lines can name unambiguously.
names = (
    f["deployed_name"]
    for s in get_json("/api/v1/services")["items"]
    for f in get_json(f"/api/v1/services/{s['id']}")["functions"]
    if f.get("deployed_name")
)
name = next(n for n in names if push(n, "probe"))

times = []
for run in range(runs):
    assert push(name, run)
    started = time.perf_counter()
    with urllib.request.urlopen(base + path) as answer:
        page = answer.read()
    times.append((time.perf_counter() - started) * 1000)
    assert b'table class="costs"' in page, f"{path} did not render a ranking"

times.sort()
p50 = statistics.median(times)
p90 = times[int(len(times) * 0.9) - 1]
verdict = "ok" if p50 <= target else "MISSED"
print(f"{label:9} GET {path:17} computed after a push, {runs} runs: p50 {p50:6.1f} ms  p90 {p90:6.1f} ms  max {times[-1]:6.1f} ms  [{verdict}]")
sys.exit(0 if verdict == "ok" else 1)
