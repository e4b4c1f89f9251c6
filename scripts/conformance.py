#!/usr/bin/env python3
"""Writes docs/conformance.md from the UTS specs and the surefire reports of the last `mvn verify`.

Every UTS case has a test ID `area/kind/SPEC/slug-N`; our JUnit test for it is named `SPEC_slug_N...`
(dashes become underscores). Integration cases (`realtime/integration/...`) count only tests in an `it` package
(run against the emulator); unit cases only tests elsewhere, so a unit and an integration case with the same
slug are told apart. A case counts as passing when such a test ran and passed, skipped when it is
@Disabled (the reason is in the test), failing when it failed, and pending when no test carries its ID yet.

Usage: mvn verify && python3 scripts/conformance.py [--shared ../shared]
"""
import argparse
import glob
import os
import re
import xml.etree.ElementTree as ET
from collections import OrderedDict

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ap = argparse.ArgumentParser()
ap.add_argument("--shared", default=os.path.join(root, "..", "shared"))
ap.add_argument("--out", default=os.path.join(root, "docs", "conformance.md"))
args = ap.parse_args()
uts = os.path.join(args.shared, "ably-spec", "uts")

# test method name -> [(class name, status)]
results = {}
for report in glob.glob(os.path.join(root, "*", "target", "surefire-reports", "TEST-*.xml")):
    for case in ET.parse(report).getroot().iter("testcase"):
        name = case.get("name", "")
        status = "passing"
        if case.find("skipped") is not None:
            status = "skipped"
        elif case.find("failure") is not None or case.find("error") is not None:
            status = "failing"
        results.setdefault(name, []).append((case.get("classname", ""), status))


# Cases that do not apply to this library, with the reason (kept short; the detail is in docs/).
NOT_APPLICABLE = {
    "realtime/unit/RTN23a/": "for clients that cannot observe WebSocket pings (heartbeats=true); ably4j observes "
    "them and sends heartbeats=false (RTN23b), whose cases cover the idle timer",
    "realtime/unit/RTN20": "the JVM has no portable operating-system network-change events; RTN20 applies only "
    "\"when the client library can subscribe\" to them, so a lost network is noticed by the idle timer (RTN23a) "
    "and the transport closing (RTN15a)",
}


# Pending cases whose spec item the roadmap lists in one milestone but whose UTS case needs a later one.
MILESTONE_OVERRIDES = {
    "realtime/unit/RTN2e/": ("M3", "E, tokens"),
    "realtime/unit/RTL26/": ("beyond", "annotations"),
    "realtime/unit/RTC13/": ("beyond", "push"),
    "realtime/unit/RTL10": ("beyond", "history needs REST"),
    "realtime/integration/RTL10": ("beyond", "history needs REST"),
    "realtime/unit/RTL21/": ("M1", "O, needs the vcdiff plugin"),
}


def not_applicable(test_id):
    for prefix, reason in NOT_APPLICABLE.items():
        if test_id.startswith(prefix):
            return reason
    return None


def roadmap_items(path):
    """Spec item -> (milestone, kind E/O/...) from section 1 of notes/spec-roadmap.md."""
    items = {}
    milestone = None
    for line in open(path, encoding="utf-8"):
        m = re.match(r"### (M[1-5]) ", line)
        if m:
            milestone = m.group(1)
            continue
        if line.startswith("## ") and milestone:
            break
        if not milestone or not line.startswith("- ") or line.startswith("- Out of scope"):
            continue
        head, _, rest = line[2:].partition(" — ")
        kind = rest.split(" ", 1)[0].strip() if rest else "?"
        for spec in re.findall(r"\b[A-Z]{1,4}\d+[a-z]?\d*[a-z]?\d*\b", head):
            items.setdefault(spec, (milestone, kind))
    return items


def milestone_of_case(test_id, items):
    for prefix, value in MILESTONE_OVERRIDES.items():
        if test_id.startswith(prefix):
            return value
    return milestone_of(test_id.split("/")[2], items)


def milestone_of(spec, items):
    """The roadmap milestone of a spec item, by the longest listed prefix (RTN15h2 -> RTN15h)."""
    s = spec
    while s:
        if s in items:
            return items[s]
        s = s[:-1]
    return ("beyond", "")


def method_prefix(test_id):
    parts = test_id.split("/")
    return parts[2] + "_" + parts[3].replace("-", "_")


def integration_class(classname):
    """Integration cases are run by classes in an `it` package; unit cases by any other class."""
    return ".it." in classname


def status_of(test_id):
    prefix = method_prefix(test_id)
    integration = test_id.split("/")[1] == "integration"
    found = [
        s
        for n, runs in results.items()
        if n == prefix or n.startswith(prefix + "_") or n.startswith(prefix + "(")
        for c, s in runs
        if integration_class(c) == integration
    ]
    if not found:
        return "pending"
    for s in ("failing", "passing", "skipped"):
        if s in found:
            return s
    return "pending"


rows = OrderedDict()
for path in sorted(glob.glob(os.path.join(uts, "**", "*.md"), recursive=True)):
    rel = os.path.relpath(path, uts)
    if "/helpers/" in rel or rel.startswith("docs/") or "/" not in rel:
        continue
    ids = re.findall(r"\*\*Test ID\*\*: *`([^`]+)`", open(path, encoding="utf-8").read())
    if not ids:
        continue
    rows[rel] = [(i, "n/a" if not_applicable(i) and status_of(i) == "pending" else status_of(i)) for i in ids]

lines = [
    "# Conformance",
    "",
    "Generated by `scripts/conformance.py` from the UTS specs (`shared/ably-spec/uts`) and the test reports of",
    "`mvn verify`. A UTS case is **passing** when a JUnit test named by its test ID ran green, **skipped** when",
    "that test is `@Disabled` (it contradicts spec 6.1.1; the reason is in the test), **pending** when no test",
    "implements it yet (the milestone of its spec item is listed below), **n/a** when it does not apply to this",
    "library (reason below).",
    "",
    "| UTS file | cases | passing | skipped | n/a | pending | failing |",
    "|---|---:|---:|---:|---:|---:|---:|",
]
KINDS = ("passing", "skipped", "n/a", "pending", "failing")
totals = [0] * 6
for rel, cases in rows.items():
    counts = [len(cases)] + [sum(1 for _, s in cases if s == k) for k in KINDS]
    totals = [a + b for a, b in zip(totals, counts)]
    lines.append("| `%s` | %d | %d | %d | %d | %d | %d |" % ((rel,) + tuple(counts)))
lines.append("| **total** | %d | %d | %d | %d | %d | %d |" % tuple(totals))

items = roadmap_items(os.path.join(args.shared, "notes", "spec-roadmap.md"))
KIND_TITLES = OrderedDict(
    [("realtime/unit", "realtime unit"), ("realtime/integration", "realtime integration"), ("rest/unit", "REST unit")]
)
by_milestone = OrderedDict((m, OrderedDict((k, OrderedDict()) for k in KIND_TITLES)) for m in ("M1", "M2", "M3", "M4", "M5", "beyond"))
for rel, cases in rows.items():
    for i, s in cases:
        if s == "pending":
            m, kind = milestone_of_case(i, items)
            key = "%s%s" % (i.split("/")[2], " (%s)" % kind if kind else "")
            by_milestone[m]["/".join(i.split("/")[:2])].setdefault(key, []).append(i)
titles = {
    "M1": "M1 — connect and subscribe",
    "M2": "M2 — hardening",
    "M3": "M3 — token auth",
    "M4": "M4 — publish",
    "M5": "M5 — presence",
    "beyond": "beyond the five milestones (REST client, annotations, objects, push, ...)",
}
lines += [
    "",
    "## Pending cases by milestone",
    "",
    "The milestone of each pending case's spec item per `shared/notes/spec-roadmap.md` section 1 (E = essential,",
    "O = optional there; a few cases need a later milestone than their item and are moved, see",
    "`MILESTONE_OVERRIDES` in the script); items in no milestone are under \"beyond\". REST unit cases run",
    "against `RestClient` (or `RealtimeClient`'s REST features), whichever milestone their spec item is in.",
]
for m, kinds in by_milestone.items():
    n = sum(len(v) for specs in kinds.values() for v in specs.values())
    lines += ["", "**%s**: %d case%s" % (titles[m], n, "" if n == 1 else "s")]
    for k, specs in kinds.items():
        if specs:
            c = sum(len(v) for v in specs.values())
            listed = ", ".join("%s ×%d" % (key, len(v)) if len(v) > 1 else key for key, v in specs.items())
            lines.append("- %s (%d): %s" % (KIND_TITLES[k], c, listed))
lines += ["", "## Not applicable", ""]
for prefix, reason in NOT_APPLICABLE.items():
    n = sum(1 for cases in rows.values() for i, s in cases if s == "n/a" and i.startswith(prefix))
    lines.append("- `%s*` (%d cases): %s" % (prefix, n, reason))
lines += ["", "## Skipped and failing cases", ""]
for rel, cases in rows.items():
    for i, s in cases:
        if s in ("skipped", "failing"):
            lines.append("- `%s` (%s): %s" % (i, rel, s))
os.makedirs(os.path.dirname(args.out), exist_ok=True)
open(args.out, "w", encoding="utf-8").write("\n".join(lines) + "\n")
print("wrote %s: %d files, %d cases, %d passing, %d skipped, %d n/a, %d pending, %d failing" % ((args.out, len(rows)) + tuple(totals)))
