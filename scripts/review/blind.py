"""Print a bank without keys (for blind review). Usage: blind.py BANK.yaml > out.md"""

import sys

import yaml

HIDE = {
    "answer",
    "explanation",
    "option_feedback",
    "panel",
    "critical_pairs",
    "sources",
    "model_answer",
    "rubric",
    "tags",
    "credit",
}
with open(sys.argv[1], encoding="utf-8") as stream:
    data = yaml.safe_load(stream)
out = []
for q in data["questions"]:
    shown = {k: v for k, v in q.items() if k not in HIDE}
    t = q["type"]
    how = {
        "single_choice": "answer: ONE option key (e.g. b)",
        "multiple_choice": "answer: LIST of every correct option key (e.g. [a, c])",
        "true_false": "answer: true or false",
        "ranking": "answer: list of response labels best first; ties as a nested list, e.g. [B, [A, C]]",
        "preference": f"answer: integer on the {q.get('scale', 7)}-point side-by-side scale: negative = A better (-3 A much better, -2 A better, -1 A slightly better), 0 about the same, positive = B better (+1 slightly, +2 better, +3 much better)",
        "rating": "answer: mapping dimension -> integer on the scale",
        "claim_check": "answer: mapping claim key -> one of the labels "
        + str(q.get("labels", ["supported", "refuted", "not_enough_info"])),
        "free_text": "answer: write a short answer (2-4 sentences)",
    }[t]
    out.append(
        "---\n"
        + yaml.safe_dump(shown, sort_keys=False, allow_unicode=True, width=100)
        + f"# HOW TO ANSWER: {how}\n"
    )
print("\n".join(out))
