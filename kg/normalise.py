"""Repair PDF/OCR noise (placeholder)."""
from __future__ import annotations


def normalise(text: str) -> str:
    return text
