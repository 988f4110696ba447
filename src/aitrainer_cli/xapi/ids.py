"""Deterministic identifiers: statement ids (UUIDv5), registrations and activity IRIs.

The same attempt, item and revision always give the same statement id, so a statement sent twice
is stored once by any conformant LRS.
"""

from __future__ import annotations

import uuid

NAMESPACE = uuid.UUID("6f1b5c8e-3d57-5b7a-9a52-2c0e4c1d7a15")
"""aitrainer's UUIDv5 namespace (fixed forever: changing it would change every id)."""

IRI_ROOT = "urn:aitrainer"
"""Prefix of the activity and extension IRIs (a URN: no server of ours to resolve them)."""


def registration(store_id: str, attempt_id: int) -> str:
    """The attempt's UUID (``context.registration``): unique across learners' stores."""
    return str(uuid.uuid5(NAMESPACE, f"{store_id}/attempt/{attempt_id}"))


def answered_id(registration: str, position: int, question_id: str, revision: int) -> str:
    """The id of the ``revision``-th answered statement at a form position."""
    name = f"{registration}/answered/{position}/{question_id}/{revision}"
    return str(uuid.uuid5(NAMESPACE, name))


def attempt_statement_id(registration: str, verb: str) -> str:
    """The id of the attempt's ``completed`` or ``passed``/``failed`` statement."""
    return str(uuid.uuid5(NAMESPACE, f"{registration}/{verb}"))


def question_iri(bank_id: str, question_id: str, content_hash: str) -> str:
    """The question's activity IRI: a new one when the question's content changes."""
    return f"{IRI_ROOT}:question:{bank_id}:{question_id}:{content_hash[:16]}"


def blueprint_iri(blueprint_id: str) -> str:
    """The exam blueprint's activity IRI."""
    return f"{IRI_ROOT}:blueprint:{blueprint_id}"


def extension(name: str) -> str:
    """The IRI of one of aitrainer's extensions (``urn:aitrainer:extension:parts``)."""
    return f"{IRI_ROOT}:extension:{name}"


def parse_question_iri(iri: str) -> tuple[str, str, str] | None:
    """(bank id, question id, hash prefix) of a question IRI; None for any other IRI."""
    prefix = f"{IRI_ROOT}:question:"
    if not iri.startswith(prefix):
        return None
    parts = iri[len(prefix) :].split(":")
    return (parts[0], parts[1], parts[2]) if len(parts) == 3 else None


def parse_blueprint_iri(iri: str) -> str | None:
    """The blueprint id of a blueprint IRI; None for any other IRI."""
    prefix = f"{IRI_ROOT}:blueprint:"
    return iri[len(prefix) :] if iri.startswith(prefix) else None
