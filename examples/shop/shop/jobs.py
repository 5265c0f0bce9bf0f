"""Jobs and schedules over the asset graph."""
import dagster as dg

from shop.constants import MARTS, STAGING

daily_refresh = dg.define_asset_job(
    "daily_refresh",
    selection=dg.AssetSelection.groups("raw", STAGING, MARTS),
)
daily_refresh_schedule = dg.ScheduleDefinition(job=daily_refresh, cron_schedule="0 5 * * *")
