#!/usr/bin/env python3
"""Says whether a text report is colored: "colored N" (N warnings in color)
or "plain N" (no escape sequence at all, N warnings)."""
import sys

text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
colored = text.count("\033[1;35mwarning:")
plain = text.count("warning:")
print(f"colored {colored}" if "\033[" in text else f"plain {plain}")
