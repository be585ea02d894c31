"""The planner part: the wizard's draft and its field map, saving a plan, reminders and the
calendar file."""
