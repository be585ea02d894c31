"""The crisis part: the lines offered in a region, the phrases that open them, and the
second person who approves any change to what a person in crisis is offered."""
