"""Constants, types and small helpers the tests share. Tests import them from here (``from support
import DATA``): ``conftest.py`` holds fixtures only and is not meant to be imported."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent


@dataclass
class Run:
    """One run of ``aitrainer`` through the ``cli`` fixture."""

    code: int
    out: str
    err: str


def insert_row(connection: sqlite3.Connection, table: str, row: Mapping[str, object]) -> None:
    """Insert one row by column name (never by position): ``row`` maps each column to its value;
    columns left out take their schema default."""
    columns = ", ".join(row)
    values = ", ".join(f":{column}" for column in row)
    connection.execute(f"INSERT INTO {table} ({columns}) VALUES ({values})", dict(row))
