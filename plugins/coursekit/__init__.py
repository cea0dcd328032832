"""coursekit: graded quizzes from YAML for MkDocs sites."""

__version__ = "0.1.0"
