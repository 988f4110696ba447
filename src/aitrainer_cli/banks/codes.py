"""Every finding code ``bank validate`` and ``bank lint`` can report, in one registry.

A finding prints as ``file:line:col: code: message``; the code is what an author searches for
in ``docs/findings.md``, what CI annotations are titled by, and what ``--ignore`` names. Every
producer (``Problem``, ``Finding``, ``SourceIssue``, the lint rules) takes a ``Code``, so mypy
refuses a code that is not listed here, and a test checks that each one is documented. The
values never change: they are part of the output that editors and CI match on.
"""

from __future__ import annotations

from enum import StrEnum, unique


@unique
class Code(StrEnum):
    """A finding code; the value is what is printed."""

    # -- reading the file and its YAML ---------------------------------------------------------
    UNREADABLE = "unreadable"
    FILE_TOO_LARGE = "file-too-large"
    ENCODING = "encoding"
    CONTROL_CHARACTER = "control-character"
    BIDI_CONTROL = "bidi-control"
    INVISIBLE_CHARACTER = "invisible-character"
    YAML_SYNTAX = "yaml-syntax"
    MULTIPLE_DOCUMENTS = "multiple-documents"
    EMPTY_FILE = "empty-file"
    TOO_DEEP = "too-deep"
    ANCHOR = "anchor"
    ALIAS = "alias"
    BAD_KEY = "bad-key"
    DUPLICATE_KEY = "duplicate-key"
    UNSUPPORTED_TAG = "unsupported-tag"
    NUMBER_TOO_LARGE = "number-too-large"
    NOT_A_NUMBER = "not-a-number"
    NOT_A_BANK = "not-a-bank"
    FOLDED_TABLE = "folded-table"
    TOO_MANY_FINDINGS = "too-many-findings"

    # -- structure and types (the schema) ------------------------------------------------------
    MISSING_FIELD = "missing-field"
    MISPLACED_KEY = "misplaced-key"
    UNKNOWN_KEY = "unknown-key"
    UNKNOWN_TYPE = "unknown-type"
    WRONG_TYPE = "wrong-type"
    BAD_VALUE = "bad-value"
    BAD_FORMAT = "bad-format"
    EMPTY_TEXT = "empty-text"
    TOO_LONG = "too-long"
    TOO_FEW = "too-few"
    TOO_MANY = "too-many"

    # -- semantic checks of questions ----------------------------------------------------------
    DUPLICATE_ID = "duplicate-id"
    SHORT_EXPLANATION = "short-explanation"
    UNKNOWN_OPTION = "unknown-option"
    DUPLICATE_OPTION = "duplicate-option"
    OPTION_LETTER_REFERENCE = "option-letter-reference"
    RESPONSES_NEEDED = "responses-needed"
    KEY_NEEDED = "key-needed"
    NOT_A_PERMUTATION = "not-a-permutation"
    ALL_TIED = "all-tied"
    UNKNOWN_RESPONSE = "unknown-response"
    CRITICAL_PAIR_CONTRADICTS_KEY = "critical-pair-contradicts-key"
    OFF_SCALE = "off-scale"
    BAD_SCALE = "bad-scale"
    BAD_BAND = "bad-band"
    EXPLANATION_WITHOUT_ANSWER = "explanation-without-answer"
    PERCENT_WITHOUT_UNIT = "percent-without-unit"
    TWO_TOLERANCES = "two-tolerances"
    RELATIVE_OF_ZERO = "relative-of-zero"
    NO_TOLERANCE = "no-tolerance"
    POINTLESS_BAND = "pointless-band"
    BAND_INSIDE_TOLERANCE = "band-inside-tolerance"
    BANDS_NOT_INCREASING = "bands-not-increasing"
    BANDS_NOT_DECREASING = "bands-not-decreasing"
    UNKNOWN_DIMENSION = "unknown-dimension"
    MISSING_KEY = "missing-key"
    UNKNOWN_LABEL = "unknown-label"
    UNKNOWN_CLAIM = "unknown-claim"
    BAD_REGEX = "bad-regex"
    EMPTY_ANY_OF = "empty-any-of"
    EMPTY_ALL_OF = "empty-all-of"
    EMPTY_NONE_OF = "empty-none-of"
    POINT_NEVER_FOUND = "point-never-found"
    NONE_OF_MATCHES_MODEL_ANSWER = "none-of-matches-model-answer"
    MODEL_ANSWER_MISSES_POINT = "model-answer-misses-point"
    KEY_SHAPE = "key-shape"
    PASSAGES_NEEDED = "passages-needed"
    UNKNOWN_PASSAGE = "unknown-passage"
    CITE_OFF = "cite-off"
    NEEDLESS_CITATION = "needless-citation"
    BAD_MISTAKE = "bad-mistake"
    MISTAKE_IS_KEY = "mistake-is-key"
    MISTAKES_UNSUPPORTED = "mistakes-unsupported"
    CHECK_KIND = "check-kind"
    REMOVED_NOT_IN_ORIGINAL = "removed-not-in-original"
    KEPT_NOT_IN_ORIGINAL = "kept-not-in-original"
    MODEL_ANSWER_FAILS = "model-answer-fails"
    MODEL_ANSWER_UNCHANGED = "model-answer-unchanged"
    CHECKS_PASS_ORIGINAL = "checks-pass-original"
    SEGMENTS_OR_RESPONSE = "segments-or-response"
    UNKNOWN_SEGMENT = "unknown-segment"
    UNKNOWN_CATEGORY = "unknown-category"
    NO_ERRORS_REFUSED = "no-errors-refused"
    EVERY_SEGMENT_KEYED = "every-segment-keyed"
    PART_WEIGHT = "part-weight"
    PART_POINTS = "part-points"
    TASK_POINTS = "task-points"

    # -- semantic checks of exam blueprints ----------------------------------------------------
    BAD_DURATION = "bad-duration"
    DUPLICATE_SECTION = "duplicate-section"
    STRICT_CLOCK_UNTIMED = "strict-clock-untimed"

    # -- checks across the files loaded together -----------------------------------------------
    DUPLICATE_BANK_ID = "duplicate-bank-id"
    DUPLICATE_EXAM_ID = "duplicate-exam-id"
    UNKNOWN_BANK = "unknown-bank"
    UNKNOWN_TOPIC = "unknown-topic"
    NOT_ENOUGH_QUESTIONS = "not-enough-questions"

    # -- guidelines ------------------------------------------------------------------------------
    MISSING_GUIDELINE = "missing-guideline"
    UNREADABLE_GUIDELINE = "unreadable-guideline"
    GUIDELINE_TOO_LARGE = "guideline-too-large"
    GUIDELINE_OUTSIDE_BANK = "guideline-outside-bank"
    DUPLICATE_SECTION_ID = "duplicate-section-id"
    GUIDELINE_EMPTY_ID = "guideline-empty-id"
    GUIDELINE_NO_SECTIONS = "guideline-no-sections"
    UNKNOWN_SECTION = "unknown-section"
    NO_GUIDELINE = "no-guideline"

    # -- lint rules (``banks.lint.rules``; duplicate-option is shared with the checks above) ---
    KEY_POSITION = "key-position"
    KEY_LONGEST = "key-longest"
    BEST_LONGEST = "best-longest"
    ALL_OF_THE_ABOVE = "all-of-the-above"
    EVERY_OPTION_KEYED = "every-option-keyed"
    NEGATIVE_STEM = "negative-stem"
    DUPLICATE_STEM = "duplicate-stem"
    EXPLANATION_CONTRADICTS_KEY = "explanation-contradicts-key"
    RUBRIC_MATCHES_ANYTHING = "rubric-matches-anything"
    UNKNOWN_SOURCE = "unknown-source"
    SECTION_DRAWS_POOL = "section-draws-pool"
    SWALLOWED_TEXT = "swallowed-text"
    NEEDS_EXPLANATION = "needs-explanation"
    NEEDS_GUIDELINE_SECTION = "needs-guideline-section"
