"""The one federation every browser test shares, started by run.py."""
_federation = None


def set_federation(federation):
    global _federation
    _federation = federation


def federation():
    return _federation


def roles():
    status, codes = _federation.api(_federation.code("county"), "GET", "/codes")
    return [entry["code"] for entry in codes["tables"]["operatorRole"]]


_without_me = None


def without_me():
    """Whether the nodes lack GET /api/v1/me (the roles work adds it)."""
    global _without_me
    if _without_me is None:
        status, _ = _federation.api(_federation.code("county"), "GET", "/me")
        _without_me = status == 404
    return _without_me
