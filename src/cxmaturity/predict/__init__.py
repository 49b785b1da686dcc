"""Predicted CSAT and churn risk from call signals, sentiment and text features."""
