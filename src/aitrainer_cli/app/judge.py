"""An optional judge for written answers: a command the learner names (``--judge CMD`` or
``AITRAINER_JUDGE``) that reads one JSON request on stdin and writes one JSON verdict on stdout.

The protocol is in docs/judge.md. The command is split like a shell would (``shlex.split``) but
run without one; it gets a timeout, a bounded output, and its own process group, so a wrapper's
children die with it. Anything that goes wrong (it cannot start, times out, exits non-zero,
writes too much, writes something that is not a verdict, names points the rubric does not have)
is a ``JudgeVerdict`` with a ``failure``, and the keyword score stands. The verdict's feedback is
untrusted text: it is cut to one line and made inert here.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import signal
import subprocess
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from aitrainer_cli.errors import UsageError
from aitrainer_cli.inert import inert_line
from aitrainer_cli.items.free_text import FreeText
from aitrainer_cli.progress.assessments import JudgeVerdict

PROTOCOL_VERSION = 1
"""The version of the request (``"version"``); a verdict may say it too, and must say 1."""
DEFAULT_TIMEOUT = 30.0
"""Seconds a judge may take for one answer (``--judge-timeout``, ``AITRAINER_JUDGE_TIMEOUT``)."""
MAX_OUTPUT = 64 * 1024
"""Bytes of stdout a verdict may take; more and the judge is stopped."""
MAX_FEEDBACK = 300
"""Characters of feedback kept (one line)."""
_STDERR_KEPT = 200
_RUNNING: set[subprocess.Popen[bytes]] = set()
"""Judges running now (on worker threads), so a stopped session can stop them."""


@dataclass(frozen=True, slots=True)
class Judge:
    """A judge command, ready to run."""

    argv: tuple[str, ...]
    timeout: float = DEFAULT_TIMEOUT

    @property
    def name(self) -> str:
        """How the judge is recorded with each answer: the program's name, and the script it
        runs when the next word is one (``python3 judge.py``); never the other arguments, which
        may hold a key."""
        words = [Path(self.argv[0]).name]
        if len(self.argv) > 1 and not self.argv[1].startswith("-"):
            words.append(Path(self.argv[1]).name)
        return inert_line(" ".join(words))[:80]


def judge_from(
    command: str | None, timeout: float | None, environ: Mapping[str, str] = os.environ
) -> Judge | None:
    """The judge named by ``--judge`` (else ``AITRAINER_JUDGE``), None when neither is set."""
    text = command if command is not None else environ.get("AITRAINER_JUDGE", "")
    if not text.strip():
        return None
    try:
        argv = tuple(shlex.split(text))
    except ValueError as error:
        raise UsageError(
            f"the judge command cannot be read: {error}", hint="quote it as you would in a shell"
        ) from None
    if timeout is None:
        timeout = _timeout_of(environ.get("AITRAINER_JUDGE_TIMEOUT", ""))
    if not 0 < timeout <= 600:
        raise UsageError("the judge timeout must be more than 0 and at most 600 seconds")
    return Judge(argv, timeout)


def _timeout_of(text: str) -> float:
    if not text.strip():
        return DEFAULT_TIMEOUT
    try:
        return float(text)
    except ValueError:
        raise UsageError(
            f"AITRAINER_JUDGE_TIMEOUT is {inert_line(text)!r}, not a number of seconds"
        ) from None


def point_id(index: int) -> str:
    """How the request names the rubric point at ``index``: p1, p2, …"""
    return f"p{index + 1}"


def request_of(question: FreeText, answer: str) -> dict[str, Any]:
    """The JSON request for one answer (protocol version 1)."""
    material = None
    if question.context is not None:
        material = question.context.model_dump(mode="json", exclude_none=True)
    return {
        "version": PROTOCOL_VERSION,
        "question_id": question.id,
        "prompt": question.prompt,
        "material": material,
        "rubric": [
            {
                "id": point_id(i),
                "point": point.point,
                "required": point.required,
            }
            for i, point in enumerate(question.rubric)
        ],
        "model_answer": question.model_answer,
        "min_words": question.min_words,
        "answer": answer,
    }


def ask_judge(judge: Judge, question: FreeText, answer: str) -> JudgeVerdict:
    """Run the judge on one answer and read its verdict (never raises for the judge's faults)."""
    request = json.dumps(request_of(question, answer), ensure_ascii=False).encode()
    run = _run(judge, request)
    if isinstance(run, str):
        return JudgeVerdict(judge.name, failure=run)
    return verdict_of(judge.name, run, len(question.rubric))


def verdict_of(name: str, output: bytes, size: int) -> JudgeVerdict:
    """The verdict in a judge's output, or a failure saying what is wrong with it."""
    try:
        found = json.loads(output.decode())
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return JudgeVerdict(name, failure=f"its output is not JSON ({_short(str(error))})")
    if not isinstance(found, dict):
        return JudgeVerdict(name, failure="its output is not a JSON object")
    if found.get("version", PROTOCOL_VERSION) != PROTOCOL_VERSION:
        return JudgeVerdict(name, failure=f"it answered protocol version {found['version']!r}")
    points = found.get("points_met")
    if not isinstance(points, list) or not all(isinstance(p, str) for p in points):
        return JudgeVerdict(name, failure='"points_met" is not a list of point ids')
    known = {point_id(i): i for i in range(size)}
    unknown = [p for p in points if p not in known]
    if unknown:
        return JudgeVerdict(
            name, failure=f"it named points the rubric does not have ({_short(', '.join(unknown))})"
        )
    feedback, identity = found.get("feedback", ""), found.get("judge")
    if not isinstance(feedback, str) or not (identity is None or isinstance(identity, str)):
        return JudgeVerdict(name, failure='"feedback" or "judge" is not text')
    return JudgeVerdict(
        name,
        None if identity is None else _short(identity, 80),
        frozenset(known[p] for p in points),
        _short(feedback, MAX_FEEDBACK),
    )


def _short(text: str, limit: int = 120) -> str:
    """Untrusted text as one inert line, cut to ``limit`` characters."""
    line = inert_line(" ".join(text.split()))
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _run(judge: Judge, request: bytes) -> bytes | str:
    """The judge's stdout, or why there is none to use."""
    try:
        process = subprocess.Popen(
            judge.argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own group: stopped with its children; no terminal Ctrl-C
        )
    except OSError as error:
        return f"it could not be started ({_short(error.strerror or str(error))})"
    assert process.stdin is not None
    assert process.stdout is not None
    assert process.stderr is not None
    _RUNNING.add(process)
    out = _Drain(process.stdout, MAX_OUTPUT, stop=True)
    err = _Drain(process.stderr, _STDERR_KEPT, stop=False)
    feeder = threading.Thread(target=_feed, args=(process.stdin, request), daemon=True)
    for thread in (feeder, out.thread, err.thread):
        thread.start()
    try:
        status = _wait(process, judge.timeout, out)
    finally:
        _stop(process)
        _RUNNING.discard(process)
        for thread in (feeder, out.thread, err.thread):
            thread.join(1)
        for stream in (process.stdin, process.stdout, process.stderr):
            with contextlib.suppress(OSError):
                stream.close()
    if status == "timeout":
        return f"it timed out after {judge.timeout:g} s"
    if status == "overflow":
        return f"it wrote more than {MAX_OUTPUT // 1024} KiB"
    if status != 0:
        said = _short(err.data.decode(errors="replace"), 80)
        return f"it exited with status {status}" + (f" ({said})" if said else "")
    return bytes(out.data)


def _wait(process: subprocess.Popen[bytes], timeout: float, out: _Drain) -> int | str:
    """The exit status, "timeout", or "overflow" (a judge flooding stdout is stopped at once)."""
    deadline = time.monotonic() + timeout
    if not out.done.wait(timeout):
        return "timeout"
    if out.overflow:
        return "overflow"
    try:
        return process.wait(timeout=max(0.05, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        return "timeout"


def stop_judges() -> None:
    """Kill every judge still running (the session asking it was stopped)."""
    for process in list(_RUNNING):
        _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Kill the judge's process group if it is still there."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except OSError:
            process.kill()
        process.wait()


def _feed(stream: IO[bytes], data: bytes) -> None:
    try:
        stream.write(data)
        stream.close()
    except OSError:  # the judge did not read it all: its output says what it made of that
        pass


class _Drain:
    """Reads a stream to its end on a thread, keeping at most ``limit`` bytes; past that it
    stops (``stop``: the judge is then killed) or reads on, discarding, so the writer never
    blocks."""

    def __init__(self, stream: IO[bytes], limit: int, *, stop: bool) -> None:
        self.stream, self.limit, self.stop = stream, limit, stop
        self.data = bytearray()
        self.overflow = False
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._read, daemon=True)

    def _read(self) -> None:
        try:
            while chunk := self.stream.read1(65536):  # type: ignore[attr-defined]
                room = self.limit - len(self.data)
                self.data += chunk[: max(0, room)]
                if len(chunk) > room:
                    self.overflow = True
                    if self.stop:
                        break
        except (OSError, ValueError):
            pass
        finally:
            self.done.set()
