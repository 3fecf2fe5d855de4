"""Outcomes, satisfaction signals, learned adjustments, meta-learning and the learning report.

The pipeline's stage 7 and the Slack app use (import the modules; this package imports nothing):

    learner = Learner(db, settings.learning)                 # learning/learner.py
    outcome_id = learner.learn(OutcomeRecord(...))           # record + learn what is known now
    attach_message(db, outcome_id, channel=..., message_ts=...)   # learning/outcomes.py
    record_stages(db, outcome_id, [StageTelemetry(...), ...])
    sat = Satisfaction(db, settings.learning, learner)       # learning/feedback.py
    sat.reaction(...); sat.button(...); sat.command(...)     # Slack payloads: slack/feedback_events.py
    AdjustmentStore(db).scores("routing", query_type)        # what the router reads
    build_report(db, since=..., until=...)                   # learning/report.py, charts.py

Posting the report to Slack, on demand or on a schedule, is the Slack app's part
(slack/report_post.py, slack/report_schedule.py); nothing here imports slack_sdk.
"""
