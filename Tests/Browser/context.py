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
