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
  # guideline: {id}-guideline.md
  #   A Markdown file beside the bank: the rating guideline learners work to. Its headings are
  #   sections (ids are GitHub-style slugs, or an explicit {{#id}}); items then name theirs
  #   (guideline: [verbosity]) and feedback quotes them; `aitrainer guide` shows it; exams with
  #   open_book: true let the learner open it during the attempt.
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
    # mistakes: a pattern of a wrong answer and what to tell a learner who gives it (ranking:
    # "B above A"; preference: A, B, +2 or -3..-2; rating: "verbosity 1..2"; claim: "c2 supported").
    mistakes:
      - when: B
        feedback: B's explanation is a common myth; a fluent wrong answer is still wrong.
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
    # To rate several responses on every dimension, list them and key each one:
    #   responses: [A, B]
    #   answer: {{A: {{correctness: 5, verbosity: 3}}, B: {{correctness: 1, verbosity: 3}}}}
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
    # With numbered passages instead of one evidence text, cite: true also asks for the passage
    # that decides each claim (a quarter of its credit; not_enough_info needs none), and
    # label_credit (given label -> key label -> credit) gives near misses partial credit:
    #   passages: [The bridge opened in 1932., The bridge is 503 metres long.]
    #   cite: true
    #   citations: {{c1: 1, c2: 2}}
    #   label_credit: {{not_enough_info: {{refuted: 0.5}}}}
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

  # numeric: a number, right within tolerance (absolute) or relative_tolerance (a share of the
  # answer); unit is shown and may be typed after the number ("%": 37.5 and 37.5% both read as
  # 37.5). bands give part of the credit further out, narrowest first.
  - id: {id}-numeric-example
    type: numeric
    topic: agreement
    difficulty: medium
    prompt: >-
      Two raters agree on 42 of 60 labels. What is their raw agreement, as a percentage?
    answer: 70
    unit: "%"
    tolerance: 0.5
    bands:
      - {{within: 2, credit: 0.5}}
    explanation: >-
      42 / 60 = 0.70, so 70%. Miscounting one label (41 or 43 of 60, about 68% or 72%)
      earns half; 0.7 reads as 0.7%, far off the key.

  # rewrite: fix a flawed response; credit is the weighted share of its checks passed
  # (kinds: removed, kept, includes, excludes, max_words, min_words, max_sentences, format,
  # min_change). An unchanged response earns nothing.
  - id: {id}-rewrite-example
    type: rewrite
    topic: rewrites
    difficulty: medium
    prompt: Rewrite the response so that it answers in one plain sentence and gets the fact right.
    context:
      conversation:
        - role: user
          text: In one sentence, when did the Berlin Wall fall?
    original: "**The Berlin Wall fell in 1991.** It had divided the city since 1961."
    model_answer: The Berlin Wall fell on 9 November 1989.
    checks:
      - id: wrong-year-gone
        description: The wrong year (1991) is gone
        removed: ["1991"]
        weight: 2
      - id: right-year
        description: Gives the year 1989
        includes: {{any_of: ["1989"]}}
        weight: 2
      - id: one-sentence
        description: One sentence
        max_sentences: 1
      - id: plain
        description: No Markdown
        format: no_markdown
    explanation: >-
      The wall fell on 9 November 1989; 1991 is the year the Soviet Union dissolved, and the
      bold text breaks the plain one-sentence answer the user asked for.
  # span_marking: mark the numbered sentences with an error. The response is split into
  # sentences (or give segments: [...]); answer numbers them from 1, each with a category
  # when categories are listed. Credit is F1 over segments; a wrong category earns half a hit.
  - id: {id}-span-marking-example
    type: span_marking
    topic: hallucination-types
    difficulty: medium
    prompt: Mark every sentence that the evidence contradicts or does not support.
    context:
      evidence: The bridge opened in 1932 and is 503 metres long.
    response: >-
      The bridge opened in 1932. It is 530 metres long. It was the longest bridge in the
      country.
    categories: [contradicted, unsupported]
    answer: {{2: contradicted, 3: unsupported}}
    explanation: >-
      The evidence gives 503 metres, not 530, and says nothing about other bridges; the
      opening year is right.
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
