"""Writes to results and indicators, by concept: definitions and typed values
(``indicators``), CSV files of values (``value_import``), the CDC/ATSDR Social Vulnerability
Index (``svi``)."""
