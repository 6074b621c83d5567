"""Modules used only by experiment configs (no shipped config uses them)."""
