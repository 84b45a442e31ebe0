#!/usr/bin/env python3
"""Rebuilds rules/top_sites.json from the npm package top-sites (the Moz Top 500, MIT licence).

Each 'rootDomain' is reduced to its registrable domain by linkgate's own Public Suffix List reading (the built CLI),
deduplicated in rank order; catalogue platforms, hosts with no registrable domain under an ICANN suffix and labels
under four characters are left out (rules/top_sites.json says why).

Usage: python3 scripts/top-sites.py [VERSION]   (needs npm and cargo; default version: the one in the file)
"""
import json
import pathlib
import re
import subprocess
import sys
import tarfile
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "rules/top_sites.json"


def main():
    doc = json.loads(OUT.read_text(encoding="utf-8"))
    old = re.search(r"top-sites (\d+\.\d+\.\d+)", doc["description"]).group(1)
    version = sys.argv[1] if len(sys.argv) > 1 else old
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", "--silent", f"top-sites@{version}"], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
        with tarfile.open(next(pathlib.Path(tmp).glob("top-sites-*.tgz"))) as tar:
            sites = json.load(tar.extractfile("package/top-sites.json"))
    roots = [s["rootDomain"] for s in sorted(sites, key=lambda s: s["rank"])]
    cli = subprocess.run(
        ["cargo", "run", "--release", "--quiet", "--", "check", "--json"],
        cwd=ROOT, input="\n".join(f"https://{h}/" for h in roots), capture_output=True, text=True, check=False,
    )
    domains = []
    for line in cli.stdout.splitlines():
        d = json.loads(line)
        reg = d.get("registrableDomain")
        if not reg or d.get("platform") or len(reg.split(".")[0]) < 4 or reg in domains:
            continue
        domains.append(reg)
    doc["description"] = doc["description"].replace(f"top-sites {old}", f"top-sites {version}")
    target = doc["targets"][0]
    target["name"] = f"Moz Top 500 (npm top-sites {version})"
    target["source"] = target["source"].replace(f"/v/{old}", f"/v/{version}")
    target["domains"] = domains
    OUT.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(domains)} domains from top-sites {version}")


if __name__ == "__main__":
    main()
