"""Exercises and grading: single-source authoring, learner self-check and batch grading."""
