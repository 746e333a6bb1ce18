"""The newsroom's roles: the group names the migrations create (home/0003, renamed in 0004).

Code and tests that need a role look its group up here, never by a literal elsewhere.
"""

JOURNALISTS = "Journalistes"
EDITORS = "Éditeurs"
EDITORIAL_WORKFLOW = "Relecture éditoriale"
EDITORS_APPROVAL_TASK = "Validation des éditeurs"
# Journalists' documents live here; a grant on the root collection would cascade into
# collections restricted to editors.
NEWSROOM_COLLECTION = "Rédaction"
