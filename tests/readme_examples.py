"""README's shell examples: a ``curl`` command (with continuation lines) and the ``# => text``
line after it, which names what its output must contain."""

from __future__ import annotations

import re
import subprocess

from app.config import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text()


def section(title: str) -> str:
    """The text of README's ``## title`` section."""
    return README.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def curl_examples(text: str) -> list[tuple[str, str]]:
    """(command, expected output fragment) for every example of ``text``'s sh blocks."""
    found = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.DOTALL):
        command: list[str] = []
        for line in block.splitlines():
            if line.startswith("curl") or (command and command[-1].endswith("\\")):
                command.append(line)
            elif line.startswith("# => ") and command:
                found.append(("\n".join(command), line[5:]))
                command = []
    return found


def run_example(command: str, expected: str, host: str) -> None:
    """Run one example with bash against ``host`` (instead of 127.0.0.1:8000) and check it."""
    result = subprocess.run(
        ["bash", "-c", command.replace("127.0.0.1:8000", host)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout
