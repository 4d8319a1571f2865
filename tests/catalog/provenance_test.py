#!/usr/bin/env python3
"""Checks the default catalog (data/catalog/) against its sources.

Every record that cites a source document must carry verbatim quotes from it, and every date and
figure a record states must appear in one of its quotes. See docs/catalog-format.md, «Provenance».

  provenance_test.py [CATALOG_DIR [SEEDS_DIR]]

CATALOG_DIR defaults to data/catalog and SEEDS_DIR to ../shared/seeds, both relative to the
repository root. Prints one line per finding and exits 1 when there is any.
"""
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# The date the guidance and approval scheme was launched (seed 001, line 704: «Lansert 1. oktober
# 2025»). A requirement whose sources give no start date enters the catalog on this day; it is the
# only date a record may state without quoting it.
BASELINE = "2025-10-01"

MONTHS = {
    "januar": 1, "februar": 2, "mars": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "desember": 12,
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "october": 10,
    "december": 12,
}
MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
WORD_DATE = re.compile(r"\b(\d{1,2})\.?\s+(" + MONTH_RE + r")\s+(\d{4})\b", re.IGNORECASE)
DOT_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
YEAR = re.compile(r"(?<![\d/:.\-–])((?:19|20)\d{2})(?![\d/:\-–])")
PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*%")
UNIT = re.compile(
    r"(?<![\d.,])(\d+(?:[.,]\d+)?)\s*(ms|millisekund\w*|sekund\w*|s|minutt\w*|timer?|døgn|dager|dag"
    r"|uker?|måned\w*|months?|days?|hours?)\b", re.IGNORECASE)
MANDATORY_WORDS = re.compile(r"\b(skal|må|shall|must)\b", re.IGNORECASE)
EEA_ACTS = ("2025/327", "2024/1689")  # EHDS and the AI Act: not yet part of the EEA agreement


def norm(text):
    text = text.replace("\u00ad", "")
    return re.sub(r"\s+", " ", text).strip()


def dates_in(text):
    out = set()
    for y, m, d in ISO_DATE.findall(text):
        out.add(f"{y}-{m}-{d}")
    for d, month, y in WORD_DATE.findall(text):
        out.add(f"{int(y):04d}-{MONTHS[month.lower()]:02d}-{int(d):02d}")
    for d, m, y in DOT_DATE.findall(text):
        if 1 <= int(m) <= 12:
            out.add(f"{int(y):04d}-{int(m):02d}-{int(d):02d}")
    return out


def strip_dates(text):
    for pattern in (ISO_DATE, WORD_DATE, DOT_DATE):
        text = pattern.sub(" ", text)
    return text


def figures_in(text):
    """Figures a text states: percentages, amounts of time and years (outside dates)."""
    rest = strip_dates(text)
    out = set()
    out.update(p.replace(",", ".") + "%" for p in PERCENT.findall(rest))
    out.update(n.replace(",", ".") for n, _ in UNIT.findall(rest))
    out.update(YEAR.findall(rest))
    return out


def quote_numbers(text):
    """Every number a quote contains, in the same normal form, plus the years of its dates."""
    out = {n.replace(",", ".") for n in re.findall(r"\d+(?:[.,]\d+)?", text)}
    out.update(p.replace(",", ".") + "%" for p in PERCENT.findall(text))
    out.update(d[:4] for d in dates_in(text))
    return out


class Checker:
    def __init__(self, catalog_dir, seeds_dir):
        self.catalog_dir = catalog_dir
        self.seeds_dir = seeds_dir
        self.seeds = {}
        self.findings = []
        self.quotes_checked = 0

    def seed(self, name):
        if name not in self.seeds:
            path = os.path.join(self.seeds_dir, name)
            if not os.path.isfile(path):
                self.seeds[name] = None
            else:
                with open(path, encoding="utf-8") as f:
                    self.seeds[name] = f.read().split("\n")
        return self.seeds[name]

    def fail(self, where, message):
        self.findings.append(f"{where}: {message}")

    def check_quote(self, where, source, quote):
        text = quote.get("text", "")
        if not norm(text):
            self.fail(where, "a quote has no text")
            return
        if "legal" in quote:
            if not re.search(r"(Lovdata|EUR-Lex|LOV-|FOR-|CELEX|eur-lex|lovdata)", quote["legal"]):
                self.fail(where, f"legal quote must name Lovdata or EUR-Lex: {quote['legal']!r}")
            return
        document = quote.get("document") or source.get("document")
        if not document:
            self.fail(where, "a quote names neither a document nor a legal source")
            return
        lines = self.seed(document)
        if lines is None:
            self.fail(where, f"source document {document} not found in {self.seeds_dir}")
            return
        m = re.fullmatch(r"(\d+)(?:-(\d+))?", str(quote.get("lines", "")))
        if not m:
            self.fail(where, f"quote from {document} needs «lines» as N or N-M")
            return
        first, last = int(m.group(1)), int(m.group(2) or m.group(1))
        if first < 1 or last < first or last > len(lines):
            self.fail(where, f"lines {first}-{last} are outside {document} ({len(lines)} lines)")
            return
        window = norm(" ".join(lines[max(0, first - 3):min(len(lines), last + 2)]))
        self.quotes_checked += 1
        if norm(text) not in window:
            where_else = norm(" ".join(lines)).find(norm(text))
            hint = " (it occurs elsewhere in the document)" if where_else >= 0 else ""
            self.fail(where, f"quote does not occur in {document}:{first}-{last}{hint}: "
                             f"{text[:80]!r}")

    def check_record(self, where, record, source, texts, dated=(), figures=(), baseline_ok=False):
        """Checks quotes and that every date and figure stated appears in a quote."""
        quotes = source.get("quotes") or []
        for q in quotes:
            self.check_quote(where, source, q)
        if not quotes and not source.get("example"):
            self.fail(where, "no quote from a source document or legal source, and not labelled "
                             "as an example")
        quoted = " ".join(q.get("text", "") for q in quotes)
        quoted_dates = dates_in(quoted)
        quoted_numbers = quote_numbers(quoted)
        stated_dates = set(d for d in dated if d)
        for t in texts:
            stated_dates |= dates_in(t or "")
        for d in sorted(stated_dates):
            if d in quoted_dates or (baseline_ok and d == BASELINE and d in dated):
                continue
            self.fail(where, f"date {d} appears in none of its quotes")
        stated_figures = set(str(f) for f in figures if f is not None)
        for t in texts:
            stated_figures |= figures_in(t or "")
        for f in sorted(stated_figures):
            if f not in quoted_numbers:
                self.fail(where, f"figure {f} appears in none of its quotes")
        return quotes

    def load(self, name, key):
        with open(os.path.join(self.catalog_dir, name), encoding="utf-8") as f:
            return json.load(f)[key]

    def run(self):
        requirements = {r["key"]: r for r in self.load("requirements.json", "requirements")}
        for key, r in requirements.items():
            for v in r["versions"]:
                where = f"requirements.json {key} v{v['version']}"
                quotes = self.check_record(
                    where, v, v["source"], [v["title"], v["text"], v.get("change_note", "")],
                    dated=[v.get("valid_from"), v.get("valid_to")], baseline_ok=True)
                if v["obligation"] == "mandatory":
                    self.check_mandatory(where, v, quotes)
                basis = (v.get("legal_basis") or "") + " " + v["text"]
                if any(act in basis for act in EEA_ACTS) and v["obligation"] == "mandatory":
                    eea = v.get("eea") or {}
                    if eea.get("status") not in ("pending", "incorporated"):
                        self.fail(where, "an EU act not yet in the EEA agreement needs «eea»")
        for s in self.load("standards.json", "standards"):
            self.check_record(f"standards.json {s['key']}", s, s["source"],
                              [s.get("description", "")],
                              dated=[step["from"] for step in s.get("lifecycle", [])])
        for p in self.load("profiles.json", "profiles"):
            for v in p["versions"]:
                where = f"profiles.json {p['key']} v{v['version']}"
                self.check_record(where, v, v["source"],
                                  [v["name"], v.get("description", ""), v.get("use", ""),
                                   v.get("change_note", "")],
                                  dated=[v.get("valid_from"), v.get("valid_to")], baseline_ok=True)
                self.check_tightening(where, v, requirements)
        for s in self.load("approval-schemes.json", "approval_schemes"):
            self.check_record(f"approval-schemes.json {s['key']}", s, s["source"],
                              [s.get("description", ""), s.get("renewal", "")],
                              figures=[s.get("validity_months")])
        for o in self.load("organisations.json", "organisations"):
            self.check_record(f"organisations.json {o['key']}", o, o["source"],
                              [o.get("description", "")])
        for s in self.load("national-solutions.json", "national_solutions"):
            self.check_record(f"national-solutions.json {s['key']}", s, s["source"],
                              [s.get("description", "")])
        for s in self.load("interoperability-services.json", "interoperability_services"):
            self.check_record(f"interoperability-services.json {s['key']}", s, s["source"],
                              [s.get("description", "")])

    def check_mandatory(self, where, v, quotes):
        """A mandatory requirement rests on law or on a quote that says «skal» or «må»."""
        if any("legal" in q for q in quotes):
            return
        if any(MANDATORY_WORDS.search(q.get("text", "")) for q in quotes):
            return
        self.fail(where, "mandatory, but no legal quote and no quote that says «skal» or «må»")

    def check_tightening(self, where, v, requirements):
        """No source makes a profile stricter than its requirements, so no item may tighten; and
        a national profile holds no buyer's local requirements."""
        rank = {"informative": 0, "recommended": 1, "mandatory": 2}
        for item in v.get("requirements", []):
            r = requirements.get(item["key"])
            if r is None:
                continue
            if all(x["scope"] == "local" for x in r["versions"]):
                self.fail(where, f"{item['key']} is one buyer's own requirement (scope local) and "
                                 "does not belong in a national profile")
            if "obligation" not in item:
                continue
            own = max((x["obligation"] for x in r["versions"]), key=rank.get)
            if rank[item["obligation"]] > rank[own]:
                self.fail(where, f"{item['key']} is tightened to {item['obligation']} without a "
                                 f"source (the requirement says {own})")


def self_test(catalog_dir, seeds_dir):
    """The checker must see each kind of defect: break a copy of the catalog one way at a time."""
    import shutil
    import tempfile

    def first_quoted(reqs):
        for r in reqs:
            for v in r["versions"]:
                if any("lines" in q for q in v["source"].get("quotes", [])):
                    return v
        raise AssertionError("no requirement version quotes a document")

    def misquote(reqs):
        q = next(q for q in first_quoted(reqs)["source"]["quotes"] if "lines" in q)
        q["text"] += " og alltid gratis"

    def invent_figure(reqs):
        first_quoted(reqs)["text"] += " Svartiden skal være under 2 s for 95 % av kallene."

    def invent_date(reqs):
        first_quoted(reqs)["valid_from"] = "2024-01-01"

    def drop_quotes(reqs):
        v = first_quoted(reqs)
        v["source"]["quotes"] = []
        v["source"].pop("example", None)

    broken = 0
    for name, mutate, expect in [("misquote", misquote, "does not occur"),
                                 ("invented figure", invent_figure, "figure 95%"),
                                 ("invented date", invent_date, "date 2024-01-01"),
                                 ("no quote", drop_quotes, "no quote")]:
        with tempfile.TemporaryDirectory() as tmp:
            for f in os.listdir(catalog_dir):
                shutil.copy(os.path.join(catalog_dir, f), tmp)
            path = os.path.join(tmp, "requirements.json")
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
            mutate(doc["requirements"])
            with open(path, "w", encoding="utf-8") as f:
                json.dump(doc, f, ensure_ascii=False)
            checker = Checker(tmp, seeds_dir)
            checker.run()
            if not any(expect in finding for finding in checker.findings):
                print(f"self-test: a catalog with a {name} passed the check")
                broken += 1
    return broken


def main():
    catalog_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "data", "catalog")
    seeds_dir = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "..", "shared", "seeds")
    if not os.path.isdir(seeds_dir):
        print(f"provenance: the source documents are missing: {seeds_dir}")
        return 1
    checker = Checker(catalog_dir, seeds_dir)
    checker.run()
    for f in checker.findings:
        print(f)
    print(f"provenance: {checker.quotes_checked} quotes checked against the sources, "
          f"{len(checker.findings)} findings")
    missed = self_test(catalog_dir, seeds_dir)
    return 1 if checker.findings or missed else 0


if __name__ == "__main__":
    sys.exit(main())
