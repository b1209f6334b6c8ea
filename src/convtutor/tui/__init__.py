"""The Textual app: renders the core and the lessons; holds no arithmetic of its own."""
