"""Feedback from Tharstern: the webhook receiver, subscriptions and reconcile."""
