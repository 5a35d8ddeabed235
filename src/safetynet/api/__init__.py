"""The JSON API (`safetynet serve`): the indexer's tables as public, paginated JSON.

- `app.create_app(settings)`: the FastAPI app (OpenAPI at /docs), stateless, so several
  processes can serve one database.
- `queries`: plain functions (a Session and filters in, pydantic models out) that the routes
  and the web pages share.
- `routes/`: one router per resource; `feeds` renders the iCalendar and Atom documents.
- `live`: the few answers read from the chain now through the SDK (quotes).
"""
