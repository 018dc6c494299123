"""Qt widgets, views and dialogs. No business logic: services are reached through jobs/."""
