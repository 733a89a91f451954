"""The yardstick: a bare Flask "hello world" served with the app's gunicorn settings."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    """Return the smallest useful response."""
    return "Hello, World!"
