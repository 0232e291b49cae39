#!/usr/bin/env python3
"""Writes the seed corpora under tests/fuzz/corpus/<target>/.

usage: make_seeds.py CODEOWNERS_CORPUS_DIR

The CODEOWNERS seeds are the first lines of each real file in the given corpus (its
SOURCES.tsv names them), joined by NUL to a sample of that project's paths; the other
seeds are the forms the tests and docs use. Re-run after changing a target's layout.
"""
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SHA1 = "1" * 40
SHA2 = "2" * 40
ZERO = "0" * 40

RECORD = "\n".join([
    "git-gate override v1",
    "id: 3f2a9c1e",
    "repository: acme/voice",
    "commit: " + SHA2,
    "rules: window.freeze, owners.approval",
    "reason: INC-965 rollback of the Kamailio change",
    "principal: lead@example.com",
    "issued-at: 2026-07-10T10:00:00Z",
    "expires-at: 2026-07-10T18:00:00Z",
    "-----BEGIN SSH SIGNATURE-----",
    "U1NIU0lHAAAAAQ==",
    "-----END SSH SIGNATURE-----",
    ""])

FREEZE = "\n".join([
    "git-gate freeze v1",
    "kind: start",
    "id: 3f9c0a17b2d4e5f6",
    "repository: acme/voice",
    "start: 2026-07-10T12:00:00Z",
    "end: 2026-07-10T16:00:00Z",
    "components: *",
    "reason: INC-1203: failover",
    "principal: sre@acme.example",
    "-----BEGIN SSH SIGNATURE-----",
    "U1NIU0lHAAAAAQ==",
    "-----END SSH SIGNATURE-----",
    ""])
FREEZE_END = (FREEZE.replace("kind: start", "kind: end")
              .replace("start: 2026-07-10T12:00:00Z\nend: 2026-07-10T16:00:00Z\n",
                       "at: 2026-07-10T14:00:00Z\n")
              .replace("components: *", "ends: 3f9c0a17b2d4e5f6 0123456789abcdef"))

PR = ('{"action": "synchronize", "number": 12, "pull_request": {"number": 12, '
      '"user": {"login": "alice"}, "base": {"ref": "main", "sha": "' + SHA1 + '"}, '
      '"head": {"ref": "feature", "sha": "' + SHA2 + '"}}, '
      '"repository": {"full_name": "acme/voice", "default_branch": "main"}}')
PUSH = ('{"ref": "refs/heads/main", "before": "' + SHA1 + '", "after": "' + SHA2 + '", '
        '"deleted": false, "repository": {"full_name": "acme/voice", "default_branch": "main"}}')
QUEUE = ('{"action": "checks_requested", "merge_group": {"base_ref": "refs/heads/main", '
         '"base_sha": "' + SHA1 + '", "head_sha": "' + SHA2 + '"}}')
REVIEWS = ('[{"user": {"login": "bob"}, "state": "APPROVED", "commit_id": "' + "a" * 40 +
           '", "submitted_at": "2026-07-10T09:00:00Z"}]')
APPROVALS = '{"approved_by": [{"user": {"username": "bob"}}]}'
TEAMS = '{"@acme/voice": ["@bob", "@carol"]}'

CALENDAR = "\r\n".join([
    "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//acme//holidays//EN", "BEGIN:VEVENT",
    "UID:xmas", "SUMMARY:Christmas", "DTSTART;VALUE=DATE:20251225", "RRULE:FREQ=YEARLY",
    "EXDATE;VALUE=DATE:20281225", "RDATE;VALUE=DATE:20260704", "END:VEVENT", "END:VCALENDAR", ""])

FIXED = {
    "policy": {"repo": (ROOT / "policy.toml").read_text()},
    "globs": {"ref": "refs/heads/*\0refs/heads/main", "rule": "window.*\0window.freeze",
              "stars": "*a*a*a*a*a*a*a*a*b\0" + "a" * 60},
    "weekly": {"continuous": "Fri 12:00 - Mon 06:00", "daily": "Mon-Thu 09:00-17:00",
               "wrap": "Fri-Mon 22:00-06:00", "whole": "sat 00:00-24:00"},
    "rfc3339": {"utc": "2026-07-10T10:00:00Z", "offset": "2026-07-10T12:00:00+02:00",
                "fraction": "2026-03-29T01:59:59.5Z", "lower": "2026-10-25t01:00:00z"},
    "prepush": {"update": f"refs/heads/main {SHA2} refs/heads/main {SHA1}\n",
                "create": f"refs/heads/topic {SHA2} refs/heads/topic {ZERO}\n",
                "delete": f"(delete) {ZERO} refs/heads/old {SHA1}\n"},
    "override_note": {"record": RECORD, "two": RECORD + RECORD,
                      "signers": "lead@example.com namespaces=\"git-gate\" ssh-ed25519 AAAAC3Nza\n"},
    "ci": {"pull_request": "\0" + PR, "push": "\4" + PUSH, "merge_group": "\3" + QUEUE,
           "reviews": REVIEWS, "approvals": APPROVALS, "teams": TEAMS},
    "calendar": {"holidays": CALENDAR, "timed": CALENDAR.replace(
        "DTSTART;VALUE=DATE:20251225", "DTSTART;TZID=America/New_York:20251225T090000")},
    "freeze_record": {"start": FREEZE, "end": FREEZE_END,
                      "scoped": FREEZE.replace("components: *", "components: api web") + "\n"},
    "json_writer": {"ascii": "path\0src/a.c\0rule\0owners.approval",
                    "utf8": "caf\u00e9/\u65e5\u672c.txt", "bad": "bad\xff\xfe\0\x80x"},
}


def write(target, name, text):
    d = HERE / "corpus" / target
    d.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8", "surrogateescape") if isinstance(text, str) else text
    (d / name).write_bytes(data)


def codeowners_seeds(corpus):
    for line in (corpus / "SOURCES.tsv").read_text().splitlines()[1:]:
        cols = line.split("\t")
        if len(cols) < 8 or not (corpus / cols[7]).exists():
            continue
        name, syntax = cols[7], cols[6]
        rules = (corpus / name).read_text(errors="surrogateescape").splitlines()[:120]
        paths_file = corpus / (name[: -len("CODEOWNERS")] + "paths.txt")
        paths = paths_file.read_text().splitlines()[:120] if paths_file.exists() else []
        # An odd first byte of the paths part selects GitLab syntax.
        first = "\1" if syntax == "gitlab" else ""
        write("codeowners", name, "\n".join(rules) + "\n\0" + first + "\n".join(paths))


def main():
    for target, seeds in FIXED.items():
        for name, text in seeds.items():
            write(target, name, text.encode("latin-1") if target == "json_writer" and name == "bad"
                  else text)
    codeowners_seeds(pathlib.Path(sys.argv[1]))


if __name__ == "__main__":
    main()
