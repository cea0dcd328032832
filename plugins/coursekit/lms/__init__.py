"""SCORM packages of the course, for a company's LMS (`coursekit export scorm12|scorm2004`).

`package` builds the learners' site for an LMS's file server (every link to a
file, no absolute address) and zips it with a launcher page (the one SCO: it
shows the course in an inner frame, so the LMS opens its session once) and the
manifest that `manifest` writes, beside the official schema files it names
(`schemas/`, see its NOTICE.md).
"""

VERSIONS = ("scorm12", "scorm2004")
