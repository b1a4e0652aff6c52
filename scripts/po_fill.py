"""Fill Japanese translations into locale/ja/LC_MESSAGES/django.po from a JSON file of
{msgid: msgstr} (plural entries: msgstr is a list), clearing their fuzzy flags.

    msgcat --no-wrap -o django.po django.po && python scripts/po_fill.py translations.json
"""

import json
import sys
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "locale/ja/LC_MESSAGES/django.po"


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def unquote(text: str) -> str:
    return json.loads(text)


def main(path: str) -> None:
    wanted = json.loads(Path(path).read_text())
    blocks = PO.read_text().split("\n\n")
    done = set()
    out = []
    for block in blocks:
        lines = block.split("\n")
        ids = [unquote(line[6:]) for line in lines if line.startswith("msgid ")]
        if ids and ids[0] in wanted:
            value = wanted[ids[0]]
            kept = []
            for line in lines:
                if line.startswith("#, "):
                    flags = [f for f in line[3:].split(", ") if f != "fuzzy"]
                    if flags:
                        kept.append("#, " + ", ".join(flags))
                    continue
                if line.startswith("#| ") or line.startswith("msgstr") or line.startswith('"'):
                    continue
                kept.append(line)
            if isinstance(value, list):
                kept += [f"msgstr[{i}] {quote(v)}" for i, v in enumerate(value)]
            else:
                kept.append(f"msgstr {quote(value)}")
            block = "\n".join(kept)
            done.add(ids[0])
        out.append(block)
    PO.write_text("\n\n".join(out))
    missing = set(wanted) - done
    if missing:
        print("not in the catalogue:", *sorted(missing), sep="\n  ")


if __name__ == "__main__":
    main(sys.argv[1])
