#!/usr/bin/env python3
"""Writes Airflow's own answers for the schedules Updraft must match, as JSON.

Run with Airflow 3.3 installed (PyPI `apache-airflow==3.3.2`, e.g. in a virtual environment):

    python3 -m venv /tmp/af && /tmp/af/bin/pip install apache-airflow==3.3.2
    /tmp/af/bin/python scripts/airflow-timetable-table.py > Tests/UpdraftTests/Fixtures/airflow-timetables.json

Each case drives one of Airflow's timetable classes the way its scheduler does (`next_dagrun_info`, feeding each
answer's data interval back as `last_automated_data_interval`) and records every run: logical date, run after, data
interval. Cases cover daylight-saving changes in a northern and a southern time zone (Europe/Berlin,
Australia/Sydney) and America/New_York, for fixed-hour crons inside the skipped and the repeated hour, hourly and
sub-hourly crons across both changes, intervals, catchup on and off (with the scheduler's "now" pinned) and
start/end dates.
"""
import datetime
import json
import sys

import pendulum
from airflow.timetables import interval as interval_module
from airflow.timetables import trigger as trigger_module
from airflow.timetables.base import DataInterval, TimeRestriction
from airflow.timetables.interval import CronDataIntervalTimetable, DeltaDataIntervalTimetable
from airflow.timetables.simple import OnceTimetable
from airflow.timetables.trigger import CronTriggerTimetable, DeltaTriggerTimetable

import airflow

UTC = pendulum.timezone("UTC")


def iso(value):
    return None if value is None else pendulum.instance(value).in_timezone(UTC).isoformat()


def make(kind, schedule, zone):
    if kind == "cronTrigger":
        return CronTriggerTimetable(schedule, timezone=zone)
    if kind == "cronDataInterval":
        return CronDataIntervalTimetable(schedule, zone)
    if kind == "once":
        return OnceTimetable()
    seconds = float(schedule)
    if kind == "deltaTrigger":
        return DeltaTriggerTimetable(datetime.timedelta(seconds=seconds))
    if kind == "deltaDataInterval":
        return DeltaDataIntervalTimetable(datetime.timedelta(seconds=seconds))
    raise ValueError(kind)


def pin_now(now):
    """The scheduler's clock, for catchup=False (both modules import utcnow by name)."""
    trigger_module.utcnow = lambda: now
    interval_module.utcnow = lambda: now


def case(name, kind, schedule, zone, start, runs, catchup=True, end=None, now=None, last=None):
    timetable = make(kind, schedule, zone)
    tz = pendulum.timezone(zone)
    earliest = pendulum.parse(start, tz=tz).in_timezone(UTC) if start else None
    latest = pendulum.parse(end, tz=tz).in_timezone(UTC) if end else None
    pinned = pendulum.parse(now).in_timezone(UTC) if now else pendulum.datetime(2030, 1, 1, tz=UTC)
    pin_now(pinned)
    restriction = TimeRestriction(earliest=earliest, latest=latest, catchup=catchup)
    previous = None
    if last:
        previous = DataInterval(pendulum.parse(last[0]).in_timezone(UTC), pendulum.parse(last[1]).in_timezone(UTC))
    answers = []
    for _ in range(runs):
        info = timetable.next_dagrun_info(last_automated_data_interval=previous, restriction=restriction)
        if info is None:
            break
        # [logical date, run after, data interval start, data interval end], in UTC.
        answers.append([iso(info.logical_date), iso(info.run_after), iso(info.data_interval.start),
                        iso(info.data_interval.end)])
        previous = info.data_interval
    return {
        "name": name, "timetable": kind, "schedule": schedule, "timeZone": zone, "startDate": start,
        "endDate": end, "catchup": catchup, "now": iso(pinned) if not catchup else None,
        "last": list(last) if last else None, "requested": runs, "runs": answers,
    }


def cases():
    zones = {
        # zone: (day before spring-forward, day before fall-back)
        "Europe/Berlin": ("2026-03-28T00:00:00", "2026-10-24T00:00:00"),
        "Australia/Sydney": ("2026-10-03T00:00:00", "2026-04-04T00:00:00"),
        "America/New_York": ("2026-03-07T00:00:00", "2026-10-31T00:00:00"),
    }
    daily = ["0 2 * * *", "30 2 * * *", "0 3 * * *", "15 1 * * *", "0 0 * * *"]
    # Enough runs to get past the change (about 27 hours after the start) and a little beyond.
    hourly = {"0 * * * *": 36, "30 * * * *": 36, "*/20 * * * *": 100, "0 */2 * * *": 20, "15 1-4 * * *": 12,
              # Every hour of Sundays only (the changes fall on Sundays): a step of days plus hours.
              "0 * * * 0": 60}
    for kind in ["cronTrigger", "cronDataInterval"]:
        for zone, (spring, fall) in zones.items():
            for label, start in [("spring-forward", spring), ("fall-back", fall)]:
                for cron in daily:
                    yield case(f"{kind} {cron} {zone} {label}", kind, cron, zone, start, 4)
                for cron, runs in hourly.items():
                    yield case(f"{kind} {cron} {zone} {label}", kind, cron, zone, start, runs)
    for kind in ["deltaTrigger", "deltaDataInterval"]:
        for seconds in ["3600", "86400", "5400"]:
            yield case(f"{kind} every {seconds}s Europe/Berlin", kind, seconds, "Europe/Berlin",
                       "2026-10-24T01:00:00", 30 if seconds != "86400" else 4)
    # Start and end dates, and a start date between fire times.
    for kind in ["cronTrigger", "cronDataInterval"]:
        yield case(f"{kind} start between fire times", kind, "0 6 * * 1-5", "UTC", "2026-01-01T07:30:00", 6)
        yield case(f"{kind} end date", kind, "0 0 * * *", "UTC", "2026-01-01T00:00:00", 10,
                   end="2026-01-04T00:00:00")
        yield case(f"{kind} @daily preset", kind, "@daily", "Europe/Berlin", "2026-03-27T12:00:00", 4)
    yield case("once", "once", "@once", "UTC", "2026-05-01T10:00:00", 3)
    # catchup=False: the scheduler's "now" decides where runs resume.
    for kind in ["cronTrigger", "cronDataInterval"]:
        for now in ["2026-06-10T10:17:00+00:00", "2026-06-10T10:00:00+00:00"]:
            yield case(f"{kind} no catchup, first run, now {now}", kind, "0 * * * *", "UTC",
                       "2026-01-01T00:00:00", 3, catchup=False, now=now)
            yield case(f"{kind} no catchup, after an old run, now {now}", kind, "0 6 * * *", "UTC",
                       "2026-01-01T00:00:00", 3, catchup=False, now=now,
                       last=("2026-03-01T06:00:00+00:00", "2026-03-01T06:00:00+00:00"))
    for kind in ["deltaTrigger", "deltaDataInterval"]:
        yield case(f"{kind} no catchup", kind, "3600", "UTC", "2026-01-01T00:00:00", 3, catchup=False,
                   now="2026-06-10T10:17:00+00:00")


# One case per line: the file stays readable in a diff.
sys.stdout.write('{"airflow": %s, "cases": [\n' % json.dumps(airflow.__version__))
sys.stdout.write(",\n".join(json.dumps(one) for one in cases()))
sys.stdout.write("\n]}\n")
