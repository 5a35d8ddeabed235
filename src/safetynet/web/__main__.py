"""`python -m safetynet.web`: serve the web app (see safetynet.web.server)."""

from safetynet.web.server import main

main()
