"""Exams: pure logic for assembling, running and scoring an attempt."""
