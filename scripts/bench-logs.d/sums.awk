# The same sums as `switchboard logs rollup`, in awk, for the benchmark's comparison.
# Lines: `TIMESTAMP MESSAGE`. An invocation's several ERROR lines (or its timeout line and its
# timeout REPORT) count once, by request id, as in server/src/logs/rollup.rs.
# Prices: us-east-1, x86_64.
BEGIN { FS = "\t"; inv = cold = errors = timeouts = dur = billed = mbms = maxused = 0; last_err = last_to = "" }
{
    sp = index($0, " ")
    msg = substr($0, sp + 1)
    c = substr(msg, 1, 1)
    if (substr(msg, 1, 7) == "REPORT ") {
        n = split(msg, f, "\t")
        id = ""; d = 0; b = 0; m = 0; u = 0; init = 0; st = ""
        for (i = 1; i <= n; i++) {
            x = f[i]; gsub(/^[ \n]+|[ ]+$/, "", x)
            if (substr(x, 1, 7) == "REPORT ") x = substr(x, 8)
            p = index(x, ": "); if (p == 0) continue
            k = substr(x, 1, p - 1); v = substr(x, p + 2)
            if (k == "RequestId") id = v
            else if (k == "Duration") d = v + 0
            else if (k == "Billed Duration") b = v + 0
            else if (k == "Memory Size") m = v + 0
            else if (k == "Max Memory Used") u = v + 0
            else if (k == "Init Duration") init = 1
            else if (k == "Status") st = v
        }
        report(id, d, b, m, u, init, st)
    } else if (c == "{") {
        if (index(msg, "\"type\":\"platform.report\"")) {
            report(jstr("requestId"), jnum("durationMs"), jnum("billedDurationMs"), jnum("memorySizeMB"),
                   jnum("maxMemoryUsedMB"), index(msg, "\"initDurationMs\"") > 0, jstr("status"))
        } else if (index(msg, "\"type\"") == 0 && index(msg, "\"level\":\"ERROR\"")) {
            error_of(jstr("requestId"))
        }
    } else if (substr(msg, 1, 6) != "START " && substr(msg, 1, 4) != "END ") {
        n = split(msg, f, "\t")
        if (f[1] == "[ERROR]") error_of(f[3])
        else if (n >= 4 && f[3] == "ERROR") error_of(f[2])
        else if ((p = index(msg, " Task timed out after ")) > 0) {
            head = substr(msg, 1, p - 1); k = split(head, w, " ")
            if (w[k] == "" || w[k] != last_to) { timeouts++; last_to = w[k] }
        }
    }
}
function jstr(key,   s) {
    if (!match(msg, "\"" key "\":\"[^\"]*\"")) return ""
    s = substr(msg, RSTART, RLENGTH); sub(/^"[^"]*":"/, "", s); sub(/"$/, "", s); return s
}
function jnum(key,   s) {
    if (!match(msg, "\"" key "\":[0-9.]+")) return 0
    s = substr(msg, RSTART, RLENGTH); sub(/^"[^"]*":/, "", s); return s + 0
}
function error_of(id) { if (id == "" || id != last_err) { errors++; last_err = id } }
function report(id, d, b, m, u, init, st) {
    inv++; cold += init; dur += d; billed += b; mbms += b * m; if (u > maxused) maxused = u
    if (st == "error") error_of(id)
    if (st == "timeout" && (id == "" || id != last_to)) { timeouts++; last_to = id }
}
END {
    printf "lines %d\ninvocations %d\ncold_starts %d\nerrors %d\ntimeouts %d\n", NR, inv, cold, errors, timeouts
    printf "duration_ms_sum %.2f\nbilled_ms_sum %.0f\nbilled_mb_ms %.0f\nmax_memory_used_mb %d\n", dur, billed, mbms, maxused
    printf "billed_gb_seconds %.6f\ncost_usd %.6f\n", mbms / 1024 / 1000, inv * 0.20 / 1000000 + mbms / 1024 / 1000 * 0.0000166667
}
