"""coursekit: graded quizzes and role-play scenarios from YAML, for static course sites.

`core/` knows no host: documents, YAML, checks, the build cache, the HTML and
the Content Security Policy. `quiz/` and `scenario/` are the kinds of documents.
`hosts/` wires the core to MkDocs (the plugin), to Python-Markdown (the
extension) and to the command line.
"""

__version__ = "0.1.0"
