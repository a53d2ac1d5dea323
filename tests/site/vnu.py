"""The Nu HTML Checker (vnu-jar from npm) run with the machine's Java, once
for a whole batch of documents. `make vnu` installs the pinned jar; the
helper installs it the same way when missing."""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

VNU_VERSION = "26.9.27"
ROOT = Path(__file__).resolve().parents[2]
NODE_PREFIX = ROOT / "var" / "node"


def vnu_jar():
    jar = Path(os.environ.get("VNU_JAR", NODE_PREFIX / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"))
    if not jar.exists():
        npm = shutil.which("npm")
        if not npm:
            raise RuntimeError("npm is needed to install vnu-jar (run `make vnu`)")
        subprocess.run(
            [
                npm,
                "install",
                "--prefix",
                str(NODE_PREFIX),
                "--no-audit",
                "--no-fund",
                "--ignore-scripts",
                f"vnu-jar@{VNU_VERSION}",
            ],
            check=True,
            capture_output=True,
        )
    return jar


def validate(documents):
    """documents: {name: html}. Returns {name: [error messages]} (errors only)."""
    java = shutil.which("java")
    if not java:
        raise RuntimeError("Java is needed for the Nu HTML checker (apt-get install default-jre-headless)")
    jar = vnu_jar()
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for index, (name, html) in enumerate(documents.items()):
            path = Path(folder) / f"doc{index:03d}.html"
            path.write_text(html, encoding="utf-8")
            paths[path.resolve().as_uri()] = name
        result = subprocess.run(
            [
                java,
                "-Xss4m",
                "-jar",
                str(jar),
                "--errors-only",
                "--format",
                "json",
                "--exit-zero-always",
                *sorted(str(Path(p)) for p in (Path(folder).glob("*.html"))),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    errors = {name: [] for name in documents}
    for message in report.get("messages", []):
        if message.get("type") != "error" and message.get("subType") != "fatal":
            continue
        url = message.get("url", "")
        name = next((n for uri, n in paths.items() if url.endswith(uri.split("/")[-1])), url)
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine')}: {message.get('message')} [{message.get('extract', '').strip()}]"
        )
    return errors
