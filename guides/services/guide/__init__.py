"""The guide part: what a reader has read, and the checks of what staff write."""
