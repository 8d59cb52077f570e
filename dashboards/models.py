"""The dashboards store nothing of their own: they read the other apps' tables. (The record of
spreadsheet imports, ImportRun, moved to the imports app, keeping its table.)"""
