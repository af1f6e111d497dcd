"""Stage 2: compile the schemas with xsdata and add the data contracts and enums to the model.

xsdata parses each schema and maps it to its class model, in-process; the WCF
pass (:mod:`wcfgen.models.wcf`) reads WCF's patterns in that model, and the
result becomes :class:`~wcfgen.ir.DataContract` and :class:`~wcfgen.ir.EnumType`
values with Python names. xsdata's own code writer is not used: it formats with a
``ruff`` from PATH and imports what it wrote, and spec strings reach its templates
unescaped. The work is in :mod:`.build`; what it adds is remembered by what it reads
(:mod:`.cached`).
"""

from __future__ import annotations

from ..cache import Cache
from ..ir import Api
from . import cached

MAX_TYPES = 5000
MAX_MEMBERS = 1000


def build_models(api: Api, cache: Cache | None = None) -> Api:
    """``cache``: remember what the stage adds there, by what it reads, and take what is remembered (:mod:`.cached`)."""
    if cache is None:
        return _build(api)
    key = cached.models_key(api, (MAX_TYPES, MAX_MEMBERS))
    known = cached.with_types(api, cache.get(cached.NAMESPACE, key))
    if known is not None:
        return known
    built = _build(api)
    cache.put(cached.NAMESPACE, key, cached.types_of(built))
    return built


def _build(api: Api) -> Api:
    from .build import build  # xsdata: only when nothing is remembered

    return build(api, MAX_TYPES, MAX_MEMBERS)
