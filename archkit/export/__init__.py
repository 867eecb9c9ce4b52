"""Exporters: Workspace -> text in other tools' formats. Pure functions; nothing here writes files."""
