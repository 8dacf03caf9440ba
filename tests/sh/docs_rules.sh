# docs_rules.sh - every code block of docs/writing-rules.md runs.
# Each fenced block follows an HTML comment saying how to test it:
#   <!-- test: file PATH -->             the block is written to PATH (the tutorial's files)
#   <!-- test: sh [expect "TEXT"] -->    run with bash -e in the tutorial's directory,
#                                        gisa on PATH; stdout must contain TEXT
#   <!-- test: rule PAGE [f="v"]... -->  a whole rule run on PAGE: no error, and each
#                                        field f equals v (lists joined by "|")
#   <!-- test: snippet PAGE -->          the body of a fixup(article, doc) run on PAGE
#   <!-- test: error PAGE "TEXT" -->     a rule whose run on PAGE fails with TEXT
#   <!-- test: load-error "TEXT" -->     a rule file refused at load with TEXT
# A fenced block without such a comment fails the test: nothing in the guide
# goes untested. Blocks run in order (the tutorial builds on itself).
. tests/sh/lib.sh

DOC=docs/writing-rules.md
[ -f "$DOC" ] || { echo "no $DOC"; exit 1; }
mkdir -p "$T/bin" "$T/work"
ln -s "$(cd "$(dirname "$GISA")" && pwd)/$(basename "$GISA")" "$T/bin/gisa"
cp tests/fixtures/example/harbour.html "$T/work/page.html"

python3 - "$DOC" "$T" "$PWD" <<'PY' > "$T/results"
import json, os, re, shlex, subprocess, sys

doc, tmp, src = sys.argv[1:4]
work = os.path.join(tmp, "work")
env = dict(os.environ, PATH=os.path.join(tmp, "bin") + ":" + os.environ["PATH"])
text = open(doc, encoding="utf-8").read()
lines = text.split("\n")
results = []

def report(ok, what, detail=""):
    print(("ok   " if ok else "FAIL ") + what + ("" if ok else "\n" + detail))

def explain(rule_text, page, name):
    d = os.path.join(tmp, "docrules")
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        os.unlink(os.path.join(d, f))
    with open(os.path.join(d, name + ".lua"), "w", encoding="utf-8") as f:
        f.write(rule_text)
    p = subprocess.run(["gisa", "explain", "--json", "--no-builtin", "--rules", d,
                        "--rule", name, os.path.join(src, page)],
                       capture_output=True, text=True, env=env)
    try:
        return p.returncode, json.loads(p.stdout), p.stderr
    except json.JSONDecodeError:
        return p.returncode, None, p.stdout + p.stderr

def rule_name(code, default):
    m = re.search(r'name\s*=\s*"([^"]+)"', code)
    return m.group(1) if m else default

i, n = 0, 0
pending = None
while i < len(lines):
    line = lines[i]
    m = re.match(r"<!-- test: (.*) -->$", line.strip())
    if m:
        pending = (m.group(1), i + 1)
        i += 1
        continue
    f = re.match(r"```(\w*)$", line)
    if not f:
        if line.strip():
            pending = None if not line.startswith("<!--") else pending
        i += 1
        continue
    j = i + 1
    while not lines[j].startswith("```"):
        j += 1
    code = "\n".join(lines[i + 1:j]) + "\n"
    where = f"{doc}:{i + 1}"
    n += 1
    i = j + 1
    if not pending:
        report(False, where, "  a code block without a <!-- test: ... --> comment")
        continue
    spec, _ = pending
    pending = None
    words = shlex.split(spec)
    kind = words[0]
    if kind == "file":
        path = os.path.join(work, words[1])
        os.makedirs(os.path.dirname(path), exist_ok=True)
        open(path, "w", encoding="utf-8").write(code)
        report(True, f"{where} file {words[1]}")
    elif kind == "sh":
        p = subprocess.run(["bash", "-e", "-c", code], cwd=work, env=env,
                           capture_output=True, text=True)
        ok = p.returncode == 0
        if ok and len(words) >= 3 and words[1] == "expect":
            ok = words[2] in p.stdout
        report(ok, f"{where} sh", p.stdout[-2000:] + p.stderr[-2000:])
    elif kind in ("rule", "snippet", "error"):
        page = words[1]
        if kind == "snippet":
            code = "return { fixup = function(article, doc)\n" + code + "end }\n"
        rc, out, err = explain(code, page, rule_name(code, "docrule"))
        if kind == "error":
            msg = (out or {}).get("error", "")
            report(rc == 1 and words[2] in msg, f"{where} error",
                   f"  exit {rc}, error: {msg or err}")
            continue
        ok = rc == 0 and out is not None and "record" in out
        detail = f"  exit {rc}: {(out or {}).get('error', err)}"
        for kv in words[2:]:
            k, v = kv.split("=", 1)
            got = (out or {}).get("record", {}).get(k)
            if isinstance(got, list):
                got = "|".join(got)
            if got != v:
                ok = False
                detail += f"\n  {k}: got {got!r}, want {v!r}"
        report(ok, f"{where} {kind}", detail)
    elif kind == "load-error":
        d = os.path.join(tmp, "loaderr")
        os.makedirs(d, exist_ok=True)
        open(os.path.join(d, "bad.lua"), "w").write(code)
        p = subprocess.run(["gisa", "test", "--no-builtin", "--rules", d],
                           capture_output=True, text=True, env=env, cwd=tmp)
        report(p.returncode == 1 and words[1] in p.stderr, f"{where} load-error",
               p.stdout + p.stderr)
    else:
        report(False, where, f"  unknown test kind '{kind}'")
print(f"blocks {n}")
PY
cat "$T/results" | grep -v '^ok' >&2
while read -r status rest; do
  case "$status" in
    ok) passed=$((passed + 1)) ;;
    FAIL) failed=$((failed + 1)) ;;
  esac
done < "$T/results"
blocks=$(sed -n 's/^blocks //p' "$T/results")
check "the guide has code to test" test "${blocks:-0}" -ge 15
finish
