"""The review screen and the study options dialog."""
