"""Question banks in and out: the course's questions written for an LMS's own quiz engine (GIFT, Moodle
XML, QTI 2.1: `coursekit export gift|moodle-xml|qti21`) and GIFT files read into quiz files (`coursekit
import gift`). `source.py` gathers the questions once for every format; each format is one module with
`export(bank, output) -> list[Loss]`, which says what the format could not carry."""
