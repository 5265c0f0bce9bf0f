"""All the modules' assets in one code location."""
from dagster import Definitions, load_assets_from_modules

from mistakes import crm, customers, exports, sla, tickets

defs = Definitions(assets=load_assets_from_modules([tickets, customers, crm, sla, exports]))
