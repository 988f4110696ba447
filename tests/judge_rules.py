"""A judge command for the tests: it reads one judge request (docs/judge.md) on stdin and applies
fixed rules, so each test knows the verdict it will get. Not a grader the product ships.

Rule: a rubric point is met when the answer contains (case ignored) some word of six or more
letters from the point's text. The first argument picks a misbehaviour instead:

    rules (default)   the verdict by the rule above, identity "rules-judge 1"
    none              a verdict with no points met
    all               every point met
    sleep             sleeps for a minute (a timeout)
    fail              writes to stderr and exits with status 3
    garbage           writes text that is not JSON
    unknown           names a point the rubric does not have (p99)
    huge              writes 1 MiB before any verdict
    hostile           a verdict whose feedback holds terminal escapes and newlines
    record PATH       the rule's verdict, and the request saved to PATH
"""

import json
import re
import sys
import time


def main() -> int:
    mode = sys.argv[1] if len(sys.argv) > 1 else "rules"
    request = json.loads(sys.stdin.read())
    if mode == "sleep":
        time.sleep(60)
    if mode == "fail":
        sys.stderr.write("judge: the model is not available\n")
        return 3
    if mode == "garbage":
        sys.stdout.write("I think the answer is rather good.\n")
        return 0
    if mode == "huge":
        sys.stdout.write("x" * (1 << 20))
        return 0
    if mode == "record":
        with open(sys.argv[2], "w", encoding="utf-8") as saved:
            json.dump(request, saved)
    answer = request["answer"].lower()
    met = [
        point["id"]
        for point in request["rubric"]
        if any(word.lower() in answer for word in re.findall(r"[A-Za-z]{6,}", point["point"]))
    ]
    if mode == "none":
        met = []
    if mode == "all":
        met = [point["id"] for point in request["rubric"]]
    if mode == "unknown":
        met = [*met, "p99"]
    feedback = f"{len(met)} of {len(request['rubric'])} points made"
    if mode == "hostile":
        feedback = "\x1b[2J\x1b]0;owned\x07Great\nanswer"
    verdict = {"version": 1, "points_met": met, "feedback": feedback, "judge": "rules-judge 1"}
    sys.stdout.write(json.dumps(verdict))
    return 0


if __name__ == "__main__":
    sys.exit(main())
