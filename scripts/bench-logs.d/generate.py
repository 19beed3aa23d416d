"""Writes a Lambda log file, one `TIMESTAMP MESSAGE` event per line as `aws logs tail` prints:
START / app lines / END / REPORT in text form, a fifth of invocations in Lambda's JSON log
format, with cold starts (Init Duration), errors and timeouts. Deterministic for a seed.

    python3 generate.py LINES SEED > file.log
"""
import random
import sys
from datetime import datetime, timedelta, timezone

lines_wanted, seed = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(seed)
t = datetime(2026, 11, 20, tzinfo=timezone.utc)
out = sys.stdout
written = 0
hexdigits = "0123456789abcdef"


def rid():
    h = lambda n: "".join(rng.choice(hexdigits) for _ in range(n))
    return f"{h(8)}-{h(4)}-4{h(3)}-a{h(3)}-{h(12)}"


def iso(when):
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def emit(when, message):
    global written
    out.write(f"{iso(when)} {message}\n")
    written += 1


memory = 512
while written < lines_wanted:
    t += timedelta(milliseconds=rng.randint(50, 3000))
    r = rid()
    cold = rng.random() < 0.05
    roll = rng.random()
    error, timeout = roll < 0.03, 0.03 <= roll < 0.035
    duration = round(rng.uniform(1, 900), 2) if not timeout else 6000.00
    init = round(rng.uniform(100, 600), 2) if cold else None
    billed = int(-(-duration // 1)) + (int(-(-init // 1)) if init else 0)
    used = rng.randint(60, 400)
    json_format = rng.random() < 0.2
    if json_format:
        emit(t, f'{{"time":"{iso(t)}","type":"platform.start","record":{{"requestId":"{r}","version":"$LATEST"}}}}')
        emit(t, f'{{"timestamp":"{iso(t)}","level":"INFO","requestId":"{r}","message":"loaded 12 items"}}')
        if error:
            emit(t, f'{{"timestamp":"{iso(t)}","level":"ERROR","requestId":"{r}","message":"boom"}}')
        status = "timeout" if timeout else ("error" if error else "success")
        init_field = f',"initDurationMs":{init:.2f}' if init else ""
        emit(t, f'{{"time":"{iso(t)}","type":"platform.report","record":{{"requestId":"{r}","metrics":{{"durationMs":{duration:.2f},'
                f'"billedDurationMs":{billed},"memorySizeMB":{memory},"maxMemoryUsedMB":{used}{init_field}}},"status":"{status}"}}}}')
    else:
        emit(t, f"START RequestId: {r} Version: $LATEST")
        emit(t, f"{iso(t)}\t{r}\tINFO\treceived event {{\"orderId\": {rng.randint(1, 99999)}}}")
        if error:
            emit(t, f"{iso(t)}\t{r}\tERROR\tTypeError: Cannot read properties of undefined (reading 'id')")
        if timeout:
            emit(t, f"{iso(t)} {r} Task timed out after 6.00 seconds")
        emit(t, f"END RequestId: {r}")
        fields = f"REPORT RequestId: {r}\tDuration: {duration:.2f} ms\tBilled Duration: {billed} ms \tMemory Size: {memory} MB\tMax Memory Used: {used} MB\t"
        if init:
            fields += f"Init Duration: {init:.2f} ms\t"
        if timeout:
            fields += "Status: timeout\t"
        if rng.random() < 0.1:
            fields += "\nXRAY TraceId: 1-5e5f5c1b-0d7a8f0f3c6a9d2e1b4f7a8c\tSegmentId: 0a1b2c3d4e5f6a7b\tSampled: true\t"
        emit(t, fields)
        written += fields.count("\n")  # the X-Ray continuation line
