"""The Qt layer: windows, views and dialogs that show core state and forward actions."""
