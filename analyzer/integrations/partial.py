"""Partly known keys and open definitions: what a missing-upstream finding must take into account.

- An asset with `key` None and a `known_name` (a dbt model or Sling stream behind a custom translator or
  component subclass) is *partly known*: a dependency whose last key part is that name is linked to it
  ("probably dbt model `x`, key not known statically") and is no error.
- A Python asset whose `key_prefix` alone is unknown still ends its key with its name (`known_name`):
  it could produce only keys whose last part is that name.
- Any other asset with `key` None — with a name or not (an unknown component type, a key computed at run
  time, a Sling stream behind a translation template) — could produce any key of its location: a
  dependency nothing defines there is then at most information (issue 10 item 6), and no fix is safe.
- Dependencies that integrations declare on purpose — a dbt source, a Sling stream's source table, a
  model left out by `select`/`exclude` — are external assets in Dagster, never missing upstreams.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from assetlens.analyzer.facts import AssetFact, AssetKeyParts, DepRef

INTEGRATION_VIAS = frozenset({"dbt_source", "sling_stream", "dbt_ref"})
ORIGIN_LABELS = {"dbt": "dbt model", "sling": "Sling stream", "component": "component asset"}


@dataclass
class OpenDefinitions:
    """Per location: partly known assets by name, and whether some definition could produce any key."""

    by_name: dict[tuple[str | None, str], list[AssetFact]] = field(default_factory=dict)
    open_locations: set[str | None] = field(default_factory=set)
    # Python assets whose prefix alone is unknown: (location, last key part)
    suffixes: set[tuple[str | None, str]] = field(default_factory=set)

    def linked(self, asset: AssetFact, missing: AssetKeyParts) -> AssetFact | None:
        """The partly known asset a dependency on `missing` probably means, in `asset`'s location."""
        found = self.by_name.get((_location(asset), missing[-1]))
        return found[0] if found else None

    def could_produce(self, asset: AssetFact, missing: AssetKeyParts) -> bool:
        """Whether an unresolved definition of `asset`'s location could define `missing`."""
        location = _location(asset)
        return location in self.open_locations or (location, missing[-1]) in self.suffixes


def _location(asset: AssetFact) -> str | None:
    return getattr(asset, "location", None)


def open_definitions(assets: Iterable[AssetFact]) -> OpenDefinitions:
    result = OpenDefinitions()
    for asset in assets:
        if asset.key is not None:
            continue
        name = getattr(asset, "known_name", None)
        if name:
            result.by_name.setdefault((_location(asset), name), []).append(asset)
            if getattr(asset, "origin", None) is None:  # a Python asset: only its prefix is unknown
                result.suffixes.add((_location(asset), name))
                continue
        # its key is unknown, so it could be the missing key whatever its name (`warehouse/crm/accounts`
        # from the Sling stream `public.accounts`)
        result.open_locations.add(_location(asset))
    return result


def is_declared_external(asset: AssetFact, ref: DepRef) -> bool:
    """A dependency an integration declares on an asset outside it (a dbt source, a Sling source table,
    a dbt model its selection leaves out): Dagster keeps it as an external asset."""
    return getattr(asset, "origin", None) in ("dbt", "sling") and ref.via in INTEGRATION_VIAS


def describe(asset: AssetFact) -> str:
    """"probably dbt model `x`, key not known statically" (for hover and messages)."""
    label = ORIGIN_LABELS.get(getattr(asset, "origin", None) or "", "asset")
    return f"probably {label} `{getattr(asset, 'known_name', None)}`, key not known statically"
