"""Periodic jobs and the scheduler that runs them (`humas scheduler`).

    registry   Job (name, interval, time budget, what it runs) and the jobs there are
    runner     run what is due, once across every scheduler on every host (a lease in
               the database: dashboard/store/jobs.py), and keep running until stopped
    harvest    the harvest of every channel (issue 13), every 30 minutes by default
    notify     reminders, recaps and weekly summaries due now, then the outbox (issue 15),
               every minute
    verify     the link checks of the items due (issue 14), every 30 minutes by default

A job is a function of the database path and its time budget that returns a
one-line summary; it opens its own connections. A new job is a module with
`make() -> Job`, named in registry.JOB_MODULES.
"""
