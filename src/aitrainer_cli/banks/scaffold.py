"""A new bank to start from: one commented example of every item type, a drill blueprint, and
the JSON Schemas its modeline points at. ``aitrainer bank new`` writes these files."""

from __future__ import annotations

_BANK = """\
# yaml-language-server: $schema=schema/bank.schema.json
# A question bank: edit the examples, keep the ids stable (progress is stored by id), and run
#   aitrainer bank validate {dir}
# before every commit. The full format: docs/bank-format.md in the aitrainer repository.
format: 1
bank:
  id: {id}
  title: {title}
  description: What this bank trains, in a sentence or two.
questions:
  # single_choice: one option is right. Options are shuffled and re-lettered on every form, so
  # never refer to "option b" in the text; option_feedback explains each wrong pick.
  - id: {id}-single-choice-example
    type: single_choice
    topic: evidence-verdicts
    difficulty: easy
    prompt: The evidence says nothing about the claim. Which verdict fits?
    options:
      a: Not enough info
      b: Refuted
      c: Supported
    answer: a
    option_feedback:
      b: Refuted needs evidence that contradicts the claim, and there is none here.
    explanation: Silence in the evidence is not contradiction, so the verdict is not enough info.

  # multiple_choice: every right option must be ticked; credit is the F1 of the ticks.
  - id: {id}-multiple-choice-example
    type: multiple_choice
    topic: decisive-flaws
    difficulty: medium
    prompt: Which of these make a response worse whatever else it does well?
    options:
      a: It states a false fact the user relies on
      b: It ignores an explicit instruction
      c: It uses a bulleted list
    answer: [a, b]
    explanation: >-
      A false fact the user relies on and an ignored instruction are decisive flaws; a
      bulleted list is only a style choice.

  # true_false: the prompt is a statement; answer true or false.
  - id: {id}-true-false-example
    type: true_false
    topic: evidence-verdicts
    difficulty: easy
    prompt: A claim the evidence does not mention should be labelled refuted.
    answer: false
    explanation: Missing evidence means not enough info; refuted needs evidence against the claim.

  # ranking: order 3 to 6 responses best first; a nested list is a tie. A critical pair must
  # hold (violating it scores 0). A panel of expert rankings may replace the single answer.
  - id: {id}-ranking-example
    type: ranking
    topic: decisive-flaws
    difficulty: medium
    prompt: Rank the responses to the user's request, best first.
    context:
      conversation:
        - role: user
          text: What is the boiling point of water at sea level in Celsius?
      responses:
        A: 100 °C.
        B: 90 °C.
        C: Water boils at 100 °C at sea level (standard pressure, 1 atm).
    answer: [C, A, B]
    critical_pairs: [[A, B]]
    explanation: C is right and explains the condition, A is right but bare, and B is wrong.

  # preference: side and strength on a 7-point side-by-side scale, -3 (A much better) to +3.
  - id: {id}-preference-example
    type: preference
    topic: strength-calibration
    difficulty: medium
    prompt: Give your side-by-side verdict.
    context:
      conversation:
        - role: user
          text: Give me one sentence on why the sky is blue.
      responses:
        A: Blue light scatters more off air molecules than red does (Rayleigh scattering).
        B: The sky reflects the colour of the oceans.
    answer: -3
    explanation: A is correct and answers in one sentence; B repeats a myth, a decisive flaw.

  # rating: a value (or a band [low, high]) per dimension on a Likert scale; tolerance says how
  # far off still earns part of the credit.
  - id: {id}-rating-example
    type: rating
    topic: dimension-anchors
    difficulty: medium
    prompt: Rate Response A.
    context:
      conversation:
        - role: user
          text: Convert 5 km to miles.
      responses:
        A: 5 km is about 3.1 miles.
    scale: {{min: 1, max: 5, labels: {{1: Very poor, 5: Excellent}}}}
    dimensions:
      correctness: Are the facts and the arithmetic right?
      verbosity: Is the length right for the request (3 = just right)?
    answer: {{correctness: 5, verbosity: [3, 4]}}
    explanation: 5 km is 3.107 miles, so the answer is right and as short as the request needs.

  # claim_check: a verdict per claim against the evidence.
  - id: {id}-claim-check-example
    type: claim_check
    topic: evidence-verdicts
    difficulty: medium
    prompt: Check each claim against the evidence.
    context:
      evidence: The bridge opened in 1932 and is 503 metres long.
    claims:
      c1: The bridge opened in 1932.
      c2: The bridge is 600 metres long.
      c3: The bridge was designed by a woman.
    answer: {{c1: supported, c2: refuted, c3: not_enough_info}}
    explanation: The evidence gives the year and a length of 503 m and says nothing of the designer.

  # free_text: a written justification, scored by machine against rubric points. A point is
  # made when one any_of entry and every all_of entry match and no none_of entry does; a
  # required point not made (the verdict) makes the whole credit 0. Entries are phrases (case
  # ignored, starting at a word start) or /RE2 regex/; (?-i:A) matches the capital label only.
  - id: {id}-free-text-example
    type: free_text
    topic: justifications
    difficulty: hard
    prompt: >-
      A user asked for the population of a small village. A gives a precise figure with no
      source; B says it cannot find a reliable figure and suggests the census office. In one
      or two sentences, justify preferring B.
    model_answer: >-
      B is better because A invents a precise figure it cannot support, so the user would be
      misled, while B admits it does not know and points to the census office.
    rubric:
      - point: keeps the verdict for B
        required: true
        any_of: ['/\\bB\\b[^.;]{{0,40}}\\b(better|stronger)/', prefer B]
        none_of: ['/\\b(?-i:A)\\s+is\\s+(the\\s+)?(better|stronger)/', prefer A, B is not better]
      - point: says A invents or guesses a fact it cannot support
        all_of: ['/\\b(?-i:A)\\b/', '/\\b(invent|made up|makes up|fabricat|guess)/']
      - point: says the user would be misled
        any_of: [mislead, misled, wrong idea]
        none_of: [not misled, no harm]
    explanation: >-
      A good justification keeps the verdict, names the decisive flaw (a made-up fact) and its
      effect on the user.

  # task: a composite screening task. Shared context, then parts asked in order; each part is
  # an item of any other type (no id, topic or difficulty needed: they come from the task),
  # with its own key, explanation and weight. The task is worth its parts' weights added up.
  # 'about' names the response a part judges, so contradictions between parts (B rated higher
  # but A preferred) are pointed out; 'consistency: scored' makes each cost 10% of the credit.
  - id: {id}-task-example
    type: task
    topic: side-by-side
    difficulty: medium
    prompt: Rate each response, then give your side-by-side verdict.
    context:
      conversation:
        - role: user
          text: How many minutes are there in a day?
      responses:
        A: "There are 1,440 minutes in a day (24 × 60)."
        B: "There are 1,200 minutes in a day."
    parts:
      - id: rate-b
        type: rating
        about: B
        prompt: Rate response B.
        scale: {{min: 1, max: 5}}
        dimensions: {{correctness: Is the figure right?}}
        answer: {{correctness: 1}}
        explanation: 24 hours of 60 minutes is 1,440 minutes, so B's 1,200 is simply wrong.
      - id: verdict
        type: preference
        weight: 2
        prompt: Which response is better, and by how much?
        answer: -3
        explanation: A is right and shows the sum; B is wrong on the one fact asked for.
    explanation: >-
      B's figure is wrong, so it rates 1 on correctness, and A, right and shown, is much better.
"""

_EXAM = """\
# yaml-language-server: $schema=../schema/exam.schema.json
format: 1
exam:
  id: {id}-drill
  title: {title} drill
  time_limit: 10m
  pass_mark: 80
  feedback: immediate
  sections:
    - {{title: {title}, count: 8, banks: [{id}]}}
"""


def scaffold(bank_id: str, title: str, shown_dir: str) -> dict[str, str]:
    """The files of a new bank, by path relative to its directory."""
    from aitrainer_cli.banks.schema import schema_text

    values = {"id": bank_id, "title": title, "dir": shown_dir}
    return {
        f"{bank_id}.yaml": _BANK.format(**values),
        f"exams/{bank_id}-drill.yaml": _EXAM.format(**values),
        "schema/bank.schema.json": schema_text("bank"),
        "schema/exam.schema.json": schema_text("exam"),
    }
