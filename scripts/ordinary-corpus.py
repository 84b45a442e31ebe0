#!/usr/bin/env python3
"""Builds tests/fixtures/real/ordinary_text.json: ordinary chat text, with no share codes in it, for the share-code
scanner's precision check (tests/real_links.rs).

Sources (both from PyPI, pinned by version and SHA-256, licences permissive):
  - chatterbot-corpus 1.3.3 (BSD-3-Clause, github.com/gunthercox/chatterbot-corpus): every line of its Simplified
    Chinese, Traditional Chinese, Japanese, Korean and English conversation files;
  - chitchat-dataset 0.9.0 (MIT, github.com/BYU-PCCL/chitchat-dataset): real English chat between people, every 32nd
    message in file order (8,067 of 258,145), so the file stays small.

Usage: python3 scripts/ordinary-corpus.py   (needs pip and PyYAML; writes the JSON file, prints counts)
"""
import hashlib
import json
import pathlib
import subprocess
import sys
import tempfile
import zipfile

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests/fixtures/real/ordinary_text.json"
WHEELS = {
    "chatterbot-corpus": ("1.3.3", "86de5300afb9a80826386339d3bec79c0a72eb0358abb8327e2ecef5ae0ce154"),
    "chitchat-dataset": ("0.9.0", "7bf89f36645e2d5ec87d53370c8e851b5a688479c7beb7079cb4c87fc5acea3e"),
}
CHATTERBOT_LANGS = ["chinese", "traditionalchinese", "japanese", "korean", "english"]
CHITCHAT_EVERY = 32


def wheel(tmp, name):
    version, sha = WHEELS[name]
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", f"{name}=={version}", "-d", tmp],
        check=True,
    )
    path = next(pathlib.Path(tmp).glob(name.replace("-", "_") + f"-{version}-*.whl"))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != sha:
        sys.exit(f"{path.name}: sha256 {digest}, expected {sha}")
    return zipfile.ZipFile(path)


def main():
    sources, messages = [], []
    with tempfile.TemporaryDirectory() as tmp:
        cb = wheel(tmp, "chatterbot-corpus")
        for lang in CHATTERBOT_LANGS:
            names = sorted(n for n in cb.namelist() if n.startswith(f"chatterbot_corpus/data/{lang}/") and n.endswith(".yml"))
            sid = f"chatterbot-{lang}"
            count = 0
            for n in names:
                doc = yaml.safe_load(cb.read(n))
                for conv in doc.get("conversations") or []:
                    for line in conv:
                        if isinstance(line, str) and line.strip():
                            messages.append([sid, line])
                            count += 1
            sources.append({
                "id": sid,
                "package": "chatterbot-corpus 1.3.3 (PyPI)",
                "sha256": WHEELS["chatterbot-corpus"][1],
                "licence": "BSD-3-Clause",
                "home": "https://github.com/gunthercox/chatterbot-corpus",
                "files": f"chatterbot_corpus/data/{lang}/*.yml (every line of every conversation)",
                "messages": count,
            })
        cc = wheel(tmp, "chitchat-dataset")
        data = json.loads(cc.read("chitchat_dataset/dataset.json"))
        every, count = 0, 0
        for key in data:
            for group in data[key]["messages"]:
                for m in group:
                    if every % CHITCHAT_EVERY == 0 and m["text"].strip():
                        messages.append(["chitchat", m["text"]])
                        count += 1
                    every += 1
        sources.append({
            "id": "chitchat",
            "package": "chitchat-dataset 0.9.0 (PyPI)",
            "sha256": WHEELS["chitchat-dataset"][1],
            "licence": "MIT",
            "home": "https://github.com/BYU-PCCL/chitchat-dataset",
            "files": f"chitchat_dataset/dataset.json (every {CHITCHAT_EVERY}th message in file order, of {every})",
            "messages": count,
        })
    doc = {
        "description": "Ordinary chat text with no share codes in it, for the precision half of tests/real_links.rs: "
        "no token or mini-program finding may come out of any message. Built by scripts/ordinary-corpus.py from the "
        "packages below; each message is [source id, text].",
        "sources": sources,
        "messages": messages,
    }
    # One message a line, so a diff of a rebuild reads.
    head = json.dumps({k: v for k, v in doc.items() if k != "messages"}, ensure_ascii=False, indent=2)
    lines = ",\n".join(json.dumps(m, ensure_ascii=False) for m in messages)
    OUT.write_text(head[:-2] + ',\n  "messages": [\n' + lines + "\n  ]\n}\n", encoding="utf-8")
    json.loads(OUT.read_text(encoding="utf-8"))
    print(f"{OUT.relative_to(ROOT)}: {len(messages)} messages, {OUT.stat().st_size // 1024} KiB")
    for s in sources:
        print(f"  {s['id']}: {s['messages']}")


if __name__ == "__main__":
    main()
