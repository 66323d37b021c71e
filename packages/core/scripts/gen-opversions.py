#!/usr/bin/env python3
"""Generate packages/core/src/opversions.ts, the table of ONNX operator versions.

Usage (from anywhere):  /usr/bin/python3 packages/core/scripts/gen-opversions.py [OUTPUT]
OUTPUT defaults to packages/core/src/opversions.ts.

Inputs:
  * the operator schemas of the installed python onnx (onnx.defs.get_all_schemas_with_history();
    Debian's python3-onnx 1.12 knows ai.onnx up to opset 17, ai.onnx.ml up to 3,
    ai.onnx.preview.training 1);
  * opversions-later.json beside this script: per domain, the highest opset the table describes
    (tableOpset) and, for the opsets the installed onnx does not know, which ops got a new version.

The output depends on nothing else, so it is the same whichever python onnx runs this: opsets
the installed onnx knows that the JSON also lists are cross-checked (a difference is an error),
since-versions above a domain's tableOpset are left out, and domains the JSON does not name are
ignored (both with a note on stderr).
"""

import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LATER_JSON = os.path.join(HERE, "opversions-later.json")
DEFAULT_OUT = os.path.normpath(os.path.join(HERE, "..", "src", "opversions.ts"))
DEFAULT_DOMAIN = "ai.onnx"
IDENT = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
DOMAIN_NAME = re.compile(r"^[A-Za-z0-9_.]+$")


def fail(msg):
    sys.stderr.write("gen-opversions: error: %s\n" % msg)
    sys.exit(1)


def note(msg):
    sys.stderr.write("gen-opversions: note: %s\n" % msg)


def installed_schemas():
    """domain -> op -> set of since-versions, and domain -> highest opset, from python onnx."""
    try:
        import onnx.defs
    except ImportError as e:
        fail("python onnx is needed (Debian: apt-get install python3-onnx): %s" % e)
    ops = {}
    for s in onnx.defs.get_all_schemas_with_history():
        domain = s.domain or DEFAULT_DOMAIN
        ops.setdefault(domain, {}).setdefault(s.name, set()).add(int(s.since_version))
    highest = {}
    version_map = getattr(getattr(onnx.defs, "C", None), "schema_version_map", None)
    if version_map is not None:
        for domain, (_, hi) in version_map().items():
            highest[domain or DEFAULT_DOMAIN] = int(hi)
    for domain, table in ops.items():
        top = max(v for versions in table.values() for v in versions)
        highest[domain] = max(highest.get(domain, 0), top)
    return ops, highest


def load_later():
    with open(LATER_JSON, encoding="utf-8") as f:
        data = json.load(f)
    domains = data.get("domains")
    if not isinstance(domains, dict) or not domains:
        fail("%s: 'domains' must be a non-empty object" % LATER_JSON)
    out = {}
    for domain, spec in domains.items():
        where = "%s: domain %r" % (os.path.basename(LATER_JSON), domain)
        if not DOMAIN_NAME.match(domain) or domain == "":
            fail("%s: bad domain name (write the default domain as 'ai.onnx')" % where)
        table_opset = spec.get("tableOpset")
        if not isinstance(table_opset, int) or isinstance(table_opset, bool) or table_opset < 1:
            fail("%s: tableOpset must be a positive integer" % where)
        opsets = {}
        for key, entry in spec.get("opsets", {}).items():
            if not re.match(r"^[1-9][0-9]*$", key):
                fail("%s: opset key %r is not a positive integer" % (where, key))
            opset = int(key)
            if opset > table_opset:
                fail("%s: opset %d is above tableOpset %d" % (where, opset, table_opset))
            source = entry.get("source")
            if not isinstance(source, str) or not source.strip():
                fail("%s: opset %d has no 'source' note saying where it was verified" % (where, opset))
            names = entry.get("ops")
            if not isinstance(names, list) or not names:
                fail("%s: opset %d needs a non-empty 'ops' list" % (where, opset))
            for name in names:
                if not isinstance(name, str) or not IDENT.match(name):
                    fail("%s: opset %d: bad op name %r" % (where, opset, name))
            if len(set(names)) != len(names):
                fail("%s: opset %d lists an op twice" % (where, opset))
            opsets[opset] = set(names)
        out[domain] = (table_opset, opsets)
    return out


def merge(installed, highest, later):
    """domain -> op -> sorted since-versions; every entry of `later` checked or added."""
    result = {}
    for domain in sorted(later):
        table_opset, opsets = later[domain]
        known = highest.get(domain, 0)
        have = installed.get(domain, {})
        if known > table_opset:
            note(
                "the installed onnx knows %s opset %d; the table stops at %d (tableOpset in %s)"
                % (domain, known, table_opset, os.path.basename(LATER_JSON))
            )
        covered = min(known, table_opset)
        missing = [n for n in range(covered + 1, table_opset + 1) if n not in opsets]
        if missing:
            fail(
                "%s opsets %s are neither known to the installed onnx (up to %d) nor listed in %s"
                % (domain, missing, known, os.path.basename(LATER_JSON))
            )
        table = {}
        for name, versions in have.items():
            kept = {v for v in versions if v <= table_opset}
            if kept:
                table[name] = kept
        for opset in sorted(opsets):
            listed = opsets[opset]
            if opset <= known:
                actual = {name for name, versions in have.items() if opset in versions}
                if actual != listed:
                    fail(
                        "%s opset %d in %s disagrees with the installed onnx: only in the JSON %s, only in onnx %s"
                        % (domain, opset, os.path.basename(LATER_JSON), sorted(listed - actual), sorted(actual - listed))
                    )
            else:
                for name in listed:
                    table.setdefault(name, set()).add(opset)
        result[domain] = {name: sorted(versions) for name, versions in table.items()}
    for domain in sorted(set(installed) - set(later)):
        note("ignoring domain %s: %s does not name it" % (domain, os.path.basename(LATER_JSON)))
    return result


def render(tables, later):
    ai_onnx_opset = later[DEFAULT_DOMAIN][0]
    covers = ", ".join("%s 1-%d" % (d, later[d][0]) if later[d][0] > 1 else "%s 1" % d for d in sorted(later))
    lines = [
        "// GENERATED FILE, DO NOT EDIT. Made by packages/core/scripts/gen-opversions.py from the operator",
        "// schemas of python onnx (onnx.defs) and the hand-verified packages/core/scripts/opversions-later.json",
        "// (later opsets, with where each was verified). Covers: %s." % covers,
        "// Regenerate after editing the JSON, from the repository root:",
        "//   /usr/bin/python3 packages/core/scripts/gen-opversions.py",
        "// packages/core/test/opversions.test.ts checks that this file is the generator's output.",
        "",
        "/** The highest ai.onnx opset this table describes (23 if you could verify that far). */",
        "export const OP_TABLE_OPSET = %d;" % ai_onnx_opset,
        "",
        "/** Since-versions per domain and op, ascending. */",
        "const VERSIONS: { readonly [domain: string]: { readonly [opType: string]: readonly number[] } } = {",
    ]
    for domain in sorted(tables):
        lines.append("  '%s': {" % domain)
        for name in sorted(tables[domain]):
            key = name if IDENT.match(name) else json.dumps(name)
            lines.append("    %s: [%s]," % (key, ", ".join(str(v) for v in tables[domain][name])))
        lines.append("  },")
    lines.append("};")
    lines.append(
        """
const own = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);
const isDefaultDomain = (domain: string): boolean => domain === '' || domain === 'ai.onnx';

/** Since-versions of an op, ascending; domain '' (or 'ai.onnx') is the default domain. undefined for an op the table does not know. */
export function opVersions(domain: string, opType: string): readonly number[] | undefined {
  const key = isDefaultDomain(domain) ? 'ai.onnx' : domain;
  if (!own(VERSIONS, key)) return undefined;
  const ops = VERSIONS[key];
  return own(ops, opType) ? ops[opType] : undefined;
}

/**
 * The op version a node runs under: the latest since-version <= the model's opset for the node's domain.
 * undefined when the table does not know the op in that domain, when the op did not exist yet at that opset,
 * or (ai.onnx only) when opset > OP_TABLE_OPSET (the table cannot know what changed later).
 */
export function opVersion(domain: string, opType: string, opset: number): number | undefined {
  if (isDefaultDomain(domain) && opset > OP_TABLE_OPSET) return undefined;
  const versions = opVersions(domain, opType);
  if (versions === undefined) return undefined;
  let found: number | undefined;
  for (const v of versions) {
    if (v > opset) break;
    found = v;
  }
  return found;
}"""
    )
    return "\n".join(lines) + "\n"


def main(argv):
    if len(argv) > 2 or (len(argv) == 2 and argv[1] in ("-h", "--help")):
        sys.stdout.write(__doc__)
        return 0 if len(argv) == 2 else 2
    out = argv[1] if len(argv) == 2 else DEFAULT_OUT
    later = load_later()
    if DEFAULT_DOMAIN not in later:
        fail("%s must describe the domain %s" % (LATER_JSON, DEFAULT_DOMAIN))
    installed, highest = installed_schemas()
    text = render(merge(installed, highest, later), later)
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
