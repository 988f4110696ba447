"""Compare blind answers with the keys. Usage: compare.py BANK.yaml ANSWERS.yaml"""

import sys

import yaml

bank = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
answers = yaml.safe_load(open(sys.argv[2], encoding="utf-8")) or {}


def flat(r):
    return [x for e in r for x in (e if isinstance(e, list) else [e])]


def pos(r):
    return {x: i for i, e in enumerate(r) for x in (e if isinstance(e, list) else [e])}


def agree(q, a):
    t = q["type"]
    if t == "free_text":
        return None
    if t == "multiple_choice":
        return sorted(a or []) == sorted(q["answer"])
    if t in ("single_choice", "true_false"):
        return a == q["answer"]
    if t == "ranking":
        keys = [q["answer"]] if "answer" in q else q["panel"]
        try:
            pa = pos(a)
        except TypeError:
            return False
        best = 0
        for k in keys:
            pk = pos(k)
            labels = list(pk)
            pairs = [
                (x, y) for i, x in enumerate(labels) for y in labels[i + 1 :] if pk[x] != pk[y]
            ]
            ok = sum(1 for x, y in pairs if (pk[x] < pk[y]) == (pa.get(x, 99) < pa.get(y, 99)))
            best = max(best, ok / len(pairs) if pairs else 1)
            for x, y in q.get("critical_pairs", []):
                if pa.get(x, 99) > pa.get(y, 99):
                    return False
        return best >= 0.99
    if t == "preference":
        keys = [q["answer"]] if "answer" in q else q["panel"]
        return (
            any((k == 0 and abs(a) <= 1) or (k * a > 0 and abs(k - a) <= 1) or k == a for k in keys)
            if isinstance(a, int)
            else False
        )
    if t == "rating":
        tol = q.get("tolerance", 1)
        for d, v in q["answer"].items():
            lo, hi = v if isinstance(v, list) else [v, v]
            g = (a or {}).get(d)
            if not isinstance(g, int) or not (lo - tol <= g <= hi + tol):
                return False
        return True
    if t == "claim_check":
        return a == q["answer"]


n = agreed = 0
for q in bank["questions"]:
    entry = answers.get(q["id"])
    if entry is None:
        print(f"MISSING {q['id']}")
        continue
    a = entry.get("answer") if isinstance(entry, dict) else entry
    verdict = agree(q, a)
    if verdict is None:
        continue
    n += 1
    agreed += bool(verdict)
    if not verdict:
        key = q.get("answer", q.get("panel"))
        print(f"DISAGREE {q['id']} ({q['type']}): reviewer {a!r} vs key {key!r}")
        if isinstance(entry, dict):
            print(
                f"   reviewer note: {entry.get('note', '')} [confidence {entry.get('confidence', '?')}]"
            )
print(f"agreement {agreed}/{n} = {agreed / max(n, 1):.0%}")
